/** A finish-page capture as the popup sees it: what happened, and what to do next. */
export interface CaptureResult {
  id: string;
  at: number;
  kind: 'portal' | 'cocalc-legacy';
  ok: boolean;
  message: string;
  app: string;
  serviceUrl: string;
  credentialId?: string;
  /** The portal saved a connection but could not make an OctoPrint key. */
  missingKey?: boolean;
}

/** OctoEverywhere's default return page (docs/app-connections/portal.md). */
export const PORTAL_COMPLETE_PATH = '/appportal/v1/complete';

export function portalStartUrl(portalUrl: string, appId: string, app: string, printerId?: string): { startUrl: string; returnUrl: string } {
  const base = portalUrl.replace(/\/+$/, '');
  const returnUrl = `${base}${PORTAL_COMPLETE_PATH}`;
  const params = new URLSearchParams({ appId, returnUrl, octoPrintApiKeyAppName: app });
  if (printerId) params.set('printerId', printerId);
  return { startUrl: `${base}/appportal/v1?${params}`, returnUrl };
}
