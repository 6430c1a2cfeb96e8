/**
 * Several processes on one call log, run as a person runs them (the real bin, a separate process
 * each; the test process holds the log as "another program" would): commands beside a log kept
 * locked say it is busy in a sentence, demo data never lands in a log it was not checked against,
 * and two demo-data at once leave the log of one of them.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/sqlite.js';
import { englishDesk, runBin, takeAndSave, tempDir, zhGeneral } from '../helpers.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ringside.js');
let home: ReturnType<typeof tempDir>;
let log: string;
let cleanup: (() => void)[] = [];
beforeEach(() => {
  home = tempDir();
  // These tests read English sentences: an English desk (a fresh one speaks Chinese).
  englishDesk(home.path);
  log = join(home.path, 'data', 'calls.sqlite');
});
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
  home.remove();
});

const ringside = (...args: string[]) => runBin(home.path, ...args);
/** The real bin in a process of its own, not waited for: several run at once, beside the test's hold on the log. */
function started(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

/** Another program with the log open (closed after the test). */
function another(): Database.Database {
  const db = new Database(log, { timeout: 5_000 });
  cleanup.push(() => db.close());
  return db;
}

/** A saved live call in the test's log, and a training call left in progress when `training`. */
function logACall(training = false): number {
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(new Date(2026, 10, 24, 10, 0, 0).getTime());
  const store = new CallStore(log);
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
  const id = takeAndSave(desk, clock, 4_000);
  desk.stop();
  if (training) {
    const practice = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' }, scenarioId: 'angry-bill' });
    practice.send({ type: 'RING', number: '13900001111' });
    practice.stop();
  }
  store.close();
  return id;
}

const busy = (text: string) => `ringside: The call log ${log} is busy: another program (another Ringside command, or a tool with the file open) kept it locked for more than 5 s. Nothing was changed; try again in a moment.\n`;

describe('commands beside a log another program keeps locked', () => {
  it('history, stats and score wait briefly, then say the log is busy (exit 1): not "database is locked", not "move the file aside"', async () => {
    const id = logACall();
    // A program holding the log whole (SQLite's exclusive locking mode, in the middle of a write): even readers wait.
    const holder = another();
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN IMMEDIATE');
    holder.exec(`INSERT INTO meta (key, value) VALUES ('held', 'by another program')`);
    const runs = await Promise.all([started('history'), started('stats'), started('score', String(id))]);
    for (const run of runs) expect(run).toEqual({ code: 1, out: '', err: busy(log) });
    holder.close();
    expect(ringside('score', String(id)).code).toBe(0);
  }, 30_000);

  it('a trainer\'s mark on a log another command is writing to: waited for, then said busy; the scorecard as it was', async () => {
    const id = logACall();
    const holder = another();
    holder.exec('BEGIN IMMEDIATE');
    const run = await started('score', String(id), '--fail', 'C');
    expect(run).toEqual({ code: 1, out: '', err: busy(log) });
    holder.exec('ROLLBACK');
    expect(ringside('score', String(id), '--json').out).toContain('"verdict": "unreviewed"');
    expect(JSON.parse(ringside('score', String(id), '--fail', 'C', '--json').out).items.find((item: { item: string }) => item.item === 'C').verdict).toBe('fail');
  }, 30_000);
});

describe('demo-data beside other processes', () => {
  it('beside a program that keeps writing to the log: said busy, nothing copied (not "done" over a log it never wrote)', async () => {
    new CallStore(log).close(); // an empty log: demo data may fill it
    const holder = another();
    holder.exec('BEGIN IMMEDIATE');
    const run = await started('demo-data', '--calls', '25');
    holder.exec('ROLLBACK');
    expect(run).toMatchObject({ code: 1, out: '', err: busy(log) });
    expect(JSON.parse(ringside('stats', '--json').out).calls).toBe(0);
  }, 60_000);

  it('beside a program writing now and then: it waits for a moment the log is free, and the demo calls are all there', async () => {
    englishDesk(home.path); // the English sentence is asserted
    new CallStore(log).close();
    // Another command's writes: a second long each, a twentieth of a second apart.
    const writer = another();
    let timer: NodeJS.Timeout | undefined;
    const write = () => {
      writer.exec('BEGIN IMMEDIATE');
      timer = setTimeout(() => {
        writer.exec('ROLLBACK');
        timer = setTimeout(write, 50);
      }, 1_000);
    };
    write();
    const run = await started('demo-data', '--calls', '25');
    clearTimeout(timer);
    if (writer.inTransaction) writer.exec('ROLLBACK');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^25 demo calls on zh-CN-general/);
    const stats = JSON.parse(ringside('stats', '--json').out);
    expect(stats.calls).toBe(25);
    const history = JSON.parse(ringside('history', '--json', '-n', '1000').out) as { callbackTicket: number | null }[];
    expect(history.filter((call) => call.callbackTicket === null)).toHaveLength(25);
  }, 60_000);

  it('two at once: one fills the log, the other is told who has it; stats and history agree with the one', async () => {
    const [first, second] = await Promise.all([started('demo-data', '--calls', '30'), started('demo-data', '--calls', '45')]);
    const won = [first, second].filter((run) => run.code === 0);
    const refused = [first, second].filter((run) => run.code !== 0);
    expect(won).toHaveLength(1);
    expect(refused).toEqual([{ code: 2, out: '', err: expect.stringMatching(/^ringside: ringside demo-data is filling the call log \S+calls\.sqlite \(process \d+\)\. Wait until it is done/) }]);
    const calls = won[0] === first ? 30 : 45;
    expect(JSON.parse(ringside('stats', '--json').out).calls).toBe(calls);
    const history = JSON.parse(ringside('history', '--json', '-n', '1000').out) as { id: number; callbackTicket: number | null }[];
    expect(history.filter((call) => call.callbackTicket === null)).toHaveLength(calls);
    expect(JSON.parse(ringside('export', '--format', 'json').out)).toHaveLength(history.length);
  }, 60_000);

  it('beside a training call in progress: refused, the log as it was (a practice call is a real call)', () => {
    englishDesk(home.path); // the English sentence is asserted
    logACall(true);
    const run = ringside('demo-data', '--calls', '25');
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      `ringside: The call log ${log} already holds 2 calls; demo calls would mix with them. Give demo data its own folder: RINGSIDE_HOME=/tmp/ringside-demo ringside demo-data --calls 25\n`,
    );
    const db = another();
    expect(db.prepare(`SELECT status, mode FROM calls ORDER BY id`).all()).toEqual([
      { status: 'saved', mode: 'live' },
      { status: 'open', mode: 'training' },
    ]);
  }, 60_000);
});
