import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startDispatcher } from '../../src/notify/dispatcher.ts';
import { EVENT_STREAM } from '../../src/notify/nats-publisher.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody } from '../harness.ts';
import { acceptEachOther } from '../lifecycle/flow.ts';

const NATS_URL = process.env.TEST_NATS_URL || 'nats://127.0.0.1:4222';

async function reachable(url: string): Promise<string | undefined> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = tcpConnect({ host: u.hostname, port: Number(u.port || 4222) });
    s.setTimeout(1_000, () => {
      s.destroy();
      resolve(`timed out connecting to ${url}`);
    });
    s.once('connect', () => {
      s.end();
      resolve(undefined);
    });
    s.once('error', (e) => resolve(`${url}: ${e.message}`));
  });
}

const why = await reachable(NATS_URL);
if (why) console.log(`# skipping the NATS test: ${why}`);

test(`[${ENGINE}] nats: every event is published to JetStream hreg.events.<topic> with its log index as message id`, {
  skip: why ? `NATS unreachable (${why})` : false,
  timeout: 60_000,
}, async () => {
  const nc = await connect({ servers: NATS_URL });
  const r = await testRegistry();
  try {
    // Start from a fresh stream: message ids are log indexes, and another
    // registry's (another test run's) ids would be dropped as duplicates.
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(EVENT_STREAM).catch(() => false);
    const maker = await enrol(r, ['manufacturer']);
    const owner = await enrol(r, ['operator']);
    await acceptEachOther(r, [maker, owner]);
    const model = await fileModel(r, maker);
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) })).body.code);
    const t = await r.call('POST', `/v1/robots/${codes[0]}/events`, {
      token: maker.token,
      body: { type: 'transferred', data: { to: owner.id, sale: false } },
    });
    assert.ok(t.status < 300, JSON.stringify(t.body));
    const inc = await r.call('POST', `/v1/robots/${codes[0]}/events`, {
      token: owner.token,
      body: { type: 'incident_reported', data: { severity: 'minor', kind: 'malfunction', description: 'x' } },
    });
    assert.ok(inc.status < 300, JSON.stringify(inc.body));

    const d = startDispatcher(r.ctx, { pollMs: 50, natsUrl: NATS_URL });
    await d.drain();
    // Publish everything again from the start, as after a crash before the cursor moved: the stream dedupes.
    await r.ctx.store.query("UPDATE outbox_cursors SET last_id = 0 WHERE name = 'nats'");
    await d.drain();
    await d.stop();

    const consumer = await jetstream(nc).consumers.get(EVENT_STREAM);
    const msgs = await consumer.fetch({ max_messages: 10, expires: 2_000 });
    const got: { subject: string; msgId: string | undefined; logIndex: number; type: string; code: string }[] = [];
    for await (const m of msgs) {
      const p = m.json<{ logIndex: number; type: string; code: string }>();
      got.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), logIndex: p.logIndex, type: p.type, code: p.code });
    }
    assert.deepEqual(
      got.map((g) => [g.subject, g.msgId, g.logIndex, g.type]),
      [
        ['hreg.events.registered', '0', 0, 'registered'],
        ['hreg.events.registered', '1', 1, 'registered'],
        ['hreg.events.registered', '2', 2, 'registered'],
        ['hreg.events.transferred', '3', 3, 'transferred'],
        ['hreg.events.incident_reported', '4', 4, 'incident_reported'],
      ],
    );
    assert.deepEqual(
      got.slice(0, 3).map((g) => g.code),
      codes,
    );
    const info = await jsm.streams.info(EVENT_STREAM);
    assert.deepEqual(info.config.subjects, ['hreg.events.>']);
    assert.equal(info.state.messages, 5);
  } finally {
    await r.dispose();
    await nc.close();
  }
});
