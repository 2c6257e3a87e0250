// A minimal WebDriver BiDi client over `ws`, just enough to drive Firefox ESR
// (see firefox.ts). Message shapes follow the W3C WebDriver BiDi spec:
//   command  {id, method, params}
//   success  {type: 'success', id, result}
//   error    {type: 'error', id, error, message, stacktrace}
//   event    {type: 'event', method, params}
// Every command is bounded by a timeout; nothing here can wait forever.
import WebSocket from 'ws';

export const DEFAULT_COMMAND_TIMEOUT_MS = 15_000;

export class BidiError extends Error {
  constructor(
    readonly method: string,
    readonly error: string,
    message: string,
  ) {
    super(`BiDi ${method} failed: ${error}: ${message}`);
    this.name = 'BidiError';
  }
}

type Pending = {
  method: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
};

type EventHandler = (params: Record<string, unknown>) => void;

export class BidiConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private closedError: Error | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', () => this.failAll(new Error('BiDi connection closed')));
    ws.on('error', (err) => this.failAll(new Error(`BiDi connection error: ${err.message}`)));
  }

  /** Opens the WebSocket; fails after `timeoutMs`. */
  static connect(url: string, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): Promise<BidiConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`BiDi: could not connect to ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(new BidiConnection(ws));
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`BiDi: could not connect to ${url}: ${err.message}`));
      });
    });
  }

  get isOpen(): boolean {
    return this.closedError === null && this.ws.readyState === WebSocket.OPEN;
  }

  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
  ): Promise<T> {
    if (!this.isOpen) {
      return Promise.reject(this.closedError ?? new Error(`BiDi ${method}: connection is not open`));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`BiDi ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.ws.send(JSON.stringify({ id, method, params }), (err) => {
        if (!err) return;
        const p = this.pending.get(id);
        if (!p) return;
        clearTimeout(p.timer);
        this.pending.delete(id);
        reject(new Error(`BiDi ${method}: send failed: ${err.message}`));
      });
    });
  }

  on(event: string, handler: EventHandler): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  close(): void {
    this.failAll(new Error('BiDi connection closed'));
    try {
      this.ws.terminate();
    } catch {
      // already gone
    }
  }

  private onMessage(text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (msg.type === 'event') {
      const set = this.handlers.get(String(msg.method));
      for (const h of set ?? []) {
        try {
          h((msg.params ?? {}) as Record<string, unknown>);
        } catch {
          // a faulty handler must not break the connection
        }
      }
      return;
    }
    const id = typeof msg.id === 'number' ? msg.id : NaN;
    const p = this.pending.get(id);
    if (!p) {
      // An error without a usable id (e.g. an unparsable command) — nothing to settle.
      return;
    }
    clearTimeout(p.timer);
    this.pending.delete(id);
    if (msg.type === 'success') p.resolve(msg.result ?? {});
    else p.reject(new BidiError(p.method, String(msg.error), String(msg.message ?? '')));
  }

  private failAll(err: Error): void {
    if (!this.closedError) this.closedError = err;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new Error(`BiDi ${p.method}: ${err.message}`));
    }
  }
}

// ---------------------------------------------------------------------------
// RemoteValue → plain JS (spec: script.RemoteValue)

export type RemoteValue = {
  type: string;
  value?: unknown;
  handle?: string;
  internalId?: string;
  sharedId?: string;
};

/** A value that has no JSON form (node, window, function, promise, …). */
export type RemoteReference = { __bidiType: string; sharedId?: string; handle?: string };

/**
 * Turns a BiDi RemoteValue into a plain value: primitives as themselves,
 * arrays/sets as arrays, objects and maps as plain objects (map keys that are
 * not strings are stringified), dates as ISO strings, regexps as `/src/flags`.
 * Other types come back as `{__bidiType, sharedId?, handle?}`.
 */
export function deserialize(rv: RemoteValue, seen = new Map<string, unknown>()): unknown {
  switch (rv.type) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'string':
    case 'boolean':
      return rv.value;
    case 'number':
      switch (rv.value) {
        case 'NaN':
          return NaN;
        case '-0':
          return -0;
        case 'Infinity':
          return Infinity;
        case '-Infinity':
          return -Infinity;
        default:
          return rv.value;
      }
    case 'bigint':
      return BigInt(String(rv.value));
    case 'date':
      return String(rv.value);
    case 'regexp': {
      const v = rv.value as { pattern: string; flags?: string };
      return `/${v.pattern}/${v.flags ?? ''}`;
    }
    case 'array':
    case 'set': {
      if (rv.value === undefined && rv.internalId && seen.has(rv.internalId)) return seen.get(rv.internalId);
      const out: unknown[] = [];
      if (rv.internalId) seen.set(rv.internalId, out);
      for (const item of (rv.value as RemoteValue[] | undefined) ?? []) out.push(deserialize(item, seen));
      return out;
    }
    case 'object':
    case 'map': {
      if (rv.value === undefined && rv.internalId && seen.has(rv.internalId)) return seen.get(rv.internalId);
      const out: Record<string, unknown> = {};
      if (rv.internalId) seen.set(rv.internalId, out);
      for (const [k, v] of (rv.value as Array<[string | RemoteValue, RemoteValue]> | undefined) ?? []) {
        const key = typeof k === 'string' ? k : String(deserialize(k, seen));
        out[key] = deserialize(v, seen);
      }
      return out;
    }
    default: {
      const ref: RemoteReference = { __bidiType: rv.type };
      if (rv.sharedId) ref.sharedId = rv.sharedId;
      if (rv.handle) ref.handle = rv.handle;
      return ref;
    }
  }
}
