// State of the Application Keys plugin: pending decisions, ready decisions and
// active keys. Mirrors src/octoprint/plugins/appkeys/__init__.py (PendingDecision,
// ReadyDecision, ActiveKey and the _helpers), with the timers driven by the
// injected clock instead of threads.
import type { SimClock, SimDropInfo, SimKeyInfo, SimPendingInfo } from './types';

/** POLL_TIMEOUT = 5: a ResettableTimer restarted on every poll. */
export const POLL_TIMEOUT_MS = 5_000;
/** CUTOFF_TIME = 10 * 60: pending decisions older than this are stale. */
export const CUTOFF_MS = 10 * 60_000;

interface Pending {
  appId: string;
  appToken: string;
  userId: string | null;
  userToken: string;
  remoteAddress: string;
  created: number;
  lastPoll: number;
}

interface Ready {
  appId: string;
  appToken: string;
  userId: string;
}

export class AppKeysStore {
  private pendingList: Pending[] = [];
  private ready: Ready[] = [];
  /** defaultdict(list) in the plugin: insertion order of users is kept. */
  private readonly keys = new Map<string, SimKeyInfo[]>();
  private readonly drops: SimDropInfo[] = [];
  private readonly dropListeners = new Set<(drop: SimDropInfo) => void>();
  /** Real-time clock only: each pending request's poll timer, as the plugin's ResettableTimer. */
  private readonly pollTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly clock: SimClock,
    private readonly newKey: () => string,
  ) {}

  /** _remove_stale_pending plus the expired poll timers (which fire by themselves on the real server). */
  sweep(): void {
    const now = this.clock.now();
    const kept: Pending[] = [];
    for (const p of this.pendingList) {
      const reason = now - p.lastPoll >= POLL_TIMEOUT_MS ? 'unpolled' : now - p.created > CUTOFF_MS ? 'cutoff' : null;
      if (reason === null) kept.push(p);
      else this.recordDrop({ appToken: p.appToken, appId: p.appId, reason, at: now });
    }
    this.pendingList = kept;
  }

  /** Requests OctoPrint dropped on its own (5 s unpolled, or older than 10 minutes), oldest first. */
  dropped(): SimDropInfo[] {
    return this.drops.map((d) => ({ ...d }));
  }

  /** Calls `listener` for every drop from now on; returns the unsubscribe. */
  onDrop(listener: (drop: SimDropInfo) => void): () => void {
    this.dropListeners.add(listener);
    return () => void this.dropListeners.delete(listener);
  }

  /** Stops the real-time poll timers (the simulator is closing). */
  close(): void {
    for (const timer of this.pollTimers.values()) clearTimeout(timer);
    this.pollTimers.clear();
  }

  private recordDrop(drop: SimDropInfo): void {
    clearTimeout(this.pollTimers.get(drop.appToken));
    this.pollTimers.delete(drop.appToken);
    this.drops.push(drop);
    for (const listener of this.dropListeners) listener({ ...drop });
  }

  /**
   * With a real clock the 5 s timer fires by itself, as on the real server, so a drop happens (and
   * is reported) even when nobody asks; a manual clock drops on the next sweep after advance().
   */
  private armPollTimer(p: Pending): void {
    if (this.clock.advance) return;
    clearTimeout(this.pollTimers.get(p.appToken));
    const fire = () => {
      this.sweep();
      if (this.pendingList.includes(p)) this.armPollTimer(p); // polled meanwhile: wait again
    };
    const timer = setTimeout(fire, Math.max(0, p.lastPoll + POLL_TIMEOUT_MS - this.clock.now()) + 1);
    timer.unref?.();
    this.pollTimers.set(p.appToken, timer);
  }

  addPending(remoteAddress: string, appId: string, userId: string | null): Pending {
    this.sweep();
    const now = this.clock.now();
    const p: Pending = {
      appId, appToken: this.newKey(), userId, userToken: this.newKey(), remoteAddress,
      created: now, lastPoll: now,
    };
    this.pendingList.push(p);
    this.armPollTimer(p);
    return p;
  }

  /** _get_pending_by_app_token; a poll resets the timers of what it finds. */
  pendingByAppToken(appToken: string, touch = false): Pending[] {
    this.sweep();
    const found = this.pendingList.filter((p) => p.appToken === appToken);
    if (touch)
      for (const p of found) {
        p.lastPoll = this.clock.now();
        this.armPollTimer(p);
      }
    return found;
  }

  /** _get_pending_by_user_id: bound to that user, or unbound. */
  pendingForUser(userId: string): Pending[] {
    this.sweep();
    return this.pendingList.filter((p) => p.userId === userId || p.userId === null);
  }

  /** _set_decision: false when unknown or bound to someone else. */
  setDecision(userToken: string, decision: boolean, userId: string): boolean {
    this.sweep();
    const p = this.pendingList.find(
      (x) => x.userToken === userToken && (x.userId === userId || x.userId === null),
    );
    if (!p) return false;
    if (decision) this.ready.push({ appId: p.appId, appToken: p.appToken, userId });
    this.pendingList = this.pendingList.filter((x) => x.userToken !== userToken);
    clearTimeout(this.pollTimers.get(p.appToken));
    this.pollTimers.delete(p.appToken);
    return true;
  }

  /** _get_decision: the key is made on the poll that finds the decision, once. */
  takeDecision(appToken: string): string | null {
    this.sweep();
    const r = this.ready.find((x) => x.appToken === appToken);
    if (!r) return null;
    const key = this.addKey(r.userId, r.appId);
    this.ready = this.ready.filter((x) => x.appToken !== appToken);
    return key;
  }

  /** _add_api_key: one key per user and app, app name compared case-insensitively. */
  addKey(userId: string, appId: string): string {
    const list = this.keysForUser(userId);
    const existing = list.find((k) => k.appId.toLowerCase() === appId.toLowerCase());
    if (existing) return existing.apiKey;
    const apiKey = this.newKey();
    list.push({ appId, apiKey, userId });
    return apiKey;
  }

  deleteKey(apiKey: string): void {
    for (const [user, list] of this.keys) this.keys.set(user, list.filter((k) => k.apiKey !== apiKey));
  }

  /** Owner of an app key, or null. */
  ownerOf(apiKey: string): string | null {
    for (const [user, list] of this.keys) if (list.some((k) => k.apiKey === apiKey)) return user;
    return null;
  }

  keysForUser(userId: string): SimKeyInfo[] {
    let list = this.keys.get(userId);
    if (!list) {
      list = [];
      this.keys.set(userId, list);
    }
    return list;
  }

  keyFor(userId: string, appId: string): SimKeyInfo | undefined {
    return this.keys.get(userId)?.find((k) => k.appId.toLowerCase() === appId.toLowerCase());
  }

  allKeys(): SimKeyInfo[] {
    return [...this.keys.values()].flat();
  }

  pendingInfo(): SimPendingInfo[] {
    this.sweep();
    return this.pendingList.map((p) => ({
      appToken: p.appToken, userToken: p.userToken, appId: p.appId, userId: p.userId,
      remoteAddress: p.remoteAddress, createdAt: p.created, lastPolledAt: p.lastPoll,
    }));
  }
}
