import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/chromium';

// Chromium started in German: the popup speaks German, from public/_locales/de (chrome.i18n picks it).
let browser: ChromiumSession;
beforeAll(async () => {
  browser = await launchChromium(undefined, { lang: 'de' });
});
afterAll(async () => {
  await browser?.close();
});

test('the popup is in German when the browser is', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.pageUrl('src/popup/index.html'));
  const tabs = page.getByRole('tablist');
  for (const name of ['Schlüssel', 'Verbinden', 'Konten', 'Einstellungen'])
    await tabs.getByRole('tab', { name, exact: true }).waitFor();
  await page.getByText('Noch keine Schlüssel').waitFor();
  expect(await page.evaluate(() => (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage())).toMatch(/^de/);
  await tabs.getByRole('tab', { name: 'Einstellungen', exact: true }).click();
  await page.getByText('Passphrase-Sperre').first().waitFor();
  expect(await page.getByRole('tab', { name: 'Settings', exact: true }).count()).toBe(0);
  await page.close();
});
