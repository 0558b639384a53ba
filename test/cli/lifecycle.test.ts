import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { json, runCli, type Run } from './run-cli.ts';
import { COMMANDS } from '../../src/cli/commands.ts';
import type { Command } from '../../src/cli/command.ts';
import { displayCode } from '../../src/code/index.ts';
import { enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther } from '../lifecycle/flow.ts';

let url = '';

/** hreg runs the CLI against the test server. */
const hreg = (args: string[], opts: { token?: string; url?: string } = {}) => runCli(args, { url: opts.url ?? url, token: opts.token });

let r: TestRegistry;
let tmp: string;
let maker: Enrolled;
let operator: Enrolled;
let servicer: Enrolled;
let code = '';
let keyFile = '';

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  tmp = mkdtempSync(join(tmpdir(), 'hreg-lifecycle-'));
  keyFile = join(tmp, 'registry.vkey');
  writeFileSync(keyFile, r.verifierKey + '\n');
  [maker, operator, servicer] = await Promise.all([
    enrol(r, ['manufacturer', 'seller'], `Maker ${process.pid}`),
    enrol(r, ['operator'], `Operator ${process.pid}`),
    enrol(r, ['service'], `Service ${process.pid}`),
  ]);
  await acceptEachOther(r, [maker, operator, servicer]);
  const model = await fileModel(r, maker);
  const unit = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), firmware: '1.0' } });
  assert.equal(unit.status, 201, JSON.stringify(unit.body));
  code = unit.body.code;
});

