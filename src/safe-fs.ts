/**
 * The files and folders Ringside writes are its own. Another user on the machine must not be
 * able to read caller data, swap a pack, or point a path at a file of theirs (or a device) for
 * Ringside to fill, chmod or delete:
 * - a folder Ringside uses is a directory of the user's, writable by no one else (one that is
 *   merely readable by others is made 0700 when it is Ringside's own);
 * - a file it keeps (the call log, the lock) is a regular file of the user's, never a link, and
 *   is created with O_EXCL|O_NOFOLLOW, 0600 whatever the umask;
 * - a file it writes for the user (an export) is written to a private temporary file beside it
 *   and renamed into place when complete, so nothing is written through a link and a failed
 *   export leaves the old file as it was.
 * What it cannot trust is refused with a sentence (exit 1: the machine's setup, not the input).
 * Without user ids (Windows) there is nothing to compare, and only the link checks apply.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  type Stats,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { printable, UserError } from './errors.js';
import { said, type Words } from './language.js';

const PRIVATE_FOLDER = 0o700;
const PRIVATE_FILE = 0o600;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

const myUid = (): number | undefined => process.getuid?.();
const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

/** The folders and files Ringside checks, as its sentences name them. */
export type Place = 'home' | 'settings' | 'yourPacks' | 'yourScenarios' | 'logFolder' | 'callLog' | 'lockFile';

const WORDS: Words<{
  place: Record<Place, string>;
  unreachable: (what: string, dir: string, code: string) => string;
  danglingLink: (what: string, dir: string) => string;
  notFolder: (what: string, dir: string) => string;
  otherOwnerFolder: (what: string, dir: string, uid: number) => string;
  othersWrite: (what: string, dir: string, mode: string) => string;
  cannotMake: (what: string, dir: string, code: string, folder: string) => string;
  fileLink: (what: string, path: string) => string;
  fileNotRegular: (what: string, path: string) => string;
  otherOwnerFile: (what: string, path: string, uid: number) => string;
  there: (path: string) => string;
  cannotWrite: (target: string, code: string, full: boolean, existed: boolean) => string;
  targetLink: (target: string) => string;
  targetNotFile: (target: string) => string;
  otherOwnerTarget: (target: string, uid: number) => string;
}> = {
  'zh-CN': {
    place: {
      home: 'RINGSIDE_HOME',
      settings: '设置文件夹',
      yourPacks: '你的话术包文件夹',
      yourScenarios: '你的场景文件夹',
      logFolder: '通话记录所在的文件夹',
      callLog: '通话记录',
      lockFile: '锁文件',
    },
    unreachable: (what, dir, code) => `${what} ${dir} 进不去（${code}）：请检查路径，以及路径上的文件夹是不是你的；或用 RINGSIDE_HOME=文件夹 另选一个。`,
    danglingLink: (what, dir) => `${what} ${dir} 是一个链接，它指向的文件夹不存在。请删掉这个链接，或建好它指向的文件夹。`,
    notFolder: (what, dir) => `${what} ${dir} 不是文件夹。请把它移开，或用 RINGSIDE_HOME=文件夹 另选一个。`,
    otherOwnerFolder: (what, dir, uid) => `${what} ${dir} 属于另一个用户（用户编号 ${uid}），他能改动 Ringside 在这里读的内容，也能读到它写下的内容。请用你自己的文件夹：RINGSIDE_HOME=文件夹。`,
    othersWrite: (what, dir, mode) => `${what} ${dir} 别的用户也能改动（权限 ${mode}）：他们能换掉里面的文件。请用 \`chmod 700 ${dir}\` 让它只归你，或用 RINGSIDE_HOME=文件夹 另选一个。`,
    cannotMake: (what, dir, code, folder) => `${what} ${dir} 建不了（${code}，在 ${folder}）：请检查它的上级文件夹是不是你的、能不能写，或用 RINGSIDE_HOME=文件夹 另选一个。`,
    fileLink: (what, path) => `${what} ${path} 是一个链接；Ringside 只把来电人资料存在自己的文件里，从不经过链接写入。请删掉这个链接（或把它指向的文件移到这里）。`,
    fileNotRegular: (what, path) => `${what} ${path} 不是普通文件。请把它移开；Ringside 会新建一个。`,
    otherOwnerFile: (what, path, uid) => `${what} ${path} 属于另一个用户（用户编号 ${uid}）。Ringside 只用你自己的文件：请以那个用户运行，或把文件移开。`,
    there: (path) => `${path} 已经存在，而 Ringside 要新建它；请把它移开。`,
    cannotWrite: (target, code, full, existed) => `${target} 写不了（${code}）：${full ? '磁盘满了' : '请检查文件夹是否存在、是不是你的'}${existed ? '；原来的文件没有改动' : ''}。`,
    targetLink: (target) => `${target} 是一个链接；Ringside 不经过链接写入（来电会写进它指向的文件）。请给 --out 一个不是链接的路径。`,
    targetNotFile: (target) => `${target} 不是普通文件；请给 --out 一个文件的路径。`,
    otherOwnerTarget: (target, uid) => `${target} 属于另一个用户（用户编号 ${uid}）；Ringside 只覆盖你自己的文件。请给 --out 另一个路径。`,
  },
  en: {
    place: {
      home: 'RINGSIDE_HOME',
      settings: 'The settings folder',
      yourPacks: 'Your packs folder',
      yourScenarios: 'Your scenarios folder',
      logFolder: "The call log's folder",
      callLog: 'The call log',
      lockFile: 'The lock file',
    },
    unreachable: (what, dir, code) => `${what} ${dir} cannot be reached (${code}): check the path and that its folders are yours, or choose another folder with RINGSIDE_HOME=DIR.`,
    danglingLink: (what, dir) => `${what} ${dir} is a link to a folder that does not exist. Remove the link, or make the folder it points to.`,
    notFolder: (what, dir) => `${what} ${dir} is not a folder. Move it aside, or choose another folder with RINGSIDE_HOME=DIR.`,
    otherOwnerFolder: (what, dir, uid) =>
      `${what} ${dir} belongs to another user (uid ${uid}), who could change what Ringside reads there or read what it writes. Use a folder of your own: RINGSIDE_HOME=DIR.`,
    othersWrite: (what, dir, mode) =>
      `${what} ${dir} can be changed by other users (mode ${mode}): they could swap its files. Make it yours alone with \`chmod 700 ${dir}\`, or choose another folder with RINGSIDE_HOME=DIR.`,
    cannotMake: (what, dir, code, folder) =>
      `${what} ${dir} cannot be made (${code} at ${folder}): check that its parent folders are yours and writable, or choose another folder with RINGSIDE_HOME=DIR.`,
    fileLink: (what, path) =>
      `${what} ${path} is a link; Ringside keeps caller data only in a file of its own, never through a link. Remove the link (or move the file it points to into its place).`,
    fileNotRegular: (what, path) => `${what} ${path} is not a regular file. Move it aside; Ringside makes a new one.`,
    otherOwnerFile: (what, path, uid) => `${what} ${path} belongs to another user (uid ${uid}). Ringside uses only files of your own: run it as that user, or move the file aside.`,
    there: (path) => `${path} is there already and Ringside makes it new; move it aside.`,
    cannotWrite: (target, code, full, existed) =>
      `${target} cannot be written (${code}): ${full ? 'the disk is full' : 'check the folder exists and is yours'}${existed ? '; the file there is as it was' : ''}.`,
    targetLink: (target) => `${target} is a link; Ringside does not write through links (the file it points to would get the calls). Give --out a path that is not a link.`,
    targetNotFile: (target) => `${target} is not a regular file; give --out the path of a file.`,
    otherOwnerTarget: (target, uid) => `${target} belongs to another user (uid ${uid}); Ringside writes over files of your own only. Give --out another path.`,
  },
};

