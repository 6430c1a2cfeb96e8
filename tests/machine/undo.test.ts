/**
 * `u` (UNDO) and the ready lines (SAY_READY) in the call machine, on XState's simulated clock:
 * each kind of change taken back, phases left and returned to, what cannot be undone, and the
 * scorecard following the call as it is after the undo.
 */
import { describe, expect, it } from 'vitest';
import { judgeCall } from '../../machines/judge.js';
import { UNDO_DEPTH } from '../../machines/call.js';
import { currentStep } from '../../machines/steps.js';
import { simulatedCall } from '../helpers.js';

function answered(ringMs = 4_000) {
  const call = simulatedCall();
  call.send({ type: 'RING', number: '13812345678' });
  call.wait(ringMs);
  call.send('ANSWER');
  return call;
}

const verdict = (call: ReturnType<typeof simulatedCall>, rule: string) => judgeCall(call.ctx()).find((j) => j.rule === rule)?.outcome;

describe('u takes back the last change of the call', () => {
  it('a tick within a phase: the line is to say again, not counted said; its later saying is its moment', () => {
    const call = answered();
    call.send('SAY'); // opening: now gathering
    call.wait(2_000);
    call.send('SAY'); // the surname asked, by mistake
    expect(call.status('surname')).toBe('done');
    expect(call.send('UNDO')).toBe(true);
    expect(call.ctx().steps.surname).toMatchObject({ status: 'todo', at: null, count: 0 });
    expect(currentStep(call.ctx())?.id).toBe('surname');
    expect(call.ctx().phase).toBe('gathering');
    // Never said after all: the phase is left without it, and the surname counts as missed.
    call.send('NEXT_PHASE');
    expect(verdict(call, 'R-SURNAME')).toBe('missed');
  });

  it('the tick that completed a phase: the call goes back to that phase, the line up again, its timer judged on the real saying', () => {
    const call = answered();
    call.send('SAY'); // the opening, pressed too early: greeting complete, on to gathering
    expect(call.ctx().phase).toBe('gathering');
    call.send('UNDO');
    expect(call.ctx().phase).toBe('greeting');
    expect(call.snapshot().matches({ live: { phase: 'greeting' } })).toBe(true);
    expect(call.status('open')).toBe('todo');
    expect(call.status('late-sorry')).toBe('todo');
    expect(currentStep(call.ctx())?.id).toBe('open');
    call.wait(12_000);
    call.send('SAY'); // said for real, 12 s after the answer: R-OPEN-NOW is judged on this one
    expect(call.ctx().phase).toBe('gathering');
    expect(verdict(call, 'R-OPEN-NOW')).toBe('missed');
  });

  it('Tab: the phase left comes back, its lines marked missed are to say again', () => {
    const call = answered();
    call.send('SAY');
    call.send('NEXT_PHASE'); // gathering left without the surname or the restate
    expect(call.ctx().phase).toBe('answering');
    expect(call.status('surname')).toBe('missed');
    call.send('UNDO');
    expect(call.ctx().phase).toBe('gathering');
    expect(call.status('surname')).toBe('todo');
    expect(call.status('restate')).toBe('todo');
    // The branch answering opened on is gone with it: it was only the default of the phase left.
    expect(call.ctx().branchIds).toEqual([]);
  });

  it('a branch chosen in answering: the branch before it and its lines are back', () => {
    const call = answered();
    call.send('SAY');
    call.send('SAY');
    call.send({ type: 'SET_FIELD', field: 'name', value: '张先生' });
    call.send('SAY'); // restate: answering on the consultation
    const before = call.ctx().steps;
    call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
    call.send({ type: 'ADD_NOTE', text: '话费多扣' });
    expect(call.ctx().branchIds).toEqual(['consultation', 'complaint']);
    call.send('UNDO');
    expect(call.ctx().branchIds).toEqual(['consultation']);
    expect(call.ctx().steps).toEqual(before);
    expect(call.ctx().phase).toBe('answering');
    // The name and the note typed meanwhile are the agent's: undo never drops what was typed.
    expect(call.ctx().fields.name).toBe('张先生');
    expect(call.ctx().notes.map((note) => note.text)).toEqual(['话费多扣']);
  });

  it('a non-business branch that answered at once from greeting: back to the greeting, no branch', () => {
    const call = answered();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'wrong-number' });
    expect(call.ctx().phase).toBe('answering');
    call.send('UNDO');
    expect(call.ctx().phase).toBe('greeting');
    expect(call.ctx().branchIds).toEqual([]);
    expect(call.status('open')).toBe('todo');
  });

  it('a reason ticked in wrap-up is unticked, and one unticked is ticked again', () => {
    const call = answered();
    call.send('CALLER_HANG_UP');
    call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    expect(call.ctx().reasons).toEqual([]);
    call.send('UNDO');
    expect(call.ctx().reasons).toEqual(['INFO-PRICE']);
    call.send('UNDO');
    expect(call.ctx().reasons).toEqual([]);
    expect(call.send('UNDO')).toBe(false);
    expect(call.ctx().undoFloor).toBe('hangUp');
  });

  it('several in a row, newest first, back to the answer; past it nothing is taken', () => {
    const call = answered();
    call.send('SAY');
    call.send('SAY');
    call.send('SAY');
    expect(call.ctx().phase).toBe('answering');
    expect(call.ctx().undo.map((entry) => entry.what)).toEqual(['open', 'surname', 'restate']);
    call.send('UNDO');
    call.send('UNDO');
    call.send('UNDO');
    expect(call.ctx().phase).toBe('greeting');
    expect(Object.values(call.ctx().steps).every((step) => step.status === 'todo')).toBe(true);
    expect(call.send('UNDO')).toBe(false);
    expect(call.ctx().undoFloor).toBe('answer');
  });

  it('nothing to take back before the answer or right after it', () => {
    const call = simulatedCall();
    expect(call.send('UNDO')).toBe(false);
    call.send('RING');
    expect(call.send('UNDO')).toBe(false);
    expect(call.ctx().undoFloor).toBeNull();
    call.send('ANSWER');
    expect(call.send('UNDO')).toBe(false);
    expect(call.ctx().undoFloor).toBe('answer');
    expect(call.ctx().phase).toBe('greeting');
  });

  it('a hold is not undone (the caller heard it): what came before it stays; the thanks after it can be taken back', () => {
    const call = answered();
    call.send('SAY'); // opening
    call.send('HOLD');
    call.send('SAY'); // "please wait" said: on hold
    call.wait(5_000);
    call.send('HOLD'); // back: the thanks is owed
    expect(call.send('UNDO')).toBe(false);
    expect(call.ctx().undoFloor).toBe('hold');
    expect(call.status('open')).toBe('done');
    call.send('SAY'); // the thanks
    expect(call.ctx().holds.at(-1)?.thanks).toBe('said');
    call.send('UNDO');
    expect(call.ctx().holds.at(-1)?.thanks).toBe('due');
    expect(call.ctx().holds).toHaveLength(1);
    call.send('NEXT_LINE'); // passed by instead: missed
    expect(call.ctx().holds.at(-1)?.thanks).toBe('missed');
    call.send('UNDO');
    expect(call.ctx().holds.at(-1)?.thanks).toBe('due');
  });

  it('on hold, u is refused; the hang-up is not undone', () => {
    const call = answered();
    call.send('SAY');
    call.send('HOLD');
    call.send('HOLD');
    expect(call.send('UNDO')).toBe(false);
    call.send('HOLD');
    call.send('SAY');
    expect(call.ctx().undo).toHaveLength(1); // the thanks
    call.send('CALLER_HANG_UP');
    expect(call.send('UNDO')).toBe(false);
    expect(call.ctx().undoFloor).toBe('hangUp');
    expect(call.snapshot().hasTag('wrapUp')).toBe(true);
  });

  it(`keeps the last ${UNDO_DEPTH} changes; past them it says so`, () => {
    const call = answered();
    call.send('CALLER_HANG_UP');
    for (let i = 0; i < UNDO_DEPTH + 5; i++) call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    expect(call.ctx().undo).toHaveLength(UNDO_DEPTH);
    for (let i = 0; i < UNDO_DEPTH; i++) expect(call.send('UNDO')).toBe(true);
    expect(call.send('UNDO')).toBe(false);
    expect(call.ctx().undoFloor).toBe('depth');
    // 25 toggles, 20 taken back: the 5 kept leave it ticked.
    expect(call.ctx().reasons).toEqual(['INFO-PRICE']);
  });
});

