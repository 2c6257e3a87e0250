// Direct calls to the simulator that play the person or other apps (not KeyDeck): generate a key
// in OctoPrint's settings, check a key, ask for keys as another app. Test-side only.
import type { OctoPrintSim } from '../../sim/octoprint/types';

function basic(reach: { basicAuth?: { user: string; password: string } }): Record<string, string> {
  return reach.basicAuth ? { Authorization: `Basic ${btoa(`${reach.basicAuth.user}:${reach.basicAuth.password}`)}` } : {};
}

export interface Reach {
  basicAuth?: { user: string; password: string };
}

/** `POST /api/plugin/appkeys {"command":"generate"}` as the owner of `asKey` (the settings page does this). */
export async function generateAppKey(sim: OctoPrintSim, asKey: string, app: string, user?: string, reach: Reach = {}): Promise<string> {
  const response = await fetch(`${sim.url}/api/plugin/appkeys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': asKey, ...basic(reach) },
    body: JSON.stringify({ command: 'generate', app, ...(user ? { user } : {}) }),
  });
  if (response.status !== 200) throw new Error(`generate ${app}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { api_key: string }).api_key;
}

/** `GET /api/version` with the key: 200 while OctoPrint accepts it. */
export async function keyWorks(sim: OctoPrintSim, key: string, reach: Reach = {}): Promise<boolean> {
  const response = await fetch(`${sim.url}/api/version`, { headers: { 'X-Api-Key': key, ...basic(reach) } });
  await response.arrayBuffer();
  return response.status === 200;
}

/** Another app on the same computer asks for a key (counts against the rate limit). */
export async function requestAsOtherApp(sim: OctoPrintSim, app: string): Promise<number> {
  const response = await fetch(`${sim.url}/plugin/appkeys/request`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ app }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The whole Application Keys request by hand (request, decision, poll), decided by `asUser`. */
export async function keyApprovedBy(sim: OctoPrintSim, app: string, asUser: string): Promise<string> {
  const created = await fetch(`${sim.url}/plugin/appkeys/request`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ app }),
  });
  if (created.status !== 201) throw new Error(`request ${app}: HTTP ${created.status}`);
  const { app_token: token } = (await created.json()) as { app_token: string };
  if (!sim.approve(token, asUser)) throw new Error(`approve ${app} as ${asUser} failed`);
  const polled = await fetch(created.headers.get('Location')!);
  if (polled.status !== 200) throw new Error(`poll ${app}: HTTP ${polled.status}`);
  return ((await polled.json()) as { api_key: string }).api_key;
}
