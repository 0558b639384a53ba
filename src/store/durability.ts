import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { must } from '../must.ts';
import type { Store } from './store.ts';

/** DURABLE_SETTINGS are the PostgreSQL settings without which an acknowledged write can be lost. */
export const DURABLE_SETTINGS: Record<string, readonly string[]> = {
  fsync: ['on'],
  synchronous_commit: ['on', 'remote_write', 'remote_apply'],
  full_page_writes: ['on'],
};

/** DurabilityReport lists each checked setting, its value and whether it is safe. */
export type DurabilityReport = { name: string; value: string; safe: boolean }[];

/** checkDurability reads the server's settings for this connection's database and role. */
export async function checkDurability(store: Store): Promise<DurabilityReport> {
  const rows = await store.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])', [
    Object.keys(DURABLE_SETTINGS),
  ]);
  return rows.map((r) => ({
    name: r.name,
    value: r.setting,
    safe: must(DURABLE_SETTINGS[r.name], `${r.name} is one of the settings asked for`).includes(r.setting),
  }));
}

/**
 * requireDurability refuses to run on a PostgreSQL that may lose acknowledged
 * writes, unless the operator accepts that explicitly (HREG_ALLOW_UNSAFE_DURABILITY=1).
 */
export async function requireDurability(store: Store, allowUnsafe: boolean): Promise<DurabilityReport> {
  const report = await checkDurability(store);
  const unsafe = report.filter((r) => !r.safe);
  if (unsafe.length > 0 && !allowUnsafe) {
    throw new RegistryError(
      'UNSAFE_DURABILITY',
      msg('problem.store.durability', { settings: unsafe.map((u) => `${u.name}=${u.value}`).join(', ') }),
      { settings: unsafe },
    );
  }
  return report;
}