after(async () => {
  await r.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const NEW_COMMANDS = [
  'events',
  'events record',
  'events list',
  'transfer',
  'deploy',
  'service',
  'service grant',
  'service revoke',
  'service start',
  'service record',
  'incident',
  'decommission',
  'recycle',
  'recycle receive',
  'scrap',
  'suspend',
  'reinstate',
  'stolen',
  'recovered',
  'accountability',
  'bundle',
  'verify-bundle',
  'audit',
  'log',
  'log checkpoint',
  'log key',
  'offers',
  'offers accept',
  'offers decline',
  'offers withdraw',
  'standing',
  'standing list',
  'standing accept',
  'standing revoke',
  'components',
  'components show',
  'components conflicts',
];

async function commandAt(name: string): Promise<Command> {
  const [top, sub] = name.split(' ') as [string, string | undefined];
  const entry = COMMANDS[top];
  assert.ok(entry, `no command ${top}`);
  const c = await entry.load();
  const found = sub === undefined ? c : c.subcommands?.[sub];
  assert.ok(found, `no command ${name}`);
  return found;
}

describe('hreg lifecycle commands: usage', () => {
  test('--help for each new command exits 0 and lists its flags and an example', async () => {
    // In-process for all of them (the same run() that `hreg` dispatches to), as child processes for a few.
    const out: string[] = [];
    const write = process.stdout.write;
    const runs: Run[] = [];
    for (const name of NEW_COMMANDS) {
      out.length = 0;
      process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
      let exit: number;
      try {
        exit = await (await commandAt(name)).run(['--help']);
      } finally {
        process.stdout.write = write;
      }
      runs.push({ code: exit, stdout: out.join(''), stderr: '' });
    }
    const children = ['transfer', 'service record', 'verify-bundle', 'log'];
    const spawned = await Promise.all(children.map((name) => hreg([...name.split(' '), '--help'])));
    children.forEach((name, i) => {
      assert.equal(spawned[i]!.code, 0, spawned[i]!.stderr);
      assert.equal(spawned[i]!.stdout, runs[NEW_COMMANDS.indexOf(name)]!.stdout);
    });
    for (const [i, name] of NEW_COMMANDS.entries()) {
      const run = runs[i]!;
      const c = await commandAt(name);
      assert.equal(run.code, 0, `${name} --help exited ${run.code}`);
      assert.match(run.stdout, new RegExp(`Usage: hreg ${name}`));
      assert.match(run.stdout, /Example/);
      for (const flag of c.flags) assert.ok(run.stdout.includes(`--${flag}`), `${name} --help does not mention --${flag}`);
      for (const sub of Object.keys(c.subcommands ?? {})) assert.match(run.stdout, new RegExp(`^  ${sub} `, 'm'));
    }
    const key: Record<string, string[]> = {
      'events record': ['--type', '--data', '--data-file', '--occurred-at', '--idempotency-key', '--if-match', '--verbose'],
      'events list': ['--after', '--limit', '--all'],
      transfer: ['--to', '--sale', '--idempotency-key', '--if-match'],
      deploy: ['--province', '--city', '--domain', '--address', '--lat', '--lon', '--operator', '--end'],
      'service record': ['--kind', '--firmware', '--notes', '--replace'],
      incident: ['--severity', '--kind', '--description', '--component-type', '--failure-mode'],
      audit: ['--url', '--key', '--state'],
      'verify-bundle': ['--key', '--json'],
      bundle: ['--out'],
      accountability: ['--at'],
    };
    for (const [name, flags] of Object.entries(key)) {
      const run = runs[NEW_COMMANDS.indexOf(name)]!;
      for (const f of flags) assert.ok(run.stdout.includes(f), `${name} --help lacks ${f}`);
    }
  });

  test('bad command lines exit 2 before anything is sent', async () => {
    const before = (await r.call('GET', `/v1/robots/${code}/events`, { token: maker.token })).body.items.length;
    const runs = await Promise.all([
      hreg(['deploy', code, '--province', 'Zhejiang'], { token: maker.token }),
      hreg(['deploy', code, '--end', '--city', 'Hangzhou'], { token: maker.token }),
      hreg(['service', 'record', code, '--kind', 'polishing'], { token: maker.token }),
      hreg(['service', 'record', code, '--kind', 'repair', '--replace', 'battery_pack:A:B'], { token: maker.token }),
      hreg(['transfer', code, '--to', 'not-an-id'], { token: maker.token }),
      hreg(['events', 'record', code, '--type', 'suspended', '--data', '{oops'], { token: maker.token }),
      hreg(['incident', code, '--severity', 'serious', '--kind', 'malfunction', '--description', 'x', '--occurred-at', '2026-02-30'], {
        token: maker.token,
      }),
      hreg(['verify-bundle', join(tmp, 'nothing.json'), '--key', 'not-a-key']),
      hreg(['audit', '--key', keyFile, '--frobnicate']),
    ]);
    for (const run of runs) {
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^error: USAGE: /m);
      assert.equal(run.stdout, '');
    }
    assert.match(runs[0]!.stderr, /missing --city, --domain/);
    assert.match(runs[2]!.stderr, /--kind must be one of inspection, maintenance, repair, software_update/);
    assert.equal((await r.call('GET', `/v1/robots/${code}/events`, { token: maker.token })).body.items.length, before);
  });
});

describe('hreg lifecycle commands: the life of one unit', () => {
  let bundleFile = '';
  const stateFile = () => join(tmp, 'audit-state.json');
  let firstAuditSize = 0;

  test('transfer --sale to an operator; a retry with the same --idempotency-key records one event', async () => {
    const key = `test-transfer-${process.pid}`;
    const first = json(
      await hreg(['transfer', displayCode(code), '--to', operator.id, '--sale', '--idempotency-key', key, '--json'], {
        token: maker.token,
      }),
    );
    assert.equal(first.type, 'transferred');
    assert.equal(first.data.to, operator.id);
    assert.equal(first.data.sale, true);
    assert.equal(first.robot.status, 'in_use');
    assert.equal(first.robot.ownerId, operator.id);
    const retry = json(
      await hreg(['transfer', code, '--to', operator.id, '--sale', '--idempotency-key', key, '--json'], { token: maker.token }),
    );
    assert.equal(retry.seq, first.seq);
    assert.equal(retry.logIndex, first.logIndex);
    const events = (await r.call('GET', `/v1/robots/${code}/events`, { token: operator.token })).body.items;
    assert.deepEqual(
      events.map((e: { type: string }) => e.type),
      ['registered', 'transferred'],
    );
  });

  test('deploy, service grant, service record --firmware 2.0, incident', async () => {
    const deployed = await hreg(
      [
        'deploy',
        code,
        '--province',
        'Zhejiang',
        '--city',
        'Hangzhou',
        '--domain',
        'logistics',
        '--address',
        '88 Binjiang Rd',
        '--lat',
        '30.2',
        '--lon',
        '120.2',
        '--verbose',
      ],
      { token: operator.token },
    );
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.match(deployed.stdout, /deployed \(seq 3\)/);
    assert.match(deployed.stderr, /^idempotency key: hreg-[0-9a-f-]{36}$/m);

    const grant = json(
      await hreg(['service', 'grant', code, '--service', servicer.id, '--expires', '2099-12-31', '--json'], { token: operator.token }),
    );
    assert.deepEqual(grant.data, { service: servicer.id, expiresAt: '2099-12-31T00:00:00.000Z' });

    const serviced = json(
      await hreg(['service', 'record', code, '--kind', 'software_update', '--firmware', '2.0', '--notes', 'OTA', '--json'], {
        token: servicer.token,
      }),
    );
    assert.equal(serviced.type, 'serviced');
    assert.equal(serviced.data.firmware, '2.0');

    const incident = json(
      await hreg(
        [
          'incident',
          code,
          '--severity',
          'serious',
          '--kind',
          'malfunction',
          '--description',
          'arm froze mid-lift',
          '--component-type',
          'main_controller',
          '--json',
        ],
        { token: operator.token },
      ),
    );
    assert.equal(incident.type, 'incident_reported');
    assert.equal(incident.data.componentType, 'main_controller');
  });

  test('accountability names the operator and firmware 2.0; events list shows the types in order', async () => {
    const a = json(await hreg(['accountability', code, '--json'], { token: operator.token }));
    assert.equal(a.operator.id, operator.id);
    assert.equal(a.owner.id, operator.id);
    assert.equal(a.seller.id, maker.id);
    assert.equal(a.maker.id, maker.id);
    assert.equal(a.firmware, '2.0');
    assert.equal(a.lastService.by.id, servicer.id);
    const human = await hreg(['accountability', code], { token: operator.token });
    assert.equal(human.code, 0, human.stderr);
    assert.ok(human.stdout.includes(`Operator ${process.pid}`));
    assert.match(human.stdout, /Firmware\s*│?\s*2\.0/);

    const types = ['registered', 'transferred', 'deployed', 'service_granted', 'serviced', 'incident_reported'];
    const listed = json(await hreg(['events', 'list', code, '--json'], { token: operator.token }));
    assert.deepEqual(
      listed.items.map((e: { type: string }) => e.type),
      types,
    );
    assert.deepEqual(
      listed.items.map((e: { seq: number }) => e.seq),
      [1, 2, 3, 4, 5, 6],
    );
    const paged = json(await hreg(['events', 'list', code, '--all', '--limit', '2', '--json'], { token: operator.token }));
    assert.deepEqual(
      paged.items.map((e: { type: string }) => e.type),
      types,
    );
    assert.equal(paged.next, null);
    const table = await hreg(['events', 'list', code, '--limit', '2'], { token: operator.token });
    assert.equal(table.code, 0);
    assert.match(table.stdout, /transferred/);
    assert.match(table.stderr, /more: hreg events list \S+ --after 2/);
  });

  test('bundle --out, then verify-bundle offline; a tampered copy exits 1 and names the entry', async () => {
    bundleFile = join(tmp, 'passport.json');
    const got = await hreg(['bundle', code, '--out', bundleFile]);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /6 event\(s\)/);

    const ok = await hreg(['verify-bundle', bundleFile, '--key', keyFile]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^OK: /);
    assert.match(ok.stdout, /Checkpoint size/);
    assert.match(ok.stdout, /incident_reported/);
    const okJson = json(await hreg(['verify-bundle', bundleFile, '--key', r.verifierKey, '--json']));
    assert.equal(okJson.ok, true);
    assert.ok(okJson.size >= 6);
    assert.equal(typeof okJson.root, 'string');
    assert.deepEqual(okJson.events.map((e: { type: string }) => e.type).slice(-2), ['serviced', 'incident_reported']);

    // Change one byte of the third event's leaf: its inclusion proof no longer reaches the signed root.
    const b = JSON.parse(readFileSync(bundleFile, 'utf8'));
    const leaf = Buffer.from(b.entries[2].leaf, 'base64');
    leaf.writeUInt8(leaf.readUInt8(leaf.length - 3) ^ 0x01, leaf.length - 3);
    b.entries[2].leaf = leaf.toString('base64');
    const tampered = join(tmp, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(b));
    const bad = await hreg(['verify-bundle', tampered, '--key', keyFile]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: LOG_VERIFICATION_FAILED: passport bundle: entry 2: /m);
    assert.equal(bad.stdout, '');
    const badJson = await hreg(['verify-bundle', tampered, '--key', keyFile, '--json']);
    assert.equal(badJson.code, 1);
    const out = JSON.parse(badJson.stdout);
    assert.equal(out.ok, false);
    assert.match(out.error, /entry 2/);
  });

  test('audit --state: the first run saves the state; after more events the second is consistent with it', async () => {
    const first = await hreg(['audit', '--key', keyFile, '--state', stateFile()]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^OK: /);
    assert.match(first.stderr, /downloaded \d+\/\d+ entries/);
    const saved = JSON.parse(readFileSync(stateFile(), 'utf8'));
    firstAuditSize = saved.size;
    assert.ok(firstAuditSize >= 6);

    // The log grows: end the deployment and suspend the unit.
    assert.equal((await hreg(['deploy', code, '--end'], { token: operator.token })).code, 0);
    const suspended = json(
      await hreg(['suspend', code, '--reason', 'investigation after incident', '--json'], { token: r.regulatorToken }),
    );
    assert.equal(suspended.robot.suspended, true);

    const second = await hreg(['audit', '--key', keyFile, '--state', stateFile(), '--url', url]);
    assert.equal(second.code, 0, second.stderr);
    assert.ok(second.stdout.includes(`consistent with previous checkpoint of size ${firstAuditSize}`), second.stdout);
    assert.equal(JSON.parse(readFileSync(stateFile(), 'utf8')).size, firstAuditSize + 2);

    // A key of another log: the checkpoint does not verify, exit 1, the state stays as it was.
    const { generateSignerKey } = await import('../../src/ledger/index.ts');
    const other = generateSignerKey('test.humanoid-registry.local/log').verifierKey;
    const forged = await hreg(['audit', '--key', other, '--state', stateFile(), '--json']);
    assert.equal(forged.code, 1);
    assert.match(forged.stderr, /^error: AUDIT_FAILED: /m);
    assert.equal(JSON.parse(forged.stdout).findings[0].kind, 'signature');
    assert.equal(JSON.parse(readFileSync(stateFile(), 'utf8')).size, firstAuditSize + 2);
  });

  test('a refused event exits 1 with the problem code: deploying a suspended unit', async () => {
    const run = await hreg(['deploy', code, '--province', 'Zhejiang', '--city', 'Ningbo', '--domain', 'retail'], { token: operator.token });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: MARKET_ACCESS_DENIED: .*SUSPENDED/m);
    const runJson = await hreg(['deploy', code, '--province', 'Zhejiang', '--city', 'Ningbo', '--domain', 'retail', '--json'], {
      token: operator.token,
    });
    assert.equal(runJson.code, 1);
    assert.equal(JSON.parse(runJson.stdout).code, 'MARKET_ACCESS_DENIED');
    const stale = await hreg(['reinstate', code, '--reason', 'closed', '--if-match', '1'], { token: r.regulatorToken });
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /^error: VERSION_MISMATCH: /m);
    const events = (await r.call('GET', `/v1/robots/${code}/events`, { token: operator.token })).body.items;
    assert.equal(events.at(-1).type, 'suspended');
  });

  test('log key and log checkpoint print the key and a checkpoint that verifies with it', async () => {
    const key = await hreg(['log', 'key']);
    assert.equal(key.code, 0, key.stderr);
    assert.equal(key.stdout, r.verifierKey + '\n');
    const cp = await hreg(['log', 'checkpoint', '--key', keyFile]);
    assert.equal(cp.code, 0, cp.stderr);
    assert.match(cp.stdout, /^test\.humanoid-registry\.local\/log\n\d+\n[A-Za-z0-9+/=]+\n\n— /);
    const cpJson = json(await hreg(['log', 'checkpoint', '--json']));
    assert.equal(cpJson.size, firstAuditSize + 2);
    assert.equal(cpJson.verified, false);
  });

  test('an unreachable registry exits 3 and names the idempotency key to retry with', async () => {
    const run = await hreg(['stolen', code], { token: operator.token, url: 'http://127.0.0.1:1' });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /^error: UNREACHABLE: .*retry with --idempotency-key hreg-[0-9a-f-]{36}/m);
  });
});

