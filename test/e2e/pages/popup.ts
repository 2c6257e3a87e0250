import { type By, type Driver, type Tab, type Target, type TextMatch, within } from '../driver';

/** The popup as a user sees it: found by roles and labels, as a person or a screen reader would. */
export class Popup {
  private constructor(readonly tab: Tab) {}

  /** Opens the popup's page; with `forTab`, about that tab (as clicking the toolbar button there). */
  static async open(driver: Driver, forTab?: Tab): Promise<Popup> {
    return new Popup(await driver.openPopup({ for: forTab }));
  }

  static readonly addForm: By = { role: 'form', name: 'Add key manually' };
  static readonly getKeyForm: By = { role: 'form', name: 'Get a key for app' };
  static readonly accounts: By = { role: 'region', name: 'Account keys' };
  static readonly lockSettings: By = { role: 'region', name: 'Passphrase lock' };
  static readonly lockIndicator: By = { role: 'group', name: 'KeyDeck’s lock' };
  static readonly unlockPrompt: By = { role: 'region', name: 'Unlock KeyDeck' };
  static readonly lockOffer: By = { role: 'region', name: 'Protect your keys with a passphrase' };
  static readonly changeForm: By[] = [Popup.lockSettings, { role: 'form', name: 'Change passphrase' }];

  /** A stored key's row (named "Provider · App · host[ · user]": this finds it by its start). */
  row(provider: string, app: string): By[] {
    return [{ role: 'listitem', name: `${provider} · ${app}` }];
  }
  /** A row's details (dates, the last check, Reveal, Verify, Revoke…): open once its "⋯" is. */
  static details(row: Target): Target {
    return within(row, { role: 'group', name: 'Details for' });
  }
  /** Opens a row's details with its "⋯" button (unless they are open already) and waits for them. */
  async expand(row: Target) {
    if ((await this.tab.count(Popup.details(row))) === 0) await this.tab.click(within(row, { role: 'button', name: 'Details for' }));
    await this.tab.waitFor(Popup.details(row));
  }
  /** Expands the row and clicks one of its details' buttons ("Reveal", "Verify", "Revoke on server"…). */
  async rowAction(row: Target, action: string) {
    await this.expand(row);
    await this.button(action, Popup.details(row), true);
  }
  /** A key request's (or a hand-over's) item. */
  flow(app: string, serviceUrl: string): By[] {
    return [{ role: 'listitem', name: `${app} · ${serviceUrl}` }];
  }

  click = (target: Target) => this.tab.click(target);
  /** One of the top tabs (Keys, Connect, Accounts, Settings): selecting it shows its panel. */
  openTab = (name: 'Keys' | 'Connect' | 'Accounts' | 'Settings') => this.tab.click({ role: 'tab', name, exact: true });
  button = (name: string, scope: Target = [], exact = false) => this.tab.click(within(scope, { role: 'button', name, exact }));
  see = (text: TextMatch, scope: Target = [], timeoutMs?: number) => this.tab.waitFor(within(scope, { text }), timeoutMs);
  close = () => this.tab.close();

  async addKey(fields: { serviceUrl: string; app: string; apiKey: string; user?: string; provider?: string }) {
    const form = Popup.addForm;
    if ((await this.tab.count(form)) === 0) await this.button('Add key', [], true);
    if (fields.provider) await this.tab.select([form, { label: 'Provider' }], { label: fields.provider });
    await this.tab.fill([form, { label: 'Server URL' }], fields.serviceUrl);
    await this.tab.fill([form, { label: 'App name' }], fields.app);
    if (fields.user) await this.tab.fill([form, { label: 'User (optional)' }], fields.user);
    await this.tab.fill([form, { label: 'API key' }], fields.apiKey);
    await this.button('Save', form, true);
  }

  /** Settings → "Clear the clipboard after (seconds)", saved on leaving the field ("Saved" beside it) → Back. */
  async setClipboardDelay(seconds: number) {
    await this.openTab('Settings');
    const field = { label: 'Clear the clipboard after (seconds)' };
    // Already so (an earlier test in this profile): the browser fires no change, and nothing is saved.
    if ((await this.tab.value(field)) !== String(seconds)) {
      await this.tab.fill(field, String(seconds));
      await this.tab.press('\t'); // leaving the field commits it (its change event)
      // A freshly opened Settings shows no "Saved" until this field's own save is done.
      await this.tab.waitFor({ text: 'Saved', exact: true });
    }
    await this.button('Back', [], true); // exact: "Export encrypted backup…" contains "back"
  }

