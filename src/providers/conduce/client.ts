import * as v from 'valibot';
import { KeyDeckError, type ErrorCode } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { withoutTrailingSlash } from '../../shared/validation';
import { accountRequest, errorDetail, type AccountAuth, type Http, type HttpResponse } from '../http';

/**
 * Conduce's account API keys (protocols.md; ConduceInc/conduce-python-api conduce/session.py, conduce/api.py):
 * under `/conduce/api/v1`, login gives a session cookie, a key travels as `Authorization: Bearer K`.
 * Failures are HTTP statuses (401: no, expired or wrong sign-in). The list carries full keys.
 */
export const API_PREFIX = '/conduce/api/v1';

const Listed = v.object({ apikey: v.pipe(v.string(), v.minLength(1)), description: v.nullish(v.string()), create_time: v.nullish(v.union([v.number(), v.string()])) });
const Created = v.object({ apikey: v.pipe(v.string(), v.minLength(1)) });

/** One listed key. `apikey` is a secret: callers mask it before it leaves the background. */
export interface ConduceKeyInfo {
  apikey: string;
  description: string | null;
  created: number | null;
}

const time = (t: number | string | null | undefined): number | null => {
  if (t === null || t === undefined) return null;
  const n = typeof t === 'number' ? t : Date.parse(t);
  return Number.isNaN(n) ? null : n;
};

/** Talks to one Conduce server as the signed-in session or with a key (see `accountRequest`). */
export function createConduceClient(transport: { http: Http; sessionHttp: Http }, serverUrl: string, auth: AccountAuth) {
  const base = withoutTrailingSlash(serverUrl);
  const host = new URL(base).host;

  function fail(code: ErrorCode, what: string): never {
    throw new KeyDeckError(code, t('errConduceAt', host, what));
  }

  function call(method: 'GET' | 'POST', path: string, json?: unknown, as: AccountAuth = auth): Promise<HttpResponse> {
    return accountRequest(transport, as, `${base}${API_PREFIX}${path}`, { method, ...(json === undefined ? {} : { json }) });
  }

  function check(response: HttpResponse): void {
    if (response.status === 401)
      auth.kind === 'key'
        ? fail('forbidden', t('atKeyRefused'))
        : fail('forbidden', t('atConduceSessionExpired', base));
    if (response.status >= 500) fail('server-error', t('atServerErrorUnchanged', String(response.status)));
    if (response.status === 404 && !isJson(response)) fail('server-error', t('atConduceNoApi'));
  }

  function shape<T>(schema: v.GenericSchema<unknown, T>, response: HttpResponse): T {
    if (response.status !== 200) fail('invalid-input', t('atRefused', String(response.status), errorDetail(response)));
    const parsed = v.safeParse(schema, response.json);
    if (!parsed.success) fail('server-error', t('atConduceNotJson'));
    return parsed.output;
  }

  return {
    serverUrl: base,
    auth,
    /** Signs in (the browser keeps the session cookie). The password is sent once and kept nowhere. */
    async signIn(email: string, password: string): Promise<void> {
      const response = await call('POST', '/user/login', { email, password, keep: false }, { kind: 'session' });
      if (response.status === 401 || response.status === 403) fail('forbidden', t('atConduceWrongLogin'));
      if (response.status >= 500) fail('server-error', t('atServerErrorNotSignedIn', String(response.status)));
      if (response.status !== 200) fail('invalid-input', t('atConduceSignInRefused', String(response.status), errorDetail(response)));
    },
    async list(): Promise<ConduceKeyInfo[]> {
      const response = await call('GET', '/apikeys/list');
      check(response);
      return shape(v.array(Listed), response).map((k) => ({ apikey: k.apikey, description: k.description ?? null, created: time(k.create_time) }));
    },
    async create(description: string): Promise<string> {
      const response = await call('POST', '/apikeys/create', { description });
      check(response);
      return shape(Created, response).apikey;
    },
    /** 'deleted', or 'not-found' when Conduce has no such key (already gone). */
    async remove(apikey: string): Promise<'deleted' | 'not-found'> {
      if (auth.kind === 'key' && auth.key === apikey)
        fail('unsupported', t('atConduceNoSelfDelete'));
      const response = await call('POST', '/apikeys/delete', { apikey });
      check(response);
      if (response.status === 404) return 'not-found';
      if (response.status !== 200) fail('invalid-input', t('atDeleteRefused', String(response.status), errorDetail(response)));
      return 'deleted';
    },
  };
}

function isJson(response: HttpResponse): boolean {
  return response.json !== undefined;
}


export type ConduceClient = ReturnType<typeof createConduceClient>;
