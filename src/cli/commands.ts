import { accountability } from './commands/accountability.ts';
import { auditCommand } from './commands/audit.ts';
import { bundle, verifyBundleCommand } from './commands/bundle.ts';
import { components } from './commands/components.ts';
import { exportCommand, importCommand } from './commands/backup.ts';
import type { Command } from './command.ts';
import { demo } from './commands/demo.ts';
import { events } from './commands/events.ts';
import { init } from './commands/init.ts';
import {
  decommission,
  deploy,
  incident,
  offers,
  recovered,
  recycle,
  reinstate,
  scrap,
  service,
  stolen,
  suspend,
  transfer,
} from './commands/lifecycle.ts';
import { log } from './commands/log.ts';
import { marketAccess } from './commands/market-access.ts';
import { models } from './commands/models.ts';
import { participants } from './commands/participants.ts';
import { recalls } from './commands/recalls.ts';
import { robots } from './commands/robots.ts';
import { serve } from './commands/serve.ts';
import { standing } from './commands/standing.ts';
import { tokens } from './commands/tokens.ts';
import { verify } from './commands/verify.ts';
import { webhooks } from './commands/webhooks.ts';

/**
 * COMMANDS is the `hreg` command table, in the order --help lists it. Add a
 * command by adding one entry: a module exporting a Command (defineCommand
 * for a single command, defineGroup for one with subcommands).
 */
export const COMMANDS: Record<string, Command> = {
  serve,
  init,
  participants,
  tokens,
  models,
  robots,
  components,
  events,
  transfer,
  offers,
  standing,
  deploy,
  service,
  incident,
  suspend,
  reinstate,
  stolen,
  recovered,
  decommission,
  recycle,
  scrap,
  accountability,
  recalls,
  verify,
  'market-access': marketAccess,
  bundle,
  'verify-bundle': verifyBundleCommand,
  audit: auditCommand,
  log,
  webhooks,
  export: exportCommand,
  import: importCommand,
  demo,
};
