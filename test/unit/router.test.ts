import type { Runtime } from 'webextension-polyfill';
import { describe, expect, test, vi } from 'vitest';
import { createRouter, type Handlers } from '../../src/background/router';
import { classifySender } from '../../src/background/sender';
import { KeyDeckError } from '../../src/shared/errors';

const ID = 'keydeck-id';
const ORIGIN = 'chrome-extension://keydeck-id';
const popup: Runtime.MessageSender = { id: ID, url: `${ORIGIN}/src/popup/index.html` };
const contentScript: Runtime.MessageSender = { id: ID, url: 'http://octopi.local/', tab: { id: 3 } as Runtime.MessageSender['tab'] };
const otherExtension: Runtime.MessageSender = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' };

function routerWith(overrides: Partial<Handlers> = {}) {
  const handlers = new Proxy(overrides as Handlers, {
    get: (target, key: string) => target[key as keyof Handlers] ?? vi.fn(async () => ({ handled: key })),
  });
  return createRouter(handlers, (sender) => classifySender(sender, ID, ORIGIN));
}

describe('classifySender', () => {
  test.each([
    [popup, 'extension-page'],
    [{ ...popup, tab: { id: 9 } }, 'extension-page'], // the popup opened in a tab
    [contentScript, 'content-script'],
    [otherExtension, 'foreign'],
    [{ id: ID, url: 'file:///etc/passwd', tab: { id: 1 } }, 'foreign'],
    [{ id: ID }, 'foreign'],
  ])('%o is %s', (sender, kind) => {
    expect(classifySender(sender as Runtime.MessageSender, ID, ORIGIN)).toBe(kind);
  });
});

describe('router', () => {
  test('answers an extension page with the handler result', async () => {
    const route = routerWith({ 'vault.list': async () => ({ credentials: [] }) });
    await expect(route({ type: 'vault.list', payload: {} }, popup)).resolves.toEqual({ ok: true, data: { credentials: [] } });
  });

  test.each([
    [undefined, 'A message must be {type, payload}.'],
    ['vault.list', 'A message must be {type, payload}.'],
    [{ type: 'vault.steal', payload: {} }, 'Unknown message type "vault.steal".'],
    [{ type: '__proto__', payload: {} }, 'Unknown message type "__proto__".'],
    [{ type: 'vault.reveal', payload: { id: 5 } }, 'Malformed "vault.reveal" message'],
    [{ type: 'vault.add', payload: { provider: 'octoprint' } }, 'Malformed "vault.add" message'],
  ])('a malformed message %o gets a typed error, never a crash', async (message, text) => {
    const reply = await routerWith()(message, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    expect(!reply.ok && reply.error.message).toContain(text);
  });

  test('a content script may report a detection but not list, reveal, copy or delete keys', async () => {
    const route = routerWith();
    for (const type of ['vault.list', 'vault.reveal', 'vault.copy', 'vault.remove', 'settings.update']) {
      const payload = type === 'vault.list' ? {} : type === 'settings.update' ? {} : { id: 'x' };
      await expect(route({ type, payload }, contentScript)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const report = { kind: 'octoprint', page: 'login', url: 'http://octopi.local/login/' };
    await expect(route({ type: 'content.detected', payload: report }, contentScript)).resolves.toMatchObject({ ok: true });
  });

  test('an extension page cannot pose as a content script, and other extensions get nothing', async () => {
    const route = routerWith();
    const report = { kind: 'octoprint', page: 'login', url: 'http://octopi.local/login/' };
    await expect(route({ type: 'content.detected', payload: report }, popup)).resolves.toMatchObject({
      error: { code: 'forbidden' },
    });
    await expect(route({ type: 'vault.list', payload: {} }, otherExtension)).resolves.toMatchObject({
      error: { code: 'forbidden' },
    });
  });

  test('a handler failure comes back as data; an unexpected one without its message', async () => {
    const route = routerWith({
      'vault.reveal': async () => {
        throw new KeyDeckError('not-found', 'That key is no longer in the vault.');
      },
      'vault.copy': async () => {
        throw new Error('secret-bearing internal detail');
      },
    });
    await expect(route({ type: 'vault.reveal', payload: { id: 'a' } }, popup)).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That key is no longer in the vault.' },
    });
    const reply = await route({ type: 'vault.copy', payload: { id: 'a' } }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('secret-bearing');
  });
});
