import { useState } from 'preact/hooks';
import type { CredentialView } from '../../shared/credential';
import { messageOf, useApi } from '../api';
import { t } from '../i18n';

/** The dark modules as one SVG path: a 1×1 square per module, on a grid with a 2-module quiet zone. */
export function qrPath(modules: readonly (readonly boolean[])[]): string {
  let d = '';
  modules.forEach((row, y) => row.forEach((dark, x) => (d += dark ? `M${x + 2} ${y + 2}h1v1h-1z` : '')));
  return d;
}

/**
 * The key as a QR code for a phone app, on request only: the key is fetched like Reveal (so a
 * locked KeyDeck asks for the passphrase first) and held only while the row is open (this state
 * goes with it). The QR library loads when first asked for.
 */
export function useKeyQr(credential: CredentialView, onError: (message: string) => void) {
  const { send } = useApi();
  const [modules, setModules] = useState<boolean[][] | null>(null);
  const toggle = async () => {
    if (modules) return setModules(null);
    try {
      const [{ apiKey }, { encode }] = await Promise.all([send('vault.reveal', { id: credential.id }), import('uqr')]);
      setModules(encode(apiKey, { ecc: 'M', border: 0 }).data);
    } catch (failure) {
      onError(messageOf(failure));
    }
  };
  return { modules, toggle };
}

/** Drawn as SVG elements (no markup built from strings), black on white whatever the theme. */
export function QrImage({ modules, app }: { modules: boolean[][]; app: string }) {
  const size = modules.length + 4;
  return (
    <svg class="key-qr" role="img" aria-label={t('qrLabel', app)} viewBox={`0 0 ${size} ${size}`} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={qrPath(modules)} fill="#000" />
    </svg>
  );
}
