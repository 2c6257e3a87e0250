import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { detectOctoPrint, isDecisionClick } from '../../src/content/detect';

const fixture = (name: string) => readFileSync(`test/fixtures/octoprint/${name}`, 'utf8');

function page(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

const MAIN = (extra = '') => `<!doctype html><html data-octoprint-version="1.11.8"><title>OctoPrint</title>
  <script src="/static/webassets/packed_core.js"></script><div id="navbar"></div><div id="page-container-main"></div>${extra}</html>`;

describe('detectOctoPrint', () => {
  test('recognises the real 1.11.8 login page (it has no version attribute)', () => {
    expect(detectOctoPrint(page(fixture('octoprint-1.11.8-login.html')), 'http://octopi.local/login/')).toEqual({
      kind: 'octoprint',
      page: 'login',
      url: 'http://octopi.local/login/',
    });
  });

  test('recognises the real auth dialog', () => {
    const found = detectOctoPrint(page(fixture('octoprint-1.11.8-authdialog.html')), 'http://o/plugin/appkeys/auth/T');
    expect(found?.page).toBe('auth-dialog');
  });

  test('recognises the main UI, the settings dialog and the Application Keys pane, with the version', () => {
    expect(detectOctoPrint(page(MAIN()), 'http://o/')).toEqual({ kind: 'octoprint', page: 'main', version: '1.11.8', url: 'http://o/' });
    const settings = '<div id="settings_dialog" class="modal in"><div id="settings_plugin_appkeys" class="tab-pane"></div></div>';
    expect(detectOctoPrint(page(MAIN(settings)), 'http://o/')?.page).toBe('settings');
    const appkeys = '<div id="settings_dialog" class="modal in"><div id="settings_plugin_appkeys" class="tab-pane active"></div></div>';
    expect(detectOctoPrint(page(MAIN(appkeys)), 'http://o/')?.page).toBe('appkeys');
    // A closed dialog is not "in settings", whatever pane was last active.
    const closed = '<div id="settings_dialog" class="modal"><div id="settings_plugin_appkeys" class="active"></div></div>';
    expect(detectOctoPrint(page(MAIN(closed)), 'http://o/')?.page).toBe('main');
  });

  test.each([
    ['an ordinary page', '<!doctype html><title>News</title><p>hello</p>'],
    ['a page borrowing OctoPrint ids without its bundles', '<div id="page-container-main"></div><input id="login-user"><input id="login-password">'],
    ['a page that only says OctoPrint in its title', '<title>OctoPrint</title>'],
  ])('ignores %s', (_, html) => {
    expect(detectOctoPrint(page(html), 'http://example.test/')).toBeNull();
  });

  test('caps what it copies from the page', () => {
    const html = MAIN().replace('1.11.8', 'x'.repeat(500));
    expect(detectOctoPrint(page(html), 'http://o/')?.version).toHaveLength(40);
  });
});

describe('Access Request notice and decisions', () => {
  const NOTICE = (title: string) => `<div class="ui-pnotify"><div class="ui-pnotify-container">
    <h4 class="ui-pnotify-title">${title}</h4>
    <div class="ui-pnotify-text"><p>"<strong>OctoFarm</strong>" has requested access to control OctoPrint through the API.</p></div>
    <div class="ui-pnotify-action-bar"><button>Allow</button><button>Deny</button></div></div></div>`;

  test('a showing notice is reported with the app it names', () => {
    expect(detectOctoPrint(page(MAIN(NOTICE('Access Request'))), 'http://o/')?.accessRequest).toBe('OctoFarm');
    expect(detectOctoPrint(page(MAIN(NOTICE('Printer connected'))), 'http://o/')?.accessRequest).toBeUndefined();
    expect(detectOctoPrint(page(MAIN()), 'http://o/')?.accessRequest).toBeUndefined();
  });

  test('clicks on Allow/Deny in the notice or the auth dialog count as decisions; other clicks do not', () => {
    const doc = page(MAIN(NOTICE('Access Request') + NOTICE('Printer connected').replace('Allow', 'OK')));
    const [allow, deny, ok] = [...doc.querySelectorAll('.ui-pnotify button')];
    expect(isDecisionClick(allow!)).toBe(true);
    expect(isDecisionClick(deny!)).toBe(true);
    expect(isDecisionClick(ok!)).toBe(false);
    expect(isDecisionClick(doc.getElementById('navbar'))).toBe(false);
    const dialog = page(fixture('octoprint-1.11.8-authdialog.html'));
    expect(isDecisionClick(dialog.getElementById('auth-grant'))).toBe(true);
    expect(isDecisionClick(dialog.getElementById('auth-reject'))).toBe(true);
  });
});
