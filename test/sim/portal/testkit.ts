// Test helpers for driving the portal simulator over real HTTP with fetch (redirect: 'manual'):
// what a browser does when a person clicks `#sign-in`, without a browser.
import type { PortalSim, PortalStartParams } from './types';

export interface Fetched {
  status: number;
  location: string | null;
  contentType: string | null;
  body: string;
}

export async function get(url: string): Promise<Fetched> {
  const r = await fetch(url, { redirect: 'manual' });
  return { status: r.status, location: r.headers.get('location'), contentType: r.headers.get('content-type'), body: await r.text() };
}

export async function postForm(url: string, form: Record<string, string>): Promise<Fetched> {
  const r = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: r.status, location: r.headers.get('location'), contentType: r.headers.get('content-type'), body: await r.text() };
}

export function titleOf(html: string): string | null {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? null;
}

/** The value of a (hidden) input or the action of a form in the simulator's own markup. */
export function inputValue(html: string, name: string): string | null {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? null;
}

export function formAction(html: string): string | null {
  return /<form [^>]*action="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
}

export interface FlowResult {
  start: Fetched;
  finish: Fetched;
  /** The parsed Location of the finish redirect. */
  finishUrl: URL;
}

/** Opens the start page, then submits its form as the `#sign-in` click would. */
export async function runPortalFlow(sim: PortalSim, params: PortalStartParams = {}, printerId?: string): Promise<FlowResult> {
  const start = await get(sim.startUrl(params));
  if (start.status !== 200) throw new Error(`start page: HTTP ${start.status}`);
  const session = inputValue(start.body, 'session');
  const action = formAction(start.body);
  if (!session || !action) throw new Error('start page has no form');
  const finish = await postForm(new URL(action, sim.url).href, { session, ...(printerId ? { printerId } : {}) });
  if (finish.status !== 302 || !finish.location) throw new Error(`authorize: HTTP ${finish.status}`);
  return { start, finish, finishUrl: new URL(finish.location) };
}

/** Query names of a URL, in order. */
export function names(url: URL): string[] {
  return [...url.searchParams.keys()];
}
