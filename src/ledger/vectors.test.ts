// Runs every RFC 6962 / RFC 9162 proof vector of transparency-dev/merkle
// (copied unchanged into testdata/rfc6962 beside this file, with its licence and source): a verifier must fail exactly where wantErr is set.
// The one verifier (merkle-check.ts) runs each vector twice: on the server's port (node:crypto, runSync) and on
// the browser's (WebCrypto, runAsync — Node 20 has the same crypto.subtle the browser fills the port with).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAsync, runSync, type Verification } from './check/crypto-port.ts';
import { checkConsistency, checkInclusion } from './check/merkle-check.ts';
import { nodeCrypto } from './check/node-crypto.ts';
import { webCrypto } from './check/web-crypto.ts';
import { isRegistryError } from '../errors.ts';

const root = new URL('./testdata/rfc6962/', import.meta.url);

function jsonFiles(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? jsonFiles(new URL(`${e.name}/`, dir)) : e.name.endsWith('.json') ? [new URL(e.name, dir)] : []));
}

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');
const name = (u: URL): string => fileURLToPath(u).slice(fileURLToPath(root).length);

function refused(e: unknown): true {
  assert.ok(isRegistryError(e) && e.code === 'LOG_VERIFICATION_FAILED', `unexpected error ${String(e)}`);
  return true;
}

// outcome tells whether the verification fails, on each port: [node:crypto, WebCrypto].
async function outcome(verification: () => Verification<void>): Promise<[boolean, boolean]> {
  let sync: boolean;
  try {
    runSync(verification(), nodeCrypto);
    sync = false;
  } catch (e) {
    sync = refused(e);
  }
  const web = await runAsync(verification(), webCrypto()).then(() => false, refused);
  return [sync, web];
}

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  wantErr: boolean;
}
interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  wantErr: boolean;
}

describe('RFC 6962 inclusion vectors', () => {
  const files = jsonFiles(new URL('inclusion/', root));
  it('found the vectors', () => assert.ok(files.length > 50, `only ${files.length} inclusion vectors`));
  for (const file of files) {
    it(name(file), async () => {
      const v = JSON.parse(readFileSync(file, 'utf8')) as InclusionVector;
      const failed = await outcome(() => checkInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root)));
      assert.deepEqual(failed, [v.wantErr, v.wantErr]);
    });
  }
});

describe('RFC 6962 consistency vectors', () => {
  const files = jsonFiles(new URL('consistency/', root));
  it('found the vectors', () => assert.ok(files.length > 50, `only ${files.length} consistency vectors`));
  for (const file of files) {
    it(name(file), async () => {
      const v = JSON.parse(readFileSync(file, 'utf8')) as ConsistencyVector;
      const failed = await outcome(() => checkConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2)));
      assert.deepEqual(failed, [v.wantErr, v.wantErr]);
    });
  }
});
