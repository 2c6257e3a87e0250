// manageApiKeys, ported from src/packages/server/api/manage.ts (sagemathinc/cocalc):
// - get:    no id -> every key of the account (project_id IS NULL) or of the project,
//           ORDER BY created DESC, columns id,account_id,expire,created,name,trunc,last_active
//           (no secret, no hash); with an id -> [row] or [undefined] (JSON: [null]).
// - create: [{id,account_id,expire,created,name,last_active,trunc,secret}]; the only time the
//           secret is ever returned.
// - delete: no answer (undefined), also for an id that does not exist.
// - edit:   name and/or expire; "no api key with id X" when there is none; no answer.
// - anything else: no answer. Errors are thrown and the endpoint turns them into {error}.
// Postgres coercions the handler relies on (pg casts text parameters) are imitated with the
// messages Postgres gives for bad input.
import type { KeyRow, CocalcStore } from './store';

const MAX_API_KEYS = 100000;

export interface ManageParams {
  action: unknown;
  project_id: unknown;
  name: unknown;
  expire: unknown;
  id: unknown;
}

function pgInt(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  throw new Error(`invalid input syntax for type integer: "${typeof value === 'object' ? JSON.stringify(value) : String(value)}"`);
}

function pgText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (text.length > 128) throw new Error('value too long for type character varying(128)');
  return text;
}

/** A timestamp parameter: ISO strings (what JSON.stringify(new Date()) sends) and the like. */
function pgTimestamp(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`invalid input syntax for type timestamp: "${String(value)}"`);
  return ms;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The SELECT column list of getApiKeys/getApiKey. */
export function listed(r: KeyRow): Record<string, unknown> {
  return { id: r.id, account_id: r.accountId, expire: iso(r.expire), created: iso(r.created), name: r.name, trunc: r.trunc, last_active: iso(r.lastActive) };
}

/** INSERT ... RETURNING id,account_id,expire,created,name,last_active, then {...row, trunc, secret}. */
function created(r: KeyRow): Record<string, unknown> {
  return { id: r.id, account_id: r.accountId, expire: iso(r.expire), created: iso(r.created), name: r.name, last_active: iso(r.lastActive), trunc: r.trunc, secret: r.secret };
}

export function manageApiKeys(store: CocalcStore, accountId: string, p: ManageParams): unknown {
  if (!store.isValidAccount(accountId)) throw new Error('account_id is not a valid account');
  if (p.project_id != null && !store.isCollaborator(accountId, p.project_id)) {
    throw new Error('user must be collaborator on project to manage project_id api keys');
  }
  // After the check above a non-null project_id is a uuid string.
  const projectId = typeof p.project_id === 'string' && p.project_id ? p.project_id : undefined;
  switch (p.action) {
    case 'get': {
      if (!p.id) return store.list(accountId, projectId).map(listed);
      const id = pgInt(p.id);
      const row = id === null ? undefined : store.get(id, accountId, projectId);
      return [row ? listed(row) : undefined];
    }
    case 'delete': {
      const id = pgInt(p.id);
      if (id !== null) store.delete(id, accountId, projectId);
      return undefined;
    }
    case 'create': {
      if (store.count(accountId) >= MAX_API_KEYS) {
        throw new Error(`There is a limit of ${MAX_API_KEYS} per account; please delete some api keys.`);
      }
      const expire = pgTimestamp(p.expire);
      const name = pgText(p.name);
      return [created(store.insert(accountId, projectId ?? null, name, expire))];
    }
    case 'edit': {
      const id = pgInt(p.id);
      const row = id === null ? undefined : store.get(id, accountId, projectId);
      if (!row) throw new Error(`no api key with id ${String(p.id)}`);
      // One UPDATE with both columns: a bad value changes nothing.
      const name = p.name != null ? pgText(p.name) : row.name;
      const expire = p.expire !== undefined ? pgTimestamp(p.expire) : row.expire;
      row.name = name;
      row.expire = expire;
      return undefined;
    }
    default:
      return undefined;
  }
}
