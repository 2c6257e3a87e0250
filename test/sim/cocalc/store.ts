// In-memory stand-ins for the tables the endpoints touch: accounts, projects
// (users -> group), api_keys (src/packages/util/db-schema/api-keys.ts) and
// remember_me (src/packages/server/auth/remember-me.ts). Queries mirror
// src/packages/server/api/manage.ts and src/packages/server/projects/is-collaborator.ts.
import { isValidUuid, legacySecret, newSecret, randomUUID, rememberMeValue, truncOf } from './keys';
import type { CocalcKeyRecord, CocalcProject, CocalcUser, SeedUserName, SimClock } from './types';

export type KeyRow = CocalcKeyRecord;

interface RememberMe {
  accountId: string;
  expire: number;
}

export function seedUsers(): Record<SeedUserName, CocalcUser> {
  return {
    alice: { name: 'alice', accountId: randomUUID(), email: 'alice@example.org', password: 'alice-pass-1', legacyApiKey: legacySecret() },
    bob: { name: 'bob', accountId: randomUUID(), email: 'bob@example.org', password: 'bob-pass-22', legacyApiKey: null },
  };
}

export function seedProjects(users: Record<SeedUserName, CocalcUser>): Record<'thesis' | 'course' | 'lab', CocalcProject> {
  const a = users.alice.accountId;
  const b = users.bob.accountId;
  return {
    thesis: { projectId: randomUUID(), title: 'Thesis', users: { [a]: 'owner', [b]: 'collaborator' } },
    course: { projectId: randomUUID(), title: 'Course', users: { [a]: 'owner' } },
    lab: { projectId: randomUUID(), title: 'Lab', users: { [b]: 'owner' } },
  };
}

export class CocalcStore {
  private readonly rows = new Map<number, KeyRow>();
  private readonly rememberMe = new Map<string, RememberMe>();
  private nextId = 1;

  constructor(
    private readonly clock: SimClock,
    readonly users: Record<SeedUserName, CocalcUser>,
    readonly projects: Record<'thesis' | 'course' | 'lab', CocalcProject>,
  ) {}

  accountByEmail(email: string): CocalcUser | undefined {
    return Object.values(this.users).find((u) => u.email === email);
  }

  accountByLegacyKey(secret: string): CocalcUser | undefined {
    return Object.values(this.users).find((u) => u.legacyApiKey !== null && u.legacyApiKey === secret);
  }

  /** is-valid-account.ts: SELECT COUNT(*) FROM accounts WHERE account_id = $1. */
  isValidAccount(accountId: string): boolean {
    return Object.values(this.users).some((u) => u.accountId === accountId);
  }

  /** is-collaborator.ts: group "owner" or "collaborator"; throws on a non-uuid. */
  isCollaborator(accountId: unknown, projectId: unknown): boolean {
    if (!isValidUuid(accountId) || !isValidUuid(projectId)) {
      throw new Error("invalid account_id or project_id -- all must be valid uuid's");
    }
    if (accountId === projectId) return true;
    const project = Object.values(this.projects).find((p) => p.projectId === projectId);
    const group = project?.users[accountId];
    return group === 'owner' || group === 'collaborator';
  }

  /** createRememberMeCookie: the cookie value; the row expires after ttl. */
  createRememberMe(accountId: string, ttlMs: number): string {
    const value = rememberMeValue();
    this.rememberMe.set(value, { accountId, expire: this.clock.now() + ttlMs });
    return value;
  }

  /** getAccountIdFromRememberMe: unknown or expired (`expire <= new Date()`) -> undefined. */
  accountFromRememberMe(value: string): string | undefined {
    const row = this.rememberMe.get(value);
    if (!row || row.expire <= this.clock.now()) return undefined;
    return row.accountId;
  }

  deleteRememberMe(value: string): void {
    this.rememberMe.delete(value);
  }

  deleteAllRememberMe(accountId: string): void {
    for (const [k, v] of this.rememberMe) if (v.accountId === accountId) this.rememberMe.delete(k);
  }

  expireAllSessions(): void {
    const now = this.clock.now();
    for (const row of this.rememberMe.values()) row.expire = Math.min(row.expire, now);
  }

  /** getApiKeys: project keys by project, else the account's non-project keys, ORDER BY created DESC. */
  list(accountId: string, projectId?: string): KeyRow[] {
    const rows = [...this.rows.values()].filter((r) =>
      projectId ? r.projectId === projectId : r.accountId === accountId && r.projectId === null);
    return rows.sort((x, y) => y.created - x.created || y.id - x.id);
  }

  /** getApiKey: WHERE id=$1 AND project_id=$2, or AND account_id=$2. */
  get(id: number, accountId: string, projectId?: string): KeyRow | undefined {
    const row = this.rows.get(id);
    if (!row) return undefined;
    return (projectId ? row.projectId === projectId : row.accountId === accountId) ? row : undefined;
  }

  /** createApiKey: INSERT ... RETURNING id, then the secret encodes the id. */
  insert(accountId: string, projectId: string | null, name: string | null, expire: number | null): KeyRow {
    const id = this.nextId++;
    const secret = newSecret(id);
    const row: KeyRow = { id, accountId, projectId, name, created: this.clock.now(), expire, lastActive: null, trunc: truncOf(secret), secret };
    this.rows.set(id, row);
    return row;
  }

  /** deleteApiKey: a collaborator may delete any key of the project; else only their own. */
  delete(id: number, accountId: string, projectId?: string | null): void {
    const row = this.get(id, accountId, projectId ?? undefined);
    if (row) this.rows.delete(id);
  }

  count(accountId: string): number {
    return [...this.rows.values()].filter((r) => r.accountId === accountId).length;
  }

  /** The row the last 6 characters of a secret point at (getAccountWithApiKey). */
  byId(id: number): KeyRow | undefined {
    return this.rows.get(id);
  }

  remove(id: number): boolean {
    return this.rows.delete(id);
  }

  all(): KeyRow[] {
    return [...this.rows.values()].sort((x, y) => y.created - x.created || y.id - x.id).map((r) => ({ ...r }));
  }
}
