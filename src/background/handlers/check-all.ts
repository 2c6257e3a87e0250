import type { Handlers } from '../router';
import { checkAll } from '../check-all';
import type { Services } from './services';

/** Check all (background/check-all.ts): the popup sends the keys in small batches to show progress. */
export function createCheckAllHandlers(services: Services): Pick<Handlers, 'vault.checkAll'> {
  return {
    'vault.checkAll': async ({ ids }) => ({ checked: await checkAll(services, ids) }),
  };
}
