import type { BrowserContext, Page } from 'playwright-core';

/** The popup as a user sees it: found by roles and labels, as a person or a screen reader would. */
export class PopupPage {
  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, url: string): Promise<PopupPage> {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'KeyDeck' }).waitFor();
    return new PopupPage(page);
  }

  async addKey(fields: { serviceUrl: string; app: string; apiKey: string; user?: string; provider?: string }) {
    const form = this.page.getByRole('form', { name: 'Add key manually' });
    if (!(await form.isVisible())) await this.page.getByRole('button', { name: 'Add key' }).click();
    if (fields.provider) await form.getByLabel('Provider').selectOption({ label: fields.provider });
    await form.getByLabel('Server URL').fill(fields.serviceUrl);
    await form.getByLabel('App name').fill(fields.app);
    if (fields.user) await form.getByLabel('User (optional)').fill(fields.user);
    await form.getByLabel('API key').fill(fields.apiKey);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
  }

  row(provider: string, app: string) {
    return this.page.getByRole('listitem', { name: `${provider} · ${app}` });
  }

  /** Opens a row's details with its "⋯" button and waits for them. */
  async expand(provider: string, app: string) {
    const row = this.row(provider, app);
    await row.getByRole('button', { name: 'Details for' }).click();
    await row.getByRole('group', { name: 'Details for' }).waitFor();
  }

  status() {
    return this.page.getByRole('status');
  }
}
