/**
 * Saved calls: a finished call's record (src/call/record.ts decides it) written out in full, and
 * calls read back whole. A page of calls is read with one query per table, whatever its length:
 * `history --limit 100000` reads as fast as an export, `--limit 50` on a million calls at once.
 */
import type { ItemVerdict, Scorecard } from '../../machines/scorecard.js';
import type { CallRecord } from '../call/record.js';
import { appendEvent, openCall } from './events.js';
import type { LogFile } from './open.js';
import type { FinishedCall, SavedCall, SavedScorecard } from './store.js';
import { openTicket, recordCallBack } from './tickets.js';
import { ONE_CALL_SUMMARY, summarize } from './totals.js';

/** The tables that hold a saved call's parts, emptied before the call is written (again). */
const PARTS = ['call_reasons', 'hold_segments', 'call_steps', 'rule_outcomes', 'notes', 'tickets', 'scorecard'] as const;

/** Writes the finished call out in full, in one transaction, synced to the disk: a saved call survives a power cut. */
export function saveCall(log: LogFile, callId: number, record: CallRecord): void {
  log.durably(() => {
    // Saved again (a restored call): its old figures leave the totals first.
    summarize(log, ONE_CALL_SUMMARY, { sign: -1, id: callId });
    log
      .statement(
        `UPDATE calls SET status = 'saved', outcome = ?, answered_at = ?, ended_at = ?, saved_at = ?,
           ring_ms = ?, talk_ms = ?, hold_ms = ?, wrap_up_ms = ?, late_answer = ?, hung_up_by = ?,
           branches = ?, summary = ?, flagged = ?, caller_name = ?, caller_phone = ?, caller_address = ?,
           area_code = ?, fields_json = ?
         WHERE id = ?`,
      )
      .run(
        record.outcome,
        record.answeredAt,
        record.endedAt,
        record.savedAt,
        record.ringMs,
        record.talkMs,
        record.holdMs,
        record.wrapUpMs,
        record.lateAnswer ? 1 : 0,
        record.hungUpBy,
        record.branches.join(','),
        record.summary,
        record.flagged ? 1 : 0,
        record.caller.name,
        record.caller.phone,
        record.caller.address,
        record.caller.areaCode,
        JSON.stringify(record.caller.fields),
        callId,
      );
    for (const table of PARTS) log.statement(`DELETE FROM ${table} WHERE call_id = ?`).run(callId);
    const reason = log.statement(`INSERT INTO call_reasons (call_id, seq, code, label, grp) VALUES (?, ?, ?, ?, ?)`);
    record.reasons.forEach((r, i) => reason.run(callId, i + 1, r.code, r.label, r.group));
    const hold = log.statement(
      `INSERT INTO hold_segments (call_id, seq, started_at, ended_at, asked_to_wait, thanks, check_backs) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    record.holds.forEach((h, i) => hold.run(callId, i + 1, h.startedAt, h.endedAt, h.askedToWait ? 1 : 0, h.thanks, h.checkBacks));
    const step = log.statement(`INSERT INTO call_steps (call_id, seq, step_id, phase, status, at, count, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    // seq: the step's place in the pack, which is the order of a call.
    record.steps.forEach((s) => step.run(callId, s.seq, s.id, s.phase, s.status, s.at, s.count, s.rules.join(',')));
    const outcome = log.statement(`INSERT INTO rule_outcomes (call_id, rule, outcome, at, why) VALUES (?, ?, ?, ?, ?)`);
    for (const j of record.rules) outcome.run(callId, j.rule, j.outcome, j.at, j.why);
    if (record.scorecard) writeScorecard(log, callId, record.scorecard, record.scorecard.instantFailSet);
    const note = log.statement(`INSERT INTO notes (call_id, at, text) VALUES (?, ?, ?)`);
    for (const n of record.notes) note.run(callId, n.at, n.text);
    if (record.ticket) openTicket(log, callId, record.ticket);
    if (record.callBack) recordCallBack(log, callId, record.callBack);
    summarize(log, ONE_CALL_SUMMARY, { sign: 1, id: callId });
  });
}

/**
 * Calls that rang and ended while another was on the desk (missed calls), several in one commit:
 * each opened, its events and its save in the same transaction, so it is in the log whole or not
 * at all; never left open.
 */
export function logFinishedCalls(log: LogFile, calls: readonly FinishedCall[], agent: { name: string; number: string }): void {
  log.durably(() => {
    for (const call of calls) {
      const id = openCall(log, call.packId, agent, call.record.ringAt ?? call.events[0]?.at ?? 0, call.settings);
      for (const event of call.events) appendEvent(log, id, event);
      saveCall(log, id, call.record);
    }
  });
}

function writeScorecard(log: LogFile, callId: number, card: Scorecard, instantFailSet: readonly string[]): void {
  log.statement(`DELETE FROM scorecard WHERE call_id = ?`).run(callId);
  const item = log.statement(`INSERT INTO scorecard (call_id, item, verdict, failures_json) VALUES (?, ?, ?, ?)`);
  for (const verdict of card.items) item.run(callId, verdict.item, verdict.verdict, JSON.stringify(verdict.failures));
  log
    .statement(`UPDATE calls SET score = ?, score_passed = ?, score_judged = ?, instant_fail = ?, instant_fail_set = ? WHERE id = ?`)
    .run(card.total, card.passed, card.judged, card.instantFail.join(','), instantFailSet.join(','), callId);
}

/**
 * A saved call's scorecard changed by `change` (a trainer's marks: machines/scorecard.ts
 * `rescored`), read and written under the write lock: two trainers marking the same call at
 * once both keep their marks. The call keeps the instant-fail set it was saved with. Null when
 * the call has no scorecard.
 */
export function rescore(log: LogFile, callId: number, change: (card: SavedScorecard) => Scorecard): Scorecard | null {
  return log.locked(() => {
    const saved = getCall(log, callId)?.scorecard;
    if (!saved) return null;
    const card = change(saved);
    summarize(log, ONE_CALL_SUMMARY, { sign: -1, id: callId });
    writeScorecard(log, callId, card, saved.instantFailSet);
    summarize(log, ONE_CALL_SUMMARY, { sign: 1, id: callId });
    return card;
  });
}

/** The latest saved calls, newest first. */
export function recentCalls(log: LogFile, limit: number): SavedCall[] {
  const rows = log.statement(`SELECT * FROM calls WHERE status = 'saved' ORDER BY ring_at DESC, id DESC LIMIT ?`).all(limit) as Record<string, unknown>[];
  return readCalls(log, rows);
}

export function getCall(log: LogFile, id: number): SavedCall | null {
  const row = log.statement(`SELECT * FROM calls WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  return row ? readCalls(log, [row])[0]! : null;
}

/** The calls' parts of one table for every call of a page, by call (one query, whatever the page's length). */
function partsOf<T extends { call_id: number }>(log: LogFile, ids: string, sql: string): Map<number, T[]> {
  const byCall = new Map<number, T[]>();
  for (const row of log.statement(sql).all(ids) as T[]) {
    const parts = byCall.get(row.call_id);
    if (parts) parts.push(row);
    else byCall.set(row.call_id, [row]);
  }
  return byCall;
}

/** The rows of a page of calls made whole: their reasons, holds, steps, rules, notes, ticket and scorecard. */
function readCalls(log: LogFile, rows: Record<string, unknown>[]): SavedCall[] {
  if (rows.length === 0) return [];
  // The page's ids as one parameter: each table is read once for all of them.
  const ids = JSON.stringify(rows.map((row) => row.id as number));
  const page = `call_id IN (SELECT value FROM json_each(?))`;
  const scorecards = partsOf<{ call_id: number; item: string; verdict: ItemVerdict['verdict']; failures_json: string }>(
    log,
    ids,
    `SELECT call_id, item, verdict, failures_json FROM scorecard WHERE ${page} ORDER BY call_id, item`,
  );
  const tickets = partsOf<{ call_id: number; kind: string; due_at: number; status: string }>(log, ids, `SELECT call_id, kind, due_at, status FROM tickets WHERE ${page}`);
  const reasons = partsOf<{ call_id: number; code: string; label: string; grp: string }>(
    log,
    ids,
    `SELECT call_id, code, label, grp FROM call_reasons WHERE ${page} ORDER BY call_id, seq`,
  );
  const holds = partsOf<{ call_id: number; started_at: number; ended_at: number | null; asked_to_wait: number; thanks: SavedCall['holds'][number]['thanks']; check_backs: number }>(
    log,
    ids,
    `SELECT call_id, started_at, ended_at, asked_to_wait, thanks, check_backs FROM hold_segments WHERE ${page} ORDER BY call_id, seq`,
  );
  const steps = partsOf<{ call_id: number; step_id: string; phase: string; status: string; at: number | null; rules: string }>(
    log,
    ids,
    `SELECT call_id, step_id, phase, status, at, rules FROM call_steps WHERE ${page} ORDER BY call_id, seq`,
  );
  // By rule: the order of the table's key, in which one call's rules were always read.
  const rules = partsOf<{ call_id: number; rule: string; outcome: string; at: number | null; why: string }>(
    log,
    ids,
    `SELECT call_id, rule, outcome, at, why FROM rule_outcomes WHERE ${page} ORDER BY call_id, rule`,
  );
  const notes = partsOf<{ call_id: number; at: number; text: string }>(log, ids, `SELECT call_id, at, text FROM notes WHERE ${page} ORDER BY call_id, at, rowid`);
  return rows.map((row) => {
    const id = row.id as number;
    const items = (scorecards.get(id) ?? []).map(
      (s): ItemVerdict => ({ item: s.item, verdict: s.verdict, failures: log.readJson(s.failures_json, id, `scorecard item ${s.item}`, 'array') as ItemVerdict['failures'] }),
    );
    const ticket = tickets.get(id)?.[0];
    return {
      id,
      packId: row.pack_id as string,
      agentName: row.agent_name as string,
      agentNumber: row.agent_number as string,
      outcome: row.outcome as string | null,
      ringAt: row.ring_at as number,
      answeredAt: row.answered_at as number | null,
      endedAt: row.ended_at as number | null,
      savedAt: row.saved_at as number | null,
      ringMs: row.ring_ms as number | null,
      talkMs: row.talk_ms as number | null,
      holdMs: row.hold_ms as number | null,
      wrapUpMs: row.wrap_up_ms as number | null,
      lateAnswer: row.late_answer === 1,
      hungUpBy: row.hung_up_by as string | null,
      branches: (row.branches as string) ? (row.branches as string).split(',') : [],
      summary: row.summary as string,
      flagged: row.flagged === 1,
      caller: {
        name: row.caller_name as string,
        phone: row.caller_phone as string,
        address: row.caller_address as string,
        areaCode: row.area_code as string,
        fields: log.readJson(row.fields_json as string, id, 'the caller fields') as Record<string, string>,
      },
      reasons: (reasons.get(id) ?? []).map((r) => ({ code: r.code, label: r.label, group: r.grp })),
      holds: (holds.get(id) ?? []).map((h) => ({
        startedAt: h.started_at,
        endedAt: h.ended_at,
        askedToWait: h.asked_to_wait === 1,
        thanks: h.thanks,
        checkBacks: h.check_backs,
      })),
      steps: (steps.get(id) ?? []).map((s) => ({ id: s.step_id, phase: s.phase, status: s.status, at: s.at, rules: s.rules ? s.rules.split(',') : [] })),
      rules: (rules.get(id) ?? []).map((r) => ({ rule: r.rule, outcome: r.outcome, at: r.at, why: r.why })),
      notes: (notes.get(id) ?? []).map((n) => ({ at: n.at, text: n.text })),
      ticket: ticket ? { kind: ticket.kind, dueAt: ticket.due_at, status: ticket.status } : null,
      mode: row.mode as 'live' | 'training',
      callbackTicket: row.callback_ticket as number | null,
      scenarioId: row.scenario_id as string | null,
      scorecard:
        items.length === 0
          ? null
          : {
              items,
              total: row.score as number,
              passed: row.score_passed as number,
              judged: row.score_judged as number,
              instantFail: (row.instant_fail as string) ? (row.instant_fail as string).split(',') : [],
              instantFailSet: (row.instant_fail_set as string) ? (row.instant_fail_set as string).split(',') : [],
            },
    };
  });
}
