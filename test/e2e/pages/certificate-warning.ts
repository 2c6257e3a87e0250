import type { Driver, Tab, Target } from '../driver';

/**
 * The browser's own warning for a server with a self-signed certificate, clicked through as a user
 * does: Chromium's interstitial ("Advanced" → "Proceed to … (unsafe)"), Firefox's ("Advanced" →
 * "Proceed to … (Risky)", which adds a certificate exception for that host and port). The browser
 * keeps checking certificates; only this one, for this server, is let through by the user.
 */
/** Resolves once the tab shows the server's own page (`shows`), i.e. the browser let it through. */
export async function acceptCertificateInTab(driver: Driver, url: string, shows: Target): Promise<Tab> {
  const tab = await driver.openTab('about:blank');
  await tab.goto(url); // lands on the warning: the navigation itself fails
  if (driver.browser === 'chromium') {
    await tab.click({ role: 'button', name: 'Advanced' });
    await tab.click({ role: 'link', name: /^Proceed to / });
  } else {
    // Firefox's page (about:certerror) is its own markup, inside a shadow root: found by its ids.
    await tab.click({ css: '#advanced-button' });
    await tab.click({ css: '#exception-button' }); // waits out the few hundred ms it stays disabled
  }
  await tab.waitFor(shows);
  return tab;
}
