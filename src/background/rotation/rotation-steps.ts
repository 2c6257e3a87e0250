import { t, tn } from '../../shared/i18n';
import type { Credential, Verification } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import { ACTIVE_PHASES, type FlowView } from '../../shared/flow';
import type { FailableStep, Rotation } from '../../shared/rotation';
import type { Http } from '../../providers/http';
import type { StartInput } from '../../providers/octoprint/workflow';
import type { Vault } from '../vault';
import { updateFarms } from './farm-update';

export interface StepDeps {
  vault: Pick<Vault, 'list' | 'get' | 'secrets' | 'all' | 'remove' | 'update'>;
  workflow: { start(input: StartInput): Promise<FlowView>; list(): Promise<FlowView[]> };
  /** HTTP without cookies, for FDM Monster. */
  http: Http;
  /** OctoPrint's revoke: on the server, confirmed (providers/octoprint/backend.ts). */
  revoke(credential: Credential, others: readonly Credential[]): Promise<void>;
  now(): number;
}

/** One step's outcome: the next state, and whether to step again at once. */
export type Stepped = { next: Rotation; again: boolean };

const host = (r: Rotation) => new URL(r.serviceUrl).host;
const messageOf = (error: unknown) => (error instanceof KeyDeckError ? error.message : 'KeyDeck hit an unexpected error.');

export function failed(r: Rotation, at: FailableStep, why: string, now: number): Rotation {
  const kept = at === 'revoking' ? 'The old key still works and stays in KeyDeck.' : 'The old key still works, on OctoPrint and in KeyDeck: nothing was revoked.';
  const held = r.newCredentialId && at !== 'revoking' ? ` The new key (“${r.newApp}”) is in KeyDeck too: Retry, or revoke it if you give up.` : '';
  return { ...r, step: 'failed', failedStep: at, message: `${why} ${kept}${held}`, updatedAt: now };
}

const at = (r: Rotation, change: Partial<Rotation>, now: number): Rotation => ({ ...r, ...change, updatedAt: now });

/** Ask OctoPrint for the new key (the user clicks Allow), then wait for the flow to end. */
async function requesting(r: Rotation, deps: StepDeps): Promise<Stepped> {
  const now = deps.now();
  if (!r.flowId) {
    const old = await deps.vault.secrets(r.id); // throws `locked`: the rotation waits for the user
    const { basicUser, basicPassword } = old.secrets;
    const flow = await deps.workflow.start({
      serviceUrl: r.serviceUrl,
      app: r.newApp,
      ...(r.user ? { user: r.user } : {}),
      ...(basicUser !== undefined && basicPassword !== undefined ? { basicAuth: { user: basicUser, password: basicPassword } } : {}),
    });
    return { next: at(r, { flowId: flow.id, message: t('rotateClickAllow', host(r), r.newApp) }, now), again: true };
  }
  const flow = (await deps.workflow.list()).find((f) => f.id === r.flowId);
  if (!flow) {
    // Its card was dismissed before this rotation saw it end: the key it saved is in the vault all the same.
    const saved = (await deps.vault.list()).find((e) => e.serviceUrl === r.serviceUrl && e.app === r.newApp && e.createdAt >= r.createdAt);
    if (saved) return { next: at(r, { step: 'verifying', newCredentialId: saved.id, message: t('rotateArrived') }, now), again: true };
    return { next: failed(r, 'requesting', `The request for a new key at ${host(r)} is gone (dismissed).`, now), again: false };
  }
  if (ACTIVE_PHASES.has(flow.phase)) return { next: r, again: false }; // the workflow polls; its change wakes us
  if (flow.outcome !== 'saved' || !flow.credentialId)
    return { next: failed(r, 'requesting', `No new key from OctoPrint at ${host(r)}: ${flow.message}`, now), again: false };
  return { next: at(r, { step: 'verifying', newCredentialId: flow.credentialId, message: t('rotateArrived') }, now), again: true };
}

/** The flow's save verified the new key: it must work, for the same user. */
async function verifying(r: Rotation, deps: StepDeps): Promise<Stepped> {
  const now = deps.now();
  const entry = await deps.vault.get(r.newCredentialId!);
  const check: Verification | undefined = entry.verification;
  if (!check?.ok) return { next: failed(r, 'verifying', `The new key did not pass KeyDeck’s check: ${check?.summary ?? 'it could not be checked.'}`, now), again: false };
  if (r.user && entry.user && entry.user.toLowerCase() !== r.user.toLowerCase())
    return { next: failed(r, 'verifying', `The new key belongs to ${entry.user}, the old one to ${r.user}: allow it as ${r.user}.`, now), again: false };
  return { next: at(r, { step: 'updating', message: t('rotateWorks') }, now), again: true };
}

/** Every FDM Monster that uses the old key for this printer gets the new one, or nothing is revoked. */
async function updating(r: Rotation, deps: StepDeps): Promise<Stepped> {
  const [old, neu, all] = [await deps.vault.secrets(r.id), await deps.vault.secrets(r.newCredentialId!), await deps.vault.all()];
  const now = deps.now();
  if (old.secrets.apiKey === neu.secrets.apiKey) return { next: failed(r, 'verifying', 'OctoPrint handed back the old key itself instead of a new one.', now), again: false };
  const farms = await updateFarms(deps.http, all, old, neu, { forceSave: r.forceSave === true });
  const broken = farms.filter((f) => f.state === 'failed');
  if (broken.length) {
    const moved = farms.filter((f) => f.state === 'updated').length;
    const note = moved ? ' Where FDM Monster already took the new key, both keys work until you retry.' : '';
    return { next: failed({ ...r, farms }, 'updating', `${broken.map((f) => f.message).join(' ')}${note}`, now), again: false };
  }
  return { next: at(r, { step: 'revoking', farms, message: t('rotateRevoking', host(r)) }, now), again: true };
}

/** Only now: the old key is revoked on OctoPrint (confirmed), then removed from the vault. */
async function revoking(r: Rotation, deps: StepDeps): Promise<Stepped> {
  const all = await deps.vault.all();
  const old = all.find((c) => c.id === r.id);
  const now = deps.now();
  if (old) {
    try {
      await deps.revoke(old, all.filter((c) => c.id !== r.id));
    } catch (error) {
      if (error instanceof KeyDeckError && error.code === 'locked') throw error;
      return { next: failed(r, 'revoking', `${messageOf(error)} FDM Monster already uses the new key.`, now), again: false };
    }
    await deps.vault.remove(r.id);
  }
  const used = r.farms.filter((f) => f.state === 'updated').length;
  const farms = used ? ` ${tn('rotateFarmsUse', used)}` : '';
  return { next: at(r, { step: 'done', message: t('rotateDone', host(r), r.newApp) + farms }, now), again: false };
}

const STEPS = { requesting, verifying, updating, revoking } as const;

/** One step of an active rotation. `locked` propagates (the caller waits for the user); other errors fail the step. */
export async function step(r: Rotation, deps: StepDeps): Promise<Stepped> {
  const run = STEPS[r.step as keyof typeof STEPS];
  if (!run) return { next: r, again: false };
  try {
    return await run(r, deps);
  } catch (error) {
    if (error instanceof KeyDeckError && error.code === 'locked') throw error;
    return { next: failed(r, r.step as FailableStep, messageOf(error), deps.now()), again: false };
  }
}
