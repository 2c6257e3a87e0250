// Integration tests of the portal simulator (test/sim/portal) over real HTTP on 127.0.0.1:
// OctoEverywhere-like App Portal (OctoEverywhere/api-docs docs/app-connections/portal.md),
// CoCalc-like legacy get_api_key sign-in (sagemathinc/cocalc account/init.ts), hostile pages.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  COMPLETE_TEXT, COMPLETE_TITLE, FINISH_FIELDS, PORTAL_TITLE, paramName, startHostileSim, startPortalSim,
  type FinishField, type HostileSim, type ParamCase, type PortalOutcome, type PortalSim,
} from '../sim/portal/index';
import { formAction, get, inputValue, names, postForm, runPortalFlow, titleOf } from '../sim/portal/testkit';

const [URLSAFE43, HEX32] = [/^[A-Za-z0-9_-]{43}$/, /^[0-9A-F]{32}$/];
let sim: PortalSim;
let hostile: HostileSim;

beforeAll(async () => {
  sim = await startPortalSim();
  hostile = await startHostileSim({ portalOrigin: sim.url });
});
afterAll(() => Promise.all([sim.close(), hostile.close()]).then(() => undefined));
beforeEach(() => sim.configure({ outcome: 'success', paramCase: 'camel', keyFormat: 'urlsafe43', overrides: {}, extraParams: [], cocalcDelivery: 'script' }));

describe('App Portal start page', () => {
  it('shows the portal with a Sign in button, a printer choice and the form', async () => {
    const r = await get(sim.startUrl({ octoPrintApiKeyAppName: 'KeyDeck', appLogoUrl: 'https://example.invalid/logo.png' }));
    expect([r.status, r.contentType, titleOf(r.body)]).toEqual([200, 'text/html; charset=utf-8', PORTAL_TITLE]);
    expect(r.body).toContain('id="sign-in"');
    for (const p of sim.printers) expect(r.body).toContain(`value="${p.id}"`);
    expect(r.body).not.toMatch(/<img/); // the logo URL is never loaded
    expect(inputValue(r.body, 'session')).toMatch(/^[\w-]{20,}$/);
    expect(formAction(r.body)).toBe('/appportal/v1/authorize');
    expect(sim.requestLog.at(-1)?.path).toContain('/appportal/v1?appId=devtest');
  });

  it('rejects a start without appId (400 page)', async () => {
    const r = await get(`${sim.portalUrl}?returnUrl=${encodeURIComponent(sim.completeUrl)}`);
    expect([r.status, titleOf(r.body)]).toEqual([400, PORTAL_TITLE]);
    expect(r.body).toContain('id="error"');
  });

  it('accepts the docs’ other spellings: ?appid=, trailing slash, OctoPrintApiKeyAppName', async () => {
    expect((await get(`${sim.portalUrl}/?appid=devtest`)).status).toBe(200);
    const legacy = await runPortalFlow(sim, { octoPrintApiKeyAppName: 'KeyDeck', legacyAppNameSpelling: true });
    expect(legacy.finishUrl.searchParams.get('octoPrintApiKey')).toMatch(URLSAFE43);
    expect(sim.lastFinish?.appName).toBe('KeyDeck');
  });

  it.each([['x', 400], ['ab', 200], ['a'.repeat(60), 200], ['a'.repeat(61), 400], ['', 400]])(
    'octoPrintApiKeyAppName of %j → %i (2–60 characters)', async (name, status) => {
      for (const legacy of [false, true]) {
        const r = await get(sim.startUrl({ octoPrintApiKeyAppName: name, legacyAppNameSpelling: legacy }));
        expect(r.status).toBe(status);
        if (status === 400) expect(r.body).toContain('octoPrintApiKeyAppName must be between 2 and 60');
      }
    });

  it.each(['javascript:alert(1)', 'data:text/html,x', 'not a url'])('rejects returnUrl %j', async (returnUrl) =>
    expect((await get(sim.startUrl({ returnUrl }))).status).toBe(400));

  it('a session finishes once; unknown sessions and wrong methods are refused', async () => {
    const start = await get(sim.startUrl());
    const session = inputValue(start.body, 'session') ?? '';
    expect((await postForm(`${sim.portalUrl}/authorize`, { session })).status).toBe(302);
    expect((await postForm(`${sim.portalUrl}/authorize`, { session })).status).toBe(400);
    expect((await postForm(`${sim.portalUrl}/authorize`, { session: 'nope' })).status).toBe(400);
    expect((await get(`${sim.portalUrl}/authorize`)).status).toBe(405);
  });
});

