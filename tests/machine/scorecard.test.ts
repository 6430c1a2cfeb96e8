/**
 * The scorecard (items A-N) from a call's own events: automatic items from the rule verdicts,
 * each failure with its rule ID and moment; trainer marks; a scenario's expectations; the
 * instant-fail set.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTANT_FAIL, scoreCall, totalOf } from '../../machines/scorecard.js';
import { simulatedCall } from '../helpers.js';

/** A complete consultation: opening, surname, restate, answer, remind, closing, caller hangs up, reason. */
function goodCall(options: { lateMs?: number } = {}) {
  const call = simulatedCall();
  call.send('RING');
  call.wait(options.lateMs ?? 3_000);
  call.send('ANSWER');
  for (let i = 0; i < 8; i++) {
    call.wait(2_000);
    call.send('SAY');
  }
  call.send('CALLER_HANG_UP');
  call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
  call.send('SAVE');
  return call;
}

const failures = (card: ReturnType<typeof scoreCall>) =>
  card.items.flatMap((item) => item.failures.map((f) => `${item.item} ${f.rule ?? 'trainer'}`));

describe('scorecard', () => {
  it('a clean call passes every automatic item; trainer items wait for a trainer unless reviewed', () => {
    const { ctx } = goodCall();
    const live = scoreCall(ctx(), { instantFail: DEFAULT_INSTANT_FAIL, reviewed: false });
    expect(failures(live)).toEqual([]);
    expect(live.items.filter((i) => i.verdict === 'unreviewed').map((i) => i.item)).toEqual(['A', 'B', 'C', 'D', 'I', 'K', 'L']);
    expect(live.items.find((i) => i.item === 'G')!.verdict).toBe('pass'); // the reciprocate line was said
    expect(live.total).toBe(100);
    expect(live.judged).toBe(7); // E F G H J M N
    const reviewed = scoreCall(ctx(), { instantFail: DEFAULT_INSTANT_FAIL, reviewed: true });
    expect(reviewed.judged).toBe(14);
  });

  it('a late answer without the apology fails E at the moment the greeting was left, with its rule', () => {
    const call = simulatedCall();
    call.send('RING');
    call.wait(20_000);
    call.send('ANSWER');
    call.wait(1_000);
    call.send('NEXT_LINE'); // past the apology to the opening
    call.send('SAY'); // the opening
    call.send('NEXT_PHASE'); // the greeting is left: the apology is missed
    call.send('CALLER_HANG_UP');
    const card = scoreCall(call.ctx(), { instantFail: [], reviewed: true });
    const e = card.items.find((i) => i.item === 'E')!;
    expect(e.verdict).toBe('fail');
    expect(e.failures.map((f) => f.rule)).toEqual(['R-RING-3', 'R-LATE-SORRY']);
    expect(e.failures[0]!.at! - call.ctx().ringAt!).toBe(20_000);
    // The apology is missed at the moment the greeting was left without it, not at the hang-up.
    expect(e.failures[1]!.at! - call.ctx().answeredAt!).toBe(1_000);
  });

  it('an agent who hangs up first fails the whole call (instant fail), unless the set is emptied', () => {
    const call = simulatedCall();
    call.send('RING');
    call.send('ANSWER');
    for (let i = 0; i < 8; i++) call.send('SAY');
    call.send('AGENT_HANG_UP');
    call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    call.send('SAVE');
    const strict = scoreCall(call.ctx(), { instantFail: DEFAULT_INSTANT_FAIL, reviewed: true });
    expect(strict.instantFail).toEqual(['R-THEY-HANG-UP']);
    expect(strict.total).toBe(0);
    const lenient = scoreCall(call.ctx(), { instantFail: [], reviewed: true });
    expect(failures(lenient)).toEqual(['H R-THEY-HANG-UP']);
    expect(lenient.total).toBe(Math.round((100 * 13) / 14));
  });

  it('a fault the trainer marks mid-call fails its item at that moment; marking again takes it back', () => {
    const call = simulatedCall();
    call.send('RING');
    call.send('ANSWER');
    call.wait(7_000);
    expect(call.send({ type: 'TOGGLE_FAULT', item: 'I' })).toBe(true);
    expect(call.send({ type: 'TOGGLE_FAULT', item: 'Z' })).toBe(false);
    call.send({ type: 'TOGGLE_FAULT', item: 'C' });
    call.send({ type: 'TOGGLE_FAULT', item: 'C' });
    const card = scoreCall(call.ctx(), { instantFail: [], reviewed: true });
    const i = card.items.find((item) => item.item === 'I')!;
    expect(i).toMatchObject({ verdict: 'fail', failures: [{ rule: null, why: 'marked by the trainer' }] });
    expect(i.failures[0]!.at! - call.ctx().answeredAt!).toBe(7_000);
    expect(card.items.find((item) => item.item === 'C')!.verdict).toBe('pass');
  });

  it("a scenario's expectations: the branch (K), the reason and ticket (N), rules made due by the caller", () => {
    const { ctx } = goodCall();
    const card = scoreCall(ctx(), {
      instantFail: [],
      reviewed: true,
      expect: { branch: 'complaint', reasons: ['COMPLAINT-BILLING'], ticket: 'complaint', rules: [{ rule: 'R-HOLD-ASK', since: 1_700_000_005_000 }] },
    });
    expect(failures(card)).toEqual(['F R-HOLD-ASK', 'K trainer', 'N R-REASON', 'N R-TICKET']);
    expect(card.items.find((i) => i.item === 'F')!.failures[0]).toMatchObject({ at: 1_700_000_005_000, why: 'expected in this call, not done' });
    expect(card.total).toBe(Math.round((100 * 11) / 14));
  });

  it('an instant-fail item letter counts as well as a rule ID', () => {
    const items = [{ item: 'C', verdict: 'fail' as const, failures: [{ item: 'C', by: 'trainer' as const, rule: null, at: null, why: 'marked' }] }];
    expect(totalOf(items, ['C'])).toMatchObject({ total: 0, instantFail: ['C'] });
    expect(totalOf(items, ['R-OPEN'])).toMatchObject({ total: 0, instantFail: [], judged: 1 });
  });
});
