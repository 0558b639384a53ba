// Signed-note vectors from golang.org/x/mod/sumdb/note (note_test.go: TestSign, TestOpen)
// and the example note of the C2SP signed-note spec.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSignerKey, parseVerifierKey } from './note-keys.ts';
import { MAX_NOTE_BYTES, openNote, parseNote, signNote } from './note.ts';

const peter = parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
const enoch = parseVerifierKey('EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop');
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterSig = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const enochSig = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const PETER = { name: 'PeterNeumann', keyId: 0xc74f20a3 };
const ENOCH = { name: 'EnochRoot', keyId: 0xaf0cfe78 };
const corrupt = (sig: string): string => `${sig.slice(0, 60)}ABCD${sig.slice(60)}`;

describe('signNote', () => {
  it('reproduces the sumdb/note TestSign output byte for byte', () => {
    const signer = parseSignerKey('PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz');
    assert.equal(signNote(text, signer), `${text}\n${peterSig}`);
  });
  it('refuses text that is not a note body', () => {
    const signer = parseSignerKey('PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz');
    for (const bad of ['abc', '', 'a\rb\n', 'tab\there\n', 'lone \ud800\n'])
      assert.throws(() => signNote(bad, signer), { code: 'INVALID_ARGUMENT' }, bad);
    assert.throws(() => signNote(text, []), { code: 'INVALID_ARGUMENT' });
  });
});

describe('openNote', () => {
  it('verifies the known key and ignores the unknown one', () => {
    assert.deepEqual(openNote(text + '\n' + peterSig + enochSig, [peter]), { text, verified: [PETER] });
  });
  it('verifies both when both are known', () => {
    assert.deepEqual(openNote(text + '\n' + peterSig + enochSig, [peter, enoch]).verified, [PETER, ENOCH]);
  });
  it('refuses a note no known key signed', () => {
    assert.throws(() => openNote(text + '\n' + peterSig + enochSig, []), {
      code: 'LOG_VERIFICATION_FAILED',
      message: 'note has no verifiable signatures',
    });
  });
  it('refuses an ambiguous verifier list only when it is used', () => {
    assert.throws(() => openNote(text + '\n' + enochSig, [enoch, peter, enoch]), /ambiguous key EnochRoot\+af0cfe78/);
    assert.deepEqual(openNote(text + '\n' + peterSig, [enoch, peter, enoch]).verified, [PETER]);
  });
  it('accepts 100 signatures and refuses 101', () => {
    assert.deepEqual(openNote(text + '\n' + peterSig.repeat(100), [peter]).verified, [PETER]);
    assert.throws(() => openNote(text + '\n' + peterSig.repeat(101), [peter]), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => openNote(text + '\n' + peterSig.repeat(101), []), { code: 'INVALID_ARGUMENT' });
  });
  it('refuses a note with an invalid signature by a known key', () => {
    assert.throws(() => openNote(text + '\n' + corrupt(peterSig), [peter]), {
      code: 'LOG_VERIFICATION_FAILED',
      message: 'invalid signature for key PeterNeumann+c74f20a3',
    });
    assert.throws(() => openNote(text.replace('answer', 'Answer') + '\n' + peterSig, [peter]), { code: 'LOG_VERIFICATION_FAILED' });
  });
  it('keeps duplicated signatures once and ignores bad unknown ones', () => {
    const note = text + '\n' + peterSig + peterSig + enochSig + enochSig + corrupt(enochSig);
    assert.deepEqual(openNote(note, [peter]).verified, [PETER]);
  });
  it('ignores a signature sharing only the name or only the key id of a known key', () => {
    const misnamed = peterSig.replace('PeterNeumann', 'CarmenSandiego');
    const wrongId = peterSig.replace('x08g', 'xxxx');
    assert.throws(() => openNote(text + '\n' + misnamed, [peter]), { message: 'note has no verifiable signatures' });
    assert.throws(() => openNote(text + '\n' + wrongId, [peter]), { message: 'note has no verifiable signatures' });
  });
  it('refuses every malformed note of TestOpen', () => {
    const bad: (string | Uint8Array)[] = [
      text,
      text + '\n',
      text + '\n' + peterSig.slice(0, -1),
      '\x01' + text + '\n' + peterSig,
      Buffer.concat([Buffer.from([0xff]), Buffer.from(text + '\n' + peterSig)]),
      text + '\n' + '— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=',
      text + '\n' + peterSig + 'Unexpected line.\n',
    ];
    for (const note of bad) assert.throws(() => openNote(note, [peter]), { code: 'INVALID_ARGUMENT' }, String(note));
  });
  it('refuses other malformed notes', () => {
    const bad = [
      text + '\n' + peterSig.replace('— ', '-- '), // hyphens, not an em dash
      text + '\n' + peterSig.replace(' x08go', '  x08go'), // empty base64 start
      text + '\n' + peterSig.replace('AM=', 'AN='), // non-canonical base64
      text + '\n' + '— PeterNeumann x08g\n', // too short to hold a key id and a signature
      text + '\n' + '— PeterNeumann\n',
      text + '\n' + peterSig + '\n', // trailing blank line
      text.replace('\n', '\r\n') + '\n' + peterSig,
      text.replace(' ', '\t') + '\n' + peterSig,
      text + '\ud800\n\n' + peterSig,
      'x'.repeat(MAX_NOTE_BYTES) + '\n\n' + peterSig,
    ];
    for (const note of bad) assert.throws(() => openNote(note, [peter]), { code: 'INVALID_ARGUMENT' }, note.slice(0, 200));
  });
  it('reads notes given as UTF-8 bytes', () => {
    assert.deepEqual(openNote(Buffer.from(text + '\n' + peterSig), [peter]).verified, [PETER]);
  });
});

describe('parseNote', () => {
  it('splits the C2SP signed-note example at its last blank line', () => {
    const note =
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n' +
      '— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';
    const { text: body, signatures } = parseNote(note);
    assert.equal(body, 'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n');
    assert.equal(signatures.length, 1);
    const [signature] = signatures;
    assert.ok(signature);
    assert.equal(signature.name, 'quasimodo.example/salvatore');
    assert.equal(signature.keyId, 0x367ba04b);
    assert.equal(signature.signature.length, 64);
  });
});
