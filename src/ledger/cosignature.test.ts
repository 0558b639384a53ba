// Witness cosignatures (C2SP tlog-cosignature, cosignature/v1) and key handovers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note-keys.ts';
import { parseNote, signNote } from './note.ts';
import { formatCheckpoint } from './checkpoint.ts';
import {
  addSignatureLines,
  generateCosignerKey,
  openCheckpointWith,
  openHandover,
  openWitnessedCheckpoint,
  parseCosignerKey,
  parseCosignerSigner,
  verifyCosignatures,
} from './cosignature.ts';
import { cosignedMessage } from './check/cosignature-check.ts';
import { nextKeyLine } from './check/key-rotation-check.ts';
import { createLogSigner } from '../registry/log/log-signer.ts';

const ORIGIN = 'example.com/behind-the-sofa';
const root = createHash('sha256').update('root').digest();

// The example of the C2SP tlog-cosignature spec: a checkpoint with the log's signature and one cosignature.
const SPEC_EXAMPLE = `example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==
`;

describe('cosignature/v1 format (C2SP tlog-cosignature)', () => {
  it("reads the spec example's cosignature as key id || u64 time || 64-byte signature, its time the spec's message time", () => {
    const { signatures } = parseNote(SPEC_EXAMPLE);
    const w = signatures.find((s) => s.name === 'witness.example.com/w1');
    assert.ok(w);
    assert.equal(w.signature.length, 8 + 64);
    assert.equal(Buffer.from(w.signature.subarray(0, 8)).readBigUInt64BE(), 1679315147n);
  });
  it('signs the message the spec defines: header, time line, then the whole checkpoint text', () => {
    const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    assert.equal(Buffer.from(cosignedMessage(text, 1679315147)).toString(), `cosignature/v1\ntime 1679315147\n${text}`);
  });
  it('derives key ids with the type byte 0x04: SHA-256(name || 0x0A || 0x04 || key)[:4]', () => {
    const { verifierKey } = generateCosignerKey('witness.example.com/w1');
    const w = parseCosignerKey(verifierKey);
    const id = createHash('sha256')
      .update(Buffer.concat([Buffer.from('witness.example.com/w1\n'), Buffer.from([0x04]), w.publicKey]))
      .digest()
      .readUInt32BE(0);
    assert.equal(w.keyId, id);
    assert.equal(Buffer.from(verifierKey.split('+')[2] ?? '', 'base64')[0], 0x04);
    // A note-signing key (type 0x01) is not a cosigner key, nor the other way round.
    assert.throws(() => parseCosignerKey(generateSignerKey('w').verifierKey), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => parseVerifierKey(verifierKey), { code: 'INVALID_ARGUMENT' });
  });
});

function logNote(size = 5): { note: string; key: ReturnType<typeof parseVerifierKey> } {
  const { signerKey, verifierKey } = generateSignerKey(ORIGIN);
  return {
    note: signNote(formatCheckpoint({ origin: ORIGIN, size, root }), parseSignerKey(signerKey)),
    key: parseVerifierKey(verifierKey),
  };
}

