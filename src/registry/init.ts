import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import type { Store } from '../store/store.ts';
import { insertParticipant, type Participant } from './participants/participants.ts';
import { createToken } from './participants/tokens.ts';

/** Initialised is the result of `hreg init`: the first regulator and its token, shown once. */
export interface Initialised {
  regulator: Participant;
  regulatorToken: string;
  tokenExpiresAt: string;
}

/** isInitialised tells whether the registry already has its first regulator. */
export async function isInitialised(store: Store): Promise<boolean> {
  const rows = await store.query("SELECT 1 FROM registry_meta WHERE key = 'initialised_at'");
  return rows.length > 0;
}

/** FIRST_REGULATOR is the name the first regulator is enrolled under unless hreg init is told another: Chinese, with its English beside it. */
export const FIRST_REGULATOR = { name: '国家人形机器人登记管理机构', nameEn: 'National Humanoid Robot Registry Authority' } as const;

/** initRegistry enrols the first regulator and issues its token, once per registry. */
export async function initRegistry(
  store: Store,
  now: Date,
  opts: { name?: string; nameEn?: string; country?: string } = {},
): Promise<Initialised> {
  return store.readWrite(async (tx) => {
    const done = await tx.query(
      "INSERT INTO registry_meta (key, value) VALUES ('initialised_at', $1) ON CONFLICT (key) DO NOTHING RETURNING key",
      [now.toISOString()],
    );
    if (done.length === 0) throw new RegistryError('DUPLICATE', msg('problem.registry.initialised'));
    const regulator = await insertParticipant(tx, {
      name: opts.name ?? FIRST_REGULATOR.name,
      nameEn: opts.nameEn ?? (opts.name === undefined ? FIRST_REGULATOR.nameEn : undefined),
      country: opts.country ?? 'CN',
      roles: ['regulator'],
    });
    const token = await createToken(tx, now, regulator.id, 365, 'first regulator token (hreg init)');
    return { regulator, regulatorToken: token.token, tokenExpiresAt: token.expiresAt };
  });
}
