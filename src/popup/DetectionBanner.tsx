import type { Detection } from '../shared/detection';
import type { AddKeyPrefill } from './AddKeyForm';
import { t } from './i18n';

/** "OctoPrint detected at URL", with the way to store a key for that server. */
export function DetectionBanner({
  detection,
  onAddManually,
}: {
  detection: Detection;
  onAddManually: (prefill: AddKeyPrefill) => void;
}) {
  const server = serverOf(detection.url);
  return (
    <section class="banner" role="status" aria-label={t('detectedLabel')}>
      <p>
        {t('detectedAt', server)}
        {detection.version && <span class="muted"> · {t('octoprintVersion', detection.version)}</span>}
      </p>
      <button type="button" onClick={() => onAddManually({ provider: 'octoprint', serviceUrl: server })}>
        {t('addKeyForServer')}
      </button>
    </section>
  );
}

/** The server's base URL from a page on it: OctoPrint pages live at /, /login/ or /plugin/…, under any proxy prefix. */
function serverOf(pageUrl: string): string {
  const url = new URL(pageUrl);
  const path = url.pathname.replace(/\/(login|plugin\/appkeys\/auth)\/.*$/, '/').replace(/\/+$/, '');
  return url.origin + path;
}
