import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, useDriver, type Tab, type Target } from './driver';

// The driver finds elements the same way in both browsers: Playwright's role/label/text engine in
// Chromium, our in-page finder over BiDi in Firefox. The same page, the same answers.
const PAGE = `<!doctype html><meta charset="utf-8"><title>driver</title>
<h1>KeyDeck</h1><h2>No keys yet</h2>
<section aria-label="Account keys">
  <label>Server URL <input id="url"></label>
  <label>Provider <select><option>CoCalc</option><option>Conduce</option></select></label>
  <input placeholder="Email address">
  <button>Save</button><button>Save all</button>
</section>
<section><p>an unnamed section is no region</p></section>
<form aria-label="Add key manually"><button type="submit">Add</button></form>
<form><button type="button">In an unnamed form</button></form>
<ul>
  <li aria-label="OctoPrint · Cura"><span>Cura</span> <button aria-label="Copy OctoPrint · Cura">Copy</button></li>
  <li>Slicer</li>
</ul>
<p role="status">Saved the key for <b>Cura</b>.</p>
<span aria-label="time left">9:58 left</span>
<button hidden>Ghost</button><div style="display:none"><button>Hidden too</button></div>
<p id="clicked"></p>
<script>document.querySelectorAll('button').forEach((b) => b.addEventListener('click', (e) => { e.preventDefault(); document.getElementById('clicked').textContent = 'clicked ' + b.textContent; }));</script>`;

const COUNTS: Array<[string, Target, number]> = [
  ['button names match as substrings', { role: 'button', name: 'save' }, 2],
  ['exact names match whole', { role: 'button', name: 'Save', exact: true }, 1],
  ['aria-label is the name', { role: 'button', name: 'Copy OctoPrint · Cura' }, 1],
  ['hidden elements have no role', { role: 'button', name: /Ghost|Hidden too/ }, 0],
  ['a named section is a region', { role: 'region', name: 'Account keys' }, 1],
  ['an unnamed section is not', { role: 'region' }, 1],
  ['a named form is a form', { role: 'form', name: 'Add key manually' }, 1],
  ['headings by level', { role: 'heading', level: 1 }, 1],
  ['a list item by its label', { role: 'listitem', name: 'OctoPrint · Cura' }, 1],
  ['all visible list items', { role: 'listitem' }, 2],
  ['a field by its label', { label: 'Server URL' }, 1],
  ['any element by aria-label', { label: 'time left' }, 1],
  ['a textbox named by its placeholder', { role: 'textbox', name: 'Email address' }, 1],
  ['text finds the innermost element', { text: 'Saved the key for Cura.' }, 1],
  ['text by RegExp', { text: /^9:5\d left$/ }, 1],
  ['steps search inside the previous', [{ role: 'listitem', name: 'OctoPrint · Cura' }, { role: 'button', name: 'Copy' }], 1],
  ['and only there', [{ role: 'region', name: 'Account keys' }, { role: 'button', name: 'Copy' }], 0],
  ['a step finds the scope itself by its text', [{ label: 'time left' }, { text: /left$/ }], 1],
];

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  let server: Server;
  let tab: Tab;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    tab = await driver().openTab(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });
  afterAll(async () => {
    server?.closeAllConnections(); // the browser, still open, keeps its connection alive
    await new Promise((done) => server?.close(done));
  });

  test.each(COUNTS)('%s', async (_, target, expected) => {
    await expect(tab.count(target)).resolves.toBe(expected);
  });

  test('click, fill, select and read act on the one element found; two is an error', async () => {
    await tab.click({ role: 'button', name: 'Save all' });
    await tab.waitFor({ text: 'clicked Save all' });
    await tab.fill({ label: 'Server URL' }, 'http://127.0.0.1:9');
    await tab.fill({ label: 'Server URL' }, 'http://octopi.local'); // replaces, as selecting and typing does
    await expect(tab.value({ label: 'Server URL' })).resolves.toBe('http://octopi.local');
    await tab.select({ label: 'Provider' }, { label: 'Conduce' });
    await expect(tab.value({ label: 'Provider' })).resolves.toBe('Conduce');
    await expect(tab.text({ role: 'status' })).resolves.toBe('Saved the key for Cura.');
    await expect(tab.click({ role: 'button', name: 'Save' })).rejects.toThrow();
    await expect(tab.waitFor({ text: 'never on this page' }, 300)).rejects.toThrow();
  });
});
