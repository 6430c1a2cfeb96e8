/**
 * `ringside stats` on a real call log in a temp folder, calls taken through the real desk on a
 * simulated clock: R-RING-3 one figure everywhere, exact p90s, R-FOLLOW-UP from the tickets.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { computeStats, formatStats } from '../../src/reports/stats.js';
import { CallStore } from '../../src/store/sqlite.js';
import { addWorkingDays } from '../../src/call/workdays.js';
import { tempDir, zhGeneral } from '../helpers.js';
import { stringWidth } from '../../src/width.js';

let dir: ReturnType<typeof tempDir>;
let store: CallStore;
let desk: CallDesk;
let clock: SimulatedClock;
beforeEach(() => {
  dir = tempDir();
  const pack = zhGeneral();
  clock = new SimulatedClock();
  store = new CallStore(join(dir.path, 'data', 'calls.sqlite'));
  desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
});
afterEach(() => {
  store.close();
  dir.remove();
});

/** Monday 16 November 2026, 10:00 local. */
const MONDAY = new Date(2026, 10, 16, 10, 0, 0).getTime();

/**
 * An answered call with the times given (ms); a complaint when `summary` is given, its promise
 * to call back said unless `promise` is false. Returns its id.
 */
function answered(at: number, times: { ring?: number; talk?: number; hold?: number; wrapUp?: number; summary?: string; promise?: boolean }): number {
  clock.set(at);
  desk.send({ type: 'RING', number: '13800000001' });
  clock.increment(times.ring ?? 2_000);
  desk.send({ type: 'ANSWER' });
  desk.send({ type: 'SAY' });
  if (times.hold) {
    desk.send({ type: 'HOLD' });
    desk.send({ type: 'SAY' });
    clock.increment(times.hold);
    desk.send({ type: 'HOLD' });
    desk.send({ type: 'SAY' });
  }
  if (times.summary) {
    desk.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
    for (const line of ['surname', 'restate', 'complaint-accept']) expect([line, desk.send({ type: 'SAY' })]).toEqual([line, true]);
    desk.send({ type: times.promise === false ? 'NEXT_PHASE' : 'SAY' });
  }
  clock.increment(times.talk ?? 60_000);
  desk.send({ type: 'CALLER_HANG_UP' });
  clock.increment(times.wrapUp ?? 10_000);
  desk.send({ type: 'TOGGLE_REASON', code: times.summary ? 'COMPLAINT-BILLING' : 'INFO-PRODUCT' });
  if (times.summary) desk.send({ type: 'SET_SUMMARY', text: times.summary });
  expect(desk.send({ type: 'SAVE' })).toBe(true);
  return desk.lastSaved!.id;
}

/** A call nobody answered: the caller gave up after `ringMs`, or the agent rejected it. */
function unanswered(at: number, ringMs: number, by: 'caller' | 'agent') {
  clock.set(at);
  desk.send({ type: 'RING', number: '13800000002' });
  clock.increment(ringMs);
  desk.send({ type: by === 'caller' ? 'CALLER_HANG_UP' : 'AGENT_HANG_UP' });
  desk.nextCall();
}

/** A call-back on a ticket: answered and closed with CB-RESOLVED, or nobody answering. */
function callBack(ticketId: number, at: number, reached: boolean) {
  clock.set(at);
  desk.send({ type: 'DIAL', ticketId, number: '13800000001', about: '费用争议', openedAt: MONDAY });
  clock.increment(5_000);
  if (!reached) {
    desk.send({ type: 'AGENT_HANG_UP' });
    desk.nextCall();
    return;
  }
  desk.send({ type: 'ANSWER' });
  for (let i = 0; i < 5; i++) desk.send({ type: 'SAY' });
  desk.send({ type: 'CALLER_HANG_UP' });
  desk.send({ type: 'TOGGLE_REASON', code: 'CB-RESOLVED' });
  expect(desk.send({ type: 'SAVE' })).toBe(true);
}

