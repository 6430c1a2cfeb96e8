// The real code for a bench, bundled from the sources as the tests run it: better-sqlite3 and pg
// from node_modules; split as dist/ is, so Ink's devtools (react-devtools-core, not installed) stay
// in a chunk never loaded. Shared by the team's and live assist's benches.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../..', import.meta.url).pathname;
// Inside the checkout, so the bundle's imports of better-sqlite3 and pg find node_modules.
const outdir = join(root, 'node_modules', '.cache', 'ringside-bench');

/** Bundles `contents` (exports of the sources, paths from the checkout's root) as `name` and imports it. */
export async function benchCode(name, contents) {
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir,
    entryNames: name,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3', 'pg', 'react-devtools-core'],
    nodePaths: [join(root, 'node_modules')],
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return import(pathToFileURL(join(outdir, `${name}.mjs`)).href);
}
