/**
 * `u` and the ready lines are events of the call log like any other: on a real SQLite file, a
 * call with undos in it is rebuilt after the program died exactly as it was (what can still be
 * undone included), and a replay of the saved call ends where the call ended.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { ringsidePaths } from '../../src/paths.js';
import { prepareReplay } from '../../src/screens/replay.js';
import { CallStore } from '../../src/store/sqlite.js';
import { tempDir, zhGeneral } from '../helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function desk(path: string, clock = new SimulatedClock()) {
  if (clock.now() === 0) clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
  const pack = zhGeneral();
  const store = new CallStore(path);
  const d = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' }, scoring: () => ({ instantFail: [] }) });
  return { desk: d, store, clock };
}

/** A late answer with a tick undone back across a phase, a ready line, a branch chosen and undone. */
function takeWithUndos(d: CallDesk, clock: SimulatedClock) {
  d.send({ type: 'RING', number: '13812345678' });
  clock.increment(20_000);
  d.send({ type: 'ANSWER' });
  d.send({ type: 'SAY_READY', line: 'too-slow' }); // the apology, from the ready lines
  clock.increment(1_000);
  d.send({ type: 'SAY' }); // the opening: on to gathering
  d.send({ type: 'UNDO' }); // not said yet after all: back to greeting
  clock.increment(3_000);
  d.send({ type: 'SAY' }); // said now
  d.send({ type: 'SAY' }); // surname
  d.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
  d.send({ type: 'UNDO' });
}

describe('undo in the call log', () => {
  it('a call with undos in its log comes back after the program died as it was, and u goes on from where it was', () => {
    const path = join(dir.path, 'data', 'calls.sqlite');
    const first = desk(path);
    takeWithUndos(first.desk, first.clock);
    const before = first.desk.snapshot;
    expect(before.context.phase).toBe('gathering');
    expect(before.context.steps.open?.at).toBe(before.context.answeredAt! + 4_000);
    expect(first.store.callEvents(1)!.events.filter((event) => event.type === 'UNDO')).toHaveLength(2);
    // No save, no close: the process is gone.
    const clock = new SimulatedClock();
    clock.set(first.clock.now() + 5_000);
    const second = desk(path, clock);
    expect(second.desk.restored).toBe(true);
    expect(second.desk.refusedOnRestore).toBe(0);
    const after = second.desk.snapshot;
    expect(after.value).toEqual(before.value);
    expect(after.context.steps).toEqual(before.context.steps);
    expect(after.context.branchIds).toEqual(before.context.branchIds);
    expect(after.context.readyLines).toEqual(before.context.readyLines);
    expect(after.context.undo).toEqual(before.context.undo);
    // What could be undone before the crash still can: the surname.
    expect(second.desk.send({ type: 'UNDO' })).toBe(true);
    expect(second.desk.snapshot.context.steps.surname?.status).toBe('todo');
  });

  it('a replay of the saved call plays the undos and ends as the call ended', async () => {
    const paths = ringsidePaths({ RINGSIDE_HOME: dir.path });
    const live = desk(paths.database);
    takeWithUndos(live.desk, live.clock);
    live.desk.send({ type: 'CALLER_HANG_UP' });
    live.desk.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    const ended = live.desk.snapshot.context;
    live.desk.send({ type: 'SAVE' });
    live.desk.stop();
    live.store.close();

    const { desk: replayed, run, close } = prepareReplay({ paths, callId: 1, step: true, speed: 1, unmasked: false });
    try {
      const seen: string[] = [];
      while (run.peek().kind === 'event') {
        const next = run.peek();
        if (next.kind === 'event') seen.push(next.event.type);
        run.step();
      }
      expect(seen.filter((type) => type === 'UNDO')).toHaveLength(2);
      expect(seen).toContain('SAY_READY');
      const context = replayed.snapshot.context;
      expect(context.steps).toEqual(ended.steps);
      expect(context.branchIds).toEqual(ended.branchIds);
      expect(context.readyLines).toEqual(ended.readyLines);
    } finally {
      close();
    }
  });
});
