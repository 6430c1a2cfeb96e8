/**
 * Several processes on one call log (a real SQLite file): Ringsides opening a new log in the same
 * instant (only one migrates), trainers marking one call at once (both marks kept), a desk whose
 * log another process is writing to (the keys are not held up, each event keeps its moment, the
 * problem is said as busy and the writes go through once the log is free), and the swap of demo
 * data, checked under the log's write lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { BUSY_RETRY_MS, CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { rescored } from '../../machines/scorecard.js';
import { replaceLog, SCREEN_BUSY_WAIT_MS } from '../../src/store/open.js';
import { CallStore } from '../../src/store/sqlite.js';
import { textFor } from '../../src/ui/text.js';
import { takeAndSave, tempDir, zhGeneral } from '../helpers.js';

const ROOT = join(__dirname, '..', '..');
let bundle: ReturnType<typeof tempDir>;
let dir: ReturnType<typeof tempDir>;
const children: ChildProcess[] = [];

beforeAll(() => {
  // The store as the children run it (plain Node runs no TypeScript).
  bundle = tempDir();
  buildSync({
    stdin: { contents: `export { CallStore } from './src/store/sqlite.ts'; export { rescored } from './machines/scorecard.ts';`, resolveDir: ROOT, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', external: ['better-sqlite3'], outfile: join(bundle.path, 'db.cjs'), logLevel: 'error' });
});
afterAll(() => bundle.remove());
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  dir.remove();
});

/**
 * A Ringside command in a process of its own: told `JSON [AT]`, it spins until the moment AT (so
 * several start together) and runs the store code JSON names: `open` a log, or `rescore` a call.
 * It answers `ok` or `failed: …`.
 */
function racer(): (command: object, at: number) => Promise<string> {
  const script = `
    const { CallStore, rescored } = require(${JSON.stringify(join(bundle.path, 'db.cjs'))});
    require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
      const { at, command } = JSON.parse(line);
      while (Date.now() < at);
      try {
        const store = new CallStore(command.path);
        if (command.rescore) store.rescore(command.rescore.id, (card) => rescored(card, { fail: command.rescore.fail, pass: [], reviewed: false }));
        store.close();
        process.stdout.write('ok\\n');
      } catch (error) {
        process.stdout.write('failed: ' + String(error.message).split('\\n')[0] + '\\n');
      }
    });
  `;
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.(line));
  return (command, at) =>
    new Promise((resolve) => {
      waiting.push(resolve);
      child.stdin!.write(`${JSON.stringify({ command, at })}\n`);
    });
}

/** A desk on the test's log, on a simulated clock that also drives its retries of a busy log. */
function deskOn(path: string, busyWaitMs?: number) {
  const clock = new SimulatedClock();
  clock.set(Date.UTC(2026, 10, 24, 2, 0, 0)); // Tuesday 10:00 in Beijing
  const pack = zhGeneral();
  const store = new CallStore(path, { busyWaitMs });
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' }, retryTimer: clock });
  return { desk, store, clock };
}

