import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import { ApiContext, type KeyDeckApi } from '../../../src/popup/api';
import { AnnouncerProvider } from '../../../src/popup/shell/announcer';

/**
 * Small DOM helpers for popup tests: render inside the API context, find elements the way a user
 * does (a button by its name, a field by its label), and type or click inside `act`.
 */
export interface Rendered {
  container: HTMLElement;
  unmount(): void;
  /** Renders new props into the same tree (state kept), as a parent's update would. */
  rerender(ui: ComponentChildren): void;
}

const mounted = new Set<HTMLElement>();

export function renderWithApi(api: KeyDeckApi, ui: ComponentChildren): Rendered {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.add(container);
  // Under the popup's announcer, as App renders every panel (its live region is in `container` too).
  const draw = (next: ComponentChildren) =>
    act(() =>
      render(
        <ApiContext.Provider value={api}>
          <AnnouncerProvider>{next}</AnnouncerProvider>
        </ApiContext.Provider>,
        container,
      ),
    );
  draw(ui);
  return { container, unmount: () => unmount(container), rerender: draw };
}

function unmount(container: HTMLElement) {
  act(() => render(null, container));
  container.remove();
  mounted.delete(container);
}

/** For afterEach: unmounts whatever a test left rendered (its listeners on storage go with it). */
export function cleanup() {
  for (const container of [...mounted]) unmount(container);
}

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** A button's accessible name: its aria-label, else its text. */
export const nameOf = (el: Element) => squash(el.getAttribute('aria-label') ?? el.textContent);

export function buttons(root: Element, name: string | RegExp): HTMLButtonElement[] {
  return [...root.querySelectorAll('button')].filter((b) => (typeof name === 'string' ? nameOf(b) === name : name.test(nameOf(b))));
}

/** Exactly one button with that name (throws otherwise, so `vi.waitFor` retries). */
export function button(root: Element, name: string | RegExp): HTMLButtonElement {
  const found = buttons(root, name);
  if (found.length !== 1) throw new Error(`Expected one button "${name}", found ${found.length}: ${[...root.querySelectorAll('button')].map(nameOf).join(' | ')}`);
  return found[0]!;
}

/** The input, select or textarea inside the label whose own text starts with `label`. */
export function field<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(root: Element, label: string): T {
  const found = [...root.querySelectorAll('label')].filter((l) => squash(ownText(l)).startsWith(label));
  const control = found.length === 1 ? found[0]!.querySelector('input, select, textarea') : null;
  if (!control) throw new Error(`Expected one field labelled "${label}", found ${found.length}`);
  return control as T;
}

/** The label's text without that of its controls and messages. */
function ownText(label: Element): string {
  return [...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(' ');
}

/** The element with this aria-label (a section, a row), exactly one. */
export function region(root: Element, name: string): HTMLElement {
  const found = [...root.querySelectorAll<HTMLElement>('[aria-label]')].filter((el) => el.getAttribute('aria-label') === name);
  if (found.length !== 1) throw new Error(`Expected one element labelled "${name}", found ${found.length}`);
  return found[0]!;
}

export const text = (root: Element) => squash(root.textContent);

export function click(el: HTMLElement) {
  act(() => el.click());
}

export function type(el: HTMLInputElement, value: string) {
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function choose(el: HTMLSelectElement, value: string) {
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** A promise the test settles when it chooses (an answer still on its way). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