describe('hreg offers and standing: a transfer without standing acceptance is an offer the recipient answers', () => {
  test('transfer prints the pending offer; offers accept makes the recipient owner; standing accept makes the next sale one step; revoke ends it', async () => {
    const buyer = await enrol(r, ['operator'], `CLI Buyer ${process.pid}`);
    const model = await fileModel(r, maker);
    const units = await Promise.all(
      [0, 1].map(async () => (await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) })).body.code as string),
    );
    const offered = await hreg(['transfer', units[0]!, '--to', buyer.id, '--sale'], { token: maker.token });
    assert.equal(offered.code, 0, offered.stderr);
    assert.match(offered.stdout, /Offer pending\s*│\s*to /);
    assert.match(offered.stdout, new RegExp(`Owner\\s*│\\s*${maker.id}`));
    const acceptedRun = json(await hreg(['offers', 'accept', units[0]!, '--json'], { token: buyer.token }));
    assert.equal(acceptedRun.type, 'transfer_accepted');
    assert.equal(acceptedRun.robot.ownerId, buyer.id);
    const set = json(await hreg(['standing', 'accept', buyer.id, '--from', maker.id, '--json'], { token: buyer.token }));
    assert.deepEqual(
      set.map((a: { senderId: string }) => a.senderId),
      [maker.id],
    );
    const sale = json(await hreg(['transfer', units[1]!, '--to', buyer.id, '--sale', '--json'], { token: maker.token }));
    assert.equal(sale.robot.ownerId, buyer.id, 'one step under standing acceptance');
    const listed = await hreg(['standing', 'list', buyer.id], { token: buyer.token });
    assert.match(listed.stdout, new RegExp(maker.id));
    const revoked = await hreg(['standing', 'revoke', buyer.id, maker.id], { token: buyer.token });
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(json(await hreg(['standing', 'list', buyer.id, '--json'], { token: buyer.token })).length, 0);
    const bad = await hreg(['standing', 'accept', buyer.id, '--from', 'someone'], { token: buyer.token });
    assert.equal(bad.code, 2, bad.stderr);
  });
});

