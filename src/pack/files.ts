/**
 * Reading pack and scenario files, and walking the folders that hold them. Whatever a folder
 * holds (a link round in a circle, a link to /usr, a million files, a pipe named like a pack, a
 * 50 MB file, bytes that are not UTF-8), a command reads a bounded amount in bounded time, and
 * what it leaves out is said in a sentence naming the limit and the place.
 */
import { closeSync, constants, fstatSync, lstatSync, opendirSync, openSync, readSync, type Dir, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { printable } from '../errors.js';
import { formatNumber, said, type Words } from '../language.js';
import { PackError, positionAt } from './problems.js';

/** The bounds on what is read; docs/packs.md says them to pack authors. */
export const LIMITS = {
  /** Bytes in one pack or scenario file (the built-in packs are under 25 KB). */
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

type Folder = 'yourPacks' | 'builtinPacks' | 'yourScenarios' | 'builtinScenarios';

const WORDS: Words<{
  kind: Record<InputKind, string>;
  folders: Record<Folder, string>;
  over: (kind: string) => string;
  sized: (size: string, over: string) => string;
  noSuchFile: string;
  cannotOpen: (code: string) => string;
  folder: (kind: string) => string;
  notRegular: (kind: string) => string;
  cannotRead: (code: string) => string;
  notUtf8: (byte: string) => string;
  more: (names: string, more: number) => string;
  links: (place: string, count: number, some: string) => string;
  deep: (place: string, some: string) => string;
  odd: (place: string, count: number, some: string) => string;
  unreadable: (place: string, list: string) => string;
  tooManyFiles: (place: string) => string;
  tooMany: (place: string) => string;
  listSeparator: string;
}> = {
  'zh-CN': {
    kind: { pack: '话术包', scenario: '场景' },
    folders: { yourPacks: '你的话术包文件夹', builtinPacks: '内置话术包文件夹', yourScenarios: '你的场景文件夹', builtinScenarios: '内置场景文件夹' },
    over: (kind) => `超过了${kind}文件最多能有的 ${LIMIT_TEXT}（内置话术包不到 25 KB）；是不是选错了文件？`,
    sized: (size, over) => `${size}，${over}`,
    noSuchFile: '没有这个文件；请检查路径',
    cannotOpen: (code) => `读不了（${code}）；请检查路径，以及你是否有权读这个文件`,
    folder: (kind) => `是文件夹，不是${kind}文件；请给出一个 .yaml 文件的路径`,
    notRegular: (kind) => `不是普通文件（是设备、管道或套接字）；请给出${kind}文件的路径`,
    cannotRead: (code) => `读不了（${code}）`,
    notUtf8: (byte) => `不是 UTF-8 文本：字节 ${byte} 不属于任何字符；请把文件存为 UTF-8`,
    more: (names, more) => `${names} 等，另有 ${more} 个`,
    links: (place, count, some) => `${place}：有 ${count} 个链接没有跟随（${some}）：Ringside 只读文件夹本身里的文件，因为链接可能指到文件夹外，或绕成一圈。请把文件复制进文件夹。`,
    deep: (place, some) => `${place}：超过 ${LIMITS.folderDepth} 层的文件夹没有读（${some}）。请把其中的文件往上移。`,
    odd: (place, _count, some) => `${place}：${some} 不是普通文件，没有读。`,
    unreadable: (place, list) => `${place}：${list} 读不了。请检查你是否有权读它。`,
    tooManyFiles: (place) => `${place}：它和它的子文件夹里只读 ${LIMITS.files} 个 YAML 文件，其余的没有读。请把不用的移开。`,
    tooMany: (place) => `${place}：只看了其中 ${formatNumber('zh-CN', LIMITS.entries)} 个文件和文件夹，这是上限。请只在里面放话术包。`,
    listSeparator: '、',
  },
  en: {
    kind: { pack: 'pack', scenario: 'scenario' },
    folders: { yourPacks: 'Your packs folder', builtinPacks: 'The built-in packs folder', yourScenarios: 'Your scenarios folder', builtinScenarios: 'The built-in scenarios folder' },
    over: (kind) => `over the ${LIMIT_TEXT} a ${kind} file may be (the built-in packs are under 25 KB); is this the right file?`,
    sized: (size, over) => `${size} is ${over}`,
    noSuchFile: 'no such file; check the path',
    cannotOpen: (code) => `cannot be read (${code}); check the path and that the file is yours to read`,
    folder: (kind) => `a folder, not a ${kind} file; give the path of a .yaml file`,
    notRegular: (kind) => `not a regular file (a device, a pipe or a socket); give the path of a ${kind} file`,
    cannotRead: (code) => `cannot be read (${code})`,
    notUtf8: (byte) => `not UTF-8 text: the byte ${byte} is not part of a character; save the file as UTF-8`,
    more: (names, more) => `${names} and ${more} more`,
    links: (place, count, some) =>
      `${place}: ${count === 1 ? 'a link was' : `${count} links were`} not followed (${some}): Ringside reads only what is in the folder itself, as a link can lead out of it or round in a circle. Copy the file into the folder instead.`,
    deep: (place, some) => `${place}: folders more than ${LIMITS.folderDepth} deep were not read (${some}). Move their files up.`,
    odd: (place, count, some) => `${place}: ${some} ${count === 1 ? 'is' : 'are'} not a regular file and ${count === 1 ? 'was' : 'were'} not read.`,
    unreadable: (place, list) => `${place}: ${list} could not be read. Check that it is yours to read.`,
    tooManyFiles: (place) => `${place}: only ${LIMITS.files} YAML files are read from it and its subfolders; the others were not. Move the ones not in use aside.`,
    tooMany: (place) => `${place}: only ${formatNumber('en', LIMITS.entries)} of its files and folders were looked at, all it may hold. Keep only packs in it.`,
    listSeparator: ', ',
  },
};

/** A folder of packs or scenarios as the sentences about it name it, in the desk's language. */
export const folderName = (folder: Folder): string => said(WORDS).folders[folder];

/**
 * A pack or scenario file's text. Only a regular file is read (a pipe or a device named like a
 * pack would block or never end: opened without waiting, then refused), at most LIMITS.fileBytes
 * of it, and it must be UTF-8: a byte that is not is refused where it stands.
 */
export function readInputFile(path: string, display = path, kind: InputKind = 'pack'): string {
  const words = said(WORDS);
  const kindName = words.kind[kind];
  const refuse = (message: string, at?: { line: number; column: number }): never => {
    throw new PackError([{ file: display, ...(at ?? { line: 1, column: 1 }), message }]);
  };
  const tooLarge = (size?: number): never => {
    const over = words.over(kindName);
    throw new PackError([{ file: display, message: size === undefined ? over : words.sized(megabytes(size), over) }]);
  };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? refuse(words.noSuchFile) : refuse(words.cannotOpen(code ?? 'error'));
  }
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) refuse(words.folder(kindName));
    if (!stats.isFile()) refuse(words.notRegular(kindName));
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
    return refuse(words.cannotRead((error as NodeJS.ErrnoException).code ?? 'error'));
  } finally {
    closeSync(fd);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const byte = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
    return refuse(words.notUtf8(byte), positionAt(before, before.length));
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
  const words = said(WORDS);
  const some = (paths: string[]) => {
    const names = paths.slice(0, 3).map(shown).join(words.listSeparator);
    return paths.length > 3 ? words.more(names, paths.length - 3) : names;
  };

  walk(dir, 0);
  const place = `${what} ${printable(dir)}`;
  const skipped: string[] = [];
  if (links.length > 0) skipped.push(words.links(place, links.length, some(links)));
  if (deep.length > 0) skipped.push(words.deep(place, some(deep)));
  if (odd.length > 0) skipped.push(words.odd(place, odd.length, some(odd)));
  if (unreadable.length > 0) skipped.push(words.unreadable(place, unreadable.join(words.listSeparator)));
  if (tooManyFiles) skipped.push(words.tooManyFiles(place));
  if (tooMany) skipped.push(words.tooMany(place));
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
