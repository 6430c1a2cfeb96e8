/**
 * What a transcript heard stays on the desk: a call as it goes up to the team (src/store/outbox.ts
 * teamCalls) keeps what the words decided (the step ticked, its score and moment, the caller's cues)
 * without the words; the desk's own log keeps them. And a call left open with heard ticks comes
 * back the same after a crash.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/sqlite.js';
import { tempDir, zhGeneral } from '../helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function desk(dir: string, clock: SimulatedClock) {
  const pack = zhGeneral();
  const store = new CallStore(join(dir, 'calls.sqlite'));
  const made = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
  cleanups.push(() => {
    made.stop();
    store.close();
  });
  return { desk: made, store };
}

describe('heard words and the team', () => {
  it('go up without the words: the step, score, moment and cues do', () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const { desk: d, store } = desk(dir.path, clock);
    d.send({ type: 'RING', number: '13812345678' });
    d.send({ type: 'ANSWER' });
    d.take({ type: 'HEARD', speaker: 'agent', text: '您好这里是客服中心幺零二四号为您服务', step: 'open', score: 0.93 }, 'transcript');
    d.take({ type: 'HEARD', speaker: 'caller', text: '我的身份证号是一一零一零五一九八零', cues: ['complaint'] }, 'transcript');
    d.send({ type: 'CALLER_HANG_UP' });
    d.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    d.send({ type: 'SAVE' });
    const id = d.lastSaved!.id;
    expect(store.getCall(id)!.steps.find((step) => step.id === 'open')!.heard!.text).toBe('您好这里是客服中心幺零二四号为您服务');
    const [up] = store.teamCalls([id]).calls;
    const json = JSON.stringify(up);
    expect(json).not.toContain('身份证');
    expect(json).not.toContain('幺零二四');
    expect(up!.record.steps.find((step) => step.id === 'open')!.heard).toMatchObject({ text: '', score: 0.93 });
    const heard = up!.events.filter((event) => event.type === 'HEARD');
    expect(heard).toMatchObject([{ speaker: 'agent', text: '', step: 'open', score: 0.93 }, { speaker: 'caller', text: '', cues: ['complaint'] }]);
  });

  it('a call left open with heard ticks, the thanks owed and a heard hold comes back the same after a crash', () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const first = desk(dir.path, clock);
    first.desk.send({ type: 'RING' });
    first.desk.send({ type: 'ANSWER' });
    first.desk.take({ type: 'HEARD', speaker: 'agent', text: '您好', step: 'open', score: 0.9 }, 'transcript');
    first.desk.take({ type: 'HEARD', speaker: 'caller', text: '好的谢谢', cues: ['thanks'] }, 'transcript');
    first.desk.take({ type: 'HEARD', speaker: 'agent', text: '请您稍等', step: 'hold-ask', score: 1 }, 'transcript');
    first.desk.send({ type: 'HOLD' });
    first.desk.send({ type: 'HOLD' });
    const before = first.desk.snapshot.context;
    cleanups.pop()!(); // the process dies: the desk and its log closed as they were
    const again = desk(dir.path, clock);
    expect(again.desk.restored).toBe(true);
    expect(again.desk.refusedOnRestore).toBe(0);
    const after = again.desk.snapshot.context;
    expect(after.steps).toEqual(before.steps);
    expect(after.speech).toEqual(before.speech);
    expect(after.holds).toEqual(before.holds);
  });
});
