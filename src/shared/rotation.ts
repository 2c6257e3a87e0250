import * as v from 'valibot';

/**
 * One key rotation (background/rotation/), as persisted in `storage.session` after every step and as
 * the farm page shows it. Nothing secret: the keys stay in the vault (the old one until it is revoked,
 * the new one from the moment OctoPrint hands it over).
 */
export const ROTATION_STEPS = ['requesting', 'verifying', 'updating', 'revoking', 'done', 'failed', 'cancelled'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];
export const ACTIVE_ROTATION_STEPS: ReadonlySet<RotationStep> = new Set(['requesting', 'verifying', 'updating', 'revoking']);
/** The steps that can fail; a retry starts again at the one that did. */
export const FAILABLE_STEPS = ['requesting', 'verifying', 'updating', 'revoking'] as const;
export type FailableStep = (typeof FAILABLE_STEPS)[number];

/** What one FDM Monster KeyDeck holds a key for did with this printer's key. */
export const FarmResultSchema = v.object({
  serverUrl: v.string(),
  state: v.picklist(['updated', 'no-printer', 'failed']),
  message: v.string(),
  /** FDM Monster could not reach the printer to check the new key: it may be saved there unchecked. */
  canForceSave: v.optional(v.literal(true)),
});
export type FarmResult = v.InferOutput<typeof FarmResultSchema>;

export const RotationSchema = v.object({
  /** The old key's vault id. */
  id: v.string(),
  serviceUrl: v.string(),
  app: v.string(),
  user: v.optional(v.string()),
  /** The app name the new key is asked for (OctoPrint keeps one key per user and app). */
  newApp: v.string(),
  step: v.picklist(ROTATION_STEPS),
  failedStep: v.optional(v.picklist(FAILABLE_STEPS)),
  flowId: v.optional(v.string()),
  newCredentialId: v.optional(v.string()),
  /** The user chose to save the new key in FDM Monster without its check (it could not reach the printer). */
  forceSave: v.optional(v.literal(true)),
  farms: v.array(FarmResultSchema),
  /** What the user reads now: progress, what to do next, or why it stopped. */
  message: v.string(),
  createdAt: v.number(),
  updatedAt: v.number(),
});
export type Rotation = v.InferOutput<typeof RotationSchema>;
