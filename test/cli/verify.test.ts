// hreg verify's "did you mean" (issue #13): the registered code first with its maker and model,
// no unregistered code beside it, and --json printing the whole problem.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { busiestSlip } from '../busiest-slip.ts';
import { checkCharacter, displayCode } from '../../src/code/index.ts';
import { enrol, fileModel, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { runCli } from './run-cli.ts';

let r: TestRegistry;
let url = '';
let code = '';
let modelName = '';
const MAKER = '深圳灵犀智能科技股份有限公司';

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  const maker = await enrol(r, ['manufacturer'], MAKER);
  const model = await fileModel(r, maker);
  const unit = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  assert.equal(unit.status, 201, JSON.stringify(unit.body));
  code = unit.body.code;
  modelName = (await r.call('GET', `/v1/verify/${code}`)).body.model.name;
});
after(() => r?.dispose());

test('a slip in a registered code: "did you mean" shows it first with maker and model, and no unregistered code', async () => {
  const { typo, suggestions } = busiestSlip(code);
  const run = await runCli(['verify', typo], { url });
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.split('\n');
  const at = lines.indexOf('did you mean:');
  assert.ok(at > 0, run.stderr);
  assert.equal(lines[at + 1], `  ${displayCode(code)}  registered: ${MAKER}, model ${modelName}`);
  // The other neighbours are counted, not listed.
  assert.equal(lines[at + 2], `  (${suggestions.length - 1} more valid codes one character away, none registered; --json lists all)`);
  for (const s of suggestions.filter((c) => c !== code)) assert.ok(!run.stderr.includes(displayCode(s)), `${s} is not offered`);

  const asJson = await runCli(['verify', typo, '--json'], { url });
  assert.equal(asJson.code, 1);
  const problem = JSON.parse(asJson.stdout);
  assert.equal(problem.code, 'INVALID_CODE');
  assert.deepEqual(problem.suggestions, suggestions);
  assert.deepEqual(problem.candidates, [{ code, registered: true, maker: { name: MAKER }, model: { name: modelName } }]);
});

test('no registered neighbour: at most five unregistered codes under a heading that says so', async () => {
  const body = `${code.slice(0, 18)}9999999999`;
  const { typo, suggestions } = busiestSlip(body + checkCharacter(body));
  const run = await runCli(['verify', typo], { url });
  assert.equal(run.code, 1);
  const lines = run.stderr.split('\n');
  const at = lines.indexOf('did you mean (no robot is registered under these):');
  assert.ok(at > 0, run.stderr);
  const shown = lines.slice(at + 1).filter((l) => /^ {2}[A-Z]{2}-/.test(l));
  assert.equal(shown.length, Math.min(5, suggestions.length));
  for (const l of shown) assert.ok(suggestions.map(displayCode).includes(l.trim()), l);
  assert.ok(!run.stderr.includes('registered:'));
});
