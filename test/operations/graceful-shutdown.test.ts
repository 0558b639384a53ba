import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../../src/audit/auditor.ts';
import { startServerWithModel, type ServerWithModel } from '../child-server.ts';
import { ENGINE, PRODUCTION_DATE } from '../harness.ts';

// SIGTERM a server while writers keep registering robots (one event and one leaf each):
// it must exit 0 within its limit, every request it answered must have been answered
// whole (a reset after the status line would fail here), and after a restart on the
// same data every acknowledged robot is there and the log audits clean.
const WRITERS = 12;
let server: ServerWithModel | undefined;
after(() => server?.dispose());

/** post sends a write; it rejects only when no answer came (refused or cut before the status line). */
async function post(url: string, token: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  // Once a status line came, the body must come whole: a failure here is a reset of an answered request.
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw Object.assign(new Error(`answered ${res.status}, then the connection broke: ${String(err)}`), { answered: true });
  }
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

test(`[${ENGINE}] SIGTERM mid-stream: in-flight writes finish, nothing acknowledged is lost, no answered request is reset`, {
  timeout: 240_000,
}, async () => {
  server = await startServerWithModel('Shutdown Robotics', 'SD-1', { HREG_SHUTDOWN_TIMEOUT_MS: '15000' });
  const first = server;
  const { url, verifierKey, makerToken: token, model } = server;
  let stderr = '';
  first.child.stderr?.on('data', (d) => (stderr += d));
  first.child.stdout?.on('data', (d) => (stderr += d));

  const acknowledged: string[] = [];
  const answeredThenBroken: string[] = [];
  let refusedWhileStopping = 0;
  let notAnswered = 0;
  let finishedAfterSignal = 0;
  let signalled = false;
  let serial = 0;
  let stop = false;
  const writers = Array.from({ length: WRITERS }, async () => {
    while (!stop) {
      const sentBeforeSignal = !signalled;
      try {
        const res = await post(`${url}/v1/robots`, token, {
          model,
          productionDate: PRODUCTION_DATE,
          components: [{ type: 'main_controller', maker: 'M', serial: `SD-${++serial}` }],
        });
        if (res.status === 201) {
          acknowledged.push(res.body.code);
          if (sentBeforeSignal && signalled) finishedAfterSignal++;
        } else if (res.status === 503) refusedWhileStopping++;
        else assert.fail(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
      } catch (err) {
        if ((err as { answered?: boolean }).answered) answeredThenBroken.push(String(err));
        else notAnswered++;
        // The listener is closed: nothing more will be answered.
        if (signalled) return;
      }
    }
  });
  // Let the writers get going, then ask the server to stop while requests are in flight.
  while (acknowledged.length < 30) await new Promise((res) => setTimeout(res, 20));
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
    const sent = performance.now();
    first.child.once('exit', (code) => resolve({ code, ms: performance.now() - sent }));
  });
  signalled = true;
  first.child.kill('SIGTERM');
  const { code, ms } = await exited;
  stop = true;
  await Promise.all(writers);

  assert.equal(code, 0, `the server stopped cleanly: ${stderr}`);
  assert.ok(ms < 15_000, `it stopped within HREG_SHUTDOWN_TIMEOUT_MS (${Math.round(ms)} ms)`);
  assert.deepEqual(answeredThenBroken, [], 'no request that got a status line lost its body');
  console.log(
    `  ${acknowledged.length} acknowledged, ${finishedAfterSignal} finished after SIGTERM, ${refusedWhileStopping} refused with 503 while stopping, ${notAnswered} not answered (listener closed)`,
  );

  // Restart on the same data: every acknowledged robot is there, and the log is whole.
  const second = await first.restart();
  try {
    for (const c of acknowledged)
      assert.equal((await fetch(`${second.url}/v1/verify/${c}`)).status, 200, `acknowledged ${c} survived SIGTERM`);
    const result = await audit({ url: second.url, verifierKey });
    assert.deepEqual(result.findings, []);
    assert.ok(result.size >= acknowledged.length, `log size ${result.size} covers ${acknowledged.length} acknowledged robots`);
  } finally {
    second.child.kill('SIGTERM');
    await new Promise((res) => second.child.once('exit', res));
  }
});
