import type { Settings } from '../../shared/settings';
import type { OctoPrintWorkflow } from '../../providers/octoprint/workflow';
import type { Registry } from '../../providers/registry';
import type { ProviderContext } from '../../providers/types';
import type { StoredItem } from '../../storage';
import type { Clipboard } from '../clipboard';
import type { FarmService } from '../farm/farm-service';
import type { FinishCapture } from '../finish-capture';
import type { TabDetection } from '../tab-detection';
import type { Lock } from '../lock';
import type { KeyRotation } from '../rotation/rotation';
import type { Vault } from '../vault';

/** What the handlers work with; start-background.ts wires the real ones, tests pass fakes. */
export interface Services {
  vault: Vault;
  lock: Lock;
  settings: StoredItem<Settings>;
  clipboard: Clipboard;
  tabs: TabDetection;
  providers: Registry;
  /** What providers work with (HTTP with and without cookies, the clock, settings). */
  ctx: ProviderContext;
  workflow: OctoPrintWorkflow;
  /** Key rotation: new key, into FDM Monster, then the old one revoked (background/rotation/). */
  rotation: KeyRotation;
  /** The print farm: one key request per server (background/farm/). */
  farm: FarmService;
  capture: FinishCapture;
  /** Does KeyDeck hold host access to this server (asked for by the popup when the user acts)? */
  hasHostAccess(serviceUrl: string): Promise<boolean>;
  /** Shows the user where to decide: a tab already on that origin, else a new tab at `url`. */
  showPage(url: string): Promise<void>;
}
