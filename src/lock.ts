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
    throw new UserError(`The lock file ${printable(lockPath)} cannot be used (${(error as Error).message}); move it aside (Ringside makes a new one).`, 1);
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

function refusal(database: string, taker: LockHolder, holder: Holder | null): string {
  const process = holder ? ` (process ${holder.pid})` : '';
  if (holder?.what === 'demo-data') {
    return `ringside demo-data is filling the call log ${printable(database)}${process}. Wait until it is done, or give this Ringside its own folder: RINGSIDE_HOME=/path/to/folder`;
  }
  return taker === 'screen'
    ? `Ringside is already running on the call log ${printable(database)}${process}: two screens would take the same calls. Use that one, or give this one its own folder: RINGSIDE_HOME=/path/to/folder ringside`
    : `Ringside is running on the call log ${printable(database)}${process}: demo data would replace the calls under its screen. Quit it first, or give demo data its own folder: RINGSIDE_HOME=/tmp/ringside-demo ringside demo-data`;
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