describe('several processes on one call log', () => {
  it('Ringsides opening a new log in the same instant: one migrates it, none fails, many rounds over', async () => {
    const racers = Array.from({ length: 5 }, () => racer());
    const failures: string[] = [];
    for (let round = 0; round < 24; round++) {
      const path = join(dir.path, `round-${round}`, 'calls.sqlite');
      const at = Date.now() + 60; // all of them spinning by then
      const said = await Promise.all(racers.map((ask) => ask({ path }, at)));
      failures.push(...said.filter((text) => text !== 'ok').map((text) => `round ${round}: ${text}`));
    }
    expect(failures).toEqual([]);
    const store = new CallStore(join(dir.path, 'round-0', 'calls.sqlite'));
    expect(store.recentCalls(1)).toEqual([]);
    store.close();
  }, 60_000);

  it('trainers marking the same call at the same moment: every mark is kept', async () => {
    const path = join(dir.path, 'data', 'calls.sqlite');
    const { desk, store, clock } = deskOn(path);
    const id = takeAndSave(desk, clock);
    const items = ['A', 'B', 'C', 'D', 'I'];
    const racers = items.map(() => racer());
    for (let round = 0; round < 6; round++) {
      store.rescore(id, (card) => rescored(card, { fail: [], pass: items, reviewed: false }));
      const at = Date.now() + 60;
      expect(await Promise.all(racers.map((ask, i) => ask({ path, rescore: { id, fail: [items[i]] } }, at)))).toEqual(items.map(() => 'ok'));
      const failed = store.getCall(id)!.scorecard!.items.filter((item) => item.failures.some((failure) => failure.by === 'trainer')).map((item) => item.item);
      expect(failed, `round ${round}`).toEqual(items);
    }
    desk.stop();
    store.close();
  }, 60_000);

  it('a log another process is writing to: keys are not held up, each event keeps its moment, "busy" is said, and all is written once free', () => {
    const path = join(dir.path, 'data', 'calls.sqlite');
    const { desk, store, clock } = deskOn(path, SCREEN_BUSY_WAIT_MS);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE'); // another Ringside command, in the middle of its write
    const ringAt = clock.now();
    const heldUp: number[] = [];
    const press = (command: Parameters<CallDesk['send']>[0]) => {
      const started = performance.now();
      expect(desk.send(command)).toBe(true);
      heldUp.push(performance.now() - started);
    };
    press({ type: 'RING', number: '13812345678' });
    expect(heldUp[0]).toBeLessThan(500); // not frozen for as long as a command waits
    expect(desk.storeProblem?.kind).toBe('busy');
    clock.increment(300);
    press({ type: 'ANSWER' });
    clock.increment(4_700);
    press({ type: 'SAY' });
    // Each key came back at once (the log's wait is a screen's, and a busy log is not tried again on every key).
    expect(Math.max(...heldUp)).toBeLessThan(500);
    // Tried again in the background while still busy: still owed, still said as busy, never as a full disk.
    clock.increment(BUSY_RETRY_MS);
    expect(desk.storeProblem?.kind).toBe('busy');
    expect(textFor('zh-CN').storeProblem.busy(desk.storeProblem!.detail)).toContain('通话记录正忙');
    expect(textFor('zh-CN').storeProblem.busy(desk.storeProblem!.detail)).not.toContain('磁盘');
    press({ type: 'CALLER_HANG_UP' });
    press({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    press({ type: 'SAVE' });
    expect(store.recentCalls(5)).toEqual([]);
    other.exec('ROLLBACK'); // its write is done
    clock.increment(BUSY_RETRY_MS);
    expect(desk.storeProblem).toBeNull();
    expect(desk.snapshot.value).toBe('idle'); // saved, ready for the next call
    const [call] = store.recentCalls(5);
    expect(call).toMatchObject({ ringAt, answeredAt: ringAt + 300, ringMs: 300, reasons: [{ code: 'INFO-PRICE' }] });
    const events = store.callEvents(call!.id)!.events;
    expect(events.map((event) => [event.type, event.at - ringAt])).toEqual([
      ['RING', 0],
      ['ANSWER', 300],
      ['SAY', 5_000],
      ['CALLER_HANG_UP', 5_000 + BUSY_RETRY_MS],
      ['TOGGLE_REASON', 5_000 + BUSY_RETRY_MS],
      ['SAVE', 5_000 + BUSY_RETRY_MS],
    ]);
    desk.stop();
    store.close();
    other.close();
  }, 60_000);

  it('demo data is swapped in under the log\'s write lock: what the check reads, no one can change until the copy is in', async () => {
    const log = join(dir.path, 'data', 'calls.sqlite');
    const source = join(dir.path, 'data', 'demo.sqlite');
    new CallStore(log).close();
    const demo = new CallStore(source);
    demo.openCall('zh-CN-general', { name: '王敏', number: '1024' }, 1, { strict: false, thresholds: resolveThresholds(zhGeneral()) });
    demo.close();
    const other = new Database(log, { timeout: 0 });
    let tried = 0;
    await replaceLog(source, log, () => {
      tried++;
      // A training call saved now would be lost under the copy: it has to wait.
      expect(() => other.exec(`INSERT INTO meta (key, value) VALUES ('training', 'call')`)).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    });
    expect(tried).toBe(1);
    expect(other.prepare(`SELECT count(*) AS n FROM calls`).get()).toEqual({ n: 1 });
    // A refusal in the check leaves the log as it was.
    other.exec(`DELETE FROM calls`);
    await expect(replaceLog(source, log, () => {
      throw new Error('real calls');
    })).rejects.toThrow('real calls');
    expect(other.prepare(`SELECT count(*) AS n FROM calls`).get()).toEqual({ n: 0 });
    other.close();
  });
});
