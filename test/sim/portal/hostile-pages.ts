// The hostile pages: another origin imitating the portal's finish page (same title and
// text as pages-oe.ts completePage) and CoCalc's hand-over, carrying forged credentials in
// every place a careless capture might read them. Nothing here may ever be captured.
import { base62, randomFrom } from './credentials';
import { encodePairs } from './finish';
import { escapeHtml, page, scriptLiteral } from './http';
import { COMPLETE_TEXT, COMPLETE_TITLE, completePage } from './pages-oe';
import { handOverUrl } from './routes-cocalc';
import { COMPLETE_PATH } from './routes-oe';
import type { FinishField, ForgedValues, HostilePage } from './types';

const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MARK = 'F0rg3d';

/** Forged values in valid shapes (43-char OctoPrint key, `sk_` + 16 base62), marked "F0rg3d". */
export function forgeValues(): ForgedValues {
  return {
    octoPrintApiKey: MARK + randomFrom(URLSAFE, 37),
    cocalcKey: `sk_${MARK}${base62(10)}`,
    appApiToken: MARK + base62(34),
    bearerToken: MARK + base62(58),
    connectionUrl: `https://app-${MARK.toLowerCase()}${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 26)}.octoeverywhere.com`,
  };
}

/** A complete, camel-case forged finish query (OE docs/app-connections/portal.md names). */
export function forgedFinishQuery(f: ForgedValues): string {
  const pairs: Array<[FinishField, string]> = [
    ['success', 'true'], ['id', 'F0RG3D0000000000000000000000000'], ['url', f.connectionUrl], ['appApiToken', f.appApiToken],
    ['printername', 'Forged printer'], ['userPrinterAccessUrl', f.connectionUrl], ['printerLastKnownLocalIp', '10.66.66.66'],
    ['authBasicHttpUser', `${MARK}user`], ['authBasicHttpPassword', `${MARK}password`], ['authBearerToken', f.bearerToken],
    ['octoPrintApiKey', f.octoPrintApiKey],
  ];
  return encodePairs(pairs);
}

export const HOSTILE_PATHS = {
  fakeComplete: COMPLETE_PATH,
  fakeAuthenticated: '/authenticated',
  formPostPortal: '/form/post-portal',
  formPostSelf: '/form/post-self',
  formGetPortal: '/form/get-portal',
  postMessage: '/postmessage',
  framePortal: '/frame/portal-forged',
  redirectPortal: '/redirect/portal-complete',
  handoverScript: '/cocalc/handover',
  redirectHandover: '/redirect/handover',
} as const;

export function hostilePageList(f: ForgedValues): HostilePage[] {
  const q = forgedFinishQuery(f);
  const k = `api_key=${encodeURIComponent(f.cocalcKey)}`;
  const P = HOSTILE_PATHS;
  return [
    { name: 'finish-query', path: `${P.fakeComplete}?${q}`, description: 'Look-alike finish page (same path, title, text) with a forged finish query incl. octoPrintApiKey' },
    { name: 'finish-fragment', path: `${P.fakeComplete}#${q}`, description: 'Look-alike finish page with the forged finish fields in the fragment' },
    { name: 'apikey-query', path: `${P.fakeAuthenticated}?${k}`, description: 'Look-alike finish page at /authenticated with a forged CoCalc api_key in the query' },
    { name: 'apikey-fragment', path: `${P.fakeAuthenticated}#${k}`, description: 'Look-alike finish page with a forged api_key in the fragment' },
    { name: 'form-post-portal', path: P.formPostPortal, description: "Auto-submitting form POSTing forged octoPrintApiKey/api_key fields to the portal's complete URL" },
    { name: 'form-post-self', path: P.formPostSelf, description: 'Auto-submitting form POSTing forged fields to its own look-alike /appportal/v1/complete' },
    { name: 'form-get-portal', path: P.formGetPortal, description: "Auto-submitting GET form: navigates to the portal's complete URL with a forged finish query" },
    { name: 'postmessage', path: P.postMessage, description: 'postMessages forged credentials (objects, query strings, JSON) to window, parent, opener, top and every frame' },
    { name: 'frame-forged-finish', path: P.framePortal, description: "Frames the portal's complete URL with a forged finish query" },
    { name: 'redirect-to-portal', path: P.redirectPortal, description: "302 to the portal's complete URL carrying forged credentials" },
    { name: 'cocalc-handover-script', path: P.handoverScript, description: 'Runs CoCalc\'s hand-over statement from this origin: JS navigation to https://authenticated?api_key=<forged>' },
    { name: 'redirect-to-handover', path: P.redirectHandover, description: '302 to https://authenticated?api_key=<forged> from this origin' },
  ];
}

