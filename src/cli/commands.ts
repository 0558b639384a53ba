import type { Command } from './command.ts';
import { init } from './init.ts';
import { marketAccess } from './market-access.ts';
import { models } from './models.ts';
import { participants } from './participants.ts';
import { robots } from './robots.ts';
import { serve } from './serve.ts';
import { tokens } from './tokens.ts';
import { verify } from './verify.ts';

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
  verify,
  'market-access': marketAccess,
};