describe('App Portal finish redirect', () => {
  const cases: ParamCase[] = ['camel', 'lower', 'upper', 'mixed'];
  const outcomes: PortalOutcome[] = ['success', 'no-api-key', 'failure'];
  for (const paramCase of cases) {
    for (const outcome of outcomes) {
      it(`${outcome}, ${paramCase} names`, async () => {
        sim.configure({ paramCase, outcome });
        const { finish, finishUrl } = await runPortalFlow(sim, { octoPrintApiKeyAppName: 'KeyDeck' });
        const last = sim.lastFinish;
        expect(last?.location).toBe(finish.location);
        expect(finishUrl.href.startsWith(`${sim.completeUrl}?`)).toBe(true);
        const expected: FinishField[] = outcome === 'failure' ? ['success'] : FINISH_FIELDS.filter((f) => outcome === 'success' || f !== 'octoPrintApiKey');
        expect(names(finishUrl)).toEqual(expected.map((f) => paramName(f, paramCase)));
        for (const f of expected) expect(finishUrl.searchParams.get(paramName(f, paramCase))).toBe(last?.issued[f]);
        expect(finishUrl.searchParams.get(paramName('success', paramCase))).toBe(outcome === 'failure' ? 'false' : 'true');
        if (outcome === 'failure') return;
        expect(new URL(last?.issued.url ?? '').hostname).toMatch(/^app-[a-z0-9]{32}\.octoeverywhere\.com$/);
        if (paramCase === 'mixed') expect(names(finishUrl)).toEqual(expect.arrayContaining(['appApiToken', 'authbasichttpuser', 'authbasichttppassword']));
      });
    }
  }

  it('key formats: urlsafe43 and hex32; no octoPrintApiKeyAppName → no key', async () => {
    expect((await runPortalFlow(sim, { octoPrintApiKeyAppName: 'KeyDeck' })).finishUrl.searchParams.get('octoPrintApiKey')).toMatch(URLSAFE43);
    sim.configure({ keyFormat: 'hex32' });
    expect((await runPortalFlow(sim, { octoPrintApiKeyAppName: 'KeyDeck' })).finishUrl.searchParams.get('octoPrintApiKey')).toMatch(HEX32);
    const none = await runPortalFlow(sim);
    expect(none.finishUrl.searchParams.has('octoPrintApiKey')).toBe(false);
    expect(none.finishUrl.searchParams.get('url')).toMatch(/^https:\/\/app-/);
  });

  it('custom returnUrl keeps its query and fragment; the chosen printer is named', async () => {
    const printer = sim.printers[1];
    const { finishUrl } = await runPortalFlow(sim, { returnUrl: 'octoapp://test.octoapp.eu/connect-octoeverywhere?x=1#frag' }, printer?.id);
    expect(finishUrl.protocol).toBe('octoapp:');
    expect(finishUrl.searchParams.get('x')).toBe('1');
    expect(finishUrl.hash).toBe('#frag');
    expect(finishUrl.searchParams.get('printername')).toBe(printer?.name);
    expect(finishUrl.searchParams.get('printerLastKnownLocalIp')).toBe(printer?.localIp);
  });

  it('an unknown printerId is offered ("the portal starts the flow to add it")', async () => {
    expect((await get(sim.startUrl({ printerId: 'NEWPRINTER1' }))).body).toContain('value="NEWPRINTER1" selected');
  });

  it('overrides replace values (keeping the name casing) or add names; extras are verbatim', async () => {
    const odd = { octoprintapikey: 'k'.repeat(5000), url: 'javascript:alert(1)', printername: 'a\u0000b\r\nc', newField: '<x>' };
    sim.configure({ paramCase: 'upper', overrides: odd, extraParams: [['octoPrintApiKey', 'second'], ['SUCCESS', 'false']] });
    const { finishUrl } = await runPortalFlow(sim, { octoPrintApiKeyAppName: 'KeyDeck' });
    expect(finishUrl.searchParams.get('OCTOPRINTAPIKEY')).toBe(odd.octoprintapikey);
    expect(finishUrl.searchParams.get('URL')).toBe('javascript:alert(1)');
    expect(finishUrl.searchParams.get('PRINTERNAME')).toBe('a\u0000b\r\nc');
    expect(finishUrl.searchParams.get('newField')).toBe('<x>');
    expect(names(finishUrl).slice(-2)).toEqual(['octoPrintApiKey', 'SUCCESS']);
    expect(sim.lastFinish?.effective.url).toBe('javascript:alert(1)');
    expect(sim.lastFinish?.issued.url).toMatch(/^https:\/\/app-/);
  });

  it('serves the plain finish page at the default return URL', async () => {
    const r = await get(`${sim.completeUrl}?success=true&octoPrintApiKey=SECRETVALUE`);
    expect([r.status, titleOf(r.body)]).toEqual([200, COMPLETE_TITLE]);
    expect(r.body).toContain(COMPLETE_TEXT);
    expect(r.body).not.toContain('SECRETVALUE');
  });
});