/** A sentence for what Ringside will not use: exit 1, the machine's setup is at fault, not the input. */
function refuse(message: string): never {
  throw new UserError(message, 1);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Checks a folder Ringside reads or writes: reached through links or not (RINGSIDE_HOME may be
 * one), what it resolves to must be a directory of the user's that no one else can write.
 * `own`: a folder of Ringside's own (settings, the call log), made 0700 if others may read it.
 * Returns false when there is no such folder.
 */
export function trustFolder(dir: string, place: Place, own = false): boolean {
  const words = said(WORDS);
  const what = words.place[place];
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A path through a file, or a folder this user may not enter: the machine's setup, said so.
    if (code !== 'ENOENT') refuse(words.unreachable(what, printable(dir), code ?? 'error'));
    if (lstatOrNull(dir)?.isSymbolicLink()) {
      refuse(words.danglingLink(what, printable(dir)));
    }
    return false;
  }
  const stats = statSync(real);
  if (!stats.isDirectory()) refuse(words.notFolder(what, printable(dir)));
  const uid = myUid();
  if (uid === undefined) return true;
  if (stats.uid !== uid) {
    refuse(words.otherOwnerFolder(what, printable(dir), stats.uid));
  }
  // Left group-writable by an older Ringside under umask 002, in the user's own group: one of
  // Ringside's own folders is made the user's alone, like one others could only read.
  const ownGroupOnly = !(stats.mode & 0o002) && stats.gid === process.getgid?.();
  if (stats.mode & 0o022 && !(own && ownGroupOnly)) {
    refuse(words.othersWrite(what, printable(dir), octal(stats.mode)));
  }
  if (own && stats.mode & 0o077) chmodSync(real, PRIVATE_FOLDER);
  return true;
}

/**
 * Ringside's own folder (settings, the call log): made with any missing parents, each 0700 whatever
 * the umask (chmod after mkdir), or checked and tightened if it is there.
 */
