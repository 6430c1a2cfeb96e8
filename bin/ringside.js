#!/usr/bin/env node
// Tiny on purpose: load the built bundle. `npm start` and `npm test` build it first.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/ringside.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('ringside: the program is not built yet. Run `npm run build` (or `npm start`) in the Ringside folder first.\n');
  process.exit(1);
}
await import(bundle.href);
