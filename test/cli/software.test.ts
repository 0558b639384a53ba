/**
 * hreg software and hreg campaigns (issue #15, items 1–3) over real HTTP: the
 * CLI as a child process against a listening server, each command's --json
 * answer checked against the registry's state, one refusal each (its problem
 * code shown, a non-zero exit), and every command's help in both languages.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COMMANDS } from '../../src/cli/commands.ts';
import { speak } from '../../src/cli/lang.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther } from '../lifecycle/flow.ts';
import { json, runCli, type Run } from './run-cli.ts';

const HAN = /\p{Script=Han}/u;

describe(`[${ENGINE}] hreg software and hreg campaigns over HTTP`, () => {
  let r: TestRegistry;
  let url = '';
  let tmp = '';
  let maker: Enrolled;
  let buyer: Enrolled;
  let model = '';
  let modelArg = '';
  let code = '';
  let campaignId = '';

  const hreg = (token: string | undefined, ...args: string[]) => runCli(args, { url, token });
  /** refusedRun asserts the CLI was refused with code: exit 1, the code on stderr and, with --json, the problem on stdout. */
  function refusedRun(run: Run, problem: string, asJson = true): void {
    assert.equal(run.code, 1, `exit ${run.code}: ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`^error: ${problem}: `, 'm'), run.stderr);
    if (asJson) assert.equal(JSON.parse(run.stdout).code, problem);
  }

  before(async () => {
    r = await testRegistry();
    url = await r.app.listen({ port: 0, host: '127.0.0.1' });
    tmp = mkdtempSync(join(tmpdir(), 'hreg-software-'));
    maker = await enrol(r, ['manufacturer', 'seller'], 'CLI Software Robotics');
    buyer = await enrol(r, ['operator'], 'CLI Buyer');
    await acceptEachOther(r, [maker, buyer]);
    model = await fileModel(r, maker);
    modelArg = `${maker.enterpriseCode}/${model}`;
    const v = await r.call('POST', `/v1/models/${maker.enterpriseCode}/${model}/software`, {
      token: maker.token,
      body: {
        identifier: 'HX-OS',
        version: '1.0.0',
        releasedOn: '2026-01-10',
        changes: 'first release',
        safetyRelevant: false,
        sha256: 'a'.repeat(64),
      },
    });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    const unit = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), softwareVersion: '1.0.0' } });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    code = unit.body.code;
  });
  after(async () => {
    await r.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('software file, list, block and unblock', { timeout: 300_000 }, async () => {
    const artefact = join(tmp, 'hx-os-2.0.0.bin');
    writeFileSync(artefact, 'firmware image 2.0.0');
    const digest = createHash('sha256').update('firmware image 2.0.0').digest('hex');
    const fileArgs = ['--identifier', 'HX-OS', '--released', '2026-11-20', '--changes', 'gait fix on slopes', '--safety-relevant'];
    const filed = json(await hreg(maker.token, 'software', 'file', modelArg, 'V2.0.0', ...fileArgs, '--artefact', artefact, '--json'));
    assert.deepEqual([filed.key, filed.sha256, filed.safetyRelevant, filed.blocked, filed.current], ['2.0.0', digest, true, false, true]);
    const [stored] = await r.ctx.store.query<{ sha256: string }>(
      "SELECT sha256 FROM software_versions WHERE model_code = $1 AND version_key = '2.0.0'",
      [model],
    );
    assert.equal(stored?.sha256, digest, 'the artefact’s digest reached the registry');
    // Filed again under another spelling: refused, with its code; both a digest and an artefact: a usage error, nothing sent.
    refusedRun(
      await hreg(maker.token, 'software', 'file', modelArg, '2.0.0', ...fileArgs, '--sha256', digest, '--json'),
      'SOFTWARE_VERSION_EXISTS',
    );
    const both = await hreg(maker.token, 'software', 'file', modelArg, '2.1.0', ...fileArgs, '--sha256', digest, '--artefact', artefact);
    assert.equal(both.code, 2, both.stderr);

    // Anyone lists a model's versions; the table names them.
    const listed = json(await hreg(undefined, 'software', 'list', modelArg, '--json'));
    assert.deepEqual(
      listed.items.map((v: { key: string; current: boolean }) => [v.key, v.current]),
      [
        ['2.0.0', true],
        ['1.0.0', false],
      ],
    );
    const table = await hreg(undefined, 'software', 'list', modelArg);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /2\.0\.0/);
    refusedRun(await hreg(undefined, 'software', 'list', `${maker.enterpriseCode}/ZZZZZZ`, '--json'), 'UNKNOWN_MODEL');

    // Only the regulator blocks; a blocked version stops the unit running it from being sold.
    refusedRun(await hreg(maker.token, 'software', 'block', modelArg, '1.0.0', '--reason', 'mine', '--json'), 'FORBIDDEN_ROLE');
    const blocked = json(
      await hreg(r.regulatorToken, 'software', 'block', modelArg, '1.0.0', '--reason', 'unbounded joint torque', '--json'),
    );
    assert.equal(blocked.blocked, true);
    assert.equal(blocked.decisions.at(-1).action, 'blocked');
    const access = await r.call('GET', `/v1/robots/${code}/market-access`);
    assert.deepEqual(access.body.reasons, ['BLOCKED_SOFTWARE']);
    const sale = await r.call('POST', `/v1/robots/${code}/events`, {
      token: maker.token,
      body: { type: 'transferred', data: { to: buyer.id, sale: true } },
    });
    assert.equal(sale.body.code, 'MARKET_ACCESS_DENIED');
    const unblocked = json(
      await hreg(r.regulatorToken, 'software', 'unblock', modelArg, '1.0.0', '--reason', 'fixed in firmware', '--json'),
    );
    assert.equal(unblocked.blocked, false);
    assert.equal((await r.call('GET', `/v1/robots/${code}/market-access`)).body.allowed, true);
    refusedRun(await hreg(r.regulatorToken, 'software', 'unblock', modelArg, '1.0.0', '--reason', 'again', '--json'), 'BLOCK_STATE');
    // The human answer of a decision names the version and its state.
    const human = await hreg(r.regulatorToken, 'software', 'block', modelArg, '1.0.0', '--reason', 'torque again');
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /1\.0\.0/);
    json(await hreg(r.regulatorToken, 'software', 'unblock', modelArg, '1.0.0', '--reason', 'fixed', '--json'));
  });

  test('campaigns file, acknowledge, show and list; software update', { timeout: 300_000 }, async () => {
    // A campaign to a version never filed is refused; the safety-relevant 2.0.0 (filed above, or here when run alone) is filed.
    refusedRun(
      await hreg(maker.token, 'campaigns', 'file', '--models', model, '--from', '1.0.0', '--to', '9.9.9', '--summary', 'x', '--json'),
      'UNKNOWN_SOFTWARE_VERSION',
    );
    const known = await r.ctx.store.query("SELECT 1 FROM software_versions WHERE model_code = $1 AND version_key = '2.0.0'", [model]);
    if (known.length === 0) {
      const args = [
        '--identifier',
        'HX-OS',
        '--released',
        '2026-11-20',
        '--changes',
        'gait',
        '--sha256',
        'b'.repeat(64),
        '--safety-relevant',
      ];
      json(await hreg(maker.token, 'software', 'file', modelArg, '2.0.0', ...args, '--json'));
    }
    const filed = json(
      await hreg(
        maker.token,
        'campaigns',
        'file',
        '--models',
        model,
        '--from',
        '1.0.0',
        '--to',
        '2.0.0',
        '--summary',
        'motion limits unchanged',
        '--json',
      ),
    );
    campaignId = filed.campaign.id;
    assert.equal(filed.units, 1);
    assert.equal(filed.campaign.safetyRelevant, true);
    // Unacknowledged, it clears only when the 14-day waiting period ends.
    assert.ok(Date.parse(filed.campaign.clearedAt) > Date.now() + 13 * 86_400_000, filed.campaign.clearedAt);

    // The recall that campaign remedies: stop-sale until the unit reports its version.
    const issued = json(
      await hreg(
        maker.token,
        ...['recalls', 'issue', '--models', model, '--hazard', 'balance loop may oscillate', '--severity', 'high'],
        ...['--remedy', 'software_update', '--stop-sale', '--campaign', campaignId, '--json'],
      ),
    );
    assert.deepEqual([issued.recall.campaignId, issued.affected], [campaignId, 1]);
    const recallId: string = issued.recall.id;
    assert.equal((await r.call('GET', `/v1/robots/${code}/market-access`)).body.allowed, false);

    // Not yet acknowledged: the update is refused, and the unit still runs 1.0.0.
    const updateArgs = ['software', 'update', code, '--campaign', campaignId, '--from', '1.0.0', '--to', '2.0.0'];
    refusedRun(await hreg(maker.token, ...updateArgs, '--json'), 'CAMPAIGN_NOT_CLEARED');
    const [before] = await r.ctx.store.query<{ software_version: string }>('SELECT software_version FROM robots WHERE code = $1', [code]);
    assert.equal(before?.software_version, '1.0.0');

    // Only the regulator acknowledges.
    refusedRun(await hreg(maker.token, 'campaigns', 'acknowledge', campaignId, '--json'), 'FORBIDDEN_ROLE');
    const ack = json(await hreg(r.regulatorToken, 'campaigns', 'acknowledge', campaignId, '--json'));
    assert.ok(ack.acknowledgedAt);
    assert.ok(Date.parse(ack.clearedAt) <= Date.now(), 'cleared by the acknowledgement');

    // The maker reports the update over the air: the unit runs 2.0.0.
    const updated = json(await hreg(maker.token, ...updateArgs, '--json'));
    assert.deepEqual(updated.data, { campaignId, from: '1.0.0', to: '2.0.0' });
    assert.equal((await r.call('GET', `/v1/verify/${code}`)).body.software.installed, '2.0.0');
    // … and the recall is remedied without a shop visit.
    assert.equal(json(await hreg(undefined, 'recalls', 'show', recallId, '--json')).totals.completion, 1);
    assert.equal((await r.call('GET', `/v1/robots/${code}/market-access`)).body.allowed, true);
    // Reported again, the unit no longer runs 1.0.0; a version not in the campaign is refused too.
    refusedRun(await hreg(maker.token, ...updateArgs, '--json'), 'SOFTWARE_FROM_MISMATCH');
    refusedRun(
      await hreg(maker.token, 'software', 'update', code, '--campaign', campaignId, '--from', '2.0.0', '--to', '1.0.0', '--json'),
      'SOFTWARE_NOT_IN_CAMPAIGN',
    );

    // Progress by model and province, for the regulator and the maker; the public and a buyer see none.
    const shown = json(await hreg(r.regulatorToken, 'campaigns', 'show', campaignId, '--json'));
    assert.deepEqual([shown.totals.units, shown.totals.updated, shown.totals.completion], [1, 1, 1]);
    assert.deepEqual(
      shown.byModel.map((m: { model: string; updated: number }) => [m.model, m.updated]),
      [[model, 1]],
    );
    const table = await hreg(maker.token, 'campaigns', 'show', campaignId);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /100\.0 %/);
    refusedRun(await hreg(buyer.token, 'campaigns', 'show', campaignId, '--json'), 'FORBIDDEN_ROLE');
    const listed = json(await hreg(r.regulatorToken, 'campaigns', 'list', '--json'));
    assert.ok(listed.items.some((c: { id: string }) => c.id === campaignId));
    assert.ok(json(await hreg(maker.token, 'campaigns', 'list', '--json')).items.some((c: { id: string }) => c.id === campaignId));
    refusedRun(await hreg(buyer.token, 'campaigns', 'list', '--json'), 'FORBIDDEN_ROLE');
    // Without --json a refusal is one line on stderr, nothing on stdout; in Chinese under a Chinese locale.
    const plain = await hreg(buyer.token, 'campaigns', 'list');
    refusedRun(plain, 'FORBIDDEN_ROLE', false);
    assert.equal(plain.stdout, '');
    const zh = await runCli(['campaigns', 'list'], { url, token: buyer.token, env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(zh.code, 1);
    assert.match(zh.stderr, /^错误：FORBIDDEN_ROLE：/m);
  });

  test('usage and brands: hreg usage, brand record and brand list, the carried brand of a remanufactured unit', {
    timeout: 300_000,
  }, async () => {
    const shop = await enrol(r, ['service'], 'CLI Service');
    const reman = await enrol(r, ['remanufacturer'], 'CLI Second Life');
    await acceptEachOther(r, [buyer, reman]);
    // A model of its own: the stop-sale recall above reaches every unit of the first, later ones too.
    const unit = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(await fileModel(r, maker)) });
    const unitCode: string = unit.body.code;
    const event = (token: string, type: string, data: unknown) =>
      r.call('POST', `/v1/robots/${unitCode}/events`, { token, body: { type, data } });
    assert.equal((await event(maker.token, 'transferred', { to: buyer.id, sale: true })).status, 201);
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    assert.equal((await event(buyer.token, 'service_granted', { service: shop.id, expiresAt: until })).status, 201);

    const read = json(await hreg(buyer.token, 'usage', unitCode, '--hours', '1250.5', '--cycles', '48210', '--json'));
    assert.deepEqual(read.data, { hours: 1250.5, cycles: 48210 });
    refusedRun(await hreg(buyer.token, 'usage', unitCode, '--hours', '10', '--cycles', '48210', '--json'), 'COUNTER_BACKWARDS');
    const branded = json(
      await hreg(shop.token, 'brand', 'record', unitCode, '--brand', 'water_damaged', '--evidence', 'Flood survey FS-22', '--json'),
    );
    assert.equal(branded.type, 'brand_recorded');
    refusedRun(
      await hreg(shop.token, 'brand', 'record', unitCode, '--brand', 'total_loss', '--evidence', 'x', '--json'),
      'BRAND_NOT_ALLOWED',
    );
    assert.deepEqual(json(await hreg(undefined, 'brand', 'list', unitCode, '--json')).brands, ['water_damaged']);

    // Remanufactured into a new code, the brand goes with it: the list names the record it rests on.
    assert.equal((await event(buyer.token, 'decommissioned', {})).status, 201);
    assert.equal((await event(buyer.token, 'transferred', { to: reman.id, sale: false })).status, 201);
    const parts = await r.ctx.store.query<{ type: string; maker: string; serial: string }>(
      'SELECT component_type AS type, maker, serial FROM components WHERE robot_code = $1',
      [unitCode],
    );
    const built = await r.call('POST', '/v1/remanufactures', {
      token: reman.token,
      body: { predecessors: [unitCode], unit: { ...unitBody(await fileModel(r, reman)), components: parts } },
    });
    assert.equal(built.status, 201, JSON.stringify(built.body));
    const listed = json(await hreg(undefined, 'brand', 'list', built.body.code, '--json'));
    assert.deepEqual(listed.brands, ['water_damaged']);
    assert.deepEqual(listed.records[0].carriedFrom.code, unitCode);
    const table = await hreg(undefined, 'brand', 'list', built.body.code);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, new RegExp(`${unitCode} #${branded.seq}`));
    // verify shows it to anyone (English keeps the API's words; Chinese says them).
    const verified = await hreg(undefined, 'verify', built.body.code);
    assert.match(verified.stdout, /water_damaged, remanufactured/);
    const zh = await runCli(['verify', built.body.code], { url, env: { LANG: 'zh_CN.UTF-8' } });
    assert.match(zh.stdout, /水浸/);
  });

  test('each command’s --help exists in English and Chinese, with the same flags and examples', async () => {
    const commands: [string, string[]][] = [
      ['software', []],
      ['software file', ['--identifier', '--released', '--changes', '--sha256', '--artefact', '--safety-relevant', '--json']],
      ['software list', ['--json']],
      ['software block', ['--reason', '--json']],
      ['software unblock', ['--reason', '--json']],
      ['software update', ['--campaign', '--from', '--to', '--json']],
      ['campaigns', []],
      ['campaigns file', ['--models', '--from', '--to', '--summary', '--start', '--produced-from', '--codes-from', '--json']],
      ['campaigns acknowledge', ['--json']],
      ['campaigns show', ['--json']],
      ['campaigns list', ['--json']],
      ['recalls issue', ['--campaign', '--remedy', '--json']],
      ['usage', ['--hours', '--cycles', '--json']],
      ['brand record', ['--brand', '--evidence', '--json']],
      ['brand list', ['--json']],
    ];
    // In process (the command `hreg` dispatches to, in the language it chose), stdout captured;
    // one child process below shows it is the same.
    const helpOf = async (name: string, lang: 'en' | 'zh-CN') => {
      const [top = '', sub] = name.split(' ');
      const entry = COMMANDS[top];
      assert.ok(entry, top);
      const group = await entry.load();
      const command = sub === undefined ? group : group.subcommands?.[sub];
      assert.ok(command, name);
      const out: string[] = [];
      const write = process.stdout.write;
      process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
      let exit: number;
      try {
        speak(lang);
        exit = await command.run(['--help']);
      } finally {
        process.stdout.write = write;
        speak('en');
      }
      return { exit, text: out.join('') };
    };
    for (const [name, flags] of commands) {
      const en = await helpOf(name, 'en');
      const zh = await helpOf(name, 'zh-CN');
      assert.equal(en.exit, 0, `${name} --help`);
      assert.equal(zh.exit, 0, `${name} --help (zh)`);
      assert.match(en.text, new RegExp(`hreg ${name}`), name);
      assert.ok(!HAN.test(en.text), `${name}: the English help holds no Chinese`);
      assert.ok(HAN.test(zh.text), `${name}: the Chinese help is in Chinese`);
      assert.notEqual(en.text, zh.text);
      for (const flag of flags) {
        assert.ok(en.text.includes(flag), `${name} --help names ${flag}`);
        assert.ok(zh.text.includes(flag), `${name} --help (zh) names ${flag}`);
      }
      // The same examples in both languages.
      const examples = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('hreg '));
      assert.ok(examples(en.text).length > 0, `${name} has an example`);
      assert.deepEqual(examples(zh.text), examples(en.text), name);
    }
    const child = await runCli(['software', 'update', '--help'], { url, env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(child.code, 0, child.stderr);
    assert.equal(child.stdout, (await helpOf('software update', 'zh-CN')).text);
  });
});
