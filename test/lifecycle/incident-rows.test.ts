// Incidents and defect signals are written once per transaction, for all its
// events (issue #14, item 2): concurrent single events that share a
// transaction each leave their own incident row and signal, with the lot of
// the component they name, and nothing for the events that name none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, testRegistry, type TestRegistry } from '../harness.ts';
import { makeCast, ok, record, unitIn, type Cast } from './flow.ts';

let r: TestRegistry;
let c: Cast;

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
});
after(() => r.dispose());

test(`[${ENGINE}] concurrent incidents and service records: one incident row per incident, one defect signal per named failure, each with its component's lot`, async () => {
  const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => unitIn(r, c, i % 4 < 2 ? 'in_use' : 'in_service')));
  const results = await Promise.all(
    codes.map((code, i) => {
      if (i % 4 === 0)
        return record(r, c.buyer.token, code, 'incident_reported', {
          severity: 'minor',
          kind: 'malfunction',
          description: `unit ${i}`,
          componentType: 'battery_pack',
          failureMode: 'swelling',
        });
      if (i % 4 === 1)
        return record(r, c.buyer.token, code, 'incident_reported', { severity: 'serious', kind: 'injury', description: `unit ${i}` });
      if (i % 4 === 2)
        return record(r, c.service.token, code, 'serviced', { kind: 'repair', componentType: 'main_controller', failureMode: 'overheat' });
      return record(r, c.service.token, code, 'serviced', { kind: 'inspection' });
    }),
  );
  for (const res of results) ok(res);
  const indexOf = new Map(results.map((res, i) => [codes[i]!, res.body.logIndex as number]));
  const incidents = await r.ctx.store.query<{ log_index: number; robot_code: string; severity: string; failure_mode: string | null }>(
    'SELECT log_index, robot_code, severity, failure_mode FROM incidents WHERE robot_code = ANY($1::char(29)[]) ORDER BY log_index',
    [codes],
  );
  assert.deepEqual(
    incidents.map((x) => [x.robot_code, Number(x.log_index), x.severity, x.failure_mode]),
    codes
      .map((code, i) => ({ code, i }))
      .filter(({ i }) => i % 4 < 2)
      .map(({ code, i }) => [code, indexOf.get(code), i % 4 === 0 ? 'minor' : 'serious', i % 4 === 0 ? 'swelling' : null])
      .sort((a, b) => (a[1] as number) - (b[1] as number)),
  );
  const signals = await r.ctx.store.query<{
    log_index: number;
    robot_code: string;
    component_type: string;
    lot: string | null;
    source: string;
  }>(
    'SELECT log_index, robot_code, component_type, lot, source FROM defect_signals WHERE robot_code = ANY($1::char(29)[]) ORDER BY log_index',
    [codes],
  );
  const lots = await r.ctx.store.query<{ robot_code: string; component_type: string; lot: string | null }>(
    "SELECT robot_code, component_type, lot FROM components WHERE robot_code = ANY($1::char(29)[]) AND state = 'installed'",
    [codes],
  );
  const lotOf = (code: string, type: string) => lots.find((l) => l.robot_code === code && l.component_type === type)?.lot;
  assert.deepEqual(
    signals.map((s) => [s.robot_code, Number(s.log_index), s.component_type, s.lot, s.source]),
    codes
      .map((code, i) => ({ code, i }))
      .filter(({ i }) => i % 4 === 0 || i % 4 === 2)
      .map(({ code, i }) => {
        const type = i % 4 === 0 ? 'battery_pack' : 'main_controller';
        return [code, indexOf.get(code), type, lotOf(code, type), i % 4 === 0 ? 'incident' : 'service'];
      })
      .sort((a, b) => (a[1] as number) - (b[1] as number)),
  );
  assert.ok(
    signals.every((s) => s.lot !== null && s.lot !== undefined),
    'every signal names its component’s lot',
  );
});
