/**
 * Reading pack and scenario files, and walking the folders that hold them. Whatever a folder
 * holds (a link round in a circle, a link to /usr, a million files, a pipe named like a pack, a
 * 50 MB file, bytes that are not UTF-8), a command reads a bounded amount in bounded time, and
 * what it leaves out is said in a sentence naming the limit and the place.
 */
import { closeSync, constants, fstatSync, lstatSync, opendirSync, openSync, readSync, type Dir, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { printable } from '../errors.js';
import { PackError, positionAt } from './problems.js';

/** The bounds on what is read; docs/packs.md says them to pack authors. */
export const LIMITS = {
  /** Bytes in one pack or scenario file (the built-in packs are about 15 KB). */
  fileBytes: 1024 * 1024,
  /** Folders below the packs (or scenarios) folder that are looked into. */
  folderDepth: 4,
  /** YAML files read from one folder and its subfolders. */
  files: 50,
  /** Files and folders looked at in one folder and its subfolders, YAML or not. */
  entries: 2000,
} as const;

export type InputKind = 'pack' | 'scenario';

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const LIMIT_TEXT = `${LIMITS.fileBytes / (1024 * 1024)} MB`;

/**
 * A pack or scenario file's text. Only a regular file is read (a pipe or a device named like a
 * pack would block or never end: opened without waiting, then refused), at most LIMITS.fileBytes
 * of it, and it must be UTF-8: a byte that is not is refused where it stands.
 */
export function readInputFile(path: string, display = path, kind: InputKind = 'pack'): string {
  const refuse = (message: string, at?: { line: number; column: number }): never => {
    throw new PackError([{ file: display, ...(at ?? { line: 1, column: 1 }), message }]);
  };
  const tooLarge = (size?: number): never => {
    const over = `over the ${LIMIT_TEXT} a ${kind} file may be (the built-in packs are about 15 KB); is this the right file?`;
    throw new PackError([{ file: display, message: size === undefined ? over : `${megabytes(size)} is ${over}` }]);
  };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? refuse('no such file; check the path') : refuse(`cannot be read (${code ?? 'error'}); check the path and that the file is yours to read`);
  }
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) refuse(`a folder, not a ${kind} file; give the path of a .yaml file`);
    if (!stats.isFile()) refuse(`not a regular file (a device, a pipe or a socket); give the path of a ${kind} file`);
    if (stats.size > LIMITS.fileBytes) tooLarge(stats.size);
    // The size said by fstat may be wrong (a file still growing, /proc): read no more than the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > LIMITS.fileBytes) tooLarge();
    }
    bytes = Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof PackError) throw error;
    return refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const byte = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
    return refuse(`not UTF-8 text: the byte ${byte} is not part of a character; save the file as UTF-8`, positionAt(before, before.length));
  }
}

/** The offset of the first byte that is not valid UTF-8 (the text up to it decodes as it is). */
function firstInvalidByte(bytes: Buffer): number {
  const text = bytes.toString('utf8');
  // Every U+FFFD in the lenient decoding is a bad byte, unless the file spells U+FFFD itself.
  let offset = 0;
  let from = 0;
  for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) {
    offset += Buffer.byteLength(text.slice(from, at));
    from = at;
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset;
  }
  return bytes.length;
}

export interface FolderFiles {
  /** The YAML files found, sorted by their path inside the folder. */
  files: string[];
  /** A sentence for each kind of thing left out: what, where, and the limit. */
  skipped: string[];
}

/**
 * The .yaml and .yml files in `dir` and its subfolders. Links are not followed (a link can lead
 * out of the folder, or round in a circle: `loop -> .`), nor folders more than LIMITS.folderDepth
 * down; at most LIMITS.entries files and folders are looked at and LIMITS.files YAML files kept.
 * `what` names the folder in the sentences ("Your packs folder"); `skipFolder` passes over a
 * subfolder by name (the built-in scenarios beside the built-in packs).
 */
export function yamlFilesIn(dir: string, what: string, skipFolder: (name: string) => boolean = () => false): FolderFiles {
  const files: string[] = [];
  const links: string[] = [];
  const deep: string[] = [];
  const odd: string[] = [];
  const unreadable: string[] = [];
  let looked = 0;
  let tooMany = false;
  let tooManyFiles = false;

  const walk = (folder: string, depth: number) => {
    let handle: Dir;
    try {
      handle = opendirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (folder !== dir || code !== 'ENOENT') unreadable.push(`${shown(folder)} (${code ?? 'error'})`);
      return;
    }
    // One entry at a time: a folder of a million files costs no more than LIMITS.entries of them.
    const entries: Dirent[] = [];
    try {
      for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
        if (++looked > LIMITS.entries) {
          tooMany = true;
          break;
        }
        entries.push(entry);
      }
    } catch (error) {
      unreadable.push(`${shown(folder)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    } finally {
      handle.closeSync();
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const kind = kindOf(entry, path);
      if (kind === 'link') {
        links.push(path);
      } else if (kind === 'folder') {
        if (skipFolder(entry.name)) continue;
        if (depth + 1 > LIMITS.folderDepth) deep.push(path);
        else walk(path, depth + 1);
      } else if (/\.ya?ml$/.test(entry.name)) {
        if (kind !== 'file') odd.push(path);
        else if (files.length >= LIMITS.files) tooManyFiles = true;
        else files.push(path);
      }
    }
  };
  // Names in the folder are anyone's: shown printable.
  const shown = (path: string) => printable(relative(dir, path) || '.');
  const some = (paths: string[]) => {
    const names = paths.slice(0, 3).map(shown).join(', ');
    return paths.length > 3 ? `${names} and ${paths.length - 3} more` : names;
  };

  walk(dir, 0);
  const place = `${what} ${printable(dir)}`;
  const skipped: string[] = [];
  if (links.length > 0) {
    skipped.push(`${place}: ${links.length === 1 ? 'a link was' : `${links.length} links were`} not followed (${some(links)}): Ringside reads only what is in the folder itself, as a link can lead out of it or round in a circle. Copy the file into the folder instead.`);
  }
  if (deep.length > 0) {
    skipped.push(`${place}: folders more than ${LIMITS.folderDepth} deep were not read (${some(deep)}). Move their files up.`);
  }
  if (odd.length > 0) skipped.push(`${place}: ${some(odd)} ${odd.length === 1 ? 'is' : 'are'} not a regular file and ${odd.length === 1 ? 'was' : 'were'} not read.`);
  if (unreadable.length > 0) skipped.push(`${place}: ${unreadable.join(', ')} could not be read. Check that it is yours to read.`);
  if (tooManyFiles) skipped.push(`${place}: only ${LIMITS.files} YAML files are read from it and its subfolders; the others were not. Move the ones not in use aside.`);
  if (tooMany) skipped.push(`${place}: only ${LIMITS.entries.toLocaleString('en')} of its files and folders were looked at, all it may hold. Keep only packs in it.`);
  files.sort((a, b) => (relative(dir, a) < relative(dir, b) ? -1 : 1));
  return { files, skipped };
}

/** What an entry is, without following it if it is a link. */
function kindOf(entry: Dirent, path: string): 'link' | 'folder' | 'file' | 'other' {
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  if (entry.isBlockDevice() || entry.isCharacterDevice() || entry.isFIFO() || entry.isSocket()) return 'other';
  // Some file systems do not say an entry's type when listing: ask, still without following links.
  try {
    const stats = lstatSync(path);
    return stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}
