import * as v from 'valibot';
import { KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { withoutTrailingSlash } from '../../shared/validation';
import { errorDetail, NetworkError, type Http, type HttpRequest, type HttpResponse } from '../http';

/**
 * FDM Monster's REST API (`/api/v2`, ../shared/fdm-monster.md, read from @fdm-monster/server 2.1.1's
 * dist/). Every call carries `Authorization: Bearer T`, where T is one of its own `fdmm_api_` keys or
 * a signed-in user's JWT; no cookies. Printers come back with their OctoPrint keys in clear text:
 * callers keep them in the background.
 */
const API = '/api/v2';
/**
 * Creating or updating a printer waits while FDM Monster asks the printer itself, for up to its own
 * `apiTimeout` (10 s by default, configurable): KeyDeck waits longer, so that a slow printer is that
 * printer's verdict (424) and not a timeout that looks like FDM Monster itself is gone.
 */
const PRINTER_CHECK_TIMEOUT_MS = 45_000;

/** printerType 0 is OctoPrint (1 Moonraker, 2 PrusaLink, 3 Bambu). */
export const OCTOPRINT_TYPE = 0;

const PrinterSchema = v.object({
  id: v.number(),
  name: v.string(),
  printerURL: v.string(),
  apiKey: v.nullish(v.string()),
  printerType: v.number(),
  enabled: v.optional(v.boolean()),
});
export type FdmPrinter = v.InferOutput<typeof PrinterSchema>;

export interface PrinterBody {
  name: string;
  printerURL: string;
  apiKey: string;
  printerType: number;
}

/** What FDM Monster answered a create or update: the printer, or its reason for refusing. */
export type PrinterAnswer =
  | { ok: true; printer: FdmPrinter }
  /** 424: its own check of the printer failed (`GET <printerURL>/api/version` with the key); serviceCode is OctoPrint's status. */
  | { ok: false; status: number; error: string; serviceCode?: number };

export function createFdmMonsterClient(http: Http, serverUrl: string, token: string) {
  const base = withoutTrailingSlash(serverUrl);
  const host = new URL(base).host;

  /** One request; network trouble becomes a message that says nothing was changed. */
  async function send(method: NonNullable<HttpRequest['method']>, path: string, json?: unknown, timeoutMs?: number): Promise<HttpResponse> {
    try {
      return await http(`${base}${API}${path}`, { method, headers: { Authorization: `Bearer ${token}` }, ...(json === undefined ? {} : { json }), ...(timeoutMs ? { timeoutMs } : {}) });
    } catch (error) {
      if (error instanceof NetworkError) throw new KeyDeckError('unreachable', t('errFdmUnreachable', error.message.replace(/\.$/, '')));
      throw error;
    }
  }

  /** A request whose refusal or server error concerns every call with this token: those throw. */
  async function call(method: NonNullable<HttpRequest['method']>, path: string, json?: unknown, timeoutMs?: number): Promise<HttpResponse> {
    const response = await send(method, path, json, timeoutMs);
    if (response.status === 401)
      throw new KeyDeckError('forbidden', t('errFdmKeyRefused', host));
    if (response.status === 403)
      throw new KeyDeckError('forbidden', t('errFdmRoleTooSmall', host));
    if (response.status >= 500) throw new KeyDeckError('server-error', t('errFdmServerErrorDetail', host, String(response.status), errorDetail(response)));
    return response;
  }

  function printerFrom(response: HttpResponse): FdmPrinter {
    const parsed = v.safeParse(PrinterSchema, response.json);
    if (!parsed.success) throw new KeyDeckError('server-error', t('errFdmBadPrinter', host));
    return parsed.output;
  }

  function answer(response: HttpResponse): PrinterAnswer {
    if (response.status === 200) return { ok: true, printer: printerFrom(response) };
    const body = response.json as { serviceCode?: unknown } | undefined;
    const serviceCode = typeof body?.serviceCode === 'number' ? body.serviceCode : undefined;
    return { ok: false, status: response.status, error: errorDetail(response), ...(serviceCode === undefined ? {} : { serviceCode }) };
  }

  const query = (forceSave: boolean) => (forceSave ? '?forceSave=true' : '');

  return {
    serverUrl: base,
    host,
    /** Whether FDM Monster takes the token at all (401 is no; a role too small for printers is still yes). */
    async accepts(): Promise<boolean> {
      const response = await send('GET', '/printer');
      if (response.status >= 500) throw new KeyDeckError('server-error', t('errFdmServerError', host, String(response.status)));
      return response.status !== 401;
    },
    async listPrinters(): Promise<FdmPrinter[]> {
      const response = await call('GET', '/printer');
      const parsed = v.safeParse(v.array(PrinterSchema), response.json);
      if (response.status !== 200 || !parsed.success)
        throw new KeyDeckError('server-error', t('errFdmNoPrinterList', host, String(response.status)));
      return parsed.output;
    },
    /** Without forceSave, FDM Monster first checks the key against the printer itself. */
    async createPrinter(body: PrinterBody, forceSave = false): Promise<PrinterAnswer> {
      return answer(await call('POST', `/printer${query(forceSave)}`, { ...body, enabled: true }, PRINTER_CHECK_TIMEOUT_MS));
    },
    /** The whole body: FDM Monster checks exactly what it is sent (unless forceSave). */
    async updatePrinter(id: number, body: PrinterBody, forceSave = false): Promise<PrinterAnswer> {
      return answer(await call('PATCH', `/printer/${id}${query(forceSave)}`, body, PRINTER_CHECK_TIMEOUT_MS));
    },
    /** Only a signed-in user's JWT may delete API keys (ADMIN), never another API key. */
    async deleteApiKey(id: number): Promise<'deleted' | 'not-found'> {
      const response = await call('DELETE', `/api-keys/${id}`);
      if (response.status === 404) return 'not-found';
      if (response.status !== 204 && response.status !== 200)
        throw new KeyDeckError('revoke-failed', t('errFdmDeleteRefused', host, String(response.status), errorDetail(response)));
      return 'deleted';
    },
  };
}

export type FdmMonsterClient = ReturnType<typeof createFdmMonsterClient>;

/** Signs in (`POST /api/v2/auth/login`) and returns the JWT; the password is sent once and kept nowhere. */
export async function signInToFdmMonster(http: Http, serverUrl: string, username: string, password: string): Promise<string> {
  const base = withoutTrailingSlash(serverUrl);
  const host = new URL(base).host;
  let response: HttpResponse;
  try {
    response = await http(`${base}${API}/auth/login`, { method: 'POST', json: { username, password } });
  } catch (error) {
    if (error instanceof NetworkError) throw new KeyDeckError('unreachable', t('errNotSignedIn', error.message));
    throw error;
  }
  if (response.status === 401 || response.status === 403) throw new KeyDeckError('forbidden', t('errFdmWrongLogin', host));
  const token = (response.json as { token?: unknown } | undefined)?.token;
  if (response.status !== 200 || typeof token !== 'string')
    throw new KeyDeckError('server-error', t('errFdmSignInFailed', host, String(response.status), errorDetail(response)));
  return token;
}
