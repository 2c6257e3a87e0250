import type { OctoPrintSim } from '../../sim/octoprint';
import { type By, type Driver, type Tab } from '../driver';

/** The simulated OctoPrint UI, used as its user would: log in, wait for the notice, click Allow. */
export class OctoPrintTab {
  private constructor(readonly tab: Tab) {}

  static async openAsAdmin(driver: Driver, sim: OctoPrintSim): Promise<OctoPrintTab> {
    const tab = await driver.openTab(`${sim.url}/`);
    // OctoPrint's own ids (the simulator serves its markup): the login page or the main page.
    await tab.waitFor({ css: '#login-user, #page-container-main' });
    if ((await tab.count({ css: '#login-user' })) > 0) {
      await tab.fill({ css: '#login-user' }, 'admin');
      await tab.fill({ css: '#login-password' }, sim.users.admin.password);
      await tab.click({ css: '#login-button' });
    }
    await tab.waitFor({ css: '#page-container-main' });
    return new OctoPrintTab(tab);
  }

  /** OctoPrint's PNotify "Access Request" notice for `app`. */
  notice(app: string): By {
    return { css: '.ui-pnotify', hasText: ['Access Request', app] };
  }

  waitForNotice = (app: string) => this.tab.waitFor(this.notice(app));
  /** The user's own click in OctoPrint (KeyDeck never clicks it). */
  allow = (app: string) => this.answer(app, 'Allow');
  deny = (app: string) => this.answer(app, 'Deny');
  private async answer(app: string, button: 'Allow' | 'Deny') {
    await this.tab.bringToFront(); // as the user switching to OctoPrint's tab
    await this.tab.click([this.notice(app), { role: 'button', name: button }]);
  }
  /** The page's whole markup, to check a key never reached it. */
  html = () => this.tab.evaluate(() => document.documentElement.outerHTML);
  close = () => this.tab.close();
}
