import { withoutTrailingSlash } from './validation';
import * as v from 'valibot';

/** A finish-page capture as the popup sees it: what happened, and what to do next. */
export const CaptureResultSchema = v.object({
  id: v.string(),
  at: v.number(),
  kind: v.picklist(['portal', 'cocalc-legacy']),
  ok: v.boolean(),
  message: v.string(),
  app: v.string(),
  /** The provider the stored (or missing) credential belongs to. */
  provider: v.string(),
  serviceUrl: v.string(),
  credentialId: v.optional(v.string()),
  /** The portal saved a connection but could not make an OctoPrint key. */
  missingKey: v.optional(v.boolean()),
  /** The key arrived but could not be saved: the background holds it for Copy and Reveal until dismissed. */
  unsavedKey: v.optional(v.boolean()),
});
export type CaptureResult = v.InferOutput<typeof CaptureResultSchema>;

/** A tab KeyDeck opened to receive credentials. */
export const WatchedTabSchema = v.object({
  kind: v.picklist(['portal', 'cocalc-legacy']),
  /** Portal: the finish page must be exactly this (origin and path). */
  returnUrl: v.optional(v.string()),
  serviceUrl: v.string(),
  app: v.string(),
  /** When the hand-over started (ms): the watch expires 15 minutes later (background/capture-watch.ts). */
  startedAt: v.number(),
});
export type WatchedTab = v.InferOutput<typeof WatchedTabSchema>;

/** OctoEverywhere's default return page (docs/app-connections/portal.md). */
export const PORTAL_COMPLETE_PATH = '/appportal/v1/complete';

export function portalStartUrl(portalUrl: string, appId: string, app: string, printerId?: string): { startUrl: string; returnUrl: string } {
  const base = withoutTrailingSlash(portalUrl);
  const returnUrl = `${base}${PORTAL_COMPLETE_PATH}`;
  const params = new URLSearchParams({ appId, returnUrl, octoPrintApiKeyAppName: app });
  if (printerId) params.set('printerId', printerId);
  return { startUrl: `${base}/appportal/v1?${params}`, returnUrl };
}
