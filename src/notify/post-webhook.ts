import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { must } from '../must.ts';
import { refusedAddress, refusedHost, type WebhookTargets } from './webhook-targets.ts';

/** Resolver is how a delivery resolves a host name: node:dns lookup, or a stand-in in tests. */
export type Resolver = (
  hostname: string,
  options: { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** PostOutcome is what came of one POST: the receiver's status, or why there was none. */
export interface PostOutcome {
  status?: number;
  error?: string;
}

const UNSAFE = 'UNSAFE_WEBHOOK_TARGET';

/**
 * guardedLookup resolves a name and refuses it when any of its addresses is
 * internal, at the moment the connection is made: the socket connects only
 * to an address that was checked, so a name that resolved outward at
 * subscription and inward now (DNS rebinding) reaches nothing.
 */
function guardedLookup(targets: WebhookTargets, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { all: true }, (err, addresses) => {
      const found = err ? [] : addresses.filter((a) => !options.family || a.family === options.family);
      const refused = found.map((a) => refusedAddress(a.address, targets)).find((why) => why !== undefined);
      const fail =
        err ??
        (refused
          ? Object.assign(new Error(`${hostname} resolves to ${refused}`), { code: UNSAFE })
          : found.length === 0
            ? Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' })
            : null);
      if (fail) return (callback as (e: Error, a: string, f: number) => void)(fail, '', 0);
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, found);
      const first = must(found[0], 'a lookup that did not fail found an address');
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * postWebhook POSTs body to url with node:http(s), connecting only to
 * addresses the operator's targets allow, without following redirects (a
 * redirect is not success: the subscriber must register the final URL). It
 * never throws.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  targets: WebhookTargets,
  resolve: Resolver = dnsLookup as unknown as Resolver,
): Promise<PostOutcome> {
  const u = new URL(url);
  // An IP literal is never looked up, so its range is checked here.
  const refused = refusedHost(u.hostname, targets);
  if (refused) return Promise.resolve({ error: `${UNSAFE}: ${refused}` });
  return new Promise((done) => {
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      u,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(targets, resolve),
      },
      (res) => {
        // Drain the body so the connection can be reused; its content is not kept.
        res.resume();
        res.on('end', () => done({ status: res.statusCode }));
        res.on('error', () => done({ status: res.statusCode }));
      },
    );
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { code: 'TIMEOUT' })),
      timeoutMs,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const reason = err.code === UNSAFE ? `${UNSAFE}: ${err.message}` : err.code === 'TIMEOUT' ? err.message : (err.code ?? err.message);
      done({ error: String(reason).slice(0, 500) });
    });
    req.end(body);
  });
}
