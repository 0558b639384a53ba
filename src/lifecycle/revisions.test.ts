import assert from 'node:assert/strict';
import test from 'node:test';
import { RegistryError } from '../errors.ts';
import { checkRevision, nextRevisionStatus, SIGNIFICANT_PARAMETERS, significantChanges } from './revisions.ts';

const line = {
  parameters: {
    heightCm: 172,
    massKg: 63,
    degreesOfFreedom: 43,
    payloadKg: 20,
    topSpeedKmh: 7.2,
    batteryChemistry: 'NMC',
    batteryCapacityWh: 2100,
    autonomyLevel: 'L3',
    applications: ['logistics'],
  },
  componentTypes: ['main_controller', 'battery_pack'],
};

test('each parameter the approval rests on is a significant change (a row per parameter)', () => {
  const changed: Record<(typeof SIGNIFICANT_PARAMETERS)[number], unknown> = {
    massKg: 70,
    payloadKg: 25,
    topSpeedKmh: 9,
    batteryChemistry: 'LFP',
    batteryCapacityWh: 3000,
    autonomyLevel: 'L4',
  };
  for (const p of SIGNIFICANT_PARAMETERS) {
    assert.deepEqual(significantChanges(line, { ...line, parameters: { ...line.parameters, [p]: changed[p] } }), [p], p);
  }
  assert.deepEqual(significantChanges(line, { ...line, componentTypes: [...line.componentTypes, 'vision_sensors'] }), ['componentTypes']);
  assert.deepEqual(significantChanges(line, { ...line, componentTypes: ['main_controller'] }), ['componentTypes']);
});

test('minor changes, another spelling of the same text and a reordered type list file no revision', () => {
  const minor = [
    { ...line, parameters: { ...line.parameters, heightCm: 180 } },
    { ...line, parameters: { ...line.parameters, degreesOfFreedom: 50, applications: ['retail'] } },
    { ...line, parameters: { ...line.parameters, batteryChemistry: ' nmc', autonomyLevel: 'ｌ３' } },
    { ...line, componentTypes: ['battery_pack', 'main_controller'] },
  ];
  for (const m of minor) {
    assert.throws(
      () => checkRevision(line, m),
      (err: unknown) => err instanceof RegistryError && err.code === 'REVISION_NOT_SIGNIFICANT',
    );
  }
  assert.deepEqual(checkRevision(line, { ...line, parameters: { ...line.parameters, massKg: 64 } }), ['massKg']);
});

test('a revision is decided once', () => {
  assert.equal(nextRevisionStatus('filed', 'approve'), 'approved');
  assert.equal(nextRevisionStatus('filed', 'refuse'), 'refused');
  assert.equal(nextRevisionStatus('approved', 'refuse'), undefined);
  assert.equal(nextRevisionStatus('refused', 'approve'), undefined);
});
