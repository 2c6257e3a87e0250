import { t } from '../../shared/i18n';
import { KeyDeckError } from '../../shared/errors';
import { ACTIVE_PHASES, type FlowView } from '../../shared/flow';
import { ACTIVE_ROTATION_STEPS, type Rotation } from '../../shared/rotation';
import { serial } from '../../shared/serial';
import type { Credential, Verification } from '../../shared/credential';
import type { StoredItem } from '../../storage';
import { octoprint } from '../../providers/octoprint';
import { rotatedAppName } from './rotated-app';
import { step, type StepDeps } from './rotation-steps';

export interface RotationDeps extends StepDeps {
  /** The `rotations` storage item (storage.session). */
  rotations: StoredItem<Record<string, Rotation>>;
  vault: StepDeps['vault'];
  workflow: StepDeps['workflow'] & { cancel(id: string): Promise<FlowView> };
  /** Checks a key again (a retry after the new key failed its check). */
  verify(credential: Credential): Promise<{ verification: Verification; user?: string }>;
}

/** Bounded: a rotation has four steps; more in one go means something loops. */
const MAX_STEPS = 8;

/**
 * Key rotation: for each chosen OctoPrint key, a new key for the same server and user (OctoPrint's
 * Application Keys workflow, the user clicks Allow), verified, put into every FDM Monster that used
 * the old one, and only then the old key revoked and removed. A failed step stops there, the old key
 * untouched. State lives in `storage.session` after every step: a restarted worker calls `resume()`;
 * the workflow's flow changes wake the rotation waiting on them (`onFlow`).
 */
