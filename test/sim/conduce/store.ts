// Accounts, sessions and API keys of the simulated Conduce server.
// Keys: a user may have any number (doc/source/api-key-creation.rst "You may create as many API
// keys as you need"); they never expire (create takes only a description, conduce/api.py) and
// are listed in full (oo.py reads apikeys[0]["apikey"] and sends it as a Bearer key).
// Sessions: made by POST /user/login (conduce/session.py); their lifetime is assumed.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ConduceKeyFormat, ConduceKeyRecord, ConduceUser, SeedUserName, SimClock } from './types';

interface Session {
  user: SeedUserName;
  expires: number;
}

export function seedUsers(): Record<SeedUserName, ConduceUser> {
  return {
    dana: { name: 'dana', email: 'dana@example.com', password: 'dana-secret-1' },
    eli: { name: 'eli', email: 'eli@example.com', password: 'eli-secret-22' },
  };
}

export function newKey(format: ConduceKeyFormat): string {
  return format === 'uuid' ? randomUUID() : randomBytes(32).toString('base64url');
}

export class ConduceStore {
  private readonly sessions = new Map<string, Session>();
  private readonly apiKeys: ConduceKeyRecord[] = [];

  constructor(
    private readonly clock: SimClock,
    readonly users: Record<SeedUserName, ConduceUser>,
    private readonly keyFormat: ConduceKeyFormat,
  ) {}

  userByEmail(email: string): ConduceUser | undefined {
    return Object.values(this.users).find((u) => u.email.toLowerCase() === email.toLowerCase());
  }

  createSession(user: SeedUserName, ttlMs: number): string {
    const id = randomBytes(24).toString('base64url');
    this.sessions.set(id, { user, expires: this.clock.now() + ttlMs });
    return id;
  }

  sessionUser(id: string | undefined): SeedUserName | undefined {
    const s = id === undefined ? undefined : this.sessions.get(id);
    if (!s) return undefined;
    if (s.expires <= this.clock.now()) {
      this.sessions.delete(id ?? '');
      return undefined;
    }
    return s.user;
  }

  expireAll(): void {
    for (const s of this.sessions.values()) s.expires = Math.min(s.expires, this.clock.now());
  }

  keyOwner(apikey: string): SeedUserName | undefined {
    return this.apiKeys.find((k) => k.apikey === apikey)?.owner;
  }

  create(owner: SeedUserName, description: string): ConduceKeyRecord {
    const record: ConduceKeyRecord = { apikey: newKey(this.keyFormat), owner, description, created: this.clock.now() };
    this.apiKeys.push(record);
    return record;
  }

  list(owner: SeedUserName): ConduceKeyRecord[] {
    return this.apiKeys.filter((k) => k.owner === owner);
  }

  remove(apikey: string, owner?: SeedUserName): boolean {
    const i = this.apiKeys.findIndex((k) => k.apikey === apikey && (owner === undefined || k.owner === owner));
    if (i < 0) return false;
    this.apiKeys.splice(i, 1);
    return true;
  }

  all(): ConduceKeyRecord[] {
    return this.apiKeys.map((k) => ({ ...k }));
  }
}
