import type { Driver, Tab } from '../driver';

/**
 * The browser's own warning for a server with a self-signed certificate, clicked through as a user
 * does: Chromium's interstitial ("Advanced" → "Proceed to … (unsafe)"), Firefox's ("Advanced" →
 * "Proceed to … (Risky)", which adds a certificate exception for that host and port). The browser
 * keeps checking certificates; only this one, for this server, is let through by the user.
 */
export async function acceptCertificateInTab(driver: Driver, url: string): Promise<Tab> {
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
  return tab;
}
