/**
 * Demo data on a real call log: it must look like a real team's month, so that what a lead
 * learns from it holds. Scores with the instant-fail set in force, call-backs in the log for
 * the closed tickets, every branch of the pack, nothing later than now, agents who differ, and
 * the weekends as the README tells them.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM } from '../../src/demo/agents.js';
import { fillDemoData, WEEKEND_AGENTS } from '../../src/demo/data.js';
import { computeStats } from '../../src/reports/stats.js';
import { CallStore } from '../../src/store/sqlite.js';
import { loadPackFile } from '../../src/pack/load.js';
import { packPath, tempDir } from '../helpers.js';

/** Wednesday 25 November 2026, 15:00 local: "now" for the fill. */
const NOW = new Date(2026, 10, 25, 15, 0, 0).getTime();
const CALLS = 3_000;

let dir: ReturnType<typeof tempDir>;
let db: Database.Database;
let filled: ReturnType<typeof fillDemoData>;
const path = () => join(dir.path, 'calls.sqlite');
const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;

beforeAll(() => {
  dir = tempDir();
  const store = new CallStore(path());
  filled = fillDemoData(store, { calls: CALLS, pack: loadPackFile(packPath('zh-CN/general.yaml')), now: NOW });
  store.close();
  db = new Database(path(), { readonly: true });
}, 120_000);
afterAll(() => {
  db.close();
  dir.remove();
});

