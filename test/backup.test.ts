import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { audit } from '../src/audit/auditor.ts';
import { buildApp } from '../src/http/app.ts';
import { exportRegistry, importRegistry, TABLES } from '../src/store/backup.ts';
import { registryContext } from '../src/registry/context.ts';
import { ENGINE, enrol, fileModel, freshDatabase, testRegistry, unitBody } from './harness.ts';
import { acceptEachOther } from './lifecycle/flow.ts';

async function exportToString(store: Parameters<typeof exportRegistry>[0]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportRegistry(store, out);
  out.end();
  return Buffer.concat(chunks).toString();
}

test(`[${ENGINE}] a restored registry serves the same checkpoint root and passes the audit`, { timeout: 120_000 }, async () => {
  const a = await testRegistry();
  const target = await freshDatabase();
  try {
    const maker = await enrol(a, ['manufacturer', 'seller']);
    const buyer = await enrol(a, ['operator']);
    await acceptEachOther(a, [maker, buyer]);
    const model = await fileModel(a, maker);
    const run = await a.call('POST', '/v1/robots/batch', {
      token: maker.token,
      body: { units: Array.from({ length: 30 }, () => unitBody(model)) },
    });
    const code = run.body.units[0].code;
    await a.call('POST', `/v1/robots/${code}/events`, {
      token: maker.token,
      body: { type: 'transferred', data: { to: buyer.id, sale: true } },
    });
    await a.call('POST', `/v1/robots/${code}/events`, {
      token: buyer.token,
      body: { type: 'deployed', data: { site: { province: 'Hubei', city: 'Wuhan', address: '9 Jianghan Rd' }, domain: 'healthcare' } },
    });
    const dump = await exportToString(a.ctx.store);
    const before = (await a.call('GET', '/v1/log/checkpoint')).body as string;

    const summary = await importRegistry(target.store, PassThrough.from([dump]) as unknown as PassThrough);
    assert.equal(summary.rows.events, 32);
    assert.equal(summary.logSize, 32);
    const [stats] = await target.store.query<{ tuples: number }>("SELECT reltuples::int AS tuples FROM pg_class WHERE relname = 'robots'");
    assert.equal(stats!.tuples, 30, 'the planner has statistics for the imported rows (ANALYZE after the load)');
    // The restored registry runs with the same signing key (backed up beside the data).
    const b = registryContext({ ...a.ctx, store: target.store });
    const app = await buildApp(b, { publicRateLimit: 1_000_000 });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const after = await (await fetch(`${url}/v1/log/checkpoint`)).text();
      assert.equal(after, before, 'same signed checkpoint, same root');
      const result = await audit({ url, verifierKey: a.verifierKey });
      assert.deepEqual(result.findings, []);
      const verify = (await (await fetch(`${url}/v1/verify/${code}`)).json()) as { status: string };
      assert.equal(verify.status, 'deployed');
      const events = (await (
        await fetch(`${url}/v1/robots/${code}/events`, { headers: { authorization: `Bearer ${buyer.token}` } })
      ).json()) as { items: { personal: unknown }[] };
      assert.deepEqual(events.items[2]!.personal, { site: { address: '9 Jianghan Rd' } }, 'tokens and personal data came along');
      const again = await fetch(`${url}/v1/robots/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${maker.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ units: [unitBody(model)] }),
      });
      assert.equal(again.status, 201, 'sequences continue after a restore');
    } finally {
      await app.close();
    }
    await assert.rejects(importRegistry(target.store, PassThrough.from([dump]) as unknown as PassThrough), /empty registry/);
    const truncated = dump.split('\n').slice(0, 3).join('\n');
    const empty = await freshDatabase();
    await assert.rejects(importRegistry(empty.store, PassThrough.from([truncated]) as unknown as PassThrough), /truncated/);
    assert.equal(
      (await empty.store.query<{ n: number }>('SELECT count(*)::int AS n FROM participants'))[0]!.n,
      0,
      'a failed import leaves nothing',
    );
    await empty.dispose();
  } finally {
    await target.dispose();
    await a.dispose();
  }
});

test(`[${ENGINE}] an export carries every table of the schema`, async () => {
  const db = await freshDatabase();
  try {
    const rows = await db.store.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_version' ORDER BY 1",
    );
    assert.deepEqual(
      rows.map((r) => r.table_name),
      [...TABLES].sort(),
    );
  } finally {
    await db.dispose();
  }
});
