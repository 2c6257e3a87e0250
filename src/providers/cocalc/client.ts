import * as v from 'valibot';
import { KeyDeckError, type ErrorCode } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { withoutTrailingSlash } from '../../shared/validation';
import { accountRequest, type AccountAuth, type Http } from '../http';

/**
 * CoCalc's account API keys (protocols.md; sagemathinc/cocalc src/packages/next/pages/api/v2/api-keys.ts,
 * src/packages/server/api/manage.ts): one endpoint, `POST /api/v2/api-keys`, parameters in the JSON body.
 * Every answer is HTTP 200 with `{response}` or `{error}`; only the Next.js layer answers 4xx/5xx.
 */

const Iso = v.nullish(v.string());
const Listed = v.object({ id: v.number(), name: v.nullish(v.string()), trunc: v.nullish(v.string()), expire: Iso, created: Iso, last_active: Iso });
const Created = v.object({ ...Listed.entries, secret: v.pipe(v.string(), v.minLength(1)) });
const Answer = v.union([v.object({ error: v.string() }), v.object({ response: v.optional(v.unknown()) })]);

/** A key as `get` shows it: never the secret. */
export interface CocalcKeyInfo {
  id: number;
  name: string | null;
  /** The shortened form CoCalc shows (`sk-abc…xyz`). */
  trunc: string | null;
  /** ms since epoch, or null for no expiry. */
  expire: number | null;
  created: number | null;
  lastActive: number | null;
}

export interface CreatedKey extends CocalcKeyInfo {
  /** The one-time secret: only the create answer carries it. */
  secret: string;
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const info = (r: v.InferOutput<typeof Listed>): CocalcKeyInfo => ({
  id: r.id, name: r.name ?? null, trunc: r.trunc ?? null, expire: ms(r.expire), created: ms(r.created), lastActive: ms(r.last_active),
});

/** Talks to one CoCalc server as the signed-in session or with a key (see `accountRequest`). */
export function createCocalcClient(transport: { http: Http; sessionHttp: Http }, serverUrl: string, auth: AccountAuth) {
  const base = withoutTrailingSlash(serverUrl);
  const host = new URL(base).host;

  function refused(): never {
    if (auth.kind === 'key')
      throw new KeyDeckError('forbidden', t('errCocalcKeyRefused', host));
    throw new KeyDeckError('forbidden', t('errCocalcSignedOut', base));
  }

  function unexpected(code: ErrorCode, what: string): never {
    throw new KeyDeckError(code, t('errCocalcUnexpected', host, what));
  }

  async function call(body: Record<string, unknown>): Promise<unknown> {
    const response = await accountRequest(transport, auth, `${base}/api/v2/api-keys`, { method: 'POST', json: body });
    if (response.status >= 500) unexpected('server-error', t('cocalcServerError', String(response.status)));
    if (response.status !== 200) unexpected('server-error', t('cocalcAnsweredHttp', String(response.status), base));
    const parsed = v.safeParse(Answer, response.json);
    if (!parsed.success) unexpected('server-error', t('cocalcNotJson'));
    const answer = parsed.output;
    if ('error' in answer) {
      if (/must be signed in/i.test(answer.error)) refused();
      if (/collaborator/i.test(answer.error)) throw new KeyDeckError('forbidden', t('errCocalcNotCollaborator', host));
      throw new KeyDeckError('invalid-input', t('errCocalcRefused', host, answer.error.slice(0, 200)));
    }
    return answer.response;
  }

  function shape<T>(schema: v.GenericSchema<unknown, T>, value: unknown): T {
    const parsed = v.safeParse(schema, value);
    if (!parsed.success) unexpected('server-error', t('cocalcNotJson'));
    return parsed.output;
  }

  const project = (projectId?: string) => (projectId ? { project_id: projectId } : {});

  return {
    serverUrl: base,
    auth,
    async create({ app, projectId, expire }: { app: string; projectId?: string; expire?: number }): Promise<CreatedKey> {
      const body = { action: 'create', name: app.slice(0, 128), ...project(projectId), ...(expire !== undefined ? { expire: new Date(expire).toISOString() } : {}) };
      const [row] = shape(v.pipe(v.array(Created), v.minLength(1)), await call(body));
      if (!row) unexpected('server-error', t('cocalcCreatedNoKey'));
      return { ...info(row), secret: row.secret };
    },
    /** The account's keys (or a project's), newest first, shortened. */
    async list(projectId?: string): Promise<CocalcKeyInfo[]> {
      return shape(v.array(Listed), await call({ action: 'get', ...project(projectId) })).map(info);
    },
    /** One key, or null when CoCalc lists no key with that id. */
    async get(id: number, projectId?: string): Promise<CocalcKeyInfo | null> {
      const [row] = shape(v.array(v.nullable(Listed)), await call({ action: 'get', id, ...project(projectId) }));
      return row ? info(row) : null;
    },
    /** CoCalc answers the same for an id it does not have. */
    async remove(id: number, projectId?: string): Promise<void> {
      await call({ action: 'delete', id, ...project(projectId) });
    },
  };
}

export type CocalcClient = ReturnType<typeof createCocalcClient>;
