/**
 * Single registrations (POST /v1/robots, one unit) coalesce like single
 * lifecycle events (record-event.ts): the registrations that arrive together
 * share one transaction, each caller's units are written set-based with its
 * neighbours of the same maker, and all first events go to the log in one
 * append with one checkpoint. Each caller keeps its own outcome: if the shared
 * round fails for any reason, it runs again in halves down to registrations
 * alone, so a neighbour's bad unit never fails another's, and each refusal is
 * the one the unit would get alone.
 */
import { CoalescingQueue } from '../../store/coalescing-queue.ts';
import { must } from '../../must.ts';
import type { RegistryContext } from '../context.ts';
import { writeEvents } from '../events/event-writer.ts';
import { registerUnits, stageUnits, type NewUnit, type RegisteredUnit, type Registration } from './register-robots.ts';

/** SingleRegistration is one caller's one-unit run waiting in the queue, with its promise. */
interface SingleRegistration {
  id: number;
  unit: NewUnit;
  reg: Registration;
  resolve(registered: RegisteredUnit[]): void;
  reject(err: unknown): void;
}

/** MAX_COALESCED_REGISTRATIONS is the most single registrations one transaction writes. */
const MAX_COALESCED_REGISTRATIONS = 100;

const queues = new WeakMap<RegistryContext, CoalescingQueue<SingleRegistration>>();
let nextId = 0;

/** registerSingle registers one unit as reg says, sharing a transaction with the single registrations that arrive with it. */
export function registerSingle(ctx: RegistryContext, unit: NewUnit, reg: Registration): Promise<RegisteredUnit[]> {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = new CoalescingQueue<SingleRegistration>(
      (round) => registerRound(ctx, round),
      (s) => String(s.id),
      MAX_COALESCED_REGISTRATIONS,
    );
    queues.set(ctx, queue);
  }
  const q = queue;
  return new Promise<RegisteredUnit[]>((resolve, reject) => {
    q.submit({ id: nextId++, unit, reg, resolve, reject });
  });
}

/** groupKey is who registers: registrations with the same enterprise, owner and actor are staged as one run. */
function groupKey(reg: Registration): string {
  return `${reg.enterprise}|${reg.ownerId}|${reg.actor.participantId}`;
}

/**
 * registerRound writes a round's registrations in one transaction: one staged
 * run per maker (in enterprise order, so concurrent rounds take the serial
 * counters in one order), one append for every first event. Any failure runs
 * each half of the round again, down to registrations alone.
 */
async function registerRound(ctx: RegistryContext, round: readonly SingleRegistration[]): Promise<void> {
  if (round.length === 1) {
    const s = must(round[0], 'a round has a registration');
    await registerUnits(ctx, [s.unit], s.reg).then(s.resolve, s.reject);
    return;
  }
  const groups = new Map<string, SingleRegistration[]>();
  for (const s of round) {
    const k = groupKey(s.reg);
    const g = groups.get(k) ?? [];
    g.push(s);
    groups.set(k, g);
  }
  const ordered = [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, g]) => g);
  let answers: Map<SingleRegistration, RegisteredUnit[]>;
  try {
    answers = await ctx.store.readWrite(async (tx) => {
      const now = ctx.now();
      const staged = [];
      for (const g of ordered) {
        const reg = must(g[0], 'a group has a registration').reg;
        staged.push({
          g,
          reg,
          run: await stageUnits(
            tx,
            g.map((s) => s.unit),
            reg,
            now,
          ),
        });
      }
      const indexes = await writeEvents(
        tx,
        ctx.signer,
        staged.flatMap((x) => x.run.events),
      );
      const out = new Map<SingleRegistration, RegisteredUnit[]>();
      let at = 0;
      for (const { g, reg, run } of staged) {
        const units = run.registered(indexes.slice(at, at + g.length));
        at += g.length;
        await reg.after?.(tx, units, now);
        for (const [i, s] of g.entries()) out.set(s, [must(units[i], 'a registered unit per staged unit')]);
      }
      return out;
    });
  } catch {
    // Whatever refused or failed the shared round, it runs again in halves,
    // down to registrations alone: the bad one gets exactly the answer it would
    // have had without neighbours, and the rest still share transactions.
    const half = Math.ceil(round.length / 2);
    await registerRound(ctx, round.slice(0, half));
    await registerRound(ctx, round.slice(half));
    return;
  }
  // A cached "not registered" for any of these codes is now wrong.
  ctx.facts.invalidate([...answers.values()].flat().map((u) => u.code));
  for (const s of round) s.resolve(must(answers.get(s), 'every registration of a committed round has an answer'));
}
