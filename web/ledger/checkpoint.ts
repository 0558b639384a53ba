/** C2SP tlog-checkpoint text: "<origin>\n<size>\n<base64 root>\n[<extension>\n]…" (https://c2sp.org/tlog-checkpoint). */
import { decodeBase64 } from '../../src/ledger/bytes.ts';
import { HASH_SIZE, VerifyError } from './merkle.ts';

/** Checkpoint is a log's origin, tree size and root. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
}

/** parseCheckpoint reads checkpoint note text, refusing anything malformed. */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : [];
  const [origin, sizeText, rootText] = lines;
  if (!origin || !sizeText || !rootText) throw new VerifyError('malformed checkpoint');
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) throw new VerifyError('malformed checkpoint size');
  const root = decodeBase64(rootText);
  if (!root || root.length !== HASH_SIZE) throw new VerifyError('malformed checkpoint root');
  return { origin, size: Number(sizeText), root };
}
