/**
 * Deciding a call, without a store: what src/call/record.ts makes of a finished call (the verdicts,
 * the ticket and its due time, a call-back's result) and what a trainer's marks make of a saved
 * scorecard (machines/scorecard.ts `rescored`). The store only writes these (tests/store).
 */
import { describe, expect, it } from 'vitest';
import { rescored, type ItemVerdict } from '../../machines/scorecard.js';
import { callRecord } from '../../src/call/record.js';
import { simulatedCall } from '../helpers.js';

/** A call taken through its complaint branch, hung up by the caller, summary and reason written. */
function complaint(call: ReturnType<typeof simulatedCall>) {
  const { send, wait } = call;
  send({ type: 'RING', number: '13812345678' });
  wait(3_000);
  send('ANSWER');
  send('SAY');
  send('SAY');
  send('SAY');
  send('SAY');
  send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
  send('SAY');
  send('SAY');
  send('SAY');
  wait(60_000);
  send('CALLER_HANG_UP');
  send({ type: 'SET_SUMMARY', text: '话费账单有疑问' });
  send({ type: 'TOGGLE_REASON', code: 'COMPLAINT-BILLING' });
  wait(9_000);
  expect(send('SAVE')).toBe(true);
}

/** A call-back on ticket 7 answered after 6 s, through its lines, saved with `result`. */
function callBack(result: string) {
  const call = simulatedCall();
  const { send, wait } = call;
  // 10:00 on a working day: inside the call-back hours.
  call.clock.set(new Date(2026, 10, 23, 10, 0, 0).getTime());
  send({ type: 'DIAL', ticketId: 7, number: '13800000001', about: '费用争议', openedAt: new Date(2026, 10, 20, 10, 0, 0).getTime() });
  wait(6_000);
  send('ANSWER');
  for (let i = 0; i < 5; i++) {
    wait(10_000);
    send('SAY');
  }
  send('CALLER_HANG_UP');
  send({ type: 'TOGGLE_REASON', code: result });
  expect(send('SAVE')).toBe(true);
  return call;
}

describe('a call decided', () => {
  it('a late answer: ring time kept, R-RING-3 missed with how long it rang, and E fails on it', () => {
    const call = simulatedCall();
    call.send({ type: 'RING', number: '13812345678' });
    call.wait(18_000);
    call.send('ANSWER');
    call.wait(30_000);
    call.send('CALLER_HANG_UP');
    call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    call.wait(4_000);
    call.send('SAVE');
    const record = callRecord(call.ctx());
    expect(record).toMatchObject({ outcome: 'answered', ringMs: 18_000, talkMs: 30_000, wrapUpMs: 4_000, lateAnswer: true, ticket: null, callBack: null });
    expect(record.rules.find((r) => r.rule === 'R-RING-3')).toMatchObject({ outcome: 'missed', why: expect.stringMatching(/18 s/) });
    // The verdicts score the call: E (opening) failed on R-RING-3, at the moment of the answer.
    const e = record.scorecard!.items.find((item) => item.item === 'E')!;
    expect(e.verdict).toBe('fail');
    expect(e.failures.map((f) => f.rule)).toContain('R-RING-3');
    expect(record.reasons).toEqual([{ code: 'INFO-PRICE', label: expect.any(String), group: expect.any(String) }]);
    expect(record.reasons[0]!.label).not.toBe('INFO-PRICE');
  });

  it('a call nobody answered is judged but has nothing to score', () => {
    const call = simulatedCall();
    call.send({ type: 'RING', number: '13812345678' });
    call.wait(20_000);
    call.send('CALLER_HANG_UP');
    call.send('SAVE');
    const record = callRecord(call.ctx(), { scoring: { instantFail: ['R-OPEN'] } });
    expect(record).toMatchObject({ outcome: 'missed', ringMs: 20_000, talkMs: null, scorecard: null, ticket: null });
    expect(record.rules.find((r) => r.rule === 'R-RING-3')).toMatchObject({ outcome: 'missed' });
  });

  it('a complaint opens a ticket due two working days after the save, skipping the weekend and a holiday', () => {
    const call = simulatedCall();
    // Thursday 16:00; Friday is a holiday: due the Tuesday after, at the same time of day.
    const thursday = new Date(2026, 10, 19, 16, 0, 0);
    expect(thursday.getDay()).toBe(4);
    call.clock.set(thursday.getTime());
    complaint(call);
    const savedAt = call.ctx().savedAt!;
    const record = callRecord(call.ctx(), { holidays: ['2026-11-20'] });
    const due = new Date(record.ticket!.dueAt);
    expect(record.ticket).toMatchObject({ kind: 'complaint', summary: '话费账单有疑问', openedAt: savedAt });
    expect([due.getFullYear(), due.getMonth(), due.getDate(), due.getDay()]).toEqual([2026, 10, 24, 2]);
    expect(due.getHours()).toBe(new Date(savedAt).getHours());
    // Without the holiday: the Monday.
    expect(new Date(callRecord(call.ctx()).ticket!.dueAt).getDate()).toBe(23);
    expect(record.branches).toEqual(['consultation', 'complaint']);
  });

  it('a call-back reached with a result that closes closes its ticket; a result that does not, or nobody answering, leaves it open', () => {
    const resolved = callRecord(callBack('CB-RESOLVED').ctx());
    expect(resolved.callBack).toEqual({ ticketId: 7, at: expect.any(Number), result: '已解决·客户满意', closes: true });
    // A call-back is judged by its rules; its reasons are its results, in their own words; it opens no ticket.
    expect(resolved).toMatchObject({ scorecard: null, ticket: null, reasons: [{ code: 'CB-RESOLVED', label: '已解决·客户满意', group: '回访结果' }] });

    const later = callRecord(callBack('CB-LATER').ctx());
    expect(later.callBack).toMatchObject({ ticketId: 7, result: '客户不便·另约时间', closes: false });

    const call = simulatedCall();
    call.clock.set(new Date(2026, 10, 23, 10, 0, 0).getTime());
    call.send({ type: 'DIAL', ticketId: 7, number: '13800000001', about: '费用争议', openedAt: 0 });
    call.wait(30_000);
    call.send('AGENT_HANG_UP');
    expect(callRecord(call.ctx()).callBack).toMatchObject({ ticketId: 7, result: 'unreached', closes: false });
  });
});

