import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Received is one POST a test receiver got. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { logIndex: number; code: string; seq: number; type: string; occurredAt: string; actor: string; data: Record<string, unknown> };
  answered: number;
}

/** Receiver is a real HTTP webhook receiver on 127.0.0.1 that records every request. */
export interface Receiver {
  url: string;
  got: Received[];
  /** answer decides the status for a request; `nth` counts this Webhook-Id's requests from 1. */
  answer: (r: Omit<Received, 'answered'>, nth: number) => number | Promise<number>;
  /** deliveredIds are the Webhook-Ids answered 2xx (dedupe by Webhook-Id). */
  deliveredIds(): Set<string>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** startReceiver listens on an ephemeral port; by default it answers 204. */
export async function startReceiver(answer: Receiver['answer'] = () => 204): Promise<Receiver> {
  const seen = new Map<string, number>();
  const rec: Receiver = {
    url: '',
    got: [],
    answer,
    deliveredIds: () => new Set(rec.got.filter((g) => g.answered >= 200 && g.answered < 300).map((g) => g.id)),
    close: () =>
      new Promise((res) => {
        server.closeAllConnections();
        server.close(() => res());
      }),
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const r = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body,
        payload: JSON.parse(body) as Received['payload'],
      };
      const nth = (seen.get(r.id) ?? 0) + 1;
      seen.set(r.id, nth);
      const status = await rec.answer(r, nth);
      rec.got.push({ ...r, answered: status });
      res.writeHead(status).end();
    })();
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return rec;
}
