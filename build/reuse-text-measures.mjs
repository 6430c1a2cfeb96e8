// The bundle's reuse of text measures across frames (see reuseTextMeasures below).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Ink measures every line of the screen again for each frame: string-width runs per character
 * (an emoji regex each time) and each frame makes a new cache of styled characters. A key's frame
 * on the Chinese screen spent about half its time there (profiled: tests/bench/screen.mjs). Both
 * are pure functions of the text, so the bundle keeps them across frames, bounded:
 * - every `string-width` import gets a memoizing wrapper around the very copy it asked for;
 * - Ink's Output shares one cache of styled characters between frames (they are never mutated):
 *   a patch of Ink's output.js by its text, applied to that one text only (shareOutputCaches).
 */
const CACHE_LIMIT = 5000; // widths: a number per text
// Styled lines hold an object per character: a few frames' worth (a frame writes ~100 texts),
// so what a shift of changing timers and typed fields leaves behind stays a few MB.
const STYLED_LIMIT = 400;
export const reuseTextMeasures = {
  name: 'reuse-text-measures',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      return { path: real.path, namespace: 'memo-width' };
    });
    build.onLoad({ filter: /.*/, namespace: 'memo-width' }, (args) => ({
      resolveDir: '.',
      contents: `import stringWidth from ${JSON.stringify(args.path)};
        const widths = new Map();
        export default function memoStringWidth(text, options) {
          if (options !== undefined) return stringWidth(text, options);
          let width = widths.get(text);
          if (width === undefined) {
            if (widths.size >= ${CACHE_LIMIT}) widths.clear();
            width = stringWidth(text);
            widths.set(text, width);
          }
          return width;
        }`,
    }));
    // Every bundle that draws has Ink's Output: one that patched nothing lost the cache unsaid.
    let patched = 0;
    build.onStart(() => {
      patched = 0;
    });
    build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, (args) => {
      patched += 1;
      const patch = shareOutputCaches(readFileSync(args.path, 'utf8'), args.path);
      return 'refused' in patch ? { errors: [{ text: patch.refused }] } : { loader: 'js', contents: patch.contents };
    });
    build.onEnd((result) => {
      if (result.errors.length > 0 || patched > 0) return undefined;
      return {
        errors: [{ text: `the bundle has no ink/build/output.js, so the shared Output cache patch (build/reuse-text-measures.mjs) patched nothing: find where Ink ${INK_VERSION_PINNED} keeps its Output and patch that` }],
      };
    });
  },
};

/**
 * The patch is written for one text: Ink 6.8.0's build/output.js (package.json pins Ink to it).
 * Its Output makes `caches = new OutputCaches()` per frame; the patch hands every Output one
 * shared OutputCaches instead, dropped when its three maps together hold STYLED_LIMIT texts. That
 * is right only if Output never changes what it reads from the caches, and only the three maps
 * grow: things no search for names can tell, so any other text is refused, and every name the
 * patch uses is checked too, so the sentence says what moved.
 */
const INK_VERSION_PINNED = '6.8.0';
const INK_OUTPUT_SHA256 = 'de9078c7fc647c40cf9e32d6658fcbbee91dae9e3f6334e5f4ebfc5905fc401d';
const PER_FRAME = 'caches = new OutputCaches();';

/** Ink's output.js (`source`, read from `file`) with its caches shared, or a sentence saying why not. */
function shareOutputCaches(source, file) {
  const problems = [];
  const cachesClass = /^class OutputCaches \{\n([\s\S]*?)^\}$/m.exec(source)?.[1];
  if (cachesClass === undefined) problems.push('no class `OutputCaches` (the shared cache is one of them)');
  else {
    for (const map of ['styledChars', 'widths', 'blockWidths']) {
      if (!new RegExp(`^ +${map} = new Map\\(\\);$`, 'm').test(cachesClass)) problems.push(`no map \`${map}\` in OutputCaches (the patch bounds the cache by its size)`);
    }
  }
  const perFrame = source.split(PER_FRAME).length - 1;
  if (perFrame !== 1) problems.push(`\`${PER_FRAME}\` ${perFrame} times, not once (Output's field \`caches\`, which the patch replaces)`);
  for (const name of ['sharedCaches', 'sharedOutputCaches']) {
    if (new RegExp(`\\b${name}\\b`).test(source)) problems.push(`a \`${name}\` of its own (a name the patch adds)`);
  }
  const found = createHash('sha256').update(source).digest('hex');
  if (problems.length > 0 || found !== INK_OUTPUT_SHA256) {
    return {
      refused:
        `${file} is not the text the shared Output cache patch was written for (Ink ${INK_VERSION_PINNED}'s build/output.js: ` +
        `sha256 ${INK_OUTPUT_SHA256} expected, ${found} found)${problems.length > 0 ? `; it has ${problems.join('; ')}` : ''}. ` +
        `If another Ink is installed, \`npm ci\` installs the pinned one; to move to a new Ink, check the patch in ` +
        `build/reuse-text-measures.mjs against its output.js and put that file's sha256 there.`,
    };
  }
  return {
    contents:
      source.replace(PER_FRAME, 'caches = sharedOutputCaches();') +
    `\nlet sharedCaches;
function sharedOutputCaches() {
  const size = sharedCaches ? sharedCaches.styledChars.size + sharedCaches.widths.size + sharedCaches.blockWidths.size : 0;
  if (!sharedCaches || size >= ${STYLED_LIMIT}) sharedCaches = new OutputCaches();
  return sharedCaches;
}\n`,
  };
}
