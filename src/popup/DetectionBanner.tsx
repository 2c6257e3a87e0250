import { useState } from 'preact/hooks';
import type { Detection } from '../shared/detection';
import type { AddKeyPrefill } from './AddKeyForm';
import { GetKeyForm } from './GetKeyForm';
import { withoutTrailingSlash } from '../shared/validation';
import { t } from './i18n';

/**
 * "This page looks like OctoPrint at URL": get a key for an app there, or store one by hand. Any page
 * can look like OctoPrint, so the banner names the exact address a key would be asked from or checked against.
 */
export function DetectionBanner({
  detection,
  hasKeys = false,
  onAddManually,
}: {
  detection: Detection;
  /** The vault already holds keys for this server: the form waits behind "Get a new key", so the keys come first. */
  hasKeys?: boolean;
  onAddManually: (prefill: AddKeyPrefill) => void;
}) {
  const server = serverOf(detection.url);
  const [asked, setAsked] = useState(false);
  return (
    <section class="banner" aria-label={t('detectedLabel')}>
      <p role="status">
        {t('detectedAt', server)}
        {detection.version && <span class="muted"> · {t('octoprintVersion', detection.version)}</span>}
      </p>
      {detection.accessRequest !== undefined && (
        <p class="notice" role="status">
          {detection.accessRequest ? t('accessRequestFor', detection.accessRequest) : t('accessRequestHere')}
        </p>
      )}
      {hasKeys && !asked ? (
        <button type="button" class="primary" onClick={() => setAsked(true)}>
          {t('getNewKey')}
        </button>
      ) : (
        // Opened by the user's click: its field takes the focus, where they are about to type.
        <GetKeyForm serviceUrl={server} autoFocus={hasKeys} />
      )}
      <button type="button" onClick={() => onAddManually({ provider: detection.kind, serviceUrl: server })}>
        {t('addKeyForServer')}
      </button>
    </section>
  );
}

/** The server's base URL from a page on it: OctoPrint pages live at /, /login/ or /plugin/…, under any proxy prefix. */
export function serverOf(pageUrl: string): string {
  const url = new URL(pageUrl);
  const path = url.pathname.replace(/\/(login|plugin\/appkeys\/auth)\/.*$/, '/');
  return withoutTrailingSlash(url.origin + path);
}
