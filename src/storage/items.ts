import * as v from 'valibot';
import { CaptureResultSchema, WatchedTabSchema } from '../shared/capture';
import { CredentialSchema } from '../shared/credential';
import { CONTENT_DETECTED } from '../shared/detection';
import { KeyDeckError } from '../shared/errors';
import { RequestSchemas } from '../shared/messages';
import { DEFAULT_SETTINGS, SettingsSchema } from '../shared/settings';
import { FlowStateSchema } from '../providers/octoprint/flow-state';
import { defineItem } from './item';

/**
 * Every item KeyDeck stores, in one place: its area, key, schema, default, version and migrations.
 * Nothing else in src/ touches `browser.storage` (test/unit/architecture.test.ts checks it).
 * Secrets live only in `vault` (local) and, for the moments a key is in flight, in `flows` (session).
 */

export const VAULT_VERSION = 1;

export const vault = defineItem({
  area: 'local',
  key: 'vault',
  schema: v.object({ schemaVersion: v.number(), credentials: v.array(CredentialSchema) }),
  fallback: { schemaVersion: VAULT_VERSION, credentials: [] },
  damaged: () =>
    new KeyDeckError(
      'vault-corrupt',
      'Your stored keys could not be read (the data is damaged). KeyDeck left it untouched and will not overwrite it.',
    ),
  version: {
    current: VAULT_VERSION,
    migrations: {},
    newer: () => new KeyDeckError('vault-newer', 'Your keys were saved by a newer KeyDeck. Update KeyDeck to see them; nothing was changed.'),
  },
});

/** Preferences: a damaged or missing field falls back to its default. */
export const settings = defineItem({
  area: 'local',
  key: 'settings',
  schema: v.pipe(
    v.partial(SettingsSchema),
    v.transform((stored) => ({ ...DEFAULT_SETTINGS, ...stored })),
  ),
  fallback: DEFAULT_SETTINGS,
});

/** OctoPrint key requests, by flow id: persisted after every step so a stopped worker resumes them. */
export const flows = defineItem({ area: 'session', key: 'octoprint.flows', schema: v.record(v.string(), FlowStateSchema), fallback: {} });

/** Tabs KeyDeck opened to receive a hand-over, by tab id. */
export const captureTabs = defineItem({ area: 'session', key: 'capture.tabs', schema: v.record(v.string(), WatchedTabSchema), fallback: {} });

/** The latest finish-page results, newest first, for the popup to report. */
export const captureResults = defineItem({ area: 'session', key: 'capture.results', schema: v.array(CaptureResultSchema), fallback: [] });

/**
 * A key a finish page handed over that could not be saved (storage full), by capture result id: kept
 * for the popup's Copy and Reveal until that result is dismissed (as an OctoPrint flow keeps its own).
 */
export const captureUnsaved = defineItem({ area: 'session', key: 'capture.unsaved', schema: v.record(v.string(), v.string()), fallback: {} });

/** A copied key waiting to be cleared from the clipboard: only a hash of it, and when. */
export const clipboardPending = defineItem({
  area: 'session',
  key: 'clipboardPending',
  schema: v.nullable(v.object({ fingerprint: v.string(), due: v.number() })),
  fallback: null,
});

/** What the content script found in a tab (one item per tab). */
export const tabDetection = (tabId: number) =>
  defineItem({ area: 'session', key: `tab:${tabId}`, schema: v.nullable(RequestSchemas[CONTENT_DETECTED]), fallback: null });
