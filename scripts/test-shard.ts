// One process for several test files: `node --import tsx --test-reporter=tap scripts/test-shard.ts FILE…`
// imports each file inside a suite named after it, so its top-level hooks and tests belong to that
// suite and node:test runs the files one after another, each with its own before and after, as a
// process of its own per file would. Starting Node, tsx and the modules a test imports costs two to
// four seconds of CPU per process, about half of what a typical integration file spends, so the
// runner (scripts/test.ts) gives each process a share of the files instead of one each. Each file
// still opens its own databases (test/harness.ts); what the files share is the process.
import { resolve } from 'node:path';
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) {
  describe(file, async () => {
    await import(pathToFileURL(resolve(file)).href);
  });
}
