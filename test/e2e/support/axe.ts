// axe-core in a Playwright page (Chromium), and screenshots of what was checked.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: Promise<string> | undefined;

/** WCAG 2.1 A and AA, what the plan asks of every popup state. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe on the page as it is now and returns each violation as one readable line (id, element,
 * what is wrong); empty when there is none. Injected through evaluate (CDP), not a <script> tag: the
 * extension page's CSP allows no inline script, and evaluate is not bound by it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFile(axePath, 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  const violations = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))),
    TAGS,
  );
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${v.help}. ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
  );
}

const SHOTS = resolve('artifacts/screenshots');

/**
 * Axe on the state the page shows, in light and in dark (the popup follows prefers-color-scheme, so
 * contrast is checked in both), writing `artifacts/screenshots/NAME-light.png` and `-dark.png`.
 * Leaves the page in light. Returns every violation, each prefixed with the state and scheme.
 */
export async function checkState(page: Page, name: string): Promise<string[]> {
  await mkdir(SHOTS, { recursive: true });
  const found: string[] = [];
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${colorScheme}.png`, fullPage: true, animations: 'disabled' });
    found.push(...(await axeViolations(page)).map((v) => `${name} (${colorScheme}): ${v}`));
  }
  return found;
}
