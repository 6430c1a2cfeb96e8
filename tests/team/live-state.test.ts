/**
 * The desk's live state for the team board (src/team/live-state.ts), worked out from a real call
 * on XState's simulated clock: the state and the moment it began, the phase and step, the steps
 * missed, the alerts with the moment each was raised, and the caller's data masked before it
 * leaves the desk.
 */
import { describe, expect, it } from 'vitest';
import { liveState, type LiveState } from '../../src/team/live-state.js';
import { simulatedCall } from '../helpers.js';

const facts = { variables: { agentNumber: '1024', agentName: '王敏' }, overdueFollowUps: 0 };

/** A call whose live state is worked out after every move, as the publisher does. */
function watchedCall() {
  const call = simulatedCall();
  let last: LiveState | null = null;
  const state = (extra: Partial<typeof facts> = {}) => (last = liveState(call.snapshot(), call.clock.now(), { ...facts, ...extra }, last));
  return { ...call, state };
}

describe('the live state of a desk', () => {
  it('says ready, ringing, talking, on hold and wrap-up, each with the moment it began on the call', () => {
    const call = watchedCall();
    const start = call.clock.now();
    expect(call.state()).toMatchObject({ state: 'ready', since: start, detail: { phase: null, step: null, caller: null } });
    call.wait(4_000);
    // Still ready: the moment it began stays.
    expect(call.state().since).toBe(start);
    call.send({ type: 'RING', number: '13812345678' });
    const rang = call.clock.now();
    expect(call.state()).toMatchObject({ state: 'ringing', since: rang });
    call.wait(3_000);
    call.send('ANSWER');
    expect(call.state()).toMatchObject({ state: 'talking', since: rang + 3_000, detail: { phase: 'greeting', step: '开场白（报号）' } });
    call.wait(20_000);
    call.send('HOLD');
    call.send('SAY'); // "please wait": on hold now
    const held = call.clock.now();
    expect(call.state()).toMatchObject({ state: 'hold', since: held });
    call.wait(10_000);
    call.send('HOLD'); // back
    expect(call.state()).toMatchObject({ state: 'talking', since: held + 10_000 });
    call.send('CALLER_HANG_UP');
    expect(call.state()).toMatchObject({ state: 'wrapUp', since: held + 10_000 });
    call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    call.send('SAVE');
    call.wait(1_000);
    const saved = call.state();
    expect(saved.state).toBe('ready');
    expect(saved.since).toBe(call.clock.now());
  });

  it('lists the steps missed so far and the timers of the call', () => {
    const call = watchedCall();
    call.send({ type: 'RING', number: '13812345678' });
    call.wait(2_000);
    call.send('ANSWER');
    call.send('NEXT_PHASE'); // the opening line never said
    const state = call.state();
    expect(state.detail.phase).toBe('gathering');
    expect(state.detail.missed).toEqual(['开场白（报号）']);
    expect(state.detail.checklist.find((row) => row.label === '开场白（报号）')?.status).toBe('missed');
    expect(state.detail.timers.map((timer) => timer.kind)).toEqual(['ring', 'talk']);
    expect(state.detail.timers[0]).toMatchObject({ from: state.since - 2_000, to: state.since, limitMs: 15_000 });
  });

  it('raises a hold past its check-back when it falls due, and keeps that moment', () => {
    const call = watchedCall();
    call.send('RING');
    call.send('ANSWER');
    call.send('HOLD');
    call.send('HOLD'); // on hold without asking
    const held = call.clock.now();
    call.wait(29_999);
    expect(call.state().detail.alerts).toEqual([]);
    call.wait(1);
    expect(call.state().detail.alerts).toEqual([{ kind: 'holdOver', at: held + 30_000 }]);
    call.wait(15_000);
    expect(call.state().detail.alerts).toEqual([{ kind: 'holdOver', at: held + 30_000 }]);
  });

  it('raises a non-business call past three minutes and wrap-up past its limit, dated by the call', () => {
    const call = watchedCall();
    call.send('RING');
    call.send('ANSWER');
    const answered = call.clock.now();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'out-of-scope' });
    call.wait(179_000);
    expect(call.state().detail.alerts).toEqual([]);
    call.wait(1_000);
    expect(call.state().detail.alerts).toEqual([{ kind: 'nonBusinessOver', at: answered + 180_000 }]);
    call.send('CALLER_HANG_UP');
    const ended = call.clock.now();
    call.wait(60_000);
    expect(call.state().detail.alerts).toEqual([{ kind: 'wrapUpOver', at: ended + 60_000 }]);
  });

  it('says follow-ups overdue and a flagged caller', () => {
    const call = watchedCall();
    expect(call.state({ overdueFollowUps: 2 }).detail).toMatchObject({ overdue: 2, alerts: [{ kind: 'followUpsOverdue' }] });
    call.send('RING');
    call.send('ANSWER');
    call.send('TOGGLE_FLAG');
    expect(call.state().detail.alerts.map((alert) => alert.kind)).toEqual(['flagged']);
  });

  it("masks the caller's name and number, in the line too, before anything leaves the desk", () => {
    const call = watchedCall();
    call.send({ type: 'RING', number: '13812345678', name: '张伟' });
    call.send('ANSWER');
    call.send('SAY'); // opening
    call.send('SAY'); // surname
    call.send({ type: 'SET_FIELD', field: 'name', value: '张先生' });
    const state = call.state();
    expect(state.detail.caller).toEqual({ name: '张**', phone: '138****5678' });
    expect(state.detail.line).toContain('张**');
    const sent = JSON.stringify(state);
    expect(sent).not.toContain('13812345678');
    expect(sent).not.toContain('张先生');
    expect(sent).not.toContain('张伟');
  });
});
