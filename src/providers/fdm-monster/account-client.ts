import * as v from 'valibot';
import { KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { withoutTrailingSlash } from '../../shared/validation';
import { errorDetail, NetworkError, type Http, type HttpRequest, type HttpResponse } from '../http';
import type { AccountAuth } from '../types';
import { fdmSessions } from './sessions';

/**
 * FDM Monster's API keys (`/api/v2/api-keys`, ADMIN only; ../shared/fdm-monster.md §2): listed without
 * their tokens (a 16-character prefix identifies each), made for a signed-in user only (its JWT, never
 * another API key), deleted by id. KeyDeck acts with the JWT of the sign-in, or a held key if an admin
 * gave it the ADMIN role.
 */
const Listed = v.object({ id: v.number(), label: v.string(), prefix: v.string(), roles: v.optional(v.array(v.string())) });
const Created = v.object({ id: v.number(), token: v.pipe(v.string(), v.startsWith('fdmm_api_')) });
const Roles = v.array(v.object({ id: v.number(), name: v.string() }));

export type FdmApiKeyInfo = v.InferOutput<typeof Listed>;

/** The role KeyDeck's own key gets: enough for every printer route, not for users, settings or keys. */
export const KEYDECK_ROLE = 'OPERATOR';

/** The part of a token FDM Monster keeps in clear to find it: the 16 characters after `fdmm_api_`. */
export const prefixOf = (token: string) => token.slice('fdmm_api_'.length, 'fdmm_api_'.length + 16);

export function createFdmAccountClient(http: Http, serverUrl: string, auth: AccountAuth) {
  const base = withoutTrailingSlash(serverUrl);
  const host = new URL(base).host;
  const fail = (code: ConstructorParameters<typeof KeyDeckError>[0], what: string): never => {
    throw new KeyDeckError(code, t('errFdmAt', host, what));
  };
  const bearer = (): string =>
    auth.kind === 'key' ? auth.key : (fdmSessions.get(base) ?? fail('forbidden', t('atFdmNeedsSignIn', base)));

  async function call(method: NonNullable<HttpRequest['method']>, path: string, json?: unknown): Promise<HttpResponse> {
    const token = bearer();
    let response: HttpResponse;
    try {
      response = await http(`${base}/api/v2${path}`, { method, headers: { Authorization: `Bearer ${token}` }, ...(json === undefined ? {} : { json }) });
    } catch (error) {
      if (error instanceof NetworkError) throw new KeyDeckError('unreachable', t('errFdmUnreachable', error.message.replace(/\.$/, '')));
      throw error;
    }
    if (response.status === 401) {
      if (auth.kind === 'key') fail('forbidden', t('atKeyRefused'));
      fdmSessions.forget(base);
      fail('forbidden', t('atFdmSignInExpired', base));
    }
    if (response.status === 403)
      fail('forbidden', auth.kind === 'key'
        ? t('atFdmAdminKeyOnly')
        : t('atFdmAdminUserOnly'));
    if (response.status >= 500) fail('server-error', t('atFdmServerErrorDetail', String(response.status), errorDetail(response)));
    return response;
  }

  function shape<T>(schema: v.GenericSchema<unknown, T>, response: HttpResponse): T {
    if (response.status !== 200) fail('invalid-input', t('atRefused', String(response.status), errorDetail(response)));
    const parsed = v.safeParse(schema, response.json);
    if (!parsed.success) return fail('server-error', t('atFdmNotJson'));
    return parsed.output;
  }

  return {
    serverUrl: base,
    host,
    async list(): Promise<FdmApiKeyInfo[]> {
      return shape(v.array(Listed), await call('GET', '/api-keys'));
    },
    /** A new key with KEYDECK_ROLE, labelled; only a signed-in user may (FDM Monster records who). */
    async create(label: string): Promise<{ id: number; token: string }> {
      if (auth.kind === 'key') fail('unsupported', t('atFdmSessionOnly'));
      const role = shape(Roles, await call('GET', '/user/roles')).find((r) => r.name === KEYDECK_ROLE);
      if (!role) fail('server-error', t('atFdmNoRole', KEYDECK_ROLE));
      return shape(Created, await call('POST', '/api-keys', { label, roleIds: [role!.id] }));
    },
    /** 'not-found' when FDM Monster no longer has it (already deleted there). */
    async remove(id: number): Promise<'deleted' | 'not-found'> {
      const response = await call('DELETE', `/api-keys/${id}`);
      if (response.status === 404) return 'not-found';
      if (response.status !== 204 && response.status !== 200) fail('invalid-input', t('atDeleteRefused', String(response.status), errorDetail(response)));
      return 'deleted';
    },
  };
}
