import type { OctoPrintSim } from '../../sim/octoprint';
import { type By, type Driver, type Tab, type Target, type TextMatch, within } from '../driver';
import type { Popup } from './popup';

/**
 * The print farm page (`?view=farm`, a tab of its own) as a user sees it: the servers box and app
 * name, one row per server (found by its URL), the bulk actions, and the list of keys with checkboxes.
 */
export class FarmPage {
  private constructor(
    private readonly driver: Driver,
    readonly tab: Tab,
  ) {}

  /** From the popup's "Print farm" button, as the user does. */
  static async open(driver: Driver, popup: Popup): Promise<FarmPage> {
    return new FarmPage(driver, await driver.tabOpenedBy(() => popup.button('Print farm', [], true)));
  }

  static readonly input: By = { role: 'form', name: 'Print farm' };
  static readonly rows: By = { role: 'region', name: 'Servers in the farm' };
  /** "OctoPrint keys in KeyDeck". */
  static readonly keys: By = { role: 'region', name: 'keys in KeyDeck' };

  /** The actions on the selected keys, under the key list. */
  static readonly fdmSend: By = { role: 'region', name: 'Send to FDM Monster' };
  static readonly export: By = { role: 'region', name: 'Export for a farm manager' };
  static readonly rotate: By = { role: 'region', name: 'Rotate keys' };

  /** One rotation's row in "Rotate keys", by the server's host (127.0.0.1:PORT). */
  rotation(url: string): By[] {
    return [FarmPage.rotate, { role: 'listitem', name: `Rotation for ${new URL(url).host}`, exact: true }];
  }

  /** One server's row. */
  row(url: string): By[] {
    return [FarmPage.rows, { role: 'listitem', name: url, exact: true }];
  }

  see = (text: TextMatch, scope: Target = [], timeoutMs?: number) => this.tab.waitFor(within(scope, { text }), timeoutMs);
  button = (name: string, scope: Target = [], exact = false) => this.tab.click(within(scope, { role: 'button', name, exact }));
  close = () => this.tab.close();

  /** Pastes the servers (one a line), names the app and clicks Get keys. */
  async getKeys(servers: string[] | string, app: string) {
    await this.tab.fill([FarmPage.input, { label: 'Servers', exact: true }], Array.isArray(servers) ? servers.join('\n') : servers);
    await this.tab.fill([FarmPage.input, { label: 'App name' }], app);
    await this.button('Get keys', FarmPage.input, true);
  }

  /** Waits until the row shows this state ("Waiting for Allow", "Verified", "Unreachable"…). */
  waitForState = (url: string, state: string, timeoutMs?: number) => this.see(state, this.row(url), timeoutMs);

  /** The row's Open: the tab it opens (OctoPrint's approval page, or its login first). */
  openFor(url: string): Promise<Tab> {
    return this.driver.tabOpenedBy(() => this.button(`Open ${url}`, this.row(url)));
  }

  retry = (url: string) => this.button(`Retry ${url}`, this.row(url));
  retryAllFailed = () => this.button('Retry all failed', FarmPage.rows, true);
  cancelAll = () => this.button('Cancel all', FarmPage.rows, true);

  /** Send to FDM Monster: waits for the button to offer this many keys (the selection landed), then clicks it. */
  async sendToFdmMonster(count: number) {
    const name = count === 1 ? 'Send 1 key to FDM Monster' : `Send ${count} keys to FDM Monster`;
    await this.see(name, FarmPage.fdmSend);
    await this.button(name, FarmPage.fdmSend, true);
  }

  /** Export's Prepare; waits for the page to say how many keys the file will hold in clear text. */
  async prepareExport(count: number, filename: string) {
    await this.button(`Prepare the file for ${count} keys`, FarmPage.export, true);
    await this.see(`${filename} will hold ${count} keys in clear text`, FarmPage.export);
  }

  /** Export's Save: the file the browser downloaded. */
  saveExport = (filename: string): Promise<{ name: string; text: string }> => this.driver.downloadBy(this.tab, () => this.button(`Save ${filename}`, FarmPage.export, true));

  /** A rotation's "Open OctoPrint": the tab it opens (OctoPrint's approval page, or its login first). */
  openRotation(url: string): Promise<Tab> {
    return this.driver.tabOpenedBy(() => this.button('Open OctoPrint', this.rotation(url), true));
  }

  selectAllKeys = () => this.tab.click([FarmPage.keys, { label: 'Select all', exact: true }]);
  /** A key's checkbox, by what its label starts with: the server's URL (then app, user, last 4). */
  selectKey = (serverUrl: string) => this.tab.click([FarmPage.keys, { label: `${serverUrl} ·` }]);
}

/**
 * In a tab opened by a row's Open: logs in to OctoPrint as admin (it asks first) and clicks Allow on
 * its approval page, as the user does. KeyDeck never clicks it.
 */
export async function allowInApprovalPage(tab: Tab, sim: OctoPrintSim): Promise<void> {
  await tab.waitFor({ css: '#login-user, #auth-grant' });
  if ((await tab.count({ css: '#login-user' })) > 0) {
    await tab.fill({ css: '#login-user' }, 'admin');
    await tab.fill({ css: '#login-password' }, sim.users.admin.password);
    await tab.click({ css: '#login-button' });
  }
  await tab.click({ css: '#auth-grant' });
  await tab.waitFor({ css: '#auth-done:not(.hide)' });
}
