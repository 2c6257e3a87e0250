import { afterEach, describe, expect, test, vi } from 'vitest';
import { FarmExport } from '../../../src/popup/farm/FarmExport';
import { KeyDeckError } from '../../../src/shared/errors';
import type { ExportFile } from '../../../src/shared/farm-export';
import { createFakeApi } from '../support/fake-api';
import { button, buttons, cleanup, click, deferred, field, region, renderWithApi, text } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const OCTOFARM: ExportFile = {
  filename: 'printers.json',
  text: '[{"name":"a","apikey":"SECRET"}]',
  secrets: 2,
  notes: [{ credentialId: 'c2', message: '10.0.0.22: OctoFarm accepts only 32-character keys and this one has 43.' }],
};

describe('FarmExport', () => {
  test('says how many keys the file will hold in clear text before anything is saved; Save offers exactly that file', async () => {
    const api = createFakeApi();
    const answer = deferred<ExportFile>();
    api.handle('farm.export', () => answer.promise);
    const { container } = renderWithApi(api, <FarmExport credentialIds={['c1', 'c2', 'c3']} />);
    const section = region(container, 'Export for a farm manager');

    click(button(section, 'Prepare the file for 3 keys'));
    expect(api.sentOf('farm.export')).toEqual([{ format: 'octofarm', credentialIds: ['c1', 'c2', 'c3'] }]);
    expect(button(section, 'Preparing…').disabled).toBe(true);
    answer.resolve({ ...OCTOFARM, notes: [...OCTOFARM.notes, { credentialId: 'c3', message: 'Left out: this key is no longer in the vault.' }] });

    await vi.waitFor(() => expect(text(section)).toContain('printers.json will hold 2 keys in clear text: anyone who has the file can use these printers.'));
    expect(text(region(section, 'Before you save'))).toBe('10.0.0.22: OctoFarm accepts only 32-character keys and this one has 43.Left out: this key is no longer in the vault.');
    expect(api.saved).toEqual([]); // nothing offered until the user says so

    click(button(section, 'Save printers.json'));
    expect(api.saved).toEqual([{ name: 'printers.json', text: OCTOFARM.text }]);
    expect(text(section)).toContain('Saved printers.json with 2 keys.');
    expect(buttons(section, 'Save printers.json')).toEqual([]);
  });

  test('FDM Monster’s format is asked for when chosen; changing the format drops a prepared file', async () => {
    const api = createFakeApi();
    api.handle('farm.export', async ({ format }) =>
      format === 'octofarm' ? OCTOFARM : { filename: 'keydeck-fdm-monster-2026-11-27.yaml', text: 'printers: []', secrets: 1, notes: [] },
    );
    const { container } = renderWithApi(api, <FarmExport credentialIds={['c1']} />);
    click(button(container, 'Prepare the file for 1 key'));
    await vi.waitFor(() => button(container, 'Save printers.json'));

    click(field(container, 'FDM Monster (YAML import)'));
    expect(buttons(container, 'Save printers.json')).toEqual([]);
    click(button(container, 'Prepare the file for 1 key'));
    await vi.waitFor(() => expect(text(container)).toContain('keydeck-fdm-monster-2026-11-27.yaml will hold 1 key in clear text'));
    expect(api.sentOf('farm.export').map((p) => p.format)).toEqual(['octofarm', 'fdm-monster-yaml']);
    click(button(container, 'Save keydeck-fdm-monster-2026-11-27.yaml'));
    expect(api.saved.map((f) => f.name)).toEqual(['keydeck-fdm-monster-2026-11-27.yaml']);
  });

  test('a file that would hold no key offers no Save, and says why; nothing selected offers nothing to prepare', async () => {
    const api = createFakeApi();
    api.handle('farm.export', async () => ({ filename: 'printers.json', text: '[]', secrets: 0, notes: [{ credentialId: 'f', message: 'Left out: not an OctoPrint key.' }] }));
    const { container, unmount } = renderWithApi(api, <FarmExport credentialIds={['f']} />);
    click(button(container, 'Prepare the file for 1 key'));
    await vi.waitFor(() => expect(text(container)).toContain('Nothing to export: none of the chosen keys can go into this file.'));
    expect(text(container)).toContain('Left out: not an OctoPrint key.');
    expect(buttons(container, /^Save/)).toEqual([]);
    unmount();

    const empty = renderWithApi(api, <FarmExport credentialIds={[]} />);
    expect(text(empty.container)).toContain('Select keys above to export them.');
    expect(buttons(empty.container, /^Prepare/)).toEqual([]);
  });

  test('a refusal from the background is shown, and nothing is saved', async () => {
    const api = createFakeApi();
    api.handle('farm.export', async () => {
      throw new KeyDeckError('not-found', 'None of the chosen keys is in the vault any more.');
    });
    const { container } = renderWithApi(api, <FarmExport credentialIds={['gone']} />);
    click(button(container, 'Prepare the file for 1 key'));
    await vi.waitFor(() => expect(container.querySelector('[role="alert"]')?.textContent).toBe('None of the chosen keys is in the vault any more.'));
    expect(api.saved).toEqual([]);
  });
});
