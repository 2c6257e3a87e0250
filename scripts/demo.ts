// `npm run demo`: builds KeyDeck, starts the OctoPrint simulator on 127.0.0.1 and opens Chromium with the
// extension. With a display the browser stays open for you to try; without one it runs headless, walks
// through the whole flow (detect → get a key → Allow in OctoPrint → verified key → copy) and writes a
// screenshot of each step to artifacts/demo/.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '../test/e2e/harness/chromium.ts';
import { accessRequestNotice, openOctoPrintAsAdmin } from '../test/e2e/harness/octoprint-tab.ts';
import { PopupPage } from '../test/e2e/harness/popup.ts';
import { startOctoPrintSim } from '../test/sim/octoprint/index.ts';

const headed = Boolean(process.env.DISPLAY) && process.env.CI !== 'true';
const shots = resolve('artifacts/demo');
const APP = 'Demo slicer';

execFileSync('npm', ['run', 'build:test'], { stdio: 'inherit' });
mkdirSync(shots, { recursive: true });
const sim = await startOctoPrintSim();
const browser = await launchChromium(undefined, { headless: !headed });
const popupUrl = browser.pageUrl('src/popup/index.html');
console.log(`\nOctoPrint simulator: ${sim.url}  (log in as admin / ${sim.users.admin.password})`);
console.log(`KeyDeck popup:       ${popupUrl}\n`);

let step = 0;
async function show(page: import('playwright-core').Page, what: string) {
  const file = `${shots}/${String(++step).padStart(2, '0')}-${what.toLowerCase().replace(/\W+/g, '-').replace(/-$/, '')}.png`;
  await page.screenshot({ path: file });
  console.log(`${step}. ${what}\n   → ${file}`);
}

try {
  const octoprint = await openOctoPrintAsAdmin(browser.context, sim);
  if (headed) {
    console.log('Open the KeyDeck popup from the toolbar (or the URL above in a tab) and ask for a key.');
    console.log('Press Ctrl-C to end the demo.');
    await new Promise(() => undefined);
  }
  const popup = await PopupPage.open(browser.context, popupUrl);
  await popup.page.setViewportSize({ width: 400, height: 640 });
  await popup.page.getByText('This page looks like OctoPrint at').waitFor();
  await show(popup.page, 'The popup recognises the OctoPrint tab');

  await popup.page.getByRole('textbox', { name: 'Get a key for app' }).fill(APP);
  await popup.page.getByRole('button', { name: 'Get key' }).click();
  await popup.page.locator('.flow-message', { hasText: 'Waiting for you to click Allow' }).waitFor();
  await show(popup.page, 'KeyDeck asked OctoPrint and waits for Allow');

  const notice = accessRequestNotice(octoprint, APP);
  await notice.waitFor();
  await show(octoprint, 'OctoPrint shows the Access Request (the user clicks Allow here)');
  await notice.getByRole('button', { name: 'Allow' }).click();

  const row = popup.row('OctoPrint', APP);
  await row.waitFor();
  await popup.expand('OctoPrint', APP); // the row's ⋯: what verification found, and the other actions
  await row.getByText('Works as admin').waitFor();
  await show(popup.page, 'The key is in the vault, verified, with warnings worth reading');
  await row.getByRole('button', { name: /^Copy/ }).first().click();
  await popup.page.getByText('Key copied.', { exact: false }).first().waitFor();
  await show(popup.page, 'Copied; the clipboard clears itself after 30 s');
  console.log('\nDemo finished.');
} finally {
  if (!headed) {
    await browser.close();
    await sim.close();
  }
}
