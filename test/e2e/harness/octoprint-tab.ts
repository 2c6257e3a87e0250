import type { BrowserContext, Page } from 'playwright-core';
import type { OctoPrintSim } from '../../sim/octoprint';

/** The simulated OctoPrint UI, used as its user would: log in, wait for the notice, click Allow. */
export async function openOctoPrintAsAdmin(context: BrowserContext, sim: OctoPrintSim): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${sim.url}/`);
  await page.locator('#login-user, #page-container-main').first().waitFor();
  if (await page.locator('#login-user').isVisible()) {
    await page.locator('#login-user').fill('admin');
    await page.locator('#login-password').fill(sim.users.admin.password);
    await page.locator('#login-button').click();
  }
  await page.locator('#page-container-main').waitFor();
  return page;
}

export function accessRequestNotice(page: Page, app: string) {
  return page.locator('.ui-pnotify').filter({ hasText: 'Access Request' }).filter({ hasText: app });
}
