// HTML of the CoCalc-like legacy `…/app?get_api_key=NAME` flow.
// cocalc-doc source/apikeys.rst: the link "returns a modified sign-in page with the banner
// 'CoCalc API Key Access for Myapp'"; after sign-in the client is sent to
// `https://authenticated?api_key=sk_…`. sagemathinc/cocalc src/packages/frontend/account/init.ts
// does it on the "signed_in" message:
//   setTimeout(() => { window.location.href = `https://authenticated?api_key=${mesg.api_key}`; }, 2000);
import { escapeHtml, page, scriptLiteral } from './http';

export const COCALC_TITLE = 'CoCalc';

/** "myapp" → "Myapp", as the banner in apikeys.rst shows it. */
export function bannerName(appName: string): string {
  return appName.charAt(0).toUpperCase() + appName.slice(1);
}

export function cocalcSignInPage(appName: string, actionPath: string): string {
  const body =
    `<main id="cocalc-sign-in">\n<h1 id="api-key-banner">CoCalc API Key Access for ${escapeHtml(bannerName(appName))}</h1>\n` +
    `<form id="sign-in-form" method="post" action="${escapeHtml(actionPath)}">\n` +
    `<input type="hidden" name="get_api_key" value="${escapeHtml(appName)}">\n` +
    '<label>Email <input name="email" type="email" value="person@example.com"></label>\n' +
    '<label>Password <input name="password" type="password" value="throw-away"></label>\n' +
    '<p><button id="sign-in" type="submit">Sign in</button></p>\n</form>\n</main>';
  return page(COCALC_TITLE, body);
}

export function cocalcPlainPage(): string {
  return page(COCALC_TITLE, '<main id="cocalc-app"><p>CoCalc (simulator): open <code>/app?get_api_key=NAME</code>.</p></main>');
}

export function cocalcErrorPage(message: string): string {
  return page(COCALC_TITLE, `<main><p id="error">${escapeHtml(message)}</p></main>`);
}

/**
 * The page after a successful sign-in: the same statement as CoCalc's frontend, the key in a
 * `mesg` object like the hub's signed_in message. The browser, not the simulator, navigates.
 */
export function cocalcSignedInPage(apiKey: string, delayMs: number): string {
  const script =
    '<script>\n' +
    `const mesg = { event: "signed_in", api_key: ${scriptLiteral(apiKey)} };\n` +
    'if (mesg?.api_key) {\n' +
    '  // wait for sign in to finish and cookie to get set, then redirect\n' +
    '  setTimeout(() => {\n' +
    '    window.location.href = `https://authenticated?api_key=${mesg.api_key}`;\n' +
    `  }, ${Math.max(0, Math.floor(delayMs))});\n` +
    '}\n</script>';
  return page(COCALC_TITLE, `<main id="cocalc-signed-in"><p>Signed in. Please wait…</p></main>\n${script}`);
}
