// The bundle's reuse of text measures across frames (see reuseTextMeasures below).
import { readFileSync } from 'node:fs';

/**
 * Ink measures every line of the screen again for each frame: string-width runs per character
 * (an emoji regex each time) and each frame makes a new cache of styled characters. A key's frame
 * on the Chinese screen spent about half its time there (profiled: tests/bench/screen.mjs). Both
 * are pure functions of the text, so the bundle keeps them across frames, bounded:
 * - every `string-width` import gets a memoizing wrapper around the very copy it asked for;
 * - Ink's Output shares one cache of styled characters between frames (they are never mutated).
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
    build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const perFrame = 'caches = new OutputCaches();';
      // A new Ink changed its Output: stop here rather than ship a build that lost the cache.
      if (!source.includes(perFrame)) throw new Error(`build.mjs: ${args.path} no longer has "${perFrame}"; look again at reuseTextMeasures`);
      return {
        loader: 'js',
        contents: source.replace(perFrame, 'caches = sharedOutputCaches();') +
          `\nlet sharedCaches;
          function sharedOutputCaches() {
            const size = sharedCaches ? sharedCaches.styledChars.size + sharedCaches.widths.size + sharedCaches.blockWidths.size : 0;
            if (!sharedCaches || size >= ${STYLED_LIMIT}) sharedCaches = new OutputCaches();
            return sharedCaches;
          }\n`,
      };
    });
  },
};