describe('CoCalc legacy get_api_key', () => {
  it('sign-in page, then the page whose script navigates to https://authenticated?api_key=KEY', async () => {
    const page = await get(sim.cocalcUrl('myapp'));
    expect([page.status, page.body.includes('CoCalc API Key Access for Myapp')]).toEqual([200, true]);
    expect(page.body).toContain('id="sign-in"');
    const signedIn = await postForm(new URL(formAction(page.body) ?? '', sim.url).href, { get_api_key: 'myapp' });
    expect(signedIn.status).toBe(200);
    expect(sim.lastCocalcKey).toMatch(/^sk_[A-Za-z0-9]{16}$/);
    expect(signedIn.body).toContain(`api_key: "${sim.lastCocalcKey ?? ''}"`);
    expect(signedIn.body).toContain('window.location.href = `https://authenticated?api_key=${mesg.api_key}`;');
    expect(signedIn.body).toContain('}, 2000);');
  });

  it('redirect delivery answers 302 to the hand-over URL; a form without get_api_key is refused', async () => {
    sim.configure({ cocalcDelivery: 'redirect' });
    const r = await postForm(`${sim.url}/app/sign-in`, { get_api_key: 'myapp' });
    expect([r.status, r.location]).toEqual([302, `https://authenticated?api_key=${sim.lastCocalcKey ?? ''}`]);
    expect(sim.cocalcKeys.length).toBeGreaterThanOrEqual(2);
    expect((await postForm(`${sim.url}/app/sign-in`, {})).status).toBe(400);
  });
});

describe('hostile pages (another origin)', () => {
  it('run on another origin and refuse a non-loopback portal origin', async () => {
    expect(new URL(hostile.origin).origin).not.toBe(new URL(sim.url).origin);
    expect(() => hostile.url('nope')).toThrow(/unknown hostile page/);
    await expect(startHostileSim({ portalOrigin: 'https://octoeverywhere.com' })).rejects.toThrow(/loopback/);
    expect(hostile.pages.map((p) => p.name)).toEqual(expect.arrayContaining(['finish-query', 'finish-fragment', 'postmessage', 'redirect-to-portal']));
  });

  it.each(['finish-query', 'finish-fragment', 'apikey-query', 'apikey-fragment'])('%s imitates the finish page', async (name) => {
    const url = hostile.url(name);
    const r = await get(url);
    expect([r.status, titleOf(r.body)]).toEqual([200, COMPLETE_TITLE]);
    expect(r.body).toContain(COMPLETE_TEXT);
    const carried = new URLSearchParams(name.endsWith('fragment') ? new URL(url).hash.slice(1) : new URL(url).search);
    expect(carried.get(name.startsWith('apikey') ? 'api_key' : 'octoPrintApiKey')).toBe(name.startsWith('apikey') ? hostile.forged.cocalcKey : hostile.forged.octoPrintApiKey);
  });

  it.each([['form-post-portal', 'post', 'PORTAL'], ['form-post-self', 'post', 'SELF'], ['form-get-portal', 'get', 'PORTAL']])(
    '%s auto-submits forged fields', async (name, method, target) => {
      const r = await get(hostile.url(name));
      expect(r.body).toContain(`method="${method}"`);
      expect(formAction(r.body)).toBe(`${target === 'PORTAL' ? sim.url : hostile.origin}/appportal/v1/complete`);
      expect(inputValue(r.body, 'octoPrintApiKey')).toBe(hostile.forged.octoPrintApiKey);
      expect(inputValue(r.body, 'api_key')).toBe(hostile.forged.cocalcKey);
      expect(r.body).toContain('.submit()');
    });

  it('postmessage page blasts forged credentials at window and every frame', async () => {
    const { body } = await get(hostile.url('postmessage'));
    for (const part of ['t.postMessage(p, "*")', 'window.frames[i]', hostile.forged.octoPrintApiKey, `src="${sim.completeUrl}"`]) expect(body).toContain(part);
  });

  it('redirects and hand-overs carry forged credentials', async () => {
    const toPortal = await get(hostile.url('redirect-to-portal'));
    expect(toPortal.status).toBe(302);
    expect(new URL(toPortal.location ?? '').searchParams.get('octoPrintApiKey')).toBe(hostile.forged.octoPrintApiKey);
    expect(toPortal.location?.startsWith(`${sim.completeUrl}?`)).toBe(true);
    expect((await get(hostile.url('redirect-to-handover'))).location).toBe(`https://authenticated?api_key=${hostile.forged.cocalcKey}`);
    expect((await get(hostile.url('cocalc-handover-script'))).body).toContain(hostile.forged.cocalcKey);
    expect((await get(hostile.url('frame-forged-finish'))).body).toContain(`src="${sim.completeUrl}?`);
    expect((await postForm(`${hostile.origin}/appportal/v1/complete`, { octoPrintApiKey: 'x' })).status).toBe(200);
  });
});
