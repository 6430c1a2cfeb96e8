/**
 * One live screen per call log: two would both take the call left open, and both write its
 * events. demo-data, which replaces the log's calls, takes the same lock.
 *
 * The lock is SQLite's own: `screen.lock` beside the log, held in an exclusive transaction for as
 * long as the holder runs. SQLite locks with the operating system's file locks, which the kernel
 * drops when the process ends however it ends (kill -9 included), so there is no stale lock to
 * judge and take over, and no race in doing so. A pid written down is never what holds it (a pid
 * is reused); `screen.pid` only names the holder in the refusal. SQLite also keeps track of its
 * locks per file within a process, so a second taker in the same process is refused too. The
 * lock file is never deleted: a process that opened it just before would hold a lock on a file
 * no one else can find.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { printable, UserError } from './errors.js';
import { said, type Words } from './language.js';
import { checkOwnFile, ownPrivateFile, privateFolder, writeNewPrivateFile } from './safe-fs.js';

/** Who takes the lock: a live screen, or demo-data refilling the log. */
export type LockHolder = 'screen' | 'demo-data';

/** Takes the lock on the call log or says who holds it (exit 2); returns the release. */
export function lockCallLog(database: string, taker: LockHolder): () => void {
  const folder = dirname(database);
  const lockPath = join(folder, 'screen.lock');
  const pidPath = join(folder, 'screen.pid');
  privateFolder(folder, 'logFolder');
  ownPrivateFile(lockPath, 'lockFile');
  checkOwnFile(pidPath, 'lockFile');
  // A short wait: Ringsides starting in the same instant each hold the file for a moment on the
  // way to the lock, and with no wait at all every one of them could be refused. A lock held
  // for longer is a running Ringside, and it is said after this wait.
  const db = new Database(lockPath, { timeout: 250 });
  try {
    // The journal in memory: holding the lock writes nothing to the disk.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new UserError(refusal(database, taker, holderOf(pidPath)));
    const code = (error as { code?: unknown }).code;
    throw new UserError(
      said({
        // SQLite's message is English: the Chinese sentence names its code.
        'zh-CN': `锁文件 ${printable(lockPath)} 用不了（${typeof code === 'string' ? code : 'error'}）；请把它移开（Ringside 会新建一个）。`,
        en: `The lock file ${printable(lockPath)} cannot be used (${(error as Error).message}); move it aside (Ringside makes a new one).`,
      }),
      1,
    );
  }
  try {
    // Only the lock's holder writes it; a reader finding it half written names no process.
    rmSync(pidPath, { force: true });
    writeNewPrivateFile(pidPath, `${process.pid} ${taker}\n`);
  } catch (error) {
    db.close();
    throw error;
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (holderOf(pidPath)?.pid === process.pid) rmSync(pidPath, { force: true });
    db.close(); // ends the transaction: the lock is free
  };
}

interface Holder {
  pid: number;
  what: LockHolder;
}

/** The process the pid file names, if it still runs (the file may be a moment old). */
function holderOf(pidPath: string): Holder | null {
  try {
    const [pidText, what] = readFileSync(pidPath, 'utf8').trim().split(' ');
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null;
    return { pid, what: what === 'demo-data' ? 'demo-data' : 'screen' };
  } catch {
    return null;
  }
}

/** Who holds the log, said to the one refused (with the holder's process id when known). */
const REFUSALS: Words<Record<'demoFilling' | 'screenRunning' | 'screenUnderDemo', (log: string, pid: number | null) => string>> = {
  'zh-CN': {
    demoFilling: (log, pid) => `ringside demo-data 正在填充通话记录 ${log}${pid ? `（进程 ${pid}）` : ''}。请等它完成，或给这个 Ringside 单独的文件夹：RINGSIDE_HOME=/path/to/folder`,
    screenRunning: (log, pid) =>
      `Ringside 已经在用通话记录 ${log}${pid ? `（进程 ${pid}）` : ''}：两个界面会接同样的来电。请用那一个，或给这一个单独的文件夹：RINGSIDE_HOME=/path/to/folder ringside`,
    screenUnderDemo: (log, pid) =>
      `Ringside 正在用通话记录 ${log}${pid ? `（进程 ${pid}）` : ''}：演示数据会替换掉它界面下的来电。请先退出它，或给演示数据单独的文件夹：RINGSIDE_HOME=/tmp/ringside-demo ringside demo-data`,
  },
  en: {
    demoFilling: (log, pid) => `ringside demo-data is filling the call log ${log}${pid ? ` (process ${pid})` : ''}. Wait until it is done, or give this Ringside its own folder: RINGSIDE_HOME=/path/to/folder`,
    screenRunning: (log, pid) =>
      `Ringside is already running on the call log ${log}${pid ? ` (process ${pid})` : ''}: two screens would take the same calls. Use that one, or give this one its own folder: RINGSIDE_HOME=/path/to/folder ringside`,
    screenUnderDemo: (log, pid) =>
      `Ringside is running on the call log ${log}${pid ? ` (process ${pid})` : ''}: demo data would replace the calls under its screen. Quit it first, or give demo data its own folder: RINGSIDE_HOME=/tmp/ringside-demo ringside demo-data`,
  },
};

function refusal(database: string, taker: LockHolder, holder: Holder | null): string {
  const words = said(REFUSALS);
  const say = holder?.what === 'demo-data' ? words.demoFilling : taker === 'screen' ? words.screenRunning : words.screenUnderDemo;
  return say(printable(database), holder?.pid ?? null);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
