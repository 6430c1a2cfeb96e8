/**
 * Saved calls: a finished call's record (src/call/record.ts decides it) written out in full, and
 * calls read back. A page of whole calls (`history --json`, `score`) is one query, each call's
 * parts folded into JSON arrays; the history table's page (historyRows) is another, of the few
 * figures the table shows. tests/bench/records.mjs measures them against issue 16's budgets; on
 * 100,000 demo calls (2 shared cores, loaded) the table took 3.1 s where an export of the same
 * calls took 3.5 s, and 50 calls of a million 1.25 × the time of `ringside --version`.
 */
import type { ItemVerdict, Scorecard } from '../../machines/scorecard.js';
import type { HeardEvidence } from '../../machines/steps.js';
import type { CallRecord } from '../call/record.js';
import { appendEvent, openCall } from './events.js';
import type { LogFile } from './open.js';
import type { FinishedCall, HistoryRow, SavedCall, SavedScorecard } from './store.js';
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
    const step = log.statement(`INSERT INTO call_steps (call_id, seq, step_id, phase, status, at, count, rules, heard) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // seq: the step's place in the pack, which is the order of a call.
    record.steps.forEach((s) => step.run(callId, s.seq, s.id, s.phase, s.status, s.at, s.count, s.rules.join(','), s.heard ? JSON.stringify(s.heard) : null));
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

/**
 * Calls with their parts, one query for the whole page, however long: each part (reasons,
 * holds, steps, rules, notes, scorecard, ticket) comes folded into a JSON array per call, read
 * through the table's key (PostgreSQL's json_agg does the same). The parts keep the order one
 * call's parts were always read in.
 */
function pageSql(where: string): string {
  const parts = (columns: string, table: string, order: string) =>
    `(SELECT json_group_array(json_array(${columns})) FROM (SELECT ${columns} FROM ${table} WHERE call_id = c.id ORDER BY ${order}))`;
  return `SELECT c.*,
      ${parts('item, verdict, failures_json', 'scorecard', 'item')} AS parts_scorecard,
      (SELECT json_array(kind, due_at, status) FROM tickets WHERE call_id = c.id) AS parts_ticket,
      ${parts('code, label, grp', 'call_reasons', 'seq')} AS parts_reasons,
      ${parts('started_at, ended_at, asked_to_wait, thanks, check_backs', 'hold_segments', 'seq')} AS parts_holds,
      ${parts('step_id, phase, status, at, rules, heard', 'call_steps', 'seq')} AS parts_steps,
      ${parts('rule, outcome, at, why', 'rule_outcomes', 'rule')} AS parts_rules,
      ${parts('at, text', 'notes', 'at, rowid')} AS parts_notes
    FROM calls c ${where}`;
}

/** The latest saved calls, newest first. */
export function recentCalls(log: LogFile, limit: number): SavedCall[] {
  const rows = log.statement(pageSql(`WHERE c.status = 'saved' ORDER BY c.ring_at DESC, c.id DESC LIMIT ?`)).all(limit) as Record<string, unknown>[];
  return rows.map((row) => readCall(log, row));
}

/**
 * SQL: whether a column may not be a JSON object (array) as readJson (src/store/open.ts) reads
 * it. Cheap, and never wrong the other way: valid JSON that starts with { is an object.
 */
const mayNotBeJson = (column: string, shape: 'object' | 'array') =>
  `NOT (json_valid(${column}) AND substr(${column}, 1, 1) = '${shape === 'object' ? '{' : '['}')`;

/**
 * The latest saved calls, newest first, as the history table shows them: the call's own columns,
 * its missed rules counted, its ticket's kind and its reasons' labels (in order) read through
 * each table's key, in one query; none of the parts a table does not show. A call whose caller
 * fields or scorecard items are damaged is read whole, so the table says what reading it whole
 * says (which call, what part) rather than showing a row of a damaged call.
 */
export function historyRows(log: LogFile, limit: number): HistoryRow[] {
  const rows = log
    .statement(
      `SELECT c.id, c.ring_at, c.mode, c.outcome, c.ring_ms, c.talk_ms, c.hung_up_by, c.flagged, c.callback_ticket,
              c.caller_name, c.caller_phone, c.score, c.instant_fail <> '' AS instant_fail,
              (SELECT max(failures_json <> '[]' AND ${mayNotBeJson('failures_json', 'array')}) FROM scorecard WHERE call_id = c.id) AS scorecard_damaged,
              ${mayNotBeJson('c.fields_json', 'object')} AS fields_damaged,
              (SELECT count(*) FROM rule_outcomes WHERE call_id = c.id AND outcome = 'missed') AS missed,
              (SELECT kind FROM tickets WHERE call_id = c.id) AS ticket_kind,
              (SELECT json_group_array(label) FROM (SELECT label FROM call_reasons WHERE call_id = c.id ORDER BY seq)) AS reasons
         FROM calls c WHERE c.status = 'saved' ORDER BY c.ring_at DESC, c.id DESC LIMIT ?`,
    )
    .all(limit) as {
    id: number;
    ring_at: number;
    mode: 'live' | 'training';
    outcome: string | null;
    ring_ms: number | null;
    talk_ms: number | null;
    hung_up_by: string | null;
    flagged: number;
    callback_ticket: number | null;
    caller_name: string;
    caller_phone: string;
    score: number;
    instant_fail: number;
    /** Null: the call has no scorecard. */
    scorecard_damaged: number | null;
    fields_damaged: number;
    missed: number;
    ticket_kind: string | null;
    reasons: string;
  }[];
  // Read whole, a damaged call throws the sentence that names it (a call that only looked damaged reads fine).
  for (const row of rows) if (row.scorecard_damaged || row.fields_damaged) getCall(log, row.id);
  return rows.map((row) => ({
    id: row.id,
    ringAt: row.ring_at,
    mode: row.mode,
    outcome: row.outcome,
    ringMs: row.ring_ms,
    talkMs: row.talk_ms,
    hungUpBy: row.hung_up_by,
    missedRules: row.missed,
    score: row.scorecard_damaged !== null ? { total: row.score, instantFail: row.instant_fail === 1 } : null,
    caller: { name: row.caller_name, phone: row.caller_phone },
    ticketKind: row.ticket_kind,
    flagged: row.flagged === 1,
    callbackTicket: row.callback_ticket,
    // (A JSON array the query built from the rows: never damaged.)
    reasons: row.reasons === '[]' ? [] : (JSON.parse(row.reasons) as string[]),
  }));
}

export function getCall(log: LogFile, id: number): SavedCall | null {
  const row = log.statement(pageSql(`WHERE c.id = ?`)).get(id) as Record<string, unknown> | undefined;
  return row ? readCall(log, row) : null;
}

/** A JSON array the query itself built (never damaged: SQLite wrote it from the rows). */
const parts = <T>(row: Record<string, unknown>, name: string): T[] => JSON.parse(row[`parts_${name}`] as string) as T[];

/** A row of the page made whole: its reasons, holds, steps, rules, notes, ticket and scorecard. */
function readCall(log: LogFile, row: Record<string, unknown>): SavedCall {
  const id = row.id as number;
  const items = parts<[string, ItemVerdict['verdict'], string]>(row, 'scorecard').map(
    // Most items failed nothing: '[]' is not parsed a million times over.
    ([item, verdict, failures]): ItemVerdict => ({ item, verdict, failures: failures === '[]' ? [] : (log.readJson(failures, id, { 'zh-CN': `评分项 ${item}`, en: `scorecard item ${item}` }, 'array') as ItemVerdict['failures']) }),
  );
  const ticket = row.parts_ticket === null ? null : (JSON.parse(row.parts_ticket as string) as [string, number, string]);
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
      fields: log.readJson(row.fields_json as string, id, { 'zh-CN': '来电人字段', en: 'the caller fields' }) as Record<string, string>,
    },
    reasons: parts<[string, string, string]>(row, 'reasons').map(([code, label, group]) => ({ code, label, group })),
    holds: parts<[number, number | null, number, SavedCall['holds'][number]['thanks'], number]>(row, 'holds').map(
      ([startedAt, endedAt, askedToWait, thanks, checkBacks]) => ({ startedAt, endedAt, askedToWait: askedToWait === 1, thanks, checkBacks }),
    ),
    steps: parts<[string, string, string, number | null, string, string | null]>(row, 'steps').map(([stepId, phase, status, at, rules, heard]) => ({
      id: stepId,
      phase,
      status,
      at,
      rules: rules ? rules.split(',') : [],
      ...(heard ? { heard: log.readJson(heard, id, { 'zh-CN': '步骤的听到记录', en: "a step's heard evidence" }) as HeardEvidence } : {}),
    })),
    rules: parts<[string, string, number | null, string]>(row, 'rules').map(([rule, outcome, at, why]) => ({ rule, outcome, at, why })),
    notes: parts<[number, string]>(row, 'notes').map(([at, text]) => ({ at, text })),
    ticket: ticket ? { kind: ticket[0], dueAt: ticket[1], status: ticket[2] } : null,
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
}
