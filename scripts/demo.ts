// `npm run demo`: builds KeyDeck, serves a demo OctoPrint page on 127.0.0.1 and opens Chromium with
// the extension on it. With a display the browser stays open for you; without one it runs headless,
// walks through the manual-key path, and writes a screenshot of each step to artifacts/demo/.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '../test/e2e/harness/chromium.ts';
import { startPageServer } from '../test/e2e/harness/pages.ts';
import { PopupPage } from '../test/e2e/harness/popup.ts';

const headed = Boolean(process.env.DISPLAY) && process.env.CI !== 'true';
const shots = resolve('artifacts/demo');

execFileSync('npm', ['run', 'build:test'], { stdio: 'inherit' });
mkdirSync(shots, { recursive: true });
const site = await startPageServer();
const browser = await launchChromium(undefined, { headless: !headed });
const popupUrl = browser.pageUrl('src/popup/index.html');
console.log(`\nDemo OctoPrint page: ${site.url('/login/')}\nKeyDeck popup:       ${popupUrl}\n`);

let step = 0;
async function show(popup: PopupPage, what: string) {
  const file = `${shots}/${String(++step).padStart(2, '0')}-${what.toLowerCase().replace(/\W+/g, '-')}.png`;
  await popup.page.screenshot({ path: file });
  console.log(`${step}. ${what}  → ${file}`);
}

try {
  const octoprint = await browser.context.newPage();
  await octoprint.goto(site.url('/login/'));
  const popup = await PopupPage.open(browser.context, popupUrl);
  await popup.page.setViewportSize({ width: 400, height: 600 });
  await popup.page.getByText('OctoPrint detected at').waitFor();
  await show(popup, 'The popup recognises the OctoPrint tab');
  if (headed) {
    console.log('\nThe browser is yours: try the popup. Press Ctrl-C to end the demo.');
    await new Promise(() => undefined);
  }
  await popup.page.getByRole('button', { name: 'Add a key for this server' }).click();
  const form = popup.page.getByRole('form', { name: 'Add key manually' });
  await form.getByLabel('App name').fill('Demo slicer');
  await form.getByLabel('API key').fill('DE40DE40DE40DE40DE40DE40DE4089AB'); // a made-up 32-hex key
  await show(popup, 'Add a key by hand, server filled in');
  await form.getByRole('button', { name: 'Save' }).click();
  const row = popup.row('OctoPrint', 'Demo slicer');
  await row.waitFor();
  await show(popup, 'The key is listed per app and server, masked');
  await row.getByRole('button', { name: /^Copy/ }).click();
  await popup.page.getByText('Key copied.', { exact: false }).waitFor();
  await show(popup, 'Copied; the clipboard clears itself');
  console.log('\nDemo finished.');
} finally {
  if (!headed) {
    await browser.close();
    await site.close();
  }
}
