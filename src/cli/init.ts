import { loadConfig } from '../config.ts';
import { defineCommand } from './command.ts';
import { usageError } from './cli-error.ts';
import { LOCAL_FLAGS } from './flags.ts';
import { printFields, printJson, printLine } from './output.ts';
import { localConfigOverrides } from './serve.ts';

/** init enrols the first regulator of an empty registry and prints its token once. */
export const init = defineCommand({
  name: 'hreg init',
  summary: 'Initialise an empty registry: enrol the first regulator and print its token once',
  flags: LOCAL_FLAGS,
  details: [
    'Opens the registry database directly (not over HTTP), creating and migrating it if needed.',
    'The token is printed only this once; the registry keeps only its hash. A registry that is',
    'already initialised refuses with DUPLICATE (exit 1). With --json, prints exactly',
    '{"regulatorToken":"…"} and a newline.',
  ].join('\n'),
  examples: ['hreg init --data ./data', 'export HREG_TOKEN=$(hreg init --json | jq -r .regulatorToken)'],
  async action({ flags, json }) {
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig(localConfigOverrides(flags));
    } catch (err) {
      throw usageError((err as Error).message);
    }
    const { openRegistry } = await import('../registry/open.ts');
    const { initRegistry } = await import('../registry/init.ts');
    const ctx = await openRegistry(config);
    try {
      const done = await initRegistry(ctx.store, ctx.now());
      if (json) {
        printJson({ regulatorToken: done.regulatorToken });
        return;
      }
      printLine('Registry initialised.');
      printFields([
        ['Regulator', `${done.regulator.name} (${done.regulator.id})`],
        ['Token expires', done.tokenExpiresAt],
        ['Data', config.databaseUrl ? 'PostgreSQL (--database-url)' : config.dataDir],
      ]);
      printLine('');
      printLine('Regulator token (shown only now; store it in a secret manager):');
      printLine(`  ${done.regulatorToken}`);
      printLine('');
      printLine('Log verifier key (publish it so anyone can check checkpoints and passports):');
      printLine(`  ${ctx.signer.verifierKey}`);
    } finally {
      await ctx.store.close();
    }
  },
});