describe('hreg components: a part by any spelling', () => {
  test("show finds the unit holding a part spelled another way (its maker may read it); a stranger learns nothing (exit 1); conflicts is the regulator's", async () => {
    const [part] = await r.ctx.store.query<{ component_type: string; maker: string; serial: string; robot_code: string }>(
      "SELECT component_type, maker, serial, robot_code FROM components WHERE state = 'installed' ORDER BY robot_code LIMIT 1",
    );
    const respelled = [
      '--type',
      part!.component_type,
      '--maker',
      ` ${part!.maker.toLowerCase()} `,
      '--serial',
      part!.serial.replace(/-/g, ' '),
    ];
    const found = json(await hreg(['components', 'show', ...respelled, '--json'], { token: r.regulatorToken }));
    assert.equal(found.unit, part!.robot_code);
    assert.equal(found.scrapped, false);
    const table = await hreg(['components', 'show', ...respelled], { token: r.regulatorToken });
    assert.match(table.stdout, /Canonical part/);
    const stranger = await enrol(r, ['seller'], `Parts Broker ${process.pid}`);
    const denied = await hreg(['components', 'show', ...respelled], { token: stranger.token });
    assert.equal(denied.code, 1, denied.stderr);
    assert.ok(!denied.stderr.includes(part!.robot_code), 'the unit is not named to a stranger');
    assert.equal((await hreg(['components', 'conflicts', '--json'], { token: r.regulatorToken })).code, 0);
    assert.equal((await hreg(['components', 'conflicts'], { token: stranger.token })).code, 1);
  });
});
