/**
 * The UI's one door to the registry: the public HTTP API, with the bearer
 * token kept in sessionStorage only (gone when the tab closes). Requests ask
 * for problem text in the page's language.
 */
import { locale, t } from './i18n.ts';

const TOKEN_KEY = 'hreg.token';

/** Problem is an RFC 9457 problem document from the API. */
export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  suggestions?: string[];
  /** candidates (INVALID_CODE from verification): at most five of the suggestions, registered ones first with maker and model. */
  candidates?: CodeCandidate[];
  errors?: { unit?: number; field?: string; code?: string; message: string }[];
  [extra: string]: unknown;
}

/** PublicName is a name as public verification shows it, with its English form when the registry has one. */
export interface PublicName {
  name: string;
  nameEn?: string;
}

/** CodeCandidate is one "did you mean" code of an INVALID_CODE problem. */
export interface CodeCandidate {
  code: string;
  registered: boolean;
  maker?: PublicName;
  model?: PublicName;
}

/** ApiError is a refused or failed request, carrying its problem document. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

/** Participant is the signed-in organisation (GET /v1/me), as the contract declares it. */
export type { Participant } from '../src/contract/schemas.ts';
import type { Participant } from '../src/contract/schemas.ts';

/** session reads and writes the API token; besides it the browser keeps only a language the reader chose (web/i18n.ts). */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** RequestOptions shape one API call. */
export interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  text?: boolean;
}

/** api calls the registry and returns the parsed body, or throws ApiError with the problem. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const token = opts.token === undefined ? session.token() : opts.token;
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json, text/plain',
    'accept-language': locale(),
    ...(opts.headers ?? {}),
  };
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', detail: t('web.error.network') });
  }
  if (!res.ok) {
    let problem: Problem = { status: res.status, code: 'HTTP_ERROR', detail: res.statusText };
    try {
      problem = { ...(await res.json()), status: res.status };
    } catch {
      /* not a problem document */
    }
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  return (opts.text ? await res.text() : await res.json()) as T;
}

let me: Promise<Participant | null> | undefined;

/** currentParticipant is the signed-in participant, or null for the public; asked once per page load. */
export function currentParticipant(): Promise<Participant | null> {
  me ??= session.token()
    ? api<Participant>('/v1/me').catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) session.clear();
        return null;
      })
    : Promise.resolve(null);
  return me;
}

/** signIn checks a token against the registry and keeps it for this tab. */
export async function signIn(token: string): Promise<Participant> {
  const p = await api<Participant>('/v1/me', { token });
  session.set(token);
  me = Promise.resolve(p);
  return p;
}

/** signOut forgets the token. */
export function signOut(): void {
  session.clear();
  me = Promise.resolve(null);
}
