import type { Command } from './command.ts';
import type { Text } from './lang.ts';

/** CommandEntry is one line of the command table: its summary for `hreg --help` and the module that implements it. */
export interface CommandEntry {
  summary: Text;
  /** load imports the command's module, so a run loads only the command it runs (commands.test.ts checks the summary matches). */
  load(): Promise<Command>;
}

/**
 * COMMANDS is the `hreg` command table, in the order --help lists it. Add a
 * command by adding one entry: a module exporting a Command (defineCommand
 * for a single command, defineGroup for one with subcommands), imported only
 * when it runs, since each `hreg` call is a new process.
 */
export const COMMANDS: Record<string, CommandEntry> = {
  serve: { summary: 'cli.serve.summary', load: async () => (await import('./commands/serve.ts')).serve },
  init: { summary: 'cli.init.summary', load: async () => (await import('./commands/init.ts')).init },
  participants: { summary: 'cli.participants.summary', load: async () => (await import('./commands/participants.ts')).participants },
  tokens: { summary: 'cli.tokens.summary', load: async () => (await import('./commands/tokens.ts')).tokens },
  models: { summary: 'cli.models.summary', load: async () => (await import('./commands/models.ts')).models },
  robots: { summary: 'cli.robots.summary', load: async () => (await import('./commands/robots.ts')).robots },
  components: { summary: 'cli.components.summary', load: async () => (await import('./commands/components.ts')).components },
  events: { summary: 'cli.events.summary', load: async () => (await import('./commands/events.ts')).events },
  transfer: { summary: 'cli.transfer.summary', load: async () => (await import('./commands/lifecycle.ts')).transfer },
  offers: { summary: 'cli.offers.summary', load: async () => (await import('./commands/lifecycle.ts')).offers },
  standing: { summary: 'cli.standing.summary', load: async () => (await import('./commands/standing.ts')).standing },
  deploy: { summary: 'cli.deploy.summary', load: async () => (await import('./commands/lifecycle.ts')).deploy },
  service: { summary: 'cli.service.summary', load: async () => (await import('./commands/lifecycle.ts')).service },
  incident: { summary: 'cli.incident.summary', load: async () => (await import('./commands/lifecycle.ts')).incident },
  suspend: { summary: 'cli.suspend.summary', load: async () => (await import('./commands/lifecycle.ts')).suspend },
  reinstate: { summary: 'cli.reinstate.summary', load: async () => (await import('./commands/lifecycle.ts')).reinstate },
  stolen: { summary: 'cli.stolen.summary', load: async () => (await import('./commands/lifecycle.ts')).stolen },
  recovered: { summary: 'cli.recovered.summary', load: async () => (await import('./commands/lifecycle.ts')).recovered },
  decommission: { summary: 'cli.decommission.summary', load: async () => (await import('./commands/lifecycle.ts')).decommission },
  recycle: { summary: 'cli.recycle.summary', load: async () => (await import('./commands/lifecycle.ts')).recycle },
  scrap: { summary: 'cli.scrap.summary', load: async () => (await import('./commands/lifecycle.ts')).scrap },
  accountability: {
    summary: 'cli.accountability.summary',
    load: async () => (await import('./commands/accountability.ts')).accountability,
  },
  recalls: { summary: 'cli.recalls.summary', load: async () => (await import('./commands/recalls.ts')).recalls },
  software: { summary: 'cli.software.summary', load: async () => (await import('./commands/software.ts')).software },
  campaigns: { summary: 'cli.campaigns.summary', load: async () => (await import('./commands/campaigns.ts')).campaigns },
  revisions: { summary: 'cli.revisions.summary', load: async () => (await import('./commands/condition.ts')).revisions },
  usage: { summary: 'cli.usage.summary', load: async () => (await import('./commands/condition.ts')).usage },
  brand: { summary: 'cli.brand.summary', load: async () => (await import('./commands/condition.ts')).brand },
  insurer: { summary: 'cli.insurer.summary', load: async () => (await import('./commands/condition.ts')).insurer },
  customs: { summary: 'cli.customs.summary', load: async () => (await import('./commands/second-life.ts')).customs },
  remanufacture: { summary: 'cli.remanufacture.summary', load: async () => (await import('./commands/second-life.ts')).remanufacture },
  lineage: { summary: 'cli.lineage.summary', load: async () => (await import('./commands/second-life.ts')).lineage },
  certified: { summary: 'cli.certified.summary', load: async () => (await import('./commands/second-life.ts')).certified },
  mandates: { summary: 'cli.mandates.summary', load: async () => (await import('./commands/second-life.ts')).mandates },
  verify: { summary: 'cli.verify.summary', load: async () => (await import('./commands/verify.ts')).verify },
  'market-access': { summary: 'cli.market-access.summary', load: async () => (await import('./commands/market-access.ts')).marketAccess },
  bundle: { summary: 'cli.bundle.summary', load: async () => (await import('./commands/bundle.ts')).bundle },
  'verify-bundle': { summary: 'cli.verify-bundle.summary', load: async () => (await import('./commands/bundle.ts')).verifyBundleCommand },
  audit: { summary: 'cli.audit.summary', load: async () => (await import('./commands/audit.ts')).auditCommand },
  log: { summary: 'cli.log.summary', load: async () => (await import('./commands/log.ts')).log },
  witness: { summary: 'cli.witness.summary', load: async () => (await import('./commands/witness.ts')).witness },
  webhooks: { summary: 'cli.webhooks.summary', load: async () => (await import('./commands/webhooks.ts')).webhooks },
  reports: { summary: 'cli.reports.summary', load: async () => (await import('./commands/reports.ts')).reports },
  late: { summary: 'cli.late.summary', load: async () => (await import('./commands/reports.ts')).late },
  feed: { summary: 'cli.feed.summary', load: async () => (await import('./commands/reports.ts')).feed },
  export: { summary: 'cli.export.summary', load: async () => (await import('./commands/backup.ts')).exportCommand },
  import: { summary: 'cli.import.summary', load: async () => (await import('./commands/backup.ts')).importCommand },
  demo: { summary: 'cli.demo.summary', load: async () => (await import('./commands/demo.ts')).demo },
};
