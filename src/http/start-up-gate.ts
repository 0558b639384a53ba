/**
 * The listener a server opens before anything else (docs/operations.md, Health and
 * readiness): while the database opens, migrations run and the routes are prepared,
 * /healthz already answers 200 (the process is alive) and every other request, /readyz
 * included, gets a 503 STARTING problem with Retry-After — an answer, never a reset, and
 * never one from a half-built registry. Once the app is ready, the same socket hands every
 * request to it. Only node:http and the problem catalogue load here, so the port opens
 * before the server's heavy modules are read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryError } from '../errors.ts';
import { localeOfAcceptLanguage } from '../i18n/accept-language.ts';
import { msg } from '../i18n/message.ts';
import { problemOf } from './problem.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';

/** StartUpPhase is what a starting server is doing: loading its code, opening and migrating the database, or preparing its routes. */
export type StartUpPhase = 'loading' | 'database' | 'routes';

/** STARTING_RETRY_AFTER_S is the Retry-After of a request refused during start-up: a start takes seconds. */
export const STARTING_RETRY_AFTER_S = 2;

/** DRAIN_LIMIT is how much of a request body the gate reads (and drops) before answering anyway. */
const DRAIN_LIMIT = 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** ServerTuning is the part of the options Fastify's serverFactory passes that the listener applies. */
interface ServerTuning {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

/** StartUpGate is a listening HTTP server that answers for a registry until the registry's app takes over. */
export class StartUpGate {
  /** phase is reported by /readyz and the STARTING problem while the server starts. */
  phase: StartUpPhase = 'loading';
  private app: Handler | undefined;
  private adopted: Handler | undefined;

  private constructor(readonly server: Server) {}

  /** listen opens the port at once; the promise rejects when it cannot be opened (in use, not permitted). */
  static async listen(host: string, port: number): Promise<StartUpGate> {
    let gate: StartUpGate | undefined;
    const server = createServer((req, res) => {
      if (gate?.app) gate.app(req, res);
      else gate?.answer(req, res);
    });
    gate = new StartUpGate(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return gate;
  }

  /** url is the address the gate listens on, as Fastify would print it. */
  get url(): string {
    const a = this.server.address() as AddressInfo;
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}`.replace('[::1]', 'localhost');
  }

  /**
   * serverFactory is Fastify's serverFactory option: the app is built over this server and
   * its request handler kept aside until open() (Fastify's own timeouts are applied now).
   */
  readonly serverFactory = (handler: Handler, options: ServerTuning): Server => {
    this.adopted = handler;
    if (options.keepAliveTimeout !== undefined) this.server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) this.server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) this.server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) this.server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return this.server;
  };

  /** open hands every later request to the app built with serverFactory (call it once the app is ready). */
  open(): void {
    if (this.adopted === undefined) throw new Error('open() before an app was built over the start-up gate');
    this.app = this.adopted;
  }

  /** close stops accepting, closes idle connections and resolves once every open connection has ended. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  /**
   * answer answers a request during start-up, once the body a client sent (a write) has
   * been read and dropped: closing a connection with unread bytes would reset it, and the
   * client would lose the answer. Past DRAIN_LIMIT bytes it answers at once.
   */
  private answer(req: IncomingMessage, res: ServerResponse): void {
    let drained = 0;
    let answered = false;
    const respond = () => {
      if (answered) return;
      answered = true;
      this.respond(req, res);
    };
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT) respond();
    });
    req.on('end', respond);
    req.on('error', () => res.destroy());
  }

  /** respond is /healthz 200 and anything else 503 STARTING, each closing its connection. */
  private respond(req: IncomingMessage, res: ServerResponse): void {
    const id = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, id);
    res.setHeader('cache-control', 'no-store');
    // No connection is kept alive across the start: while the database opens, the event loop
    // can be busy for longer than a keep-alive timeout, and a client reusing a connection the
    // server then times out would meet a reset. New connections wait in the backlog instead.
    res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ ok: true }));
      return;
    }
    const locale = localeOfAcceptLanguage(req.headers['accept-language']);
    const err = new RegistryError('STARTING', msg('problem.startUp.starting', { after: STARTING_RETRY_AFTER_S }), {
      ready: false,
      phase: this.phase,
    });
    const body = JSON.stringify({ ...problemOf(err, req.url, locale), requestId: id });
    res.writeHead(503, {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-language': locale,
      vary: 'Accept-Language',
      'retry-after': String(STARTING_RETRY_AFTER_S),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
