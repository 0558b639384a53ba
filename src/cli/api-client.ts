import { cliDefaults } from '../config.ts';
import type { Locale } from '../i18n/locale.ts';
import { refusal, unavailable, usageError } from './cli-error.ts';
import type { Flags } from './flags.ts';
import { t, tr } from './lang.ts';

/** DEFAULT_TIMEOUT_MS bounds one request; a batch chunk gets BATCH_TIMEOUT_MS. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** BATCH_TIMEOUT_MS allows a full 10,000-unit chunk to commit. */
export const BATCH_TIMEOUT_MS = 300_000;

/** RegistryClient calls the registry's HTTP API and turns problem documents into CliErrors. */
export class RegistryClient {
  constructor(
    readonly baseUrl: URL,
    private readonly token: string | undefined,
    /** locale is sent as Accept-Language, so the registry's problem titles and details come back in it. */
    private readonly locale: Locale = 'en',
  ) {}

  /** get reads a resource; query values that are undefined are left out. */
  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const q = Object.entries(query).filter((e): e is [string, string | number] => e[1] !== undefined);
    const search = q.length > 0 ? `?${new URLSearchParams(q.map(([k, v]) => [k, String(v)])).toString()}` : '';
    return this.send<T>('GET', path + search);
  }

  /** post sends a JSON body (or none), with extra request headers such as Idempotency-Key. */
  post<T>(path: string, body?: unknown, timeoutMs = DEFAULT_TIMEOUT_MS, headers: Record<string, string> = {}): Promise<T> {
    return this.send<T>('POST', path, body, timeoutMs, headers);
  }

  /** text reads a text/plain resource (a checkpoint, a key) exactly as sent. */
  text(path: string): Promise<string> {
    return this.send<string>('GET', path, undefined, DEFAULT_TIMEOUT_MS, { accept: 'text/plain, application/problem+json' }, true);
  }

  /** delete removes a resource. */
  delete(path: string): Promise<void> {
    return this.send<void>('DELETE', path);
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    extra: Record<string, string> = {},
    raw = false,
  ): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.baseUrl);
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      'accept-language': this.locale,
      ...extra,
    };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError')
        throw unavailable('TIMEOUT', t('cli.client.timeout', { request: `${method} ${url.pathname}`, seconds: timeoutMs / 1000 }));
      throw unavailable(
        'UNREACHABLE',
        t('cli.client.unreachable', { origin: this.baseUrl.origin, cause: e.cause?.code ?? e.cause?.message ?? e.message }),
      );
    }
    const text = await res.text();
    const parsed = parseJson(text);
    if (res.ok && raw) return text as T;
    if (res.ok) return (res.status === 204 || text === '' ? undefined : (parsed ?? text)) as T;
    const problem = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const code = typeof problem.code === 'string' ? problem.code : `HTTP_${res.status}`;
    let detail =
      typeof problem.detail === 'string'
        ? problem.detail
        : t('cli.client.httpStatus', { status: `${res.status} ${res.statusText}`, request: `${method} ${url.pathname}` });
    if (code === 'UNAUTHENTICATED' && !this.token) detail += t('cli.client.needToken');
    // The registry refuses with 4xx; anything else means it could not do its job.
    if (res.status >= 400 && res.status < 500) throw refusal(code, detail, problem);
    throw unavailable(code, detail, problem);
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** clientFrom builds a client from --url/--token, falling back to HREG_URL/HREG_TOKEN; public commands pass anonymous. */
export function clientFrom(flags: Flags, opts: { anonymous?: boolean } = {}): RegistryClient {
  const defaults = cliDefaults();
  const raw = flags.string('url') ?? defaults.url;
  let base: URL;
  try {
    base = new URL(raw.endsWith('/') ? raw : `${raw}/`);
  } catch {
    throw usageError(t('cli.usage.url', { value: raw }));
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw usageError(t('cli.usage.url', { value: raw }));
  return new RegistryClient(base, opts.anonymous ? undefined : (flags.string('token') ?? defaults.token), tr().locale);
}

/** seg encodes one path segment. */
export function seg(s: string): string {
  return encodeURIComponent(s);
}
