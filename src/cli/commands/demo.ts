import { must } from '../../must.ts';
import cliProgress from 'cli-progress';
import { RegistryClient, BATCH_TIMEOUT_MS, clientFrom } from '../api-client.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { defineCommand } from '../command.ts';
import { CLIENT_FLAGS } from '../flags.ts';
import { note, printJson, printLine } from '../output.ts';
import { seedDemo, type DemoActor, type DemoDriver } from '../../demo/demo.ts';
import { LAUNCH_SCALE, recallTerms, type DemoScale } from '../../demo/demo-plan.ts';
import { msg } from '../../i18n/message.ts';
import { solveChallenge } from '../../report/proof-of-work.ts';
import { say, t, tr } from '../lang.ts';

/** httpDriver seeds through a running registry's public HTTP API, as each participant with its own token. */
function httpDriver(regulator: RegistryClient): DemoDriver {
  const as = (a: DemoActor) => new RegistryClient(regulator.baseUrl, a.token, tr().locale);
  return {
    async enrol(name, roles, nameEn) {
      const p = await regulator.post<{ id: string; name: string; roles: DemoActor['roles']; enterpriseCode: string | null }>(
        '/v1/participants',
        { name, ...(nameEn ? { nameEn } : {}), country: 'CN', roles },
      );
      const t = await regulator.post<{ token: string }>(`/v1/participants/${p.id}/tokens`, { label: 'demo', days: 365 });
      return { ...p, token: t.token };
    },
    async fileModel(maker, m) {
      return (await as(maker).post<{ modelCode: string }>('/v1/models', m)).modelCode;
    },
    async approveModel(enterprise, model) {
      await regulator.post(`/v1/models/${enterprise}/${model}/approve`);
    },
    async register(maker, units) {
      return (await as(maker).post<{ units: { code: string }[] }>('/v1/robots/batch', { units }, BATCH_TIMEOUT_MS)).units.map(
        (u) => u.code,
      );
    },
    async acceptStanding(actor, senders) {
      await as(actor).post(`/v1/participants/${actor.id}/standing-acceptances`, { senders });
    },
    async record(actor, items, at) {
      // The registry stamps the time: a live registry's history cannot be backdated, so a
      // late report's planned occurredAt (months before this run) is not sent either.
      const events = items.map(({ code, event: { occurredAt, ...event } }) => ({ code, ...event }));
      try {
        await as(actor).post('/v1/events/batch', { events }, BATCH_TIMEOUT_MS, {
          'idempotency-key': idempotencyKey(at, must(items[0], 'the demo records no empty batch')),
        });
        return undefined;
      } catch (err) {
        if (err instanceof CliError && err.exitCode === EXIT.refused) return `${err.code}: ${err.message}`;
        throw err;
      }
    },
    async recall(enterprise, model, hazard) {
      const r = await regulator.post<{ recall: { id: string } }>('/v1/recalls', recallTerms(enterprise, model, hazard));
      return r.recall.id;
    },
    async enrolAbroad(name, roles, country, nameEn) {
      const p = await regulator.post<{ id: string; name: string; roles: DemoActor['roles']; enterpriseCode: string | null }>(
        '/v1/participants',
        { name, ...(nameEn ? { nameEn } : {}), country, roles },
      );
      const t = await regulator.post<{ token: string }>(`/v1/participants/${p.id}/tokens`, { label: 'demo', days: 365 });
      return { ...p, token: t.token };
    },
    async grantMandate(importer, maker) {
      await regulator.post(`/v1/participants/${importer.id}/mandates`, { maker: maker.id });
    },
    async importUnits(importer, maker, customs, units) {
      return (await as(importer).post<{ units: { code: string }[] }>('/v1/imports', { maker, customs, units }, BATCH_TIMEOUT_MS)).units.map(
        (u) => u.code,
      );
    },
    async remanufacture(remanufacturer, predecessors, unit) {
      return (await as(remanufacturer).post<{ code: string }>('/v1/remanufactures', { predecessors, unit })).code;
    },
    async event(actor, code, event) {
      try {
        await as(actor).post(`/v1/robots/${code}/events`, event);
        return undefined;
      } catch (err) {
        if (err instanceof CliError && err.exitCode === EXIT.refused) return `${err.code}: ${err.message}`;
        throw err;
      }
    },
    async fileReport(code, report) {
      // An anonymous passer-by: no token.
      const anyone = new RegistryClient(regulator.baseUrl, undefined, tr().locale);
      try {
        const { challenge, bits } = await anyone.get<{ challenge: string; bits: number }>(`/v1/robots/${code}/reports/challenge`);
        await anyone.post(`/v1/robots/${code}/reports`, { ...report, challenge, work: solveChallenge(challenge, bits) });
        return undefined;
      } catch (err) {
        if (err instanceof CliError && err.exitCode === EXIT.refused) return `${err.code}: ${err.message}`;
        throw err;
      }
    },
  };
}

