/**
 * The bundle patches Ink's output.js by its text so that frames share one cache of measures
 * (build/reuse-text-measures.mjs). A patch by text is right only for the text it was written for:
 * an Ink whose Output renamed one name the patch reads still built, and the screen crashed on
 * its second frame; the screen tests run unpatched Ink, so nothing noticed. These tests feed the
 * build's own plugin Ink's output.js as it is and changed, through esbuild, and run what it makes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { reuseTextMeasures } from '../../build/reuse-text-measures.mjs';
import { tempDir } from '../helpers.js';

const root = join(__dirname, '..', '..');
const inkOutput = join(dirname(createRequire(join(root, 'package.json')).resolve('ink')), 'output.js');
const original = readFileSync(inkOutput, 'utf8');

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/** Draws five frames with Ink's Output, as Ink's renderer does: a new Output for each frame. */
const drawFrames = `import Output from 'ink/build/output.js';
for (let frame = 1; frame <= 5; frame++) {
  const output = new Output({ width: 20, height: 1 });
  output.write(0, 0, '第' + frame + '帧 frame ' + frame, { transformers: [] });
  console.log(output.get().output);
}
`;

/** Bundles `entry` with the build's plugin against an Ink whose build/FILE holds `source`. */
async function bundle(source: string, { entry = drawFrames, file = 'output.js' } = {}) {
  const dir = tempDir();
  cleanup.push(dir.remove);
  const inkBuild = join(dir.path, 'node_modules', 'ink', 'build');
  mkdirSync(inkBuild, { recursive: true });
  writeFileSync(join(inkBuild, file), source);
  writeFileSync(join(dir.path, 'entry.mjs'), entry);
  const outfile = join(dir.path, 'out.mjs');
  const result = await build({
    entryPoints: [join(dir.path, 'entry.mjs')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    // Ink's own imports (slice-ansi, string-width …) come from the project's node_modules.
    nodePaths: [join(root, 'node_modules')],
    logLevel: 'silent',
    plugins: [reuseTextMeasures],
  }).then(
    () => ({ error: undefined }),
    (failure: { errors?: { text: string }[] }) => ({ error: (failure.errors ?? []).map((e) => e.text).join('\n') || String(failure) }),
  );
  return { ...result, file: join(inkBuild, file), outfile, run: () => spawnSync(process.execPath, [outfile], { encoding: 'utf8' }) };
}

describe("the build's patch of Ink's output.js", () => {
  it("applies to Ink's output.js as installed, and five frames in a row draw with the shared cache", async () => {
    const built = await bundle(original);
    expect(built.error).toBeUndefined();
    const run = built.run();
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe([1, 2, 3, 4, 5].map((n) => `第${n}帧 frame ${n}\n`).join(''));
    expect(readFileSync(built.outfile, 'utf8')).toContain('caches = sharedOutputCaches();');
  });

  // Each name the injected code relies on, renamed everywhere in Ink's file: Ink stays consistent
  // (its own code still runs), only the patch would be wrong.
  for (const name of ['OutputCaches', 'caches', 'styledChars', 'widths', 'blockWidths']) {
    it(`refuses an output.js whose ${name} is renamed, naming the file and the name`, async () => {
      const renamed = original.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}2`);
      expect(renamed).not.toBe(original);
      const built = await bundle(renamed);
      expect(built.error).toContain(built.file);
      expect(built.error).toContain(name);
    });
  }

  it("refuses an output.js that keeps every name but is not the text the patch was written for (a fourth cache the bound would not count)", async () => {
    const changed = original.replace('styledChars = new Map();', 'styledChars = new Map();\n    graphemes = new Map();');
    expect(changed).not.toBe(original);
    const built = await bundle(changed);
    expect(built.error).toContain(built.file);
    expect(built.error).toMatch(/sha256 [0-9a-f]{64} expected, [0-9a-f]{64} found/);
  });

  it('refuses a bundle in which it patched nothing (an Ink that moved its Output elsewhere)', async () => {
    const built = await bundle(original, { file: 'output-next.js', entry: drawFrames.replace('output.js', 'output-next.js') });
    expect(built.error).toMatch(/patched nothing/);
  });
});