export function createRotation(deps: RotationDeps) {
  const { rotations, vault, workflow, now } = deps;
  const exclusive = serial();

  const load = () => rotations.get();
  /** Written unless the user dismissed it meanwhile; a cancel wins over a step's result. */
  const save = (r: Rotation) =>
    rotations.update((all) => {
      const stored = all[r.id];
      if (!stored || (stored.step === 'cancelled' && r.step !== 'cancelled')) return all;
      return { ...all, [r.id]: r };
    });

  /** Steps one rotation as far as it goes now. `locked` leaves it waiting (and reaches a caller who asked). */
  function advance(id: string, { rethrowLocked = false } = {}): Promise<Rotation | undefined> {
    return exclusive(async () => {
      let r = (await load())[id];
      for (let i = 0; r && ACTIVE_ROTATION_STEPS.has(r.step) && i < MAX_STEPS; i++) {
        let stepped;
        try {
          stepped = await step(r, deps);
        } catch (error) {
          const waiting = { ...r, message: `KeyDeck is locked: unlock it to carry on. ${r.message}`.slice(0, 600), updatedAt: now() };
          if (!r.message.startsWith('KeyDeck is locked')) await save(waiting);
          if (rethrowLocked) throw error;
          return waiting;
        }
        if (stepped.next !== r) await save(stepped.next);
        r = (await load())[id];
        if (!stepped.again) break;
      }
      return r;
    });
  }

  async function find(id: string): Promise<Rotation> {
    const r = (await load())[id];
    if (!r) throw new KeyDeckError('not-found', t('rotateGone'));
    return r;
  }

  const sorted = async () => Object.values(await load()).sort((a, b) => b.createdAt - a.createdAt);

  return {
    /** Starts one rotation per key (an active one for the same key is kept); the vault must be unlocked. */
    async start(credentialIds: string[]): Promise<{ rotations: Rotation[]; refused: { credentialId: string; message: string }[] }> {
      const refused: { credentialId: string; message: string }[] = [];
      const entries = await vault.list();
      const existing = await load();
      const started: string[] = [];
      for (const id of new Set(credentialIds)) {
        const entry = entries.find((e) => e.id === id);
        if (!entry) refused.push({ credentialId: id, message: t('rotateKeyGone') });
        else if (entry.provider !== octoprint.id) refused.push({ credentialId: id, message: t('rotateOnlyOctoPrint', entry.app) });
        else if (existing[id] && ACTIVE_ROTATION_STEPS.has(existing[id].step)) started.push(id);
        else {
          await vault.secrets(id); // `locked` now, in the user's click, rather than later in the background
          const taken = entries.filter((e) => e.serviceUrl === entry.serviceUrl).map((e) => e.app);
          const r: Rotation = {
            id,
            serviceUrl: entry.serviceUrl,
            app: entry.app,
            ...(entry.user ? { user: entry.user } : {}),
            newApp: rotatedAppName(entry.app, new Date(now()), taken),
            step: 'requesting',
            farms: [],
            message: t('rotateAsking', new URL(entry.serviceUrl).host),
            createdAt: now(),
            updatedAt: now(),
          };
          await rotations.update((all) => ({ ...all, [id]: r }));
          started.push(id);
        }
      }
      for (const id of started) void advance(id).catch(() => undefined);
      const all = await load();
      return { rotations: started.flatMap((id) => all[id] ?? []), refused };
    },

    list: sorted,

    /**
     * A failed rotation starts again at the step that failed; an active one is stepped now (after an
     * unlock). `forceSave`: FDM Monster saves the new key without checking it (it could not reach the printer).
     */
    async retry(id: string, { forceSave = false } = {}): Promise<Rotation> {
      const r = await find(id);
      if (r.step === 'failed' && r.failedStep) {
        let next: Rotation = { ...r, step: r.failedStep, message: t('rotateTryingAgain'), updatedAt: now(), ...(forceSave && r.failedStep === 'updating' ? { forceSave: true as const } : {}) };
        delete next.failedStep;
        if (r.failedStep === 'requesting') delete next.flowId;
        if (r.failedStep === 'verifying' && r.newCredentialId) {
          const { verification, user } = await deps.verify(await vault.secrets(r.newCredentialId));
          await vault.update(r.newCredentialId, { verification, ...(user ? { user } : {}) });
        }
        if (r.failedStep === 'verifying' && !r.newCredentialId) next = { ...next, step: 'requesting' };
        await rotations.update((all) => ({ ...all, [id]: next }));
      } else if (!ACTIVE_ROTATION_STEPS.has(r.step)) throw new KeyDeckError('invalid-input', t('rotateEnded'));
      return (await advance(id, { rethrowLocked: true })) ?? r;
    },

    /** Only while nothing has changed yet (waiting for the new key): the request is cancelled too. */
    async cancel(id: string): Promise<Rotation> {
      const r = await find(id);
      if (r.step !== 'requesting' && r.step !== 'failed') throw new KeyDeckError('invalid-input', t('rotateNewKeyInUse'));
      if (r.flowId && r.step === 'requesting') await workflow.cancel(r.flowId).catch(() => undefined);
      const cancelled: Rotation = { ...r, step: 'cancelled', message: t('rotateCancelled'), updatedAt: now() };
      await rotations.update((all) => ({ ...all, [id]: cancelled }));
      return cancelled;
    },

    async dismiss(id: string): Promise<void> {
      await rotations.update((all) => {
        const { [id]: gone, ...rest } = all;
        if (gone && ACTIVE_ROTATION_STEPS.has(gone.step)) throw new KeyDeckError('invalid-input', t('rotateCancelFirst'));
        return rest;
      });
    },

    /** A flow changed: the rotation waiting on it steps once it has ended (polls of 200 flows read nothing). */
    async onFlow(flow: FlowView): Promise<void> {
      if (ACTIVE_PHASES.has(flow.phase)) return;
      const waiting = Object.values(await load()).filter((r) => r.step === 'requesting' && r.flowId === flow.id);
      for (const r of waiting) await advance(r.id);
    },

    /** At worker start and on the flows alarm: every unfinished rotation steps again. */
    async resume(): Promise<number> {
      const active = Object.values(await load()).filter((r) => ACTIVE_ROTATION_STEPS.has(r.step));
      for (const r of active) await advance(r.id).catch(() => undefined);
      return active.length;
    },
  };
}

export type KeyRotation = ReturnType<typeof createRotation>;
