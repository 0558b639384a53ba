/**
 * The browser's side of the report flood guard (docs/api.md, Public reports): find `work`
 * such that SHA-256(challenge ":" work) starts with `bits` zero bits, with WebCrypto. The
 * hashes run in batches so the page stays responsive and can show how far the work has got.
 */

/** BATCH is how many hashes run at once between two progress reports. */
const BATCH = 512;

/** zeroBits counts the zero bits a digest starts with (as src/report/proof-of-work.ts does on the server). */
function zeroBits(digest: Uint8Array): number {
  let n = 0;
  for (const byte of digest) {
    if (byte !== 0) return n + Math.clz32(byte) - 24;
    n += 8;
  }
  return n;
}

/** canWork says whether this browser has WebCrypto (it needs a secure context: https or localhost). */
export const canWork = (): boolean => typeof crypto !== 'undefined' && crypto.subtle !== undefined;

/** solveWork finds the work for a challenge; onProgress hears how many tries have been made. */
export async function solveWork(challenge: string, bits: number, onProgress: (tries: number) => void): Promise<string> {
  const enc = new TextEncoder();
  for (let start = 0; ; start += BATCH) {
    const tries = Array.from({ length: BATCH }, (_, i) => String(start + i));
    const digests = await Promise.all(tries.map((w) => crypto.subtle.digest('SHA-256', enc.encode(`${challenge}:${w}`))));
    const found = digests.findIndex((d) => zeroBits(new Uint8Array(d)) >= bits);
    if (found >= 0) return tries[found] ?? String(start + found);
    onProgress(start + BATCH);
  }
}
