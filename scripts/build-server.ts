// `npm install` (the `prepare` script) compiles the server and the CLI into dist/server,
// which `npm start` and bin/hreg.js run with Node alone (docs/operations.md, The compiled build).
import { buildServer, DIST_SERVER } from './server-bundle.ts';

const started = performance.now();
const files = await buildServer();
console.log(`server and CLI built into ${DIST_SERVER} (${files} files) in ${Math.round(performance.now() - started)} ms`);
