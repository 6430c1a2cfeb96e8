// Bundles Ringside into dist/ with esbuild: one file to start fast, the live screen (Ink,
// React) in a chunk of its own that only `ringside` with no command loads.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { reuseTextMeasures } from './build/reuse-text-measures.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// Chunk names carry a hash: start clean so old chunks do not pile up.
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

try {
  await build({
    entryPoints: { ringside: 'src/main.ts' },
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // A native addon: loaded from node_modules at run time.
    // react-devtools-core: Ink imports it only when DEV=true; it is not installed.
    external: ['better-sqlite3', 'react-devtools-core'],
    define: { RINGSIDE_VERSION: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
    // Bundled CommonJS dependencies call require(): give them one.
    banner: { js: "import { createRequire as __ringsideRequire } from 'node:module'; const require = __ringsideRequire(import.meta.url);" },
    jsx: 'automatic',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [reuseTextMeasures],
  });
} catch (error) {
  // A failed build: esbuild has printed each error with its file, a stack would say nothing more.
  if (!Array.isArray(error?.errors)) throw error;
  process.exit(1);
}
