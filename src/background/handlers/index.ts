import type { Handlers } from '../router';
import { createAccountHandlers } from './accounts';
import { createBackupHandlers } from './backup';
import { createCaptureHandlers } from './captures';
import { createCheckAllHandlers } from './check-all';
import { createFdmSendHandlers } from './fdm-send';
import { createFarmExportHandlers } from './farm-export';
import { createFarmHandlers } from './farm';
import { createFlowHandlers } from './flows';
import { createLockHandlers } from './lock';
import { createRotationHandlers } from './rotation';
import { createTabHandlers } from './tabs';
import type { Services } from './services';
import { createVaultHandlers } from './vault';
import { createVaultEditHandlers } from './vault-edit';

export type { Services } from './services';

/** The background's answer to each message; the router has already checked shape and sender. */
export function createHandlers(services: Services): Handlers {
  return {
    ...createVaultHandlers(services),
    ...createVaultEditHandlers(services),
    ...createFlowHandlers(services),
    ...createCaptureHandlers(services),
    ...createAccountHandlers(services),
    ...createTabHandlers(services),
    ...createLockHandlers(services),
    ...createBackupHandlers(services),
    ...createFdmSendHandlers(services),
    ...createFarmExportHandlers(services),
    ...createRotationHandlers(services),
    ...createFarmHandlers(services),
    ...createCheckAllHandlers(services),
  };
}
