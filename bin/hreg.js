#!/usr/bin/env node
// Runs the compiled CLI (dist/server, built by `npm install`'s prepare script) with Node alone;
// its source maps make stack traces name the TypeScript lines in src/.
process.setSourceMapsEnabled(true);
await import('../dist/server/hreg.js');
