import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../scripts/server-bundle.ts';

// The compiled build as `npm install` makes it, into a folder of its own beside dist/server
// (which other tests may be running): it runs with Node alone, never loads tsx or esbuild
// at start, and its source maps lead back to src/.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'dist', `server-test-${process.pid}`);
after(() => rmSync(OUT, { recursive: true, force: true }));

test('the compiled server and CLI run with Node alone; tsx and esbuild are development dependencies', { timeout: 120_000 }, async () => {
  await buildServer(OUT);
  const files = readdirSync(OUT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  assert.ok(files.includes('main.js') && files.includes('hreg.js'), files.join(', '));
  for (const f of files) {
    const text = readFileSync(join(OUT, f), 'utf8');
    // Only a dynamic import('esbuild') may remain: the web bundle rebuilt when web/ changed after the build.
    assert.doesNotMatch(text, /(from|import)\s*["'](tsx|esbuild)(\/[^"']*)?["']/, `${f} imports tsx or esbuild statically`);
    assert.doesNotMatch(text, /import\(["']tsx/, `${f} loads tsx`);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const dev of ['tsx', 'esbuild']) {
    assert.equal(pkg.dependencies[dev], undefined, `${dev} is not a run-time dependency`);
    assert.ok(pkg.devDependencies[dev], `${dev} is a development dependency`);
  }
  assert.match(pkg.scripts.start, /^node --enable-source-maps dist\/server\/main\.js$/);
  assert.match(pkg.scripts.prepare, /scripts\/build-server\.ts/);

  const help = execFileSync(process.execPath, [join(OUT, 'hreg.js'), '--help'], {
    env: { PATH: process.env.PATH, HREG_LANG: 'en' },
    encoding: 'utf8',
  });
  assert.match(help, /hreg/);
  assert.match(help, /serve/);
  const version = execFileSync(process.execPath, [join(OUT, 'hreg.js'), '--version'], { encoding: 'utf8' }).trim();
  assert.equal(version, pkg.version);

  // Each output's source map names the TypeScript files it came from, which exist.
  const map = JSON.parse(readFileSync(join(OUT, 'hreg.js.map'), 'utf8')) as { sources: string[] };
  const sources = map.sources.map((s) => resolve(dirname(join(OUT, 'hreg.js')), s));
  assert.ok(sources.includes(join(ROOT, 'src', 'cli', 'hreg.ts')), sources.slice(0, 5).join(', '));
  for (const s of sources) assert.ok(existsSync(s), `${s} exists`);
});
