/**
 * The README's "An OTA-remedied recall, from filing to completion" (issue #15)
 * is true: its curl commands, exactly as the README prints them, run by bash
 * against a listening registry, and each answer is what the README says it is.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { ROOT } from '../cli/run-cli.ts';

const run = promisify(execFile);

/** walkthrough returns the curl commands of the README's OTA-remedied recall, each with any continuation lines. */
export function walkthrough(readme: string): string[] {
  const start = readme.indexOf('### An OTA-remedied recall');
  assert.ok(start >= 0, 'the README has the walkthrough');
  const open = readme.indexOf('```sh\n', start);
  const close = readme.indexOf('\n```', open + 6);
  const commands: string[] = [];
  for (const line of readme.slice(open + 6, close).split('\n')) {
    if (line.startsWith('curl ')) commands.push(line);
    else if (!line.startsWith('#') && commands.length > 0) commands[commands.length - 1] += `\n${line}`;
  }
  return commands;
}

describe(`[${ENGINE}] the README's OTA-remedied recall`, () => {
  let r: TestRegistry;
  let url = '';
  let dir = '';
  let maker: Enrolled;
  let code = '';
  const artefact = 'hx-os 2.1.0 image';

  before(async () => {
    r = await testRegistry();
    url = (await r.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
    dir = mkdtempSync(join(tmpdir(), 'hreg-readme-ota-'));
    writeFileSync(join(dir, 'hx-os-2.1.0.bin'), artefact);
    // The README's starting point: model 0001/000001 of the first maker, a unit registered on 2.0.0.
    maker = await enrol(r, ['manufacturer', 'seller'], 'README Robotics');
    const model = await fileModel(r, maker);
    assert.deepEqual([maker.enterpriseCode, model], ['0001', '000001'], 'the README names the first maker and model');
    const v = await r.call('POST', '/v1/models/0001/000001/software', {
      token: maker.token,
      body: {
        identifier: 'HX-OS',
        version: '2.0.0',
        releasedOn: '2026-10-01',
        changes: 'first',
        safetyRelevant: false,
        sha256: 'c'.repeat(64),
      },
    });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    const unit = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), softwareVersion: '2.0.0' } });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    code = unit.body.code;
  });
  after(async () => {
    await r.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every command answers as the README says, and the recall completes without a shop visit', { timeout: 120_000 }, async () => {
    const commands = walkthrough(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    assert.equal(commands.length, 8, commands.join('\n---\n'));
    const vars: Record<string, string> = { URL: url, MAKER: maker.token, REG: r.regulatorToken, CODE: code, CAMPAIGN: '', RECALL: '' };
    /** sh runs the README's i-th command as written, in a shell holding the walkthrough's variables, and parses its answer. */
    const sh = async (i: number) => {
      const { stdout } = await run('bash', ['-c', `set -euo pipefail\n${commands[i]}`], { cwd: dir, env: { ...process.env, ...vars } });
      return JSON.parse(stdout);
    };
    const version = await sh(0);
    assert.deepEqual(
      [version.key, version.safetyRelevant, version.sha256],
      ['2.1.0', true, createHash('sha256').update(artefact).digest('hex')],
      JSON.stringify(version),
    );
    const filed = await sh(1);
    assert.equal(filed.units, 1, JSON.stringify(filed));
    vars.CAMPAIGN = filed.campaign.id;
    const recall = await sh(2);
    assert.equal(recall.affected, 1, JSON.stringify(recall));
    assert.equal(recall.recall.campaignId, vars.CAMPAIGN);
    vars.RECALL = recall.recall.id;
    assert.equal((await r.call('GET', `/v1/robots/${code}/market-access`)).body.allowed, false, 'stop-sale until remedied');
    const ack = await sh(3);
    assert.ok(ack.acknowledgedAt, JSON.stringify(ack));
    const updated = await sh(4);
    assert.deepEqual(updated.data, { campaignId: vars.CAMPAIGN, from: '2.0.0', to: '2.1.0' });
    const progress = await sh(5);
    assert.deepEqual([progress.totals.units, progress.totals.updated], [1, 1], JSON.stringify(progress));
    assert.ok(progress.byModel.length > 0 && progress.byProvince.length > 0);
    const done = await sh(6);
    assert.equal(done.totals.completion, 1, JSON.stringify(done));
    const verified = await sh(7);
    assert.deepEqual(verified.software, { installed: '2.1.0', current: '2.1.0', upToDate: true, blocked: false });
    assert.equal(verified.marketAccess.allowed, true, 'remedied: sellable again');
    // No shop visit: no recall_remedied event, the update remedied it.
    const events = await r.call('GET', `/v1/robots/${code}/events`, { token: maker.token });
    assert.deepEqual(
      events.body.items.map((e: { type: string }) => e.type),
      ['registered', 'software_updated'],
    );
  });
});
