/**
 * What ships with Ringside: the caller fields every pack has, the folder of the built-in packs,
 * and those packs as `build.mjs` compiled them. This module loads neither yaml nor zod: the live
 * screen starts on a built-in pack through `packForScreen` without either (together about 250 ms
 * of a start under load); the full loader (./load.ts) is loaded only for a pack that is not built in.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trustFolder } from '../safe-fs.js';
import { folderName, readInputFile, yamlFilesIn } from './files.js';
import type { Pack } from './schema.js';

/** Fields every call has; packs add their own with hotkeys 5 and up. */
export const BUILTIN_FIELDS = [
  { id: 'name', hotkey: '1', private: true },
  { id: 'phone', hotkey: '2', private: true },
  { id: 'address', hotkey: '3', private: true },
  { id: 'areaCode', hotkey: '4', private: false },
] as const;

/** The folder of the packs that ship with Ringside (next to the bundle or the sources). */
export function builtinPackDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const candidate of [join(here, '..', 'scripts'), join(here, '..', '..', 'scripts')]) {
    if (existsSync(join(candidate, 'zh-CN'))) return candidate;
  }
  throw new Error(`the built-in packs were not found near ${here}`);
}

/** The pack files of the built-in folder (the scenarios beside them are not packs). */
export const builtinPackFiles = (dir = builtinPackDir()) => yamlFilesIn(dir, folderName('builtinPacks'), (name) => name === 'scenarios');

/** The file `build.mjs` writes beside the bundle. */
export const COMPILED_NAME = 'builtin-packs.json';

/** One built-in file as compiled: its path in the built-in folder, the sha256 of its text, what it holds. */
export interface CompiledFile<T> {
  file: string;
  sha256: string;
  value: T;
}

export interface CompiledPacks {
  packs: CompiledFile<Pack>[];
}

export const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The built-in packs as compiled, in the order `listPacks` reads them, if they are what the
 * folder holds now: every file there compiled, with the same text. Null when there is no compiled
 * file (running from the sources) or a built-in pack was edited, added or removed since the build:
 * then they are read from their YAML as before, never from a stale copy.
 */
export function compiledPacks(compiled: URL | string = new URL(`./${COMPILED_NAME}`, import.meta.url), dir?: string): Pack[] | null {
  let data: CompiledPacks;
  try {
    data = JSON.parse(readFileSync(compiled, 'utf8')) as CompiledPacks;
  } catch {
    return null;
  }
  try {
    dir ??= builtinPackDir();
    const found = builtinPackFiles(dir);
    if (found.skipped.length > 0 || found.files.length !== data.packs.length) return null;
    for (const [i, file] of found.files.entries()) {
      const entry = data.packs[i]!;
      if (relative(dir, file) !== entry.file || textHash(readInputFile(file)) !== entry.sha256) return null;
    }
  } catch {
    return null; // the full loader says what is wrong with the folder
  }
  return data.packs.map((entry) => entry.value);
}

/**
 * The pack a screen starts on (`idOrPath`: an id, or a .yaml file), and a lookup of another pack
 * by id (a call left open on another pack comes back on it), null when there is none. A built-in
 * pack, with no pack of the agent's own in `userPackDir` to override it, comes compiled; anything
 * else (a file, a pack of the agent's, a pack not found and the sentence saying so) goes through
 * the full loader, loaded for it.
 */
export async function packForScreen(idOrPath: string, userPackDir: string): Promise<{ pack: Pack; other: (id: string) => Pack | null }> {
  if (!/\.ya?ml$/.test(idOrPath)) {
    // A folder no one else can change, holding no pack (the full loader says what it skipped).
    const mine = trustFolder(userPackDir, 'yourPacks') ? yamlFilesIn(userPackDir, folderName('yourPacks')) : null;
    const builtins = mine && (mine.files.length > 0 || mine.skipped.length > 0) ? null : compiledPacks();
    // The last one with the id wins, as in listPacks.
    const byId = (id: string) => builtins?.filter((pack) => pack.id === id).at(-1) ?? null;
    const pack = byId(idOrPath);
    if (pack) return { pack, other: byId };
  }
  const { findPack } = await import('./load.js');
  const pack = findPack(idOrPath, userPackDir);
  const other = (id: string) => {
    try {
      return findPack(id, userPackDir);
    } catch {
      return null;
    }
  };
  return { pack, other };
}
