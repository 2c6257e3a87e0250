import { withoutTrailingSlash } from '../../shared/validation';

/** Whether two service URLs name the same server (a trailing slash or letter case in the host aside). */
export function sameServer(a: string, b: string): boolean {
  const norm = (url: string) => {
    try {
      const parsed = new URL(url);
      return withoutTrailingSlash(parsed.origin + parsed.pathname);
    } catch {
      return withoutTrailingSlash(url);
    }
  };
  return norm(a) === norm(b);
}