/** Same title and text as the real finish page; the look-alike. */
export const lookAlikePage = completePage;

function hiddenInputs(f: ForgedValues): string {
  const fields = new URLSearchParams(forgedFinishQuery(f));
  fields.append('api_key', f.cocalcKey);
  return [...fields].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('\n');
}

/** A page (finish look-alike) whose form submits itself at once. */
export function autoFormPage(f: ForgedValues, method: 'get' | 'post', action: string): string {
  const body = `<main><h1>OctoEverywhere App Portal</h1><p>${COMPLETE_TEXT}.</p></main>\n` +
    `<form id="forged" method="${method}" action="${escapeHtml(action)}">\n${hiddenInputs(f)}\n</form>\n` +
    '<script>document.getElementById("forged").submit();</script>';
  return page(COMPLETE_TITLE, body);
}

export function postMessagePage(f: ForgedValues, portalOrigin: string, selfFakeComplete: string): string {
  const query = forgedFinishQuery(f);
  const object = Object.fromEntries(new URLSearchParams(query));
  const payloads = [
    object, { type: 'finish', source: 'octoeverywhere', ...object }, { api_key: f.cocalcKey }, { apiKey: f.octoPrintApiKey },
    `${portalOrigin}${COMPLETE_PATH}?${query}`, query, handOverUrl(f.cocalcKey), JSON.stringify(object),
  ];
  const script = '<script>\n' +
    `const payloads = ${scriptLiteral(payloads)};\n` +
    'function blast() {\n  const targets = [window, window.parent, window.opener, window.top];\n' +
    '  for (let i = 0; i < window.frames.length; i++) targets.push(window.frames[i]);\n' +
    '  for (const t of targets) { if (!t) continue; for (const p of payloads) { try { t.postMessage(p, "*"); } catch (e) { /* ignore */ } } }\n' +
    '  document.body.dataset.blasts = String(Number(document.body.dataset.blasts || "0") + 1);\n}\n' +
    'blast(); setTimeout(blast, 250); setTimeout(blast, 1000); window.addEventListener("load", blast);\n</script>';
  const frames = `<iframe id="portal-frame" src="${escapeHtml(`${portalOrigin}${COMPLETE_PATH}`)}" title="portal"></iframe>\n` +
    `<iframe id="self-frame" src="${escapeHtml(selfFakeComplete)}" title="look-alike"></iframe>`;
  return page(COMPLETE_TITLE, `<main><h1>OctoEverywhere App Portal</h1><p>${COMPLETE_TEXT}.</p></main>\n${frames}\n${script}`);
}

export function framePage(src: string): string {
  return page(COMPLETE_TITLE, `<main><p>${COMPLETE_TEXT}.</p></main>\n<iframe id="forged-frame" src="${escapeHtml(src)}" title="portal"></iframe>`);
}

/** CoCalc's statement (sagemathinc/cocalc src/packages/frontend/account/init.ts), run by a stranger. */
export function handoverScriptPage(f: ForgedValues): string {
  const script = `<script>\nconst mesg = { api_key: ${scriptLiteral(f.cocalcKey)} };\n` +
    'setTimeout(() => {\n  window.location.href = `https://authenticated?api_key=${mesg.api_key}`;\n}, 0);\n</script>';
  return page('CoCalc', `<main><p>Signed in. Please wait…</p></main>\n${script}`);
}
