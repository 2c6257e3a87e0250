// Mutable state of one portal simulator, shared by the route modules.
import type { PortalControls, PortalFinish, PortalPrinter } from './types';

export interface PortalSession {
  appId: string;
  /** octoPrintApiKeyAppName as given (null: no OctoPrint key requested). */
  appName: string | null;
  returnUrl: string;
  /** The user's printers plus, if needed, the one named by printerId. */
  printers: PortalPrinter[];
  selected: string;
  used: boolean;
}

export interface PortalState {
  controls: PortalControls;
  printers: PortalPrinter[];
  sessions: Map<string, PortalSession>;
  finishes: PortalFinish[];
  cocalcKeys: string[];
  /** Default return URL; set once the port is known. */
  completeUrl: string;
}
