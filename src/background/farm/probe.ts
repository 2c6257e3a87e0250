import { NetworkError, type Http } from '../../providers/http';
import { OctoPrintFailure, type OctoPrintClient } from '../../providers/octoprint/client';
import type { ProbeFinding } from '../../shared/farm';

export interface ProbeResult {
  finding: ProbeFinding;
  message: string;
}

/**
 * Before a farm asks a server for a key: is it there, is it OctoPrint, can it hand out keys?
 * The appkeys probe (no key sent) answers the last two; when it does not say yes, OctoPrint's login
 * page tells an OctoPrint without the plugin (or not set up) from something else at that address.
 */
export async function probeFarmServer(client: OctoPrintClient, http: Http, url: string): Promise<ProbeResult> {
  const host = new URL(url).host;
  try {
    await client.probe({ url });
    return { finding: 'ok', message: 'OctoPrint with Application Keys.' };
  } catch (error) {
    if (error instanceof NetworkError)
      return { finding: error.kind === 'certificate' ? 'certificate' : 'unreachable', message: error.message };
    if (!(error instanceof OctoPrintFailure)) return { finding: 'error', message: `Something unexpected happened talking to ${host}.` };
    if (error.failure.kind === 'basic-auth')
      return {
        finding: 'basic-auth',
        message: `${host} asks for a user name and password (HTTP basic auth) before OctoPrint: open the popup on its page and use Get key there, which asks for them.`,
      };
    if (!(await looksLikeOctoPrint(http, url)))
      return { finding: 'not-octoprint', message: `${host} answers, but not as OctoPrint (check the address and port).` };
    if (error.failure.kind === 'unsupported')
      return {
        finding: 'no-plugin',
        message: `OctoPrint on ${host} has no Application Keys plugin (disabled, or older than 1.3.11). Copy a key from OctoPrint’s settings and add it by hand.`,
      };
    if (error.failure.kind === 'not-set-up')
      return { finding: 'not-set-up', message: `OctoPrint on ${host} is not set up yet (or refuses access). Finish its setup wizard, then retry.` };
    if (error.failure.kind === 'rate-limited') return { finding: 'ok', message: 'OctoPrint with Application Keys.' }; // the flow waits it out
    const detail = error.failure.kind === 'unexpected' ? ` (HTTP ${error.failure.status})` : '';
    return { finding: 'error', message: `OctoPrint on ${host} answered in a way KeyDeck did not expect${detail}.` };
  }
}

/** OctoPrint's login page names it (`<title>OctoPrint Login</title>`, `data-octoprint-version` since 1.11). */
async function looksLikeOctoPrint(http: Http, url: string): Promise<boolean> {
  try {
    const page = await http(`${url}/login/`, { timeoutMs: 5_000 });
    return page.status === 200 && /octoprint/i.test(page.text.slice(0, 20_000));
  } catch {
    return false;
  }
}
