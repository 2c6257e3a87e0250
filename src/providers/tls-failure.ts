/**
 * Why a request to an https server failed, as far as the browser said (webRequest's `error`). KeyDeck
 * names a certificate problem only when the browser named one.
 * - 'certificate': the browser refused the server's certificate (self-signed, expired, wrong name…).
 * - 'secure-connection': the TLS layer failed some other way, or said so in words KeyDeck cannot read.
 * - 'other': an ordinary network failure (refused, reset, no such host…).
 */
export type TlsFailure = 'certificate' | 'secure-connection' | 'other';

export function classifyBrowserError(said: string): TlsFailure {
  // Chromium names its net errors: ERR_CERT_* are the certificate's, ERR_SSL_* the handshake's.
  if (/^net::ERR_CERT_/.test(said)) return 'certificate';
  if (/^net::ERR_(SSL_|BAD_SSL_)/.test(said)) return 'secure-connection';
  if (/^net::/.test(said)) return 'other';
  // Firefox names network failures by code (NS_ERROR_CONNECTION_REFUSED, NS_BINDING_ABORTED…), but
  // gives its security layer's failures as NSS's sentence for people, in the browser's language
  // ("The certificate is not trusted because it is self-signed.").
  if (/^(NS_[A-Z0-9_]+|0x[0-9a-f]+)$/i.test(said)) return 'other';
  return /certificate/i.test(said) ? 'certificate' : 'secure-connection';
}

/** The browser's words, short and on one line, to quote. */
const quote = (said: string) => said.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').trim().slice(0, 160);

/**
 * What to tell the user about a request to `url` that failed at the network level: for an https
 * server, what the browser said and how to accept a self-signed certificate in a tab; when the
 * browser said nothing, only a hint (an https server might be using one).
 */
export function unreachableMessage(url: string, failure?: { kind: TlsFailure; said: string }): string {
  const { host, origin, protocol } = new URL(url);
  if (protocol !== 'https:' || failure?.kind === 'other') return `Could not reach ${host}.`;
  if (failure?.kind === 'certificate')
    return `${host}’s HTTPS certificate is not trusted by this browser (${quote(failure.said)}). If it is your server’s own (self-signed) certificate, open ${origin} in a tab, accept the certificate there, then try again.`;
  if (failure?.kind === 'secure-connection')
    return `KeyDeck could not make a secure connection to ${host} (the browser says: ${quote(failure.said)}). If it uses a self-signed certificate, open ${origin} in a tab, accept it there, then try again.`;
  return `Could not reach ${host}. (If it uses a self-signed certificate, open ${origin} in a tab and accept it there.)`;
}
