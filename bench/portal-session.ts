// The set-up the hand-over probes share: the portal simulator, Chromium with the test build, and an
// extension page (sends nothing by itself) through which KeyDeck is pointed at that portal.
import { launchChromium } from '../test/e2e/harness/chromium.ts';
import { startPortalSim } from '../test/sim/portal/index.ts';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function openPortalSession() {
  const portal = await startPortalSim();
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await portal.close();
  };
  try {
    const control = await browser.context.newPage();
    await control.goto(browser.pageUrl('src/offscreen/index.html'));
    await control.evaluate((url) => chrome.runtime.sendMessage({ type: 'settings.update', payload: { portalUrl: url } }), portal.url);
    return { portal, browser, control, close };
  } catch (error) {
    await close();
    throw error;
  }
}
