import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.ts';
import { addressBlock } from './address-block.ts';

const keys = new WeakMap<Store, Promise<Buffer>>();

/**
 * reportKey is the registry's secret for report challenges and address keys: made once
 * by whichever server asks first and shared by all through the database, so a challenge
 * one server issued is taken by another.
 */
export function reportKey(store: Store): Promise<Buffer> {
  let key = keys.get(store);
  if (!key) {
    key = (async () => {
      await store.query('INSERT INTO report_keys (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomBytes(32)]);
      const [row] = await store.query<{ key: Buffer }>('SELECT key FROM report_keys WHERE id = 1');
      if (!row) throw new Error('report_keys has no key after inserting one');
      return Buffer.from(row.key);
    })();
    key.catch(() => keys.delete(store));
    keys.set(store, key);
  }
  return key;
}

/**
 * sourceKey is the keyed hash of a filer's network address block (an IPv4
 * address, an IPv6 /64: address-block.ts): reports are counted per filer
 * without keeping its address.
 */
export function sourceKey(key: Buffer, address: string): Buffer {
  return createHmac('sha256', key)
    .update(`source:${addressBlock(address)}`)
    .digest();
}
