import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusters, type SignalCount } from './clusters.ts';

const g = (model: string, signals: number, units: number, lot: string | null = null): SignalCount => ({
  enterprise: '0001',
  model,
  componentType: 'knee_actuator',
  lot,
  signals,
  units,
});

test('a model whose rate is several times the median stands out; ordinary ones do not', () => {
  const groups = [g('A', 2, 1000), g('B', 3, 1000), g('C', 2, 900), g('D', 40, 1000)];
  const clusters = findClusters(groups);
  assert.deepEqual(
    clusters.map((c) => c.model),
    ['D'],
  );
  const [d] = clusters;
  assert.ok(d?.ratio != null && d.ratio > 10);
  assert.deepEqual(d.suggestedScope, { enterprise: '0001', models: ['D'], component: { type: 'knee_actuator' } });
});

test('too few signals never make a cluster, however high the rate', () => {
  assert.deepEqual(findClusters([g('A', 0, 1000), g('B', 2, 3)]), []);
});

test('groups without signals set the baseline at zero, so any model over the minimum stands out', () => {
  const clusters = findClusters([g('A', 0, 500), g('B', 0, 500), g('C', 5, 500)]);
  assert.deepEqual(
    clusters.map((c) => c.model),
    ['C'],
  );
  assert.equal(clusters[0]?.ratio, null, 'a zero baseline: every rate stands out (null, as JSON has no infinity)');
});

test('a lot cluster suggests a recall of that lot', () => {
  const [c] = findClusters([g('A', 1, 400, 'L1'), g('A', 1, 400, 'L2'), g('A', 12, 400, 'L3')]);
  assert.ok(c);
  assert.deepEqual(c.suggestedScope.component, { type: 'knee_actuator', lots: ['L3'] });
});