describe('cosigning and quorums', () => {
  const a = parseCosignerSigner(generateCosignerKey('witness.gov-zj.example.cn').signerKey);
  const b = parseCosignerSigner(generateCosignerKey('witness.industry.example.cn').signerKey);
  const known = [a, b].map((w) => parseCosignerKey(w.verifierKey));

  it('verifies a cosignature and reads its time; each witness counts once', () => {
    const { note, key } = logNote();
    const cosigned = addSignatureLines(note, [a.cosign(note, 1700000000), a.cosign(note, 1700000000)]);
    assert.deepEqual(
      verifyCosignatures(cosigned, known).map((c) => [c.name, c.time]),
      [['witness.gov-zj.example.cn', 1700000000]],
    );
    assert.equal(openWitnessedCheckpoint(cosigned, [key], known, 1).head.size, 5);
  });
  it('fails clearly when the quorum is not met', () => {
    const { note, key } = logNote();
    const cosigned = addSignatureLines(note, [a.cosign(note, 1700000000)]);
    assert.throws(() => openWitnessedCheckpoint(cosigned, [key], known, 2), {
      code: 'LOG_VERIFICATION_FAILED',
      message: 'witness quorum not met: 1 of 2 known witnesses cosigned, 2 required',
    });
    const both = addSignatureLines(cosigned, [b.cosign(note, 1700000001)]);
    assert.equal(openWitnessedCheckpoint(both, [key], known, 2).cosignatures.length, 2);
  });
  it('refuses a known witness line over other text, another time, or moved to another checkpoint', () => {
    const { note, key } = logNote();
    const line = a.cosign(note, 1700000000);
    const other = logNote(6).note;
    assert.throws(() => verifyCosignatures(addSignatureLines(other, [line]), known), { code: 'LOG_VERIFICATION_FAILED' });
    // The same signature under another timestamp.
    const raw = Buffer.from(line.trim().split(' ')[2] ?? '', 'base64');
    raw.writeBigUInt64BE(1700000001n, 4);
    const retimed = `— witness.gov-zj.example.cn ${raw.toString('base64')}\n`;
    assert.throws(() => verifyCosignatures(addSignatureLines(note, [retimed]), known), {
      message: /invalid cosignature for witness witness.gov-zj.example.cn/,
    });
    // An unknown witness's lines are ignored, so they cannot make up a quorum.
    const stranger = parseCosignerSigner(generateCosignerKey('witness.gov-zj.example.cn').signerKey);
    assert.throws(() => openWitnessedCheckpoint(addSignatureLines(note, [stranger.cosign(note, 1)]), [key], known, 1), {
      message: /1 required/,
    });
  });
  it('refuses a cosigned checkpoint the log did not sign', () => {
    const { note } = logNote();
    const cosigned = addSignatureLines(note, [a.cosign(note, 1700000000)]);
    assert.throws(() => openWitnessedCheckpoint(cosigned, [logNote().key], known, 1), { code: 'LOG_VERIFICATION_FAILED' });
  });
});

describe('key handover', () => {
  const oldKey = generateSignerKey(ORIGIN);
  const newKey = generateSignerKey(ORIGIN);
  const oldV = parseVerifierKey(oldKey.verifierKey);
  const newV = parseVerifierKey(newKey.verifierKey);

  it('a rotating signer writes both signatures and names the next key; either key opens it', () => {
    const note = createLogSigner(ORIGIN, oldKey.signerKey, newKey.signerKey).sign(7, root);
    assert.equal(parseNote(note).signatures.length, 2);
    assert.ok(parseNote(note).text.endsWith(`${nextKeyLine(newKey.verifierKey)}\n`));
    assert.equal(openCheckpointWith(note, [oldV]).checkpoint.size, 7);
    assert.equal(openCheckpointWith(note, [newV]).checkpoint.size, 7);
    const h = openHandover(note, [oldV]);
    assert.equal(h.nextText, newKey.verifierKey);
    assert.equal(h.head.size, 7);
  });
  it('is refused when the next key did not sign, when no trusted key signed, or when nothing is named', () => {
    const text = formatCheckpoint({ origin: ORIGIN, size: 7, root, extensions: [nextKeyLine(newKey.verifierKey)] });
    assert.throws(() => openHandover(signNote(text, parseSignerKey(oldKey.signerKey)), [oldV]), {
      message: 'key handover: the next key did not sign the checkpoint that names it',
    });
    // Someone holding only a new key cannot hand over to itself.
    assert.throws(() => openHandover(signNote(text, parseSignerKey(newKey.signerKey)), [oldV]), { code: 'LOG_VERIFICATION_FAILED' });
    const plain = createLogSigner(ORIGIN, oldKey.signerKey).sign(7, root);
    assert.throws(() => openHandover(plain, [oldV]), { message: 'key handover: the checkpoint names no next key' });
    const foreign = generateSignerKey('another.example/log');
    const wrongName = formatCheckpoint({ origin: ORIGIN, size: 7, root, extensions: [nextKeyLine(foreign.verifierKey)] });
    assert.throws(() => openHandover(signNote(wrongName, [parseSignerKey(oldKey.signerKey), parseSignerKey(foreign.signerKey)]), [oldV]), {
      message: /the next key is named another.example\/log/,
    });
  });
});
