/**
 * Opening the call log: one SQLite file (better-sqlite3), WAL, migrations by user_version, a
 * busy log said as busy. The file holds caller data: it is created mode 0600 in a 0700 folder,
 * never through a link. `LogFile` is the one connection every part of the store (events, calls,
 * tickets, totals, export, demo) works on, with the statements they run compiled once.
 */
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { printable, UserError } from '../errors.js';
import { said, type Words } from '../language.js';
import { checkOwnFile, ownPrivateFile, privateFolder } from '../safe-fs.js';
import { MIGRATIONS, TOTALS_BUILT_AT } from './migrations.js';
import { summarize, WHOLE_LOG_SUMMARY } from './totals.js';

/** How long a command waits for another process's write to the log before saying the log is busy. */
export const BUSY_WAIT_MS = 5_000;
/**
 * How long a screen's write waits for another process's: a key is read only once the write before
 * it returns, so a long wait would freeze the screen and stamp the keys pressed meanwhile late.
 * The desk keeps what the busy log could not take and tries again in the background instead.
 */
export const SCREEN_BUSY_WAIT_MS = 50;

/** SQLite's word that another connection holds the lock it needs (SQLITE_BUSY and its kinds). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The sentence for a log another process kept locked longer than a command waits (exit 1). */
export function busyLogSentence(path: string): string {
  return said({
    'zh-CN': `通话记录 ${printable(path)} 正忙：另一个程序（另一条 Ringside 命令，或打开着这个文件的工具）锁住它超过 ${BUSY_WAIT_MS / 1000} 秒。什么都没有改动；请稍后再试。`,
    en: `The call log ${printable(path)} is busy: another program (another Ringside command, or a tool with the file open) kept it locked for more than ${BUSY_WAIT_MS / 1000} s. Nothing was changed; try again in a moment.`,
  });
}

/**
 * Creates the file (and its folder) private to the user before SQLite opens it, and refuses one it
 * cannot trust: a folder someone else can change, a log or -wal/-shm that is a link, not a regular
 * file, or another user's (SQLite would write caller data through it, or replay another's -wal).
 */
function createPrivate(path: string): void {
  privateFolder(dirname(path), 'logFolder');
  for (const suffix of ['-wal', '-shm']) checkOwnFile(path + suffix, 'callLog');
  ownPrivateFile(path, 'callLog');
}

/**
 * Replaces the log at `target` with the log at `source` in one write transaction: SQLite's backup
 * writes the pages through its own locks, so a command reading the log meanwhile sees the old calls
 * or the new ones, never a mix, and killed halfway the log is as it was. `check` runs once the
 * backup holds the log's write lock and before a page is written: what it reads cannot change until
 * the copy is in (a call saved a moment before is seen; one saved after waits for the copy). A log
 * another process is writing to is tried again for BUSY_WAIT_MS, then said busy (exit 1).
 */