export function privateFolder(dir: string, place: Place): void {
  const missing: string[] = [];
  for (let at = resolve(dir); lstatOrNull(at) === null && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: PRIVATE_FOLDER });
      chmodSync(folder, PRIVATE_FOLDER);
    } catch (error) {
      // Made a moment ago by another Ringside: checked below like any other.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') refuse(said(WORDS).cannotMake(said(WORDS).place[place], printable(dir), code ?? 'error', printable(folder)));
    }
  }
  trustFolder(dir, place, true);
}

/**
 * Checks a file Ringside keeps in its own folder (the call log, its -wal and -shm, the lock): if it
 * is there, it must be a regular file of the user's, not a link. Returns whether it is there.
 */
export function checkOwnFile(path: string, place: Place): boolean {
  const stats = lstatOrNull(path);
  if (stats === null) return false;
  const words = said(WORDS);
  const what = words.place[place];
  if (stats.isSymbolicLink()) {
    refuse(words.fileLink(what, printable(path)));
  }
  if (!stats.isFile()) refuse(words.fileNotRegular(what, printable(path)));
  const uid = myUid();
  if (uid !== undefined && stats.uid !== uid) {
    refuse(words.otherOwnerFile(what, printable(path), stats.uid));
  }
  return true;
}

/** Creates a new private file (0600 whatever the umask) holding `text`; false if it was there already. */
export function createPrivateFile(path: string, text = ''): boolean {
  let fd: number;
  try {
    fd = openSync(path, CREATE_NEW, PRIVATE_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE);
    if (text) writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A new private file with `text`; refused with a sentence if something is at its path already. */
export function writeNewPrivateFile(path: string, text: string): void {
  if (!createPrivateFile(path, text)) refuse(said(WORDS).there(printable(path)));
}

/** A file Ringside keeps: checked if it is there, created private if not, made 0600 if it was looser. */
export function ownPrivateFile(path: string, place: Place): void {
  if (!checkOwnFile(path, place) && createPrivateFile(path)) return;
  // There already (or made this instant by another Ringside): the user's own regular file.
  checkOwnFile(path, place);
  if (lstatSync(path).mode & 0o077) chmodSync(path, PRIVATE_FILE);
}

/**
 * Writes a file for the user without writing through anything already at its path: `write` fills a
 * new temporary file beside it (0600 when `private`, else as the umask says), which replaces the
 * target only once complete. A target that is a link, not a regular file, or another user's is
 * refused; a failure leaves the target as it was and removes the temporary file.
 */
export async function writeFileInPlace<T>(target: string, options: { private: boolean }, write: (out: Writable) => Promise<T>): Promise<T> {
  const existing = lstatOrNull(target);
  const words = said(WORDS);
  const cannot = (error: NodeJS.ErrnoException): never =>
    refuse(words.cannotWrite(printable(target), String(error.code), error.code === 'ENOSPC' || error.code === 'EDQUOT', existing !== null));
  if (existing?.isSymbolicLink()) {
    refuse(words.targetLink(printable(target)));
  }
  if (existing && !existing.isFile()) refuse(words.targetNotFile(printable(target)));
  const uid = myUid();
  if (existing && uid !== undefined && existing.uid !== uid) {
    refuse(words.otherOwnerTarget(printable(target), existing.uid));
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.part`);
  let fd: number;
  try {
    fd = openSync(temp, CREATE_NEW, options.private ? PRIVATE_FILE : 0o644);
    if (options.private) fchmodSync(fd, PRIVATE_FILE);
  } catch (error) {
    return cannot(error as NodeJS.ErrnoException);
  }
  // Written in 64 KB pieces to the descriptor kept here, so it is closed once, by this function.
  let pending: Buffer[] = [];
  let size = 0;
  const flush = () => {
    const data = Buffer.concat(pending);
    pending = [];
    size = 0;
    for (let at = 0; at < data.length; ) at += writeSync(fd, data, at);
  };
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      size += chunk.length;
      try {
        if (size >= 65_536) flush();
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    final(callback) {
      try {
        flush();
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  // A write that fails (a full disk) is kept here, not thrown at no one, and ends the export below.
  let failed: Error | undefined;
  out.on('error', (error) => {
    failed ??= error;
  });
  let closed = false;
  try {
    const result = await write(out);
    out.end();
    await finished(out);
    if (failed) throw failed;
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(temp, target);
    return result;
  } catch (thrown) {
    const error = failed ?? thrown;
    out.destroy();
    if (!closed) closeSync(fd);
    rmSync(temp, { force: true });
    // The file system's refusals get a sentence; anything else (the call log's) is said as it is.
    if (typeof (error as NodeJS.ErrnoException).errno === 'number' && (error as NodeJS.ErrnoException).syscall) return cannot(error as NodeJS.ErrnoException);
    throw error;
  }
}
