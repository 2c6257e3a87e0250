import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, expect, test, vi } from 'vitest';
import { lazy } from '../../../../src/popup/shell/lazy';

const containers: HTMLElement[] = [];
afterEach(() => {
  for (const container of containers.splice(0)) {
    act(() => render(null, container));
    container.remove();
  }
});

test('a panel whose code fails to load says so with Try again, which loads it afresh (never a blank panel)', async () => {
  const Panel = () => <p>Account keys</p>;
  const load = vi.fn<() => Promise<typeof Panel>>().mockRejectedValueOnce(new TypeError('error loading dynamically imported module')).mockResolvedValue(Panel);
  const Lazy = lazy(load);
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  act(() => render(<Lazy />, container));

  await vi.waitFor(() => expect(container.querySelector('[role="alert"]')?.textContent).toContain('This part of KeyDeck did not load.'));
  expect(container.textContent).not.toContain('Account keys');
  act(() => container.querySelector('button')!.click());
  await vi.waitFor(() => expect(container.textContent).toBe('Account keys'));
  expect(load).toHaveBeenCalledTimes(2);
});

test('a preload that failed is not remembered: opening the panel later loads it', async () => {
  const Panel = () => <p>Settings</p>;
  const load = vi.fn<() => Promise<typeof Panel>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(Panel);
  const Lazy = lazy(load);
  await expect(Lazy.preload()).rejects.toThrow('offline');
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  act(() => render(<Lazy />, container));
  await vi.waitFor(() => expect(container.textContent).toBe('Settings'));
});
