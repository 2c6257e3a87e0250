import { t } from '../../shared/i18n';
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
    return { finding: 'ok', message: t('probeOk') };
  } catch (error) {
    if (error instanceof NetworkError)
      return { finding: error.kind === 'certificate' ? 'certificate' : 'unreachable', message: error.message };
    if (!(error instanceof OctoPrintFailure)) return { finding: 'error', message: t('probeUnexpected', host) };
    if (error.failure.kind === 'basic-auth')
      return {
        finding: 'basic-auth',
        message: t('probeBasicAuth', host),
      };
    if (!(await looksLikeOctoPrint(http, url)))
      return { finding: 'not-octoprint', message: t('probeNotOctoPrint', host) };
    if (error.failure.kind === 'unsupported')
      return {
        finding: 'no-plugin',
        message: t('probeNoPlugin', host),
      };
    if (error.failure.kind === 'not-set-up')
      return { finding: 'not-set-up', message: t('probeNotSetUp', host) };
    if (error.failure.kind === 'rate-limited') return { finding: 'ok', message: t('probeOk') }; // the flow waits it out
    const detail = error.failure.kind === 'unexpected' ? ` (HTTP ${error.failure.status})` : '';
    return { finding: 'error', message: t('probeOddAnswer', host, detail) };
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