describe("a trainer's marks on a saved scorecard", () => {
  const item = (id: string, verdict: ItemVerdict['verdict'], failures: ItemVerdict['failures'] = []): ItemVerdict => ({ item: id, verdict, failures });
  const saved = {
    items: [
      item('A', 'unreviewed'),
      item('C', 'unreviewed'),
      item('E', 'fail', [{ item: 'E', by: 'rule', rule: 'R-OPEN', at: 1_000, why: 'no opening' }]),
      item('F', 'pass'),
      item('I', 'fail', [{ item: 'I', by: 'trainer', rule: null, at: 5_000, why: 'marked by the trainer' }]),
    ],
    instantFailSet: ['R-THEY-HANG-UP'],
  };

  it('fail marks an item as shown, once however often it is marked', () => {
    const card = rescored(saved, { fail: ['C'], pass: [], reviewed: false });
    expect(card.items.find((i) => i.item === 'C')).toEqual(item('C', 'fail', [{ item: 'C', by: 'trainer', rule: null, at: null, why: 'marked by the trainer' }]));
    expect(rescored({ ...card, instantFailSet: [] }, { fail: ['C'], pass: [], reviewed: false }).items.find((i) => i.item === 'C')!.failures).toHaveLength(1);
    // E and I still fail, F passes, A is still to judge: 1 passed of 4 judged.
    expect(card).toMatchObject({ passed: 1, judged: 4, total: 25, instantFail: [] });
  });

  it("pass takes the trainer's mark back; a rule's failure stays", () => {
    const card = rescored(saved, { fail: [], pass: ['I', 'E'], reviewed: false });
    expect(card.items.find((i) => i.item === 'I')).toEqual(item('I', 'pass'));
    expect(card.items.find((i) => i.item === 'E')!.verdict).toBe('fail');
    expect(card.items.find((i) => i.item === 'E')!.failures).toHaveLength(1);
  });

  it('reviewed passes every trainer item nobody judged, and the saved instant-fail set decides the total', () => {
    const card = rescored(saved, { fail: [], pass: [], reviewed: true });
    expect(card.items.map((i) => `${i.item} ${i.verdict}`)).toEqual(['A pass', 'C pass', 'E fail', 'F pass', 'I fail']);
    expect(card).toMatchObject({ passed: 3, judged: 5, total: 60 });
    expect(rescored({ ...saved, instantFailSet: ['R-OPEN'] }, { fail: [], pass: [], reviewed: true })).toMatchObject({ total: 0, instantFail: ['R-OPEN'] });
  });
});
