// Runs every RFC 6962 / RFC 9162 proof vector of transparency-dev/merkle
// (copied unchanged into testdata/rfc6962 beside this file, with its licence and source): a verifier must fail exactly where wantErr is set.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyConsistency, verifyInclusion } from './verify.ts';
import { isRegistryError } from '../errors.ts';

const root = new URL('./testdata/rfc6962/', import.meta.url);

function jsonFiles(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? jsonFiles(new URL(`${e.name}/`, dir)) : e.name.endsWith('.json') ? [new URL(e.name, dir)] : []));
}

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');
const name = (u: URL): string => fileURLToPath(u).slice(fileURLToPath(root).length);

function outcome(run: () => void): boolean {
  try {
    run();
    return false;
  } catch (e) {
    assert.ok(isRegistryError(e) && e.code === 'LOG_VERIFICATION_FAILED', `unexpected error ${String(e)}`);
    return true;
  }
}

interface InclusionVector { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; wantErr: boolean }
interface ConsistencyVector { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean }

describe('RFC 6962 inclusion vectors', () => {
  const files = jsonFiles(new URL('inclusion/', root));
  it('found the vectors', () => assert.ok(files.length > 50, `only ${files.length} inclusion vectors`));
  for (const file of files) {
    it(name(file), () => {
      const v = JSON.parse(readFileSync(file, 'utf8')) as InclusionVector;
      const failed = outcome(() => verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root)));
      assert.equal(failed, v.wantErr);
    });
  }
});

describe('RFC 6962 consistency vectors', () => {
  const files = jsonFiles(new URL('consistency/', root));
  it('found the vectors', () => assert.ok(files.length > 50, `only ${files.length} consistency vectors`));
  for (const file of files) {
    it(name(file), () => {
      const v = JSON.parse(readFileSync(file, 'utf8')) as ConsistencyVector;
      const failed = outcome(() => verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2)));
      assert.equal(failed, v.wantErr);
    });
  }
});
