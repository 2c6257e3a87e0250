import * as v from 'valibot';
import { errorDetail, type Http, type HttpResponse } from '../http';
import { boundedId, CAP, cappedText } from '../../shared/caps';
import { onServer } from '../../shared/server-url';

/**
 * OctoPrint's HTTP API as KeyDeck uses it (protocols.md; OctoPrint's src/octoprint/plugins/appkeys/).
 * Keys travel only in the X-Api-Key header, never in a URL. The appkeys probe, request and poll
 * endpoints get no key at all: on 1.8.4–1.10.x any invalid key there is a 403.
 */
export interface Server {
  /** Base URL with any reverse-proxy prefix, no trailing slash. */
  url: string;
  /** HTTP basic auth in front of OctoPrint (a reverse proxy), when there is one. */
  basicAuth?: { user: string; password: string };
}

export type OctoPrintError =
  | { kind: 'basic-auth' } // 401 from a proxy in front
  | { kind: 'not-set-up' } // 403 before the setup wizard is done
  | { kind: 'unsupported' } // 404: no Application Keys plugin
  | { kind: 'rate-limited' } // 429
  | { kind: 'rejected' } // 403 for a key
  | { kind: 'unexpected'; status: number; detail: string };

export class OctoPrintFailure extends Error {
  constructor(readonly failure: OctoPrintError) {
    super(failure.kind);
    this.name = 'OctoPrintFailure';
  }
}

// What the server says is bounded here, where it enters (shared/caps.ts): names and versions are
// cut, tokens and keys refused when oversized; URLs are checked by onServer().
const RequestCreated = v.object({ app_token: v.pipe(boundedId(CAP.secret), v.minLength(1)), auth_dialog: v.optional(v.string()) });
const PollApproved = v.object({ api_key: v.pipe(boundedId(CAP.secret), v.minLength(1)) });
const Name = cappedText(CAP.name);
const CurrentUser = v.object({ name: v.nullable(Name), groups: v.array(Name), permissions: v.optional(v.array(Name)) });
const Version = v.object({ server: Name });
const Settings = v.object({ api: v.optional(v.object({ allowCrossOrigin: v.optional(v.boolean()) })) });
const AppKeyEntry = v.object({ key: v.object({ api_key: v.optional(v.string()) }) });

export type CurrentUserInfo = v.InferOutput<typeof CurrentUser>;