/** demo seeds the deterministic demo fleet into a running registry through its public API. */
/** idempotencyKey names a demo batch by its time and first event, so a retried batch is recorded once. */
const idempotencyKey = (at: Date, first: { code: string; event: { type: string } }): string =>
  `demo-${at.toISOString()}-${first.code}-${first.event.type}`;

export const demo = defineCommand({
  name: 'hreg demo',
  summary: 'cli.demo.summary',
  flags: {
    ...CLIENT_FLAGS,
    seed: { type: 'string', value: 'N', description: 'cli.demo.flag.seed' },
    robots: { type: 'string', value: 'N', description: msg('cli.demo.flag.robots', { count: LAUNCH_SCALE.robots }) },
    manufacturers: { type: 'string', value: 'N', description: msg('cli.demo.flag.manufacturers', { count: LAUNCH_SCALE.manufacturers }) },
    models: { type: 'string', value: 'N', description: msg('cli.demo.flag.models', { count: LAUNCH_SCALE.models }) },
    months: { type: 'string', value: 'N', description: msg('cli.demo.flag.months', { count: LAUNCH_SCALE.months }) },
  },
  details: 'cli.demo.details',
  examples: [
    'hreg demo --url http://127.0.0.1:8080 --token "$(cat data/regulator-token.txt)"',
    'hreg demo --robots 2000 --manufacturers 12 --models 20 --json',
  ],
  async action({ flags, json }) {
    const client = clientFrom(flags);
    const seed = flags.int('seed', 0, 2 ** 31 - 1);
    const manufacturers = flags.int('manufacturers', 1, 1_000) ?? LAUNCH_SCALE.manufacturers;
    const scale: DemoScale = {
      manufacturers,
      models: flags.int('models', manufacturers, 5_000) ?? Math.max(manufacturers, LAUNCH_SCALE.models),
      robots: flags.int('robots', 1, 1_000_000) ?? LAUNCH_SCALE.robots,
      months: flags.int('months', 1, 120) ?? LAUNCH_SCALE.months,
    };
    const bar =
      !json && process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { stream: process.stderr, format: say('cli.demo.bar'), hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    let started = false;
    let lastNote = 0;
    const result = await seedDemo(httpDriver(client), {
      seed,
      scale,
      progress: (done, total) => {
        if (bar) {
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        } else if (done - lastNote >= 2000 || done === total) {
          lastNote = done;
          note(t('cli.demo.seeded', { done, total }));
        }
      },
    }).finally(() => bar?.stop());
    if (json) return printJson(result);
    printLine(
      t('cli.demo.done', { robots: result.robots, events: result.events, seconds: (result.ms / 1000).toFixed(1), refused: result.refused }),
    );
    for (const p of result.problems) printLine(`  ${t('cli.demo.refused', { problem: p })}`);
    for (const tk of result.tokens) printLine(`  ${tk.role.padEnd(12)} ${tk.name}: ${tk.token}`);
    printLine(`  ${t('cli.demo.try', { url: `${client.baseUrl.origin}/r/${result.sampleCodes[0]}` })}`);
  },
});
