import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { PopupPage } from './harness/popup';
import { octoprintKey, seedVault } from './support/seed';

// Chromium only (Playwright sets the viewport; the BiDi driver has no such call): the popup at 320 px
// (Firefox's overflow menu) and at 190 px (380 px at 200 % zoom) keeps every panel inside the
// width — controls wrap, nothing is cut off on the right, no sideways scrolling — and its text is
// set on `body` (Chrome's extension style shrinks body to 75 %: a size on :root alone gave 9.75 px).
let browser: ChromiumSession;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test.each([320, 190])('at %i px every panel fits the width, in 14 px text', async (width) => {
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  if (width === 320) {
    // Keys with long names, so the list has rows to wrap too.
    await popup.addKey({ serviceUrl: 'http://octopi-in-the-workshop-basement.local:5000', app: 'Home Assistant Integration', apiKey: 'A'.repeat(43) });
    await popup.row('OctoPrint', 'Home Assistant Integration').waitFor();
  }
  await popup.page.setViewportSize({ width, height: 600 });
  for (const tab of ['Keys', 'Connect', 'Accounts', 'Settings']) {
    await popup.page.getByRole('tab', { name: tab, exact: true }).click();
    await popup.page.getByRole('tab', { name: tab, exact: true, selected: true }).waitFor();
    const layout = await popup.page.evaluate(() => {
      const right = document.documentElement.clientWidth + 0.5;
      const cut = [...document.querySelectorAll('.popup *')]
        .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > right)
        .map((el) => `${el.tagName.toLowerCase()} “${(el.textContent ?? '').trim().slice(0, 40)}”`);
      return { cut, scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth, font: getComputedStyle(document.body).fontSize };
    });
    expect({ tab, ...layout }).toEqual({ tab, cut: [], scrolls: false, font: '14px' });
  }
  await popup.page.close();
});

test('at the popup’s own width, every row keeps its Copy and ⋯ inside the list, an expiring key’s too (under “Expiring”, with its host): the chip gives way, its whole text in its title', async () => {
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  const soon = Date.now() + 2 * 86_400_000;
  const keys = Array.from({ length: 30 }, (_, i) =>
    octoprintKey(`http://printer-${i}.local`, `Long application name ${i}`, `${'A'.repeat(40)}${String(i).padStart(3, '0')}`, i % 3 === 0 ? { expiresAt: soon } : {}),
  );
  // Restored from a backup through the popup's own page (seedVault checks that all 30 were added).
  await seedVault({ extension: async (fn, arg) => popup.page.evaluate(fn as never, arg) }, keys);
  await popup.page.setViewportSize({ width: 380, height: 600 });
  await popup.page.getByRole('heading', { name: 'Expiring or expired' }).waitFor();
  const rows = await popup.page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('.key-scroller')!;
    const limit = scroller.getBoundingClientRect().left + scroller.clientWidth + 0.5;
    const lines = [...scroller.querySelectorAll<HTMLElement>('li.credential')];
    const cut = lines.flatMap((li) =>
      [...li.querySelectorAll<HTMLElement>('.row-copy, .row-more')].filter((button) => button.getBoundingClientRect().right > limit).map((button) => `${li.getAttribute('aria-label')}: ${button.textContent}`),
    );
    const chips = [...scroller.querySelectorAll<HTMLElement>('.chip[title^="expires"]')].map((chip) => ({ title: chip.title, shortened: chip.scrollWidth > chip.clientWidth }));
    return { drawn: lines.length, cut, chips };
  });
  expect(rows.drawn).toBeGreaterThan(5);
  expect(rows.cut).toEqual([]);
  expect(rows.chips.length).toBeGreaterThan(0);
  expect(rows.chips.every((chip) => chip.title === 'expires in 2 days')).toBe(true);
  expect(rows.chips.some((chip) => chip.shortened)).toBe(true);
  await popup.page.close();
});