  /** Settings → Passphrase lock → Set a passphrase (twice) → "Passphrase set." → Back. */
  async setPassphrase(passphrase: string) {
    await this.openTab('Settings');
    const form = within(Popup.lockSettings, { role: 'form', name: 'Set a passphrase' });
    await this.tab.fill(within(form, { label: 'Passphrase', exact: true }), passphrase);
    await this.tab.fill(within(form, { label: 'Repeat the passphrase', exact: true }), passphrase);
    await this.button('Set a passphrase', form, true);
    await this.see('Passphrase set.', Popup.lockSettings);
    await this.button('Back', [], true);
  }

  /** Settings → the auto-lock minutes (saved on change, like the warning days) → Back. */
  async setAutoLockMinutes(minutes: number) {
    await this.openTab('Settings');
    await this.tab.fill(within(Popup.lockSettings, { label: 'Lock after this many minutes without use' }), String(minutes));
    await this.tab.press('\t'); // leaving the field commits it (its change event)
    await this.see('Settings saved.');
    await this.button('Back', [], true);
  }

  /** Settings → Change passphrase, filled and submitted (the answer is not waited for). */
  async submitPassphraseChange(current: string, next: string) {
    await this.openTab('Settings');
    const form = Popup.changeForm;
    await this.tab.fill(within(form, { label: 'Current passphrase', exact: true }), current);
    await this.tab.fill(within(form, { label: 'New passphrase', exact: true }), next);
    await this.tab.fill(within(form, { label: 'Repeat the new passphrase', exact: true }), next);
    await this.button('Change passphrase', form, true);
  }

  /** The header's Lock now; resolves once the header says Locked. */
  async lockNow() {
    await this.button('Lock now', Popup.lockIndicator, true);
    await this.see('Locked', Popup.lockIndicator);
  }

  /** Types into the unlock prompt where the user is (its field has focus) and presses Enter. */
  async answerUnlockPrompt(passphrase: string) {
    await this.tab.waitFor(Popup.unlockPrompt);
    await this.tab.fill(within(Popup.unlockPrompt, { label: 'Passphrase', exact: true }), passphrase);
    await this.tab.press('\n');
  }

  static readonly detected: By = { role: 'region', name: 'OctoPrint detected' };

  /** The detected server's Get-key form; behind "Get a new key" when KeyDeck already holds keys for it. */
  async getKeyFor(app: string) {
    await this.tab.waitFor(Popup.detected);
    if ((await this.tab.count(Popup.getKeyForm)) === 0) await this.button('Get a new key', Popup.detected, true);
    await this.tab.fill([Popup.getKeyForm, { label: 'Get a key for app' }], app);
    await this.button('Get key', Popup.getKeyForm);
  }

  async openAccounts(provider: string, serverUrl: string) {
    await this.openTab('Accounts');
    await this.tab.select([Popup.accounts, { label: 'Provider' }], { label: provider });
    await this.tab.fill([Popup.accounts, { label: 'Server URL' }], serverUrl);
  }

  /** The expanded row's QR code of the key for `app` (an SVG image). */
  static qr(app: string): By {
    return { role: 'img', name: `QR code of the key for ${app}`, exact: true };
  }
  /** Check all's summary (its button, progress and counts). */
  static readonly checkAll: By = { role: 'region', name: 'Check all keys' };

  /** The names of the rows the list draws, top to bottom (the list is windowed: a screenful). */
  rowNames(): Promise<string[]> {
    return this.tab.evaluate(() => [...document.querySelectorAll('.key-list li[aria-label]')].map((li) => li.getAttribute('aria-label') ?? ''));
  }
  /** How many keys the list shows now, drawn or not (the list's own count, the search's "Showing n of m"). */
  rowsShown(): Promise<number> {
    return this.tab.evaluate(() => Number(document.querySelector('.key-list')?.getAttribute('data-rows') ?? -1));
  }
  /** The headings in the key list, top to bottom ("On this page: host", "Expiring or expired", a server…). */
  listHeadings(): Promise<string[]> {
    return this.tab.evaluate(() => [...document.querySelectorAll('.key-list h2')].map((h) => h.textContent ?? ''));
  }

  /** The masked (or revealed) key shown in a row. */
  keyShown(row: Target): Promise<string> {
    return this.tab.text(within(row, { testId: 'key' }));
  }
}
