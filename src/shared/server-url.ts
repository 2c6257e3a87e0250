import { CAP } from './caps';

/**
 * URLs a server hands KeyDeck (OctoPrint's poll `Location`, its `auth_dialog`) are trusted only on
 * that server: http(s), the service's own origin, below its base path (which may carry a
 * reverse-proxy prefix), without user info. Anything else — another origin, `data:`, `javascript:`,
 * a path beside the prefix — is refused, and the caller falls back to the standard path it knows.
 */
export function onServer(candidate: string | null | undefined, serviceUrl: string): string | null {
  if (!candidate || candidate.length > CAP.url) return null;
  let url: URL;
  let base: URL;
  try {
    // OctoPrint sends absolute URLs; a relative one (a proxy may rewrite so) is read against the service.
    base = new URL(serviceUrl);
    url = new URL(candidate, `${serviceUrl.replace(/\/+$/, '')}/`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.origin !== base.origin) return null;
  const prefix = base.pathname.replace(/\/+$/, '');
  return url.pathname.startsWith(`${prefix}/`) ? url.href : null;
}
