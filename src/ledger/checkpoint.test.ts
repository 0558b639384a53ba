import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_ROOT } from './hash.ts';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note-keys.ts';
import { signNote } from './note.ts';

// The example of the C2SP tlog-checkpoint spec.
const specText = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const root = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');

describe('checkpoint text', () => {
  it('parses the C2SP example and formats it back', () => {
    const cp = parseCheckpoint(specText);
    assert.deepEqual(cp, { origin: 'example.com/behind-the-sofa', size: 20852163, root, extensions: [] });
    assert.equal(formatCheckpoint(cp), specText);
  });
  it('round-trips extension lines and the empty tree', () => {
    const text = formatCheckpoint({ origin: 'o', size: 0, root: EMPTY_ROOT, extensions: ['x y', '— z'] });
    assert.equal(text, `o\n0\n${EMPTY_ROOT.toString('base64')}\nx y\n— z\n`);
    assert.deepEqual(parseCheckpoint(text).extensions, ['x y', '— z']);
  });
  it('refuses malformed text', () => {
    const r = root.toString('base64');
    const bad = [
      `o\n1\n${r}`, // no final newline
      `o\n1\n`, // two lines
      `\n1\n${r}\n`, // empty origin
      `o\n01\n${r}\n`, // leading zero
      `o\n+1\n${r}\n`,
      `o\n1.0\n${r}\n`,
      `o\n-1\n${r}\n`,
      `o\n1e3\n${r}\n`,
      `o\n 1\n${r}\n`,
      `o\n9007199254740993\n${r}\n`, // beyond 2^53
      `o\n1\n${r.slice(0, -1)}\n`, // unpadded
      `o\n1\n${Buffer.alloc(31).toString('base64')}\n`,
      `o\n1\n${Buffer.alloc(33).toString('base64')}\n`,
      `o\n1\n${r}\n\n`, // empty extension
      `o\n1\n${r}\next\n\n`,
    ];
    for (const text of bad) assert.throws(() => parseCheckpoint(text), { code: 'INVALID_ARGUMENT' }, JSON.stringify(text));
  });
  it('refuses to format what it could not parse', () => {
    assert.throws(() => formatCheckpoint({ origin: '', size: 1, root }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, root }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => formatCheckpoint({ origin: 'o', size: -1, root }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1.5, root }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, root: root.subarray(1) }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, root, extensions: [''] }), { code: 'INVALID_ARGUMENT' });
  });
});

describe('signed checkpoints', () => {
  const keys = generateSignerKey('registry.example/log');
  const signer = parseSignerKey(keys.signerKey);
  const verifier = parseVerifierKey(keys.verifierKey);
  it('sign and open round-trip', () => {
    const note = signCheckpoint({ origin: 'registry.example/log', size: 42, root }, signer);
    assert.ok(note.startsWith(`registry.example/log\n42\n${root.toString('base64')}\n\n— registry.example/log `));
    assert.deepEqual(openCheckpoint(note, verifier), { origin: 'registry.example/log', size: 42, root, extensions: [] });
  });
  it('refuses another key, a changed size, and a foreign origin', () => {
    const note = signCheckpoint({ origin: 'registry.example/log', size: 42, root }, signer);
    const other = parseVerifierKey(generateSignerKey('registry.example/log').verifierKey);
    assert.throws(() => openCheckpoint(note, other), { code: 'LOG_VERIFICATION_FAILED' });
    assert.throws(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), verifier), { code: 'LOG_VERIFICATION_FAILED' });
    assert.throws(() => signCheckpoint({ origin: 'elsewhere', size: 1, root }, signer), { code: 'INVALID_ARGUMENT' });
    const foreign = signNote(formatCheckpoint({ origin: 'elsewhere', size: 1, root }), signer);
    assert.throws(() => openCheckpoint(foreign, verifier), { code: 'LOG_VERIFICATION_FAILED', message: /origin elsewhere/ });
    const malformedBody = signNote('registry.example/log\n01\nroot\n', signer);
    assert.throws(() => openCheckpoint(malformedBody, verifier), { code: 'INVALID_ARGUMENT' });
  });
});
