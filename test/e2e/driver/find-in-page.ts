// Finds elements by role and accessible name, label or text inside a page, for the BiDi driver
// (Playwright does this itself for Chromium). Sent to the page as source: self-contained, no imports.
// A simplified accessible-name computation covering what the popup and the simulators' pages use.
import type { By } from './types';

/** A By with its RegExps made serialisable. */
export type WireBy = Record<string, unknown>;

export function toWire(steps: readonly By[]): WireBy[] {
  return steps.map((step) => {
    const out: WireBy = { ...step };
    for (const key of ['name', 'text'] as const) {
      const v = (step as Record<string, unknown>)[key];
      if (v instanceof RegExp) out[key] = { re: v.source, flags: v.flags };
    }
    return out;
  });
}

export function findInPage(steps: WireBy[]): Element[] {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (actual: string, want: unknown, exact: unknown): boolean => {
    if (want && typeof want === 'object' && 're' in want) {
      const w = want as { re: string; flags: string };
      return new RegExp(w.re, w.flags).test(actual);
    }
    const expected = norm(String(want));
    return exact ? actual === expected : actual.toLowerCase().includes(expected.toLowerCase());
  };
  const visible = (el: Element) =>
    !el.closest('[aria-hidden="true"], [hidden]') &&
    el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== 'hidden';
  const textOf = (el: Element): string => norm((el as HTMLElement).innerText ?? el.textContent);
  const IMPLICIT: Record<string, string> = {
    BUTTON: 'button', A: 'link', LI: 'listitem', UL: 'list', OL: 'list', SELECT: 'combobox', TEXTAREA: 'textbox',
    H1: 'heading', H2: 'heading', H3: 'heading', H4: 'heading', H5: 'heading', H6: 'heading', OUTPUT: 'status',
    DIALOG: 'dialog', NAV: 'navigation', MAIN: 'main',
  };
  const roleOf = (el: Element): string => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit.split(' ')[0]!;
    if (el.tagName === 'A') return el.hasAttribute('href') ? 'link' : '';
    if (el.tagName === 'INPUT') {
      const type = (el as HTMLInputElement).type;
      if (['button', 'submit', 'reset'].includes(type)) return 'button';
      if (type === 'checkbox' || type === 'radio') return type;
      return type === 'number' ? 'spinbutton' : 'textbox';
    }
    const named = el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby');
    if (el.tagName === 'FORM') return named ? 'form' : '';
    if (el.tagName === 'SECTION') return named ? 'region' : '';
    return IMPLICIT[el.tagName] ?? '';
  };
  const labelText = (el: Element): string => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return norm(by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    const aria = el.getAttribute('aria-label');
    if (aria !== null) return norm(aria);
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length > 0) return norm([...labels].map((l) => l.textContent).join(' '));
    return '';
  };
  const FROM_CONTENT = new Set(['button', 'link', 'heading', 'checkbox', 'radio', 'option', 'tab', 'menuitem', 'cell']);
  const nameOf = (el: Element, role: string): string =>
    labelText(el) || (FROM_CONTENT.has(role) ? textOf(el) : '') || norm(el.getAttribute('title') ?? el.getAttribute('placeholder'));

  const inScope = (scope: Element | Document, step: Record<string, unknown>): Element[] => {
    const all = [...scope.querySelectorAll('*')];
    if (typeof step.css === 'string') {
      // Into open shadow roots too, as Playwright's css does (Firefox's certificate warning is one).
      const deep = (root: Element | Document | ShadowRoot): Element[] => [
        ...root.querySelectorAll(step.css as string),
        ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? deep(el.shadowRoot) : [])),
      ];
      return deep(scope).filter((el) =>
        ((step.hasText as string[] | undefined) ?? []).every((t) => matches(textOf(el), t, false)),
      );
    }
    if (typeof step.testId === 'string') return all.filter((el) => el.getAttribute('data-testid') === step.testId);
    if (typeof step.role === 'string') {
      return all.filter((el) => {
        const role = roleOf(el);
        if (role !== step.role || !visible(el)) return false;
        if (typeof step.level === 'number' && Number(el.tagName.slice(1) || el.getAttribute('aria-level')) !== step.level) return false;
        return step.name === undefined || matches(nameOf(el, role), step.name, step.exact);
      });
    }
    if (typeof step.label === 'string') return all.filter((el) => labelText(el) !== '' && matches(labelText(el), step.label, step.exact));
    if (step.text !== undefined) {
      // The innermost elements whose text matches, the scope itself included, as Playwright's getByText finds them.
      const hits = (scope instanceof Element ? [scope, ...all] : all).filter((el) => !['SCRIPT', 'STYLE', 'HEAD', 'TITLE'].includes(el.tagName) && matches(textOf(el), step.text, step.exact));
      return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
    }
    throw new Error(`unknown locator step ${JSON.stringify(step)}`);
  };
  let found: Array<Element | Document> = [document];
  for (const step of steps) found = [...new Set(found.flatMap((scope) => inScope(scope, step)))];
  return found as Element[];
}
