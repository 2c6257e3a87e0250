import { describe, expect, test } from 'vitest';
import { startOctoPrintSim } from '../sim/octoprint';
import { selfSignedCertificate } from '../sim/self-signed';
import { BROWSERS, useDriver, useStarted, within } from './driver';
import { acceptCertificateInTab } from './pages/certificate-warning';
import { OctoPrintTab } from './pages/octoprint-tab';
import { Popup } from './pages/popup';

// A LAN printer behind HTTPS with its own self-signed certificate (OctoPi's haproxy), on loopback.
// The browsers check certificates as they do for anyone: the test driver does not accept insecure
// certificates, so the only way through is the user's own click on the browser's warning.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const sim = useStarted('the HTTPS OctoPrint simulator', () => startOctoPrintSim({ tls: selfSignedCertificate() }));

  test('an untrusted certificate is named as such; once the user accepts it in a tab, Get key works over HTTPS', async () => {
    const host = new URL(sim().url).host;
    const popup = await Popup.open(driver());

    // Before: a key typed by hand for the server cannot be checked, and KeyDeck says why and what to do.
    await popup.addKey({ serviceUrl: sim().url, app: 'Manual', apiKey: sim().users.bob.apiKey });
    const manual = popup.row('OctoPrint', 'Manual');
    await popup.rowAction(manual, 'Verify');
    await popup.see(`${host}’s HTTPS certificate is not trusted by this browser`, manual);
    await popup.see(`open ${sim().url} in a tab, accept the certificate there, then try again`, manual);
    await expect(popup.tab.text(within(manual, { role: 'alert' }))).resolves.not.toMatch(/check the address/i);
    const before = sim().requestLog.length;

    // The user opens the server and accepts its certificate in the browser's warning.
    const accepted = await acceptCertificateInTab(driver(), `${sim().url}/`, { css: '#login-user, #page-container-main' });
    const octoprint = await OctoPrintTab.openAsAdmin(driver(), sim());
    await accepted.close();

    // Now the same key checks out (Chromium: from the offscreen document; Firefox: from the event page).
    await popup.tab.bringToFront();
    await popup.rowAction(manual, 'Verify');
    await popup.see('✓ Works as bob on OctoPrint 1.11.8.', manual);

    // And the Application Keys workflow runs over HTTPS: request, Allow clicked by the user in OctoPrint, key verified.
    const again = await Popup.open(driver(), octoprint.tab);
    await again.see(`This page looks like OctoPrint at ${sim().url}`);
    await again.getKeyFor('OctoFarm');
    await again.see('Waiting for you to click Allow in OctoPrint', again.flow('OctoFarm', sim().url));
    await octoprint.allow('OctoFarm');
    await again.tab.bringToFront();
    const row = again.row('OctoPrint', 'OctoFarm');
    await again.expand(row);
    await again.see('✓ Works as admin on OctoPrint 1.11.8.', row);
    const [issued] = sim().keys().filter((k) => k.appId === 'OctoFarm');
    expect(issued).toBeDefined();
    expect(sim().requestLog.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/plugin/appkeys/request'))).toHaveLength(1);

    // Copy still works next to the requests (Chromium: one offscreen document serves both).
    await again.button('Copy OctoPrint · OctoFarm', row);
    await again.see('Key copied.');
    await expect.poll(() => driver().readClipboard()).toBe(issued!.apiKey);

    await octoprint.close();
    await again.close();
    await popup.close();
  });
});