const liveCalls = `calls WHERE callback_ticket IS NULL`;
const weekday = (at: number) => new Date(at).getDay();
const localDay = (at: number) => {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('demo data', () => {
  it('scores with the instant-fail set in force: a call that missed the opening scores 0', () => {
    const missedOpening = all<{ score: number; instant_fail: string }>(
      `SELECT c.score, c.instant_fail FROM calls c JOIN rule_outcomes r ON r.call_id = c.id AND r.rule = 'R-OPEN' AND r.outcome = 'missed'`,
    );
    expect(missedOpening.length).toBeGreaterThan(10);
    expect(missedOpening.every((c) => c.score === 0 && c.instant_fail.split(',').includes('R-OPEN'))).toBe(true);
    // The agent hanging up first fails a call too (a call-back has no scorecard); a 0 is an instant fail or every item failed.
    const hungUp = one<{ n: number; zero: number }>(
      `SELECT count(*) AS n, sum(c.score = 0) AS zero FROM calls c JOIN rule_outcomes r ON r.call_id = c.id AND r.rule = 'R-THEY-HANG-UP' AND r.outcome = 'missed'
        WHERE c.callback_ticket IS NULL`,
    );
    expect(hungUp.n).toBeGreaterThan(10);
    expect(hungUp.zero).toBe(hungUp.n);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM calls WHERE score = 0 AND instant_fail = '' AND score_passed > 0`).n).toBe(0);
  });

  it('every closed ticket was closed by a call-back in the log; some on time, some late after a failed try, some overdue; results as the pack has them', async () => {
    const tickets = all<{ id: number; status: string; due_at: number; closed_at: number | null; result: string | null; closed_by_call: number | null; attempts: number }>(
      `SELECT id, status, due_at, closed_at, result, closed_by_call, attempts FROM tickets`,
    );
    expect(tickets.length).toBe(filled.tickets);
    const closed = tickets.filter((t) => t.status === 'closed');
    expect(closed.length).toBeGreaterThan(50);
    for (const ticket of closed) {
      const call = one<{ callback_ticket: number; outcome: string; saved_at: number; reason: string } | undefined>(
        `SELECT c.callback_ticket, c.outcome, c.saved_at, r.label AS reason FROM calls c JOIN call_reasons r ON r.call_id = c.id WHERE c.id = ?`,
        ticket.closed_by_call,
      );
      expect(call).toEqual({ callback_ticket: ticket.id, outcome: 'answered', saved_at: ticket.closed_at, reason: ticket.result });
    }
    // Each ticket counts the call-backs made on it, and they were made on working days.
    const attempts = new Map(all<{ ticket: number; n: number }>(`SELECT callback_ticket AS ticket, count(*) AS n FROM calls WHERE callback_ticket IS NOT NULL GROUP BY 1`).map((r) => [r.ticket, r.n]));
    expect(tickets.every((t) => t.attempts === (attempts.get(t.id) ?? 0))).toBe(true);
    expect([...attempts.values()].reduce((sum, n) => sum + n, 0)).toBe(filled.callBacks);
    const callBackTimes = all<{ ring_at: number }>(`SELECT ring_at FROM calls WHERE callback_ticket IS NOT NULL`);
    expect(callBackTimes.every((c) => weekday(c.ring_at) !== 0 && weekday(c.ring_at) !== 6)).toBe(true);

    const onTime = closed.filter((t) => t.closed_at! <= t.due_at);
    const late = closed.filter((t) => t.closed_at! > t.due_at);
    const overdue = tickets.filter((t) => t.status === 'open' && t.due_at < NOW);
    const notYetDue = tickets.filter((t) => t.status === 'open' && t.due_at >= NOW);
    expect([onTime, late, overdue, notYetDue].map((list) => list.length > 0)).toEqual([true, true, true, true]);
    expect(onTime.length).toBeGreaterThan(late.length);
    // A late one often had a try that did not reach the customer or came at a bad time.
    expect(late.filter((t) => t.attempts > 1).length).toBeGreaterThan(0);
    expect(new Set(closed.map((t) => t.result))).toEqual(new Set(['已解决·客户满意', '已说明情况并致歉']));
    expect(new Set(tickets.filter((t) => t.status === 'open' && t.attempts > 0).map((t) => t.result))).toEqual(
      new Set(['unreached', '客户不便·另约时间', '非本人接听']),
    );
    // What stats say agrees with the tickets.
    const store = new CallStore(path());
    const [first, last] = [localDay(filled.first), localDay(NOW)];
    const stats = (await computeStats(store, first, last, undefined, NOW))!;
    store.close();
    expect(stats.followUps).toMatchObject({ closedOnTime: onTime.length, closedLate: late.length, overdue: overdue.length, open: notYetDue.length });
  });

  it('takes every branch of the pack: support with a hold, out of scope explained three times and closed by the agent, a message taken, a silent line', () => {
    const branches = new Set(all<{ branches: string }>(`SELECT DISTINCT branches FROM ${liveCalls}`).flatMap((r) => r.branches.split(',')));
    for (const id of ['consultation', 'complaint', 'suggestion', 'out-of-scope', 'wrong-number', 'find-person', 'take-message', 'support', 'silent']) {
      expect([id, branches.has(id)]).toEqual([id, true]);
    }
    const support = one<{ n: number; held: number }>(`SELECT count(*) AS n, sum(hold_ms > 0) AS held FROM ${liveCalls} AND branches LIKE '%support%'`);
    expect(support.held).toBe(support.n);
    const outOfScope = all<{ hung_up_by: string; count: number }>(
      `SELECT c.hung_up_by, s.count FROM calls c JOIN call_steps s ON s.call_id = c.id AND s.step_id = 'out-of-scope-explain' WHERE c.branches = 'out-of-scope'`,
    );
    expect(outOfScope.length).toBeGreaterThan(5);
    expect(outOfScope.every((c) => c.hung_up_by === 'agent')).toBe(true);
    expect(outOfScope.filter((c) => c.count >= 3).length).toBeGreaterThan(outOfScope.length / 2);
    // Callers who gave up within three rings (not judged), after them, and a rejected call.
    const unanswered = all<{ outcome: string; early: number; n: number }>(
      `SELECT outcome, ring_ms < 15000 AS early, count(*) AS n FROM ${liveCalls} AND answered_at IS NULL GROUP BY 1, 2`,
    );
    expect(unanswered.map((r) => `${r.outcome}${r.outcome === 'missed' ? (r.early ? ' early' : ' late') : ''}`).sort()).toEqual(['missed early', 'missed late', 'rejected']);
  });

  it('the cross-region branch of the telecom pack is taken too', () => {
    const telecom = tempDir();
    try {
      const store = new CallStore(join(telecom.path, 'calls.sqlite'));
      fillDemoData(store, { calls: 600, pack: loadPackFile(packPath('zh-CN/telecom.yaml')), now: NOW });
      store.close();
      const raw = new Database(join(telecom.path, 'calls.sqlite'), { readonly: true });
      const crossRegion = raw.prepare(`SELECT area_code, branches FROM calls WHERE branches LIKE '%cross-region%'`).all() as { area_code: string }[];
      raw.close();
      expect(crossRegion.length).toBeGreaterThan(5);
      expect(crossRegion.every((c) => /^0\d{2,3}$/.test(c.area_code))).toBe(true);
    } finally {
      telecom.remove();
    }
  }, 60_000);

  it('nothing is later than now: calls, saves, holds, steps, verdicts and tickets', () => {
    const latest = one<Record<string, number>>(
      `SELECT (SELECT max(max(ring_at, coalesce(answered_at, 0), coalesce(ended_at, 0), coalesce(saved_at, 0))) FROM calls) AS calls,
              (SELECT max(coalesce(ended_at, started_at)) FROM hold_segments) AS holds,
              (SELECT max(at) FROM call_steps) AS steps,
              (SELECT max(at) FROM rule_outcomes) AS verdicts,
              (SELECT max(max(opened_at, coalesce(closed_at, 0))) FROM tickets) AS tickets`,
    );
    for (const [what, at] of Object.entries(latest)) expect([what, at < NOW]).toEqual([what, true]);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM ${liveCalls}`).n).toBe(CALLS);
  });

  it('five minutes after the line opened: the morning\'s calls are over and saved, none rang before 08:00', () => {
    const morning = tempDir();
    const opened = new Date(2026, 10, 23, 8, 0, 0).getTime(); // a Monday
    try {
      const store = new CallStore(join(morning.path, 'calls.sqlite'));
      fillDemoData(store, { calls: 6_000, pack: loadPackFile(packPath('zh-CN/general.yaml')), now: opened + 5 * 60_000 });
      store.close();
      const raw = new Database(join(morning.path, 'calls.sqlite'), { readonly: true });
      const today = raw.prepare(`SELECT ring_at, max(coalesce(saved_at, 0), coalesce(ended_at, 0)) AS done FROM calls WHERE ring_at >= ?`).all(opened - 3_600_000) as { ring_at: number; done: number }[];
      raw.close();
      expect(today.length).toBeGreaterThan(0);
      expect(today.every((c) => c.ring_at >= opened && c.done < opened + 5 * 60_000)).toBe(true);
    } finally {
      morning.remove();
    }
  }, 60_000);

  it('agents differ: answering in three rings, scores and wrap-ups spread wide enough for a lead to act on', async () => {
    const store = new CallStore(path());
    const stats = (await computeStats(store, localDay(filled.first), localDay(NOW), 'agent', NOW))!;
    store.close();
    const rows = stats.groups!.rows;
    expect(rows.length).toBe(TEAM.length);
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
    expect(spread(rows.map((r) => r.inThreeRingsPercent!))).toBeGreaterThan(20);
    expect(spread(rows.map((r) => r.averageScore!))).toBeGreaterThan(15);
    expect(spread(rows.map((r) => r.averageMs.wrapUp!))).toBeGreaterThan(20_000);
  });

  it('a seven-day hotline: weekends a third as busy, four agents on duty in turn; nothing outside 08:00-20:00', () => {
    const days = all<{ day: string; calls: number; agents: number; ring_at: number }>(
      `SELECT date(ring_at / 1000, 'unixepoch', 'localtime') AS day, count(*) AS calls, count(DISTINCT agent_number) AS agents, min(ring_at) AS ring_at
         FROM ${liveCalls} GROUP BY 1`,
    ).filter((d) => d.day !== localDay(NOW) && d.day !== localDay(filled.first));
    const weekend = days.filter((d) => weekday(d.ring_at) === 0 || weekday(d.ring_at) === 6);
    const weekdays = days.filter((d) => !weekend.includes(d));
    expect(weekend.length).toBeGreaterThan(0);
    expect(weekend.every((d) => d.agents <= WEEKEND_AGENTS)).toBe(true);
    expect(weekdays.every((d) => d.agents === TEAM.length)).toBe(true);
    const average = (list: typeof days) => list.reduce((sum, d) => sum + d.calls, 0) / list.length;
    expect(average(weekend) / average(weekdays)).toBeGreaterThan(0.2);
    expect(average(weekend) / average(weekdays)).toBeLessThan(0.5);
    const hours = all<{ hour: number }>(`SELECT DISTINCT CAST(strftime('%H', ring_at / 1000, 'unixepoch', 'localtime') AS INTEGER) AS hour FROM ${liveCalls}`);
    expect(hours.every((h) => h.hour >= 8 && h.hour < 20)).toBe(true);
  });
});