describe('ready lines (SAY_READY)', () => {
  it('a ready line said is kept with its moment; one that says no step ticks nothing', () => {
    const call = answered();
    call.wait(1_000);
    expect(call.send({ type: 'SAY_READY', line: 'repeat' })).toBe(true);
    expect(call.ctx().readyLines).toEqual([{ id: 'repeat', at: call.clock.now() }]);
    expect(Object.values(call.ctx().steps).filter((step) => step.status !== 'todo')).toEqual([]);
    expect(call.send({ type: 'SAY_READY', line: 'no-such-line' })).toBe(false);
  });

  it('the apology line after a late answer ticks the apology step (R-LATE-SORRY), and u takes both back', () => {
    const call = answered(20_000);
    expect(currentStep(call.ctx())?.id).toBe('late-sorry');
    call.send({ type: 'SAY_READY', line: 'too-slow' });
    expect(call.status('late-sorry')).toBe('done');
    expect(currentStep(call.ctx())?.id).toBe('open');
    call.send('UNDO');
    expect(call.status('late-sorry')).toBe('todo');
    expect(call.ctx().readyLines).toEqual([]);
  });

  it('the same line while the thanks after a hold is owed says the thanks (R-HOLD-BACK)', () => {
    const call = answered();
    call.send('SAY');
    call.send('HOLD');
    call.send('SAY');
    call.send('HOLD');
    call.send({ type: 'SAY_READY', line: 'too-slow' });
    expect(call.ctx().holds.at(-1)?.thanks).toBe('said');
    // An answer in time: no apology step to tick, and it is not ticked on a later line.
    call.send({ type: 'SAY_READY', line: 'too-slow' });
    expect(call.status('late-sorry')).toBe('skipped');
  });
});
