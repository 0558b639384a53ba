import { accountability } from './accountability.ts';
import { auditCommand } from './audit.ts';
import { bundle, verifyBundleCommand } from './bundle.ts';
import { components } from './components.ts';
import { exportCommand, importCommand } from './backup.ts';
import type { Command } from './command.ts';
import { demo } from './demo.ts';
import { events } from './events.ts';
import { init } from './init.ts';
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
} from './lifecycle.ts';
import { log } from './log.ts';
import { marketAccess } from './market-access.ts';
import { models } from './models.ts';
import { participants } from './participants.ts';
import { recalls } from './recalls.ts';
import { robots } from './robots.ts';
import { serve } from './serve.ts';
import { standing } from './standing.ts';
import { tokens } from './tokens.ts';
import { verify } from './verify.ts';
import { webhooks } from './webhooks.ts';

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
