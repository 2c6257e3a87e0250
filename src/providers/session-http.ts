import { createHttp, type Http } from './http';

/**
 * Requests that ride on the user's sign-in to a server (CoCalc's `remember_me`, Conduce's session
 * cookie): the browser holds those cookies and sends them because the request goes out with
 * `credentials: 'include'`. `fetchImpl` is the browser's fetch; tests pass one over a cookie jar.
 * Key-based requests never come here: they use `createHttp` (cookies omitted), because on CoCalc a
 * cookie overrides `Authorization`.
 */
export function createSessionHttp(fetchImpl: typeof fetch = fetch): Http {
  return createHttp((input, init) => fetchImpl(input, { ...init, credentials: 'include' }));
}
