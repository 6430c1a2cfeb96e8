/**
 * Run by build.mjs (bundled on its own, never part of dist/): reads and checks every built-in
 * pack with the same loader as a user's pack, and returns them for dist/builtin-packs.json. A
 * built-in pack with a problem fails the build with its file:line:column.
 */
import { join, relative } from 'node:path';
import { builtinPackDir, builtinPackFiles, textHash, type CompiledPacks } from './builtin.js';
import { readInputFile } from './files.js';
import { loadPackFile } from './load.js';

export function compileBuiltins(dir = builtinPackDir()): CompiledPacks {
  const found = builtinPackFiles(dir);
  if (found.skipped.length > 0) throw new Error(found.skipped.join('\n'));
  const packs = found.files.map((file) => ({
    file: relative(dir, file),
    sha256: textHash(readInputFile(file)),
    value: loadPackFile(file, relative(join(dir, '..'), file)),
  }));
  return { packs };
}
