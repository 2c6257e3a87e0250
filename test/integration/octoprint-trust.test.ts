// What KeyDeck takes from an OctoPrint server it cannot trust (issue 9, "Trust"): URLs in its answers
// (the poll `Location`, `auth_dialog`) stay on the server's own origin and base path; strings it sends
// are capped before they are stored; and an ended request keeps no proxy password in storage.session.
// A hostile server is played by rewriting the simulator's answers on their way to KeyDeck.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FlowState } from '../../src/providers/octoprint/flow-state';
import { ACTIVE_PHASES, type FlowView } from '../../src/shared/flow';
import { createMemoryStorage } from './support/memory-storage';
import { pendingToken, polls, useRigs, type Rig } from './support/rig';
import { waitForFlow } from './support/wait';

const { rig, closeLater } = useRigs();
const APP = 'KeyDeck Trust';
const PROXY = { user: 'proxy', password: 'pr0xy-pass-9f3' };
const ended = (flow: FlowView) => !ACTIVE_PHASES.has(flow.phase);

/** Another origin on 127.0.0.1 that records what reaches it and hands out a key of its own. */
async function startStranger() {
  const seen: Array<{ url: string; authorization?: string }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push({ url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ api_key: 'STRANGERS-KEY-0123456789abcdef' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeLater(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url, seen };
}

type Rewrite = (url: string, response: Response) => Promise<Response> | Response;

/** A fetch that lets `rewrite` change the simulator's answers (a hostile server, or a proxy gone wrong). */
function rewriting(rewrite: { current: Rewrite | null }): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    return rewrite.current ? rewrite.current(String(input), response) : response;
  };
}

/** The 201 of POST /plugin/appkeys/request with its Location and/or auth_dialog replaced. */
function requestAnswer(change: { location?: (given: string) => string; authDialog?: (given: string) => string }): Rewrite {
  return async (url, response) => {
    if (!url.endsWith('/plugin/appkeys/request') || response.status !== 201) return response;
    const body = (await response.json()) as { app_token: string; auth_dialog?: string };
    const headers = new Headers(response.headers);
    if (change.location) headers.set('Location', change.location(headers.get('Location') ?? ''));
    if (change.authDialog && body.auth_dialog) body.auth_dialog = change.authDialog(body.auth_dialog);
    headers.delete('Content-Length');
    return new Response(JSON.stringify(body), { status: 201, headers });
  };
}

function storedFlows(r: Rig): Record<string, FlowState> {
  return (r.session.snapshot()['octoprint.flows'] as Record<string, FlowState> | undefined) ?? {};
}

