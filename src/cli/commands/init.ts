import { defineCommand } from '../command.ts';
import { LOCAL_FLAGS } from '../flags.ts';
import { printFields, printJson, printLine } from '../output.ts';
import { localConfig } from './serve.ts';
import { t } from '../lang.ts';

/** init enrols the first regulator of an empty registry and prints its token once. */
export const init = defineCommand({
  name: 'hreg init',
  summary: 'cli.init.summary',
  flags: LOCAL_FLAGS,
  details: 'cli.init.details',
  examples: ['hreg init --data ./data', 'export HREG_TOKEN=$(hreg init --json | jq -r .regulatorToken)'],
  async action({ flags, json }) {
    const config = localConfig(flags);
    const { openRegistry } = await import('../../registry/open.ts');
    const { initRegistry } = await import('../../registry/init.ts');
    const ctx = await openRegistry(config);
    try {
      const done = await initRegistry(ctx.store, ctx.now());
      if (json) {
        printJson({ regulatorToken: done.regulatorToken });
        return;
      }
      printLine(t('cli.init.done'));
      printFields([
        ['cli.field.regulator', `${done.regulator.name} (${done.regulator.id})`],
        ['cli.field.tokenExpires', done.tokenExpiresAt],
        ['cli.field.data', config.databaseUrl ? 'PostgreSQL (--database-url)' : config.dataDir],
      ]);
      printLine('');
      printLine(t('cli.init.token'));
      printLine(`  ${done.regulatorToken}`);
      printLine('');
      printLine(t('cli.init.key'));
      printLine(`  ${ctx.signer.verifierKey}`);
    } finally {
      await ctx.store.close();
    }
  },
});