export function createOctoPrintClient(http: Http) {
  const headers = (server: Server, key?: string): Record<string, string> => ({
    ...(server.basicAuth ? { Authorization: `Basic ${btoa(`${server.basicAuth.user}:${server.basicAuth.password}`)}` } : {}),
    ...(key ? { 'X-Api-Key': key } : {}),
  });

  function fail(response: HttpResponse): never {
    if (response.status === 401 && /basic/i.test(response.headers.get('WWW-Authenticate') ?? ''))
      throw new OctoPrintFailure({ kind: 'basic-auth' });
    if (response.status === 429) throw new OctoPrintFailure({ kind: 'rate-limited' });
    throw new OctoPrintFailure({ kind: 'unexpected', status: response.status, detail: errorDetail(response) });
  }

  function parse<T>(schema: v.GenericSchema<unknown, T>, response: HttpResponse): T {
    const parsed = v.safeParse(schema, response.json);
    if (!parsed.success)
      throw new OctoPrintFailure({ kind: 'unexpected', status: response.status, detail: 'The answer was not the JSON OctoPrint sends.' });
    return parsed.output;
  }

  return {
    /** 204 supported; 403 server not set up; 404 plugin disabled or a server older than 1.3.11. */
    async probe(server: Server): Promise<void> {
      const response = await http(`${server.url}/plugin/appkeys/probe`, { headers: headers(server), timeoutMs: 5_000 });
      if (response.status === 204) return;
      if (response.status === 404) throw new OctoPrintFailure({ kind: 'unsupported' });
      if (response.status === 403) throw new OctoPrintFailure({ kind: 'not-set-up' });
      fail(response);
    },

    /**
     * Asks for a key. The poll URL is the `Location` OctoPrint gave (it carries any proxy prefix) and the
     * approval page its `auth_dialog`, each only if it is on this server (onServer); otherwise the
     * standard paths of the appkeys plugin: `/plugin/appkeys/request/T` and `/plugin/appkeys/auth/T`.
     */
    async request(server: Server, app: string, user?: string): Promise<{ pollUrl: string; authDialog?: string }> {
      const response = await http(`${server.url}/plugin/appkeys/request`, {
        method: 'POST',
        headers: headers(server),
        json: user ? { app, user } : { app },
        timeoutMs: 5_000,
      });
      if (response.status === 403) throw new OctoPrintFailure({ kind: 'not-set-up' });
      if (response.status === 404) throw new OctoPrintFailure({ kind: 'unsupported' });
      if (response.status !== 201) fail(response);
      const body = parse(RequestCreated, response);
      const token = encodeURIComponent(body.app_token);
      const pollUrl = onServer(response.headers.get('Location'), server.url) ?? `${server.url}/plugin/appkeys/request/${token}`;
      // No auth_dialog: a server older than 1.8, which has no approval page (the popup opens the server).
      if (body.auth_dialog === undefined) return { pollUrl };
      const authDialog =
        onServer(body.auth_dialog, server.url) ?? `${server.url}/plugin/appkeys/auth/${token}${user ? `?user=${encodeURIComponent(user)}` : ''}`;
      return { pollUrl, authDialog };
    },

    /** 202 waiting; 200 the key, exactly once; 404 denied, expired, already fetched or unknown. */
    async poll(server: Server, pollUrl: string): Promise<{ state: 'waiting' } | { state: 'approved'; apiKey: string } | { state: 'gone' }> {
      // The proxy password goes only to the server itself (request() already checked; this holds for any caller).
      if (!onServer(pollUrl, server.url))
        throw new OctoPrintFailure({ kind: 'unexpected', status: 0, detail: 'The address to ask for the key is not on the server.' });
      // A poll that takes longer than the 5 s window is as good as lost: give up on it sooner.
      const response = await http(pollUrl, { headers: headers(server), timeoutMs: 4_000 });
      if (response.status === 202) return { state: 'waiting' };
      if (response.status === 404) return { state: 'gone' };
      if (response.status === 200) return { state: 'approved', apiKey: parse(PollApproved, response).api_key };
      fail(response);
    },

    /** `null` when OctoPrint rejects the key (403). A proxy's basic-auth 401 is no verdict on the key: it throws. */
    async version(server: Server, key: string): Promise<string | null> {
      const response = await http(`${server.url}/api/version`, { headers: headers(server, key) });
      if (response.status === 401 && /basic/i.test(response.headers.get('WWW-Authenticate') ?? '')) fail(response);
      if (response.status === 403 || response.status === 401) return null;
      if (response.status !== 200) fail(response);
      return parse(Version, response).server;
    },

    /** Always 200 on a real server; an invalid key reads as `{name: null, groups: ['guests']}`. */
    async currentUser(server: Server, key: string): Promise<CurrentUserInfo> {
      const response = await http(`${server.url}/api/currentuser`, { headers: headers(server, key) });
      if (response.status !== 200) fail(response);
      return parse(CurrentUser, response);
    },

    /** `api.allowCrossOrigin`, or `null` when the key may not read settings. */
    async corsEnabled(server: Server, key: string): Promise<boolean | null> {
      const response = await http(`${server.url}/api/settings`, { headers: headers(server, key) });
      if (response.status === 403) return null;
      if (response.status !== 200) fail(response);
      return parse(Settings, response).api?.allowCrossOrigin ?? false;
    },

    /**
     * 1.10+: the key OctoPrint holds for `app` and `user` (default: the owner of `asKey`), looked up
     * with `asKey`; `null` when there is none, it is not shown, or the server is older (no `?app=`).
     */
    async appKey(server: Server, asKey: string, app: string, user?: string): Promise<string | null> {
      const query = new URLSearchParams(user ? { app, user } : { app });
      const response = await http(`${server.url}/api/plugin/appkeys?${query}`, { headers: headers(server, asKey) });
      if (response.status === 401 && /basic/i.test(response.headers.get('WWW-Authenticate') ?? '')) fail(response);
      if (response.status !== 200) return null;
      const parsed = v.safeParse(AppKeyEntry, response.json);
      return parsed.success ? (parsed.output.key.api_key ?? null) : null;
    },

    /** Revokes by app (1.10+) or, for older servers, by key. 204 on success. */
    async revoke(server: Server, asKey: string, target: { app: string; user?: string } | { key: string }): Promise<void> {
      const response = await http(`${server.url}/api/plugin/appkeys`, {
        method: 'POST',
        headers: headers(server, asKey),
        json: { command: 'revoke', ...target },
      });
      if (response.status === 204 || response.status === 200) return;
      if (response.status === 403) throw new OctoPrintFailure({ kind: 'rejected' });
      fail(response);
    },
  };
}

export type OctoPrintClient = ReturnType<typeof createOctoPrintClient>;
