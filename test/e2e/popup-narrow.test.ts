import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { PopupPage } from './harness/popup';

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
