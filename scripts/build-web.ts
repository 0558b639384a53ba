// `npm install` (the `prepare` script) builds the web UI into dist/web, which the registry serves.
import { bundleWeb, DIST_WEB, writeWebAssets } from '../src/http/ui/assets.ts';

const started = performance.now();
const assets = await bundleWeb();
writeWebAssets(assets);
console.log(
  `web UI built into ${DIST_WEB} (${(assets.js.length / 1024).toFixed(0)} KiB script, ${(assets.css.length / 1024).toFixed(0)} KiB styles, version ${assets.version}) in ${Math.round(performance.now() - started)} ms`,
);
