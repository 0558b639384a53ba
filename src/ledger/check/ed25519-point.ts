/**
 * A strict check of Ed25519 public keys when they are loaded. Decoding follows
 * RFC 8032 §5.1.3 and refuses non-canonical encodings (y ≥ p, or x = 0 with the
 * sign bit set); a point P with [8]P = identity (one of the 8 small-order
 * points) is refused too, since a signature under such a key can be forged
 * for many messages and binds nothing.
 */
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';

const P = 2n ** 255n - 19n;
const mod = (a: bigint): bigint => ((a % P) + P) % P;

function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  for (base = mod(base); exp > 0n; exp >>= 1n, base = (base * base) % P) {
    if (exp & 1n) result = (result * base) % P;
  }
  return result;
}

const inv = (a: bigint): bigint => pow(a, P - 2n);
const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);

type Point = { x: bigint; y: bigint };

/** decodePoint is RFC 8032 §5.1.3, returning a reason string when the encoding is refused. */
function decodePoint(bytes: Uint8Array): Point | string {
  if (bytes.length !== 32) return 'an Ed25519 public key is 32 bytes';
  // The 32 bytes are a little-endian integer: y in the low 255 bits, the sign of x in the top one.
  const encoded = bytes.reduceRight((n, b) => (n << 8n) | BigInt(b), 0n);
  const sign = encoded >> 255n;
  const y = encoded & ((1n << 255n) - 1n);
  if (y >= P) return 'non-canonical Ed25519 point encoding';
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  let x = mod(u * pow(v, 3n) * pow(u * pow(v, 7n), (P - 5n) / 8n));
  const vx2 = mod(v * x * x);
  if (vx2 === mod(-u)) x = mod(x * SQRT_M1);
  else if (vx2 !== u) return 'not a point on Ed25519';
  if (x === 0n && sign === 1n) return 'non-canonical Ed25519 point encoding';
  if ((x & 1n) !== sign) x = P - x;
  return { x, y };
}

// The complete twisted Edwards doubling, a = -1 (RFC 8032 §5.1.4).
function double({ x, y }: Point): Point {
  const t = mod(D * x * x * y * y);
  return { x: mod(2n * x * y * inv(1n + t)), y: mod((y * y + x * x) * inv(1n - t)) };
}

/** ed25519KeyProblem returns why a raw Ed25519 public key must be refused, or undefined if it is acceptable. */
export function ed25519KeyProblem(pub: Uint8Array): string | undefined {
  const point = decodePoint(pub);
  if (typeof point === 'string') return point;
  const p8 = double(double(double(point)));
  if (p8.x === 0n && p8.y === 1n) return 'Ed25519 public key of low order';
  return undefined;
}

/** checkEd25519PublicKey throws INVALID_ARGUMENT for a non-canonical, off-curve or low-order Ed25519 key. */
export function checkEd25519PublicKey(pub: Uint8Array): void {
  const problem = ed25519KeyProblem(pub);
  if (problem !== undefined) throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.publicKey', { detail: problem }));
}
