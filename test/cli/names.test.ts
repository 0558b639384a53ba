// The CLI takes and shows names in both scripts (issue #13): --name-en beside
// --name on participants and models, and --q finds either name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { json, runCli } from './run-cli.ts';
import { MODEL_PARAMETERS, testRegistry, type TestRegistry } from '../harness.ts';

let r: TestRegistry;
let url = '';
const hreg = (args: string[], token: string) => runCli(args, { url, token });

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => r.dispose());

test('participants and models take --name-en, show it, and are found by either name with --q', async () => {
  const p = json(
    await hreg(
      [
        ...['participants', 'create', '--name', '杭州星衍智能科技有限公司', '--name-en', 'Hangzhou Xingyan Intelligent Technology'],
        ...['--country', 'CN', '--roles', 'manufacturer', '--json'],
      ],
      r.regulatorToken,
    ),
  );
  assert.deepEqual([p.name, p.nameEn], ['杭州星衍智能科技有限公司', 'Hangzhou Xingyan Intelligent Technology']);
  const shown = await hreg(['participants', 'show', p.id], r.regulatorToken);
  assert.equal(shown.code, 0, shown.stderr);
  assert.ok(shown.stdout.includes('Hangzhou Xingyan Intelligent Technology') && shown.stdout.includes('杭州星衍'), shown.stdout);

  const found = json(await hreg(['participants', 'list', '--q', 'xingyan', '--json'], r.regulatorToken));
  assert.deepEqual(
    found.items.map((x: { id: string }) => x.id),
    [p.id],
  );
  const table = await hreg(['participants', 'list', '--q', '星衍'], r.regulatorToken);
  assert.ok(table.stdout.includes('Hangzhou Xingyan Intelligent Technology'), table.stdout);

  const token = json(await hreg(['tokens', 'issue', p.id, '--json'], r.regulatorToken)).token;
  const params = Object.entries({
    '--height-cm': MODEL_PARAMETERS.heightCm,
    '--mass-kg': MODEL_PARAMETERS.massKg,
    '--dof': MODEL_PARAMETERS.degreesOfFreedom,
    '--payload-kg': MODEL_PARAMETERS.payloadKg,
    '--top-speed-kmh': MODEL_PARAMETERS.topSpeedKmh,
    '--battery-chemistry': MODEL_PARAMETERS.batteryChemistry,
    '--battery-wh': MODEL_PARAMETERS.batteryCapacityWh,
    '--autonomy': MODEL_PARAMETERS.autonomyLevel,
    '--applications': MODEL_PARAMETERS.applications.join(','),
  }).flatMap(([k, v]) => [k, String(v)]);
  const m = json(
    await hreg(
      [
        ...['models', 'file', '--name', '星衍 H1', '--name-en', 'Xingyan H1', '--category', '通用人形机器人'],
        ...['--components', 'main_controller,battery_pack', ...params, '--json'],
      ],
      token,
    ),
  );
  assert.deepEqual([m.name, m.nameEn], ['星衍 H1', 'Xingyan H1']);
  const models = json(await hreg(['models', 'list', '--q', 'XINGYAN', '--json'], token));
  assert.deepEqual(
    models.items.map((x: { name: string }) => x.name),
    ['星衍 H1'],
  );

  const unsafe = await hreg(['participants', 'create', '--name', 'Ubt\u0435ch', '--country', 'CN', '--roles', 'seller'], r.regulatorToken);
  assert.equal(unsafe.code, 1);
  assert.match(unsafe.stderr, /UNSAFE_NAME/);
});