export async function replaceLog(source: string, target: string, check: () => void): Promise<void> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  const from = new Database(source);
  try {
    for (;;) {
      let locked = false;
      await from.backup(target, {
        progress: () => {
          if (!locked) {
            locked = true;
            check();
          }
          // Large steps: the log is locked for writing from the first step to the last anyway.
          return 50_000;
        },
      });
      if (locked) return;
      // The first step found the log busy: better-sqlite3 ends such a backup as if it were done,
      // with nothing copied (its progress is called only once the write lock is held).
      if (Date.now() > deadline) throw new UserError(busyLogSentence(target), 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    from.close();
  }
}

/** The open log: its connection, its compiled statements, and how it writes and reads safely. */
export class LogFile {
  readonly db: Database.Database;
  private readonly busyWaitMs: number;
  /** Statements run for every saved call, compiled once (compiling them cost more than running them). */
  private readonly prepared = new Map<string, Database.Statement>();

  /** `busyWaitMs`: how long a write waits for another process's (a screen waits briefly: SCREEN_BUSY_WAIT_MS). */
  constructor(
    readonly path: string,
    options: { busyWaitMs?: number } = {},
  ) {
    this.busyWaitMs = options.busyWaitMs ?? BUSY_WAIT_MS;
    try {
      if (path !== ':memory:') createPrivate(path);
      // Opened and migrated with a command's patience, whoever opens it.
      this.db = new Database(path, { timeout: BUSY_WAIT_MS });
      this.writeAheadLog();
      // Each step of a call is in the log when the key returns, safe from a crashed or killed
      // process (the write is in the operating system's hands); waiting for the disk as well
      // (FULL) would cost each key a few ms of fsync. A finished call is synced: see durably.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
      this.db.pragma(`busy_timeout = ${this.busyWaitMs}`);
    } catch (error) {
      if (error instanceof UserError) throw error;
      // Another process holds the log: said as such, not as a file to move aside.
      if (isBusy(error)) throw new UserError(busyLogSentence(path), 1);
      const message = (error as Error).message;
      // A damaged file is bad input (exit 2); a folder Ringside may not write is the machine's (1).
      const code = (error as { code?: string }).code ?? '';
      const damaged = code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
      throw new UserError(
        said({
          // SQLite's message is English: the Chinese sentence names its code.
          'zh-CN': `通话记录 ${printable(path)} 打不开（${damaged ? '不是完好的通话记录文件，' : ''}${code || 'error'}）。请检查文件夹是不是你的、能不能写，或把这个文件移开，从新的记录开始。`,
          en: `The call log ${printable(path)} cannot be opened (${message}). Check that the folder is yours and writable, or move the file aside to start a new log.`,
        }),
        damaged ? 2 : 1,
      );
    }
  }

  /**
   * The log in WAL mode (readers never wait for a writer), set once, on a new log. Ringsides
   * opening a new log in the same instant each try to switch it: SQLite refuses the loser's lock
   * upgrade at once rather than wait (waiting could deadlock), so it tries again until the switch
   * is made, for as long as a command waits for a busy log.
   */
  private writeAheadLog(): void {
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      try {
        this.db.pragma('journal_mode = WAL');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  }

  private version(): number {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new UserError(
        said({
          'zh-CN': `通话记录 ${printable(this.path)} 是较新版本的 Ringside 写的（结构版本 ${version}）；请更新 Ringside 再读它。`,
          en: `The call log ${printable(this.path)} was written by a newer Ringside (schema ${version}); update Ringside to read it.`,
        }),
        1,
      );
    }
    return version;
  }

  /**
   * Brings the log's schema up to date. Several Ringsides may open a new (or older) log in the
   * same instant: each takes the write lock first (BEGIN IMMEDIATE) and reads the version again
   * under it, so one migrates and the others find it done. All the steps are one transaction:
   * stopped halfway, the log is as it was.
   */
  private migrate(): void {
    if (this.version() === MIGRATIONS.length) return;
    this.db
      .transaction(() => {
        const version = this.version();
        // The per-day totals are built from the calls already in the log, once, with the last
        // migration (summarySql speaks the newest schema), when one that redefines them runs.
        const buildTotals = TOTALS_BUILT_AT.some((at) => at > version);
        for (let v = version; v < MIGRATIONS.length; v++) {
          this.db.exec(MIGRATIONS[v]!);
          if (buildTotals && v + 1 === MIGRATIONS.length) summarize(this, WHOLE_LOG_SUMMARY, { sign: 1 });
          this.db.pragma(`user_version = ${v + 1}`);
        }
      })
      .immediate();
  }

  /** Runs `work` with a command's patience for a busy log (a screen quitting has no key to keep on time). */
  patiently<T>(work: () => T): T {
    this.db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
    try {
      return work();
    } finally {
      this.db.pragma(`busy_timeout = ${this.busyWaitMs}`);
    }
  }

  /** A statement of the call path, compiled once (run or read whole, never iterated, so one can serve every call). */
  statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) this.prepared.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /**
   * Runs `work` in one transaction whose commit waits for the disk, and so takes the call's steps
   * written before it along. (SQLite refuses the switch inside a transaction: an enclosing
   * transaction's commit decides then.) The write lock is taken at the start (BEGIN IMMEDIATE):
   * a transaction that read first could find another process's commit in between and fail at
   * once, without waiting for the lock.
   */
  durably(work: () => void): void {
    const transaction = this.db.transaction(work).immediate;
    const ownCommit = !this.db.inTransaction;
    if (ownCommit) this.db.pragma('synchronous = FULL');
    try {
      transaction();
    } finally {
      if (ownCommit && !this.db.inTransaction) this.db.pragma('synchronous = NORMAL');
    }
  }

  /** Runs `work` in one write-locked transaction (read and written with nobody's commit in between). */
  locked<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * JSON the log keeps for a call, or a sentence when it cannot be read (a damaged file, a hand
   * edit, JSON of the wrong kind): it names the call and what of it, never quotes the text
   * (JSON.parse's message would, and the text holds caller data), and says what to do. Bad input: exit 2.
   */
  readJson(text: string, callId: number, what: Words<string>, shape: 'object' | 'array' = 'object'): unknown {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      value = undefined;
    }
    const fits = shape === 'array' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!fits) {
      throw new UserError(
        said({
          'zh-CN': `通话记录 ${printable(this.path)} 已损坏：第 ${callId} 号来电的${what['zh-CN']}读不出来。请从备份恢复这个文件，或把它移开，从新的记录开始；\`ringside export\` 仍能读出其中已保存的来电。`,
          en: `The call log ${printable(this.path)} is damaged: ${what.en} of call ${callId} cannot be read. Restore the file from a backup, or move it aside to start a new log; \`ringside export\` still reads its saved calls.`,
        }),
        2,
      );
    }
    return value;
  }

  close(): void {
    this.db.close();
  }
}