describe('URLs from the server stay on the server', () => {
  it('a Location on another origin is not followed: polls go to the standard path on the server, the proxy password and the stranger’s key stay out', async () => {
    const stranger = await startStranger();
    const rewrite: { current: Rewrite | null } = { current: null };
    const r = await rig({ clock: 'manual', basicAuth: PROXY }, { fetch: rewriting(rewrite) });
    rewrite.current = requestAnswer({ location: (given) => `${stranger.url}${new URL(given).pathname}` });
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP, basicAuth: PROXY });
    await waitForFlow(r.workflow, started.id, (f) => f.phase === 'waiting', 5_000);
    const token = await pendingToken(r.sim);
    r.sim.approve(token);
    const done = await waitForFlow(r.workflow, started.id, ended, 5_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    expect(stranger.seen).toEqual([]);
    expect(polls(r.sim).map((e) => e.path)).toContain(`/plugin/appkeys/request/${token}`);
    const [credential] = await r.vault.all();
    expect(credential!.secrets.apiKey).toBe(r.sim.keys().find((k) => k.appId === APP)!.apiKey);
  });

  it('a Location below another path on the same origin is not followed either (the stored URL carries a proxy prefix)', async () => {
    const rewrite: { current: Rewrite | null } = { current: null };
    const r = await rig({ clock: 'manual', basePath: '/octoprint' }, { fetch: rewriting(rewrite) });
    rewrite.current = requestAnswer({ location: (given) => given.replace('/octoprint/', '/elsewhere/') });
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
    await waitForFlow(r.workflow, started.id, (f) => f.phase === 'waiting', 5_000);
    const token = await pendingToken(r.sim);
    r.sim.approve(token);
    expect(await waitForFlow(r.workflow, started.id, ended, 5_000)).toMatchObject({ outcome: 'saved' });
    expect(r.sim.requestLog.some((e) => e.path.startsWith('/elsewhere/'))).toBe(false);
    expect(polls(r.sim).every((e) => e.path === `/octoprint/plugin/appkeys/request/${token}`)).toBe(true);
  });

  it.each([302, 307])('a poll answered with a %i to another origin is not followed and sends that origin nothing', async (status) => {
    const stranger = await startStranger();
    const rewrite: { current: Rewrite | null } = { current: null };
    const r = await rig({ clock: 'manual', basicAuth: PROXY }, { fetch: rewriting(rewrite) });
    // The real fetch with redirect: 'manual' would not go there by itself; turning the poll's answer
    // into a redirect shows what KeyDeck does with one.
    rewrite.current = (url, response) =>
      url.includes('/plugin/appkeys/request/') ? new Response(null, { status, headers: { Location: `${stranger.url}/plugin/appkeys/request/x` } }) : response;
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP, basicAuth: PROXY });
    const failed = await waitForFlow(r.workflow, started.id, ended, 5_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'server-error' });
    expect(failed.message).toMatch(/redirected/);
    expect(polls(r.sim).length).toBeGreaterThanOrEqual(1);
    expect(stranger.seen).toEqual([]);
    expect(await r.vault.all()).toEqual([]);
  });

  it.each([
    ['another origin', (given: string) => given.replace(/^http:\/\/127\.0\.0\.1:\d+/, 'http://127.0.0.2:9')],
    ['a data: URL', () => 'data:text/html,<h1>Allow</h1>'],
    ['a javascript: URL', () => 'javascript:alert(1)'],
    ['a path outside the server’s base path', (given: string) => given.replace('/octoprint/', '/other/')],
    ['a relative path', () => '/plugin/appkeys/auth/x'],
  ])('"Open OctoPrint" with an auth_dialog on %s opens OctoPrint’s own approval page instead', async (_, hostile) => {
    const rewrite: { current: Rewrite | null } = { current: null };
    const r = await rig({ clock: 'manual', basePath: '/octoprint' }, { fetch: rewriting(rewrite) });
    rewrite.current = requestAnswer({ authDialog: hostile });
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP, user: 'bob' });
    await waitForFlow(r.workflow, started.id, (f) => f.phase === 'waiting', 5_000);
    const token = await pendingToken(r.sim);
    expect(await r.workflow.decisionUrl(started.id)).toBe(`${r.sim.url}/plugin/appkeys/auth/${token}?user=bob`);
    await r.workflow.cancel(started.id);
  });

  it('an auth_dialog on the server is opened as given', async () => {
    const r = await rig({ clock: 'manual', basePath: '/octoprint' });
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
    await waitForFlow(r.workflow, started.id, (f) => f.phase === 'waiting', 5_000);
    const token = await pendingToken(r.sim);
    expect(await r.workflow.decisionUrl(started.id)).toBe(`${r.sim.url}/plugin/appkeys/auth/${token}`);
    await r.workflow.cancel(started.id);
  });
});

