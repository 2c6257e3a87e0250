import type { Driver, Tab } from '../driver';
import { Popup } from './popup';

/** The backup page: Settings → "Export encrypted backup…" / "Import backup…" open it in a tab. */
export class BackupPage {
  private constructor(
    private readonly driver: Driver,
    readonly tab: Tab,
  ) {}

  /** From the popup's Settings, as the user does; the popup goes back to its list. */
  static async open(driver: Driver, popup: Popup, part: 'export' | 'import'): Promise<BackupPage> {
    await popup.openTab('Settings');
    const tab = await driver.tabOpenedBy(() => popup.button(part === 'export' ? 'Export encrypted backup…' : 'Import backup…'));
    await popup.button('Back', [], true);
    return new BackupPage(driver, tab);
  }

  see = (text: string) => this.tab.waitFor({ text });
  close = () => this.tab.close();

  /** Types the passphrase twice, clicks Export and returns the file the browser saved. */
  async export(passphrase: string): Promise<{ name: string; text: string }> {
    await this.tab.fill({ label: 'Passphrase (at least 10 characters)' }, passphrase);
    await this.tab.fill({ label: 'The same passphrase again' }, passphrase);
    return this.driver.downloadBy(this.tab, () => this.tab.click({ role: 'button', name: 'Export', exact: true }));
  }

  async choose(path: string) {
    await this.tab.setFiles({ label: 'Backup file (.keydeck)' }, [path]);
  }

  async importWith(passphrase: string) {
    await this.tab.fill({ label: 'Passphrase of this backup' }, passphrase);
    await this.tab.click({ role: 'button', name: 'Import', exact: true });
  }
}
