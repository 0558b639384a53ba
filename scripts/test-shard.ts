// One process for many unit test files: `node --import tsx --test-reporter=tap scripts/test-shard.ts FILE…`
// imports each file in turn, and node:test runs their tests one file after another, as a process of
// its own per file would. The unit lane's files are pure (no database, network, environment or
// top-level hooks: scripts/test.ts checks the hooks), so they need no process of their own, and
// one process per file spent three times the lane's own CPU starting Node and tsx.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) await import(pathToFileURL(resolve(file)).href);
