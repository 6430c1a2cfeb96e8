// Bundles Ringside into dist/ with esbuild: one file to start fast, the live screen (Ink,
// React) in a chunk of its own that only `ringside` with no command loads. Then compiles the
// built-in packs (scripts/) into dist/builtin-packs.json, each read and checked by the real
// loader: a screen starting on one parses no YAML and builds no zod schema.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  await compileBuiltinPacks();
} catch (error) {
  // A failed build: esbuild has printed each error with its file, a stack would say nothing more.
  if (!Array.isArray(error?.errors)) throw error;
  process.exit(1);
}

/** The built-in packs through src/pack/compile.ts (bundled on its own, run once, removed). */
async function compileBuiltinPacks() {
  const work = mkdtempSync(join(tmpdir(), 'ringside-build-'));
  let compiled;
  let problem;
  try {
    const compiler = join(work, 'compile.mjs');
    await build({
      entryPoints: ['src/pack/compile.ts'],
      outfile: compiler,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      banner: { js: "import { createRequire as __ringsideRequire } from 'node:module'; const require = __ringsideRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    const { compileBuiltins } = await import(pathToFileURL(compiler).href);
    compiled = compileBuiltins(fileURLToPath(new URL('./scripts', import.meta.url)));
  } catch (error) {
    if (Array.isArray(error?.errors)) throw error;
    // A built-in pack with a problem: its sentence (file:line:column), as `packs check` says it.
    problem = error.message;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (problem !== undefined) {
    process.stderr.write(`build: a built-in pack is not valid:\n${problem}\n`);
    process.exit(1);
  }
  writeFileSync(new URL('./dist/builtin-packs.json', import.meta.url), JSON.stringify(compiled));
}
