/**
 * One live screen per call log: two would both take the call left open, and both write its
 * events. The lock is a file holding the owner's pid, made with O_EXCL; a lock whose process is
 * gone (a kill -9, a crash) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from './errors.js';

/** Takes the lock or says who holds it; returns the release. */
export function lockCallLog(lockPath: string, database: string): () => void {
  mkdirSync(dirname(lockPath), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        if (holder(lockPath) === process.pid) rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = holder(lockPath);
      if (pid !== null && alive(pid)) {
        throw new UserError(
          `Ringside is already running on the call log ${database} (process ${pid}): two screens would take the same calls. Use that one, or give this one its own folder: RINGSIDE_HOME=/path/to/folder ringside`,
        );
      }
      // No pid yet in a lock made a moment ago: another Ringside is starting this instant.
      if (pid === null && Date.now() - mtimeOf(lockPath) < 2000) break;
      // Left by a process that is gone: take it over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new UserError(`The lock ${lockPath} keeps coming back: is another Ringside starting? Try again.`);
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function holder(lockPath: string): number | null {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
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
