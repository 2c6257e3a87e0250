import type { AccountProvider } from '../../shared/account-keys';
import type { AccountKeys } from '../account-keys';
import type { Clipboard } from '../clipboard';
import type { FinishCapture } from '../finish-capture';
import type { ProviderBackend } from '../providers';
import type { OctoPrintWorkflow } from '../providers/octoprint/workflow';
import type { SettingsStore } from '../settings-store';
import type { TabDetection } from '../tab-detection';
import type { Vault } from '../vault';

/** What the handlers work with; start-background.ts wires the real ones, tests pass fakes. */
export interface Services {
  vault: Vault;
  settings: SettingsStore;
  clipboard: Clipboard;
  tabs: TabDetection;
  backends: ReadonlyMap<string, ProviderBackend>;
  workflow: OctoPrintWorkflow;
  capture: FinishCapture;
  accounts: ReadonlyMap<AccountProvider, AccountKeys>;
  /** Does KeyDeck hold host access to this server (asked for by the popup when the user acts)? */
  hasHostAccess(serviceUrl: string): Promise<boolean>;
  /** Shows the user where to decide: a tab already on that origin, else a new tab at `url`. */
  showPage(url: string): Promise<void>;
  /** Called after the set of stored servers or the detection settings change. */
  resyncDetection(): Promise<unknown>;
  now?: () => number;
}