/** The local day of a moment, as stats take it. */
const day = (at: number) => {
  const date = new Date(at);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

describe('stats', () => {
  it('R-RING-3 is one figure in the header, the --by tables and the rules table, over the calls it judges, and says which', async () => {
    answered(MONDAY, { ring: 2_000 }); // met
    answered(MONDAY + 3_600_000, { ring: 20_000 }); // answered late: missed
    unanswered(MONDAY + 7_200_000, 10_000, 'caller'); // gave up within three rings: not judged
    unanswered(MONDAY + 10_800_000, 25_000, 'caller'); // rang out: missed
    unanswered(MONDAY + 14_400_000, 3_000, 'agent'); // rejected: missed
    const stats = (await computeStats(store, day(MONDAY), day(MONDAY), 'agent', MONDAY + 86_400_000))!;
    expect(stats).toMatchObject({ calls: 5, answered: 2, missed: 3 });
    expect(stats.inThreeRings).toEqual({ met: 1, judged: 4, percent: 25 });
    expect(stats.rules.find((r) => r.rule === 'R-RING-3')).toMatchObject({ met: 1, missed: 3, percent: 25 });
    expect(stats.groups!.rows).toEqual([expect.objectContaining({ group: '1024 王敏', calls: 5, inThreeRingsPercent: 25 })]);
    const text = formatStats(stats, 'agent', 'en', 100);
    expect(text).toMatch(/^ {2}within 3 rings +25\.0% +1 of 4 judged \(R-RING-3/m);
    expect(text).toMatch(/^ {2}R-RING-3 +25\.0% +1 +4 /m);
    expect(text).toMatch(/^ {2}1024 王敏 +5 +25\.0%/m);
    // The definition is in the output itself.
    expect(text.replace(/\s+/g, ' ')).toContain(
      'R-RING-3: judged on answered calls (met when answered within three rings, the ring limit) and on calls that rang past the limit unanswered or were rejected (missed); a caller who gave up within the limit is not judged.',
    );
  });

  it('a p90 is the exact value (nearest rank), not the edge of a histogram step; with one call it is that call', async () => {
    answered(MONDAY, { ring: 12_300, talk: 61_700, hold: 33_400, wrapUp: 40_900 });
    const one = (await computeStats(store, day(MONDAY), day(MONDAY)))!;
    expect(one.times.ring).toMatchObject({ calls: 1, p90Ms: 12_300 });
    expect(one.times.talk.p90Ms).toBe(61_700 + 33_400); // talk runs from the answer to the hang-up, the hold in it
    expect(one.times.hold).toMatchObject({ calls: 1, p90Ms: 33_400 });
    expect(one.times.wrapUp).toMatchObject({ calls: 1, averageMs: 40_900, p90Ms: 40_900 });
    // Nine more, with wrap-ups of 10.1 s to 42.1 s, 4 s apart: nine calls in ten took at most 40.9 s.
    for (let i = 1; i < 10; i++) answered(MONDAY + i * 600_000, { ring: 1_000 + i * 1_100, wrapUp: 10_100 + (i - 1) * 4_000 });
    const ten = (await computeStats(store, day(MONDAY), day(MONDAY)))!;
    expect(ten.times.wrapUp.calls).toBe(10);
    expect(ten.times.wrapUp.p90Ms).toBe(40_900);
    // Ring waits 2.1 s, 3.2 s … 10.9 s and 12.3 s: the ninth is 10.9 s.
    expect(ten.times.ring.p90Ms).toBe(10_900);
    expect(formatStats(ten, undefined, 'en', 80)).toMatch(/^ {2}wrap-up +\d+s +41s +hang-up to saved$/m);
    // A day without those calls has its own p90s: the days of the range bound the values read.
    answered(MONDAY + 86_400_000, { ring: 5_500, wrapUp: 7_700 });
    const tuesday = (await computeStats(store, day(MONDAY + 86_400_000), day(MONDAY + 86_400_000)))!;
    expect([tuesday.times.ring.p90Ms, tuesday.times.wrapUp.p90Ms]).toEqual([5_500, 7_700]);
  });

  it('R-FOLLOW-UP is what became of the tickets: closed on time, closed late, overdue, not yet due', async () => {
    // Four complaints on Monday, each due on Wednesday at the moment it was saved; the last
    // agent did not say the promise to call back.
    const tickets = [0, 1, 2, 3].map((i) => {
      answered(MONDAY + i * 600_000, { summary: '多扣费', promise: i < 3 });
      return store.openFollowUps().at(-1)!;
    });
    expect(tickets[0]!.dueAt).toBe(addWorkingDays(tickets[0]!.openedAt, 2));
    // The first called back on Tuesday, the second tried on Tuesday (nobody answered) and closed
    // on Thursday, the last two not called back: on Wednesday at 11:00 they are overdue.
    callBack(tickets[0]!.ticketId, MONDAY + 86_400_000, true);
    callBack(tickets[1]!.ticketId, MONDAY + 86_400_000 + 3_600_000, false);
    callBack(tickets[1]!.ticketId, MONDAY + 3 * 86_400_000, true);
    const wednesday = MONDAY + 2 * 86_400_000 + 3_600_000;
    const before = (await computeStats(store, day(MONDAY), day(MONDAY), undefined, MONDAY + 2 * 86_400_000 - 60_000))!;
    expect(before.followUps).toMatchObject({ tickets: 4, closedOnTime: 1, closedLate: 1, overdue: 0, open: 2 });
    const stats = (await computeStats(store, day(MONDAY), day(MONDAY), undefined, wednesday))!;
    expect(stats.followUps).toMatchObject({ tickets: 4, closedOnTime: 1, closedLate: 1, overdue: 2, open: 0, percentOnTime: 25 });
    // The rules table's row is the same figure; the promise said on the call is told apart.
    expect(stats.rules.find((r) => r.rule === 'R-FOLLOW-UP')).toMatchObject({ met: 1, missed: 3, percent: 25 });
    expect(stats.followUps.promiseSaid).toMatchObject({ met: 3, judged: 4 });
    const text = formatStats(stats, undefined, 'en', 80);
    expect(text).toMatch(/^ {2}called back +25\.0% +in two working days \(R-FOLLOW-UP/m);
    expect(text).toMatch(/^ {30}on time 1, late 1, overdue 2, not yet due 0$/m);
    expect(text).toMatch(/^ {2}R-FOLLOW-UP +25\.0% +1 +4 /m);
    // Call-backs are the agent's calls out: not among the calls counted.
    expect(stats.calls).toBe(4);
  });

  it('the Chinese notes wrap by the kinsoku rule at every width: within the width, no row starting with closing punctuation, no rule ID or figure split', async () => {
    for (let i = 0; i < 4; i++) answered(MONDAY + i * 600_000, { summary: `账单多扣了${i + 1}元`, promise: i !== 3 });
    const stats = (await computeStats(store, day(MONDAY), day(MONDAY), undefined, MONDAY + 3_600_000))!;
    for (let width = 60; width <= 120; width++) {
      const text = formatStats(stats, 'agent', 'zh-CN', width);
      const notes = text.slice(text.indexOf('R-RING-3：已接来电')).trimEnd().split('\n');
      for (const row of notes) {
        expect(stringWidth(row), `${width}: ${row}`).toBeLessThanOrEqual(width - 1);
        expect(row, `${width}`).not.toMatch(/^ *[，。、；：！？）」%]/u);
        expect(row, `${width}`).not.toMatch(/[（「]$/u);
      }
      const joined = notes.map((row) => row.trim()).join('\n');
      for (const whole of ['R-RING-3', 'R-FOLLOW-UP', '75.0%', '90分位']) expect(joined.replace(/\n/g, ''), `${width}`).toContain(whole);
      for (const piece of joined.match(/[\w.%-]+\n[\w.%-]+/g) ?? []) expect.fail(`${width}: split ${piece}`);
    }
  });
});