describe('strings from the server are capped before they are stored', () => {
  it('a 5 MB user name: the key is still saved with the name cut short, and later saves still work', async () => {
    const huge = 'u'.repeat(5 * 1024 * 1024);
    const rewrite: { current: Rewrite | null } = { current: null };
    const local = createMemoryStorage({}, { quotaBytes: 10_485_760 });
    const r = await rig({ clock: 'manual' }, { fetch: rewriting(rewrite), local });
    rewrite.current = async (url, response) => {
      if (!url.endsWith('/api/currentuser') || response.status !== 200) return response;
      const body = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, name: huge, groups: ['admins', 'users', 'g'.repeat(1024 * 1024)] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    for (const app of [APP, `${APP} 2`]) {
      const started = await r.workflow.start({ serviceUrl: r.sim.url, app });
      await waitForFlow(r.workflow, started.id, (f) => f.phase === 'waiting', 5_000);
      r.sim.approve(await pendingToken(r.sim));
      const done = await waitForFlow(r.workflow, started.id, ended, 5_000);
      expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
      expect(done.message.length).toBeLessThan(1_000);
    }
    const credentials = await r.vault.all();
    expect(credentials).toHaveLength(2);
    for (const credential of credentials) {
      expect(credential.user).toMatch(/^u{10,}…$/);
      expect(credential.user!.length).toBeLessThanOrEqual(200);
      expect(credential.verification?.ok).toBe(true);
      expect(JSON.stringify(credential.verification).length).toBeLessThan(5_000);
    }
    expect(JSON.stringify(local.snapshot()).length).toBeLessThan(20_000);
    expect(JSON.stringify(r.session.snapshot()).length).toBeLessThan(20_000);
  });
});

describe('an ended request keeps no proxy password in storage.session', () => {
  async function withProxy(sim: { basicAuth?: typeof PROXY } = { basicAuth: PROXY }) {
    const r = await rig({ clock: 'manual', ...sim });
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP, basicAuth: PROXY });
    return { r, id: started.id };
  }
  const expectNoPassword = (r: Rig, id: string) => {
    const flow = storedFlows(r)[id];
    expect(flow).toBeDefined();
    expect(flow!.basicAuth).toBeUndefined();
    expect(JSON.stringify(r.session.snapshot())).not.toContain(PROXY.password);
  };

  it('while waiting it is there (every poll needs it); once saved it lives only in the vault entry', async () => {
    const { r, id } = await withProxy();
    await waitForFlow(r.workflow, id, (f) => f.phase === 'waiting', 5_000);
    expect(storedFlows(r)[id]!.basicAuth).toEqual(PROXY);
    r.sim.approve(await pendingToken(r.sim));
    expect(await waitForFlow(r.workflow, id, ended, 5_000)).toMatchObject({ outcome: 'saved' });
    expectNoPassword(r, id);
    expect((await r.vault.all())[0]!.secrets.basicPassword).toBe(PROXY.password);
  });

  it('denied: gone from the ended flow', async () => {
    const { r, id } = await withProxy();
    await waitForFlow(r.workflow, id, (f) => f.phase === 'waiting', 5_000);
    r.sim.deny(await pendingToken(r.sim));
    expect(await waitForFlow(r.workflow, id, ended, 5_000)).toMatchObject({ outcome: 'denied-or-expired' });
    expectNoPassword(r, id);
  });

  it('cancelled: gone from the ended flow', async () => {
    const { r, id } = await withProxy();
    await waitForFlow(r.workflow, id, (f) => f.phase === 'waiting', 5_000);
    await r.workflow.cancel(id);
    expectNoPassword(r, id);
  });

  it('refused by the proxy (wrong password): gone; Try again asks for it anew', async () => {
    const { r, id } = await withProxy({ basicAuth: { user: PROXY.user, password: 'another-one' } });
    expect(await waitForFlow(r.workflow, id, ended, 5_000)).toMatchObject({ outcome: 'basic-auth' });
    expectNoPassword(r, id);
  });

  it('the key arrived but the vault is full: the key stays for Copy and Reveal, the password does not', async () => {
    const local = createMemoryStorage({}, { quotaBytes: 10 });
    const r = await rig({ clock: 'manual', basicAuth: PROXY }, { local });
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP, basicAuth: PROXY });
    await waitForFlow(r.workflow, started.id, (f) => f.phase === 'waiting', 5_000);
    r.sim.approve(await pendingToken(r.sim));
    expect(await waitForFlow(r.workflow, started.id, ended, 5_000)).toMatchObject({ outcome: 'vault', unsavedKey: true });
    expect(await r.workflow.unsavedKey(started.id)).toBe(r.sim.keys()[0]!.apiKey);
    expectNoPassword(r, started.id);
  });
});
