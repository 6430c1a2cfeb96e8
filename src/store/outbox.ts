/**
 * The desk's side of the team: its id, and the outbox of calls the team has not acknowledged
 * yet. The outbox is filled by triggers in the same transaction as the call's write (migration
 * 7), so a call is in the log and queued, or neither. What goes up is read at upload time, whole
 * (the call as the log has it now, its events, its ticket): a call changed since it was queued
 * goes up as it is now, and again under its new number.
 */
import { randomUUID } from 'node:crypto';
import type { CallEvent } from '../../machines/call.js';
import { callEvents } from './events.js';
import { getCall } from './calls.js';
import type { LogFile } from './open.js';
import type { SavedCall } from './store.js';

/** A call as the team's `calls` table takes it (src/team/schema.ts), keyed by desk id and the desk's call number. */
export interface TeamCall {
  call_id: number;
  day: string;
  ring_at: number;
  answered_at: number | null;
  ended_at: number | null;
  saved_at: number | null;
  outcome: string | null;
  mode: 'live' | 'training';
  scenario_id: string | null;
  agent_number: string;
  agent_name: string;
  pack_id: string;
  ring_ms: number | null;
  talk_ms: number | null;
  hold_ms: number | null;
  wrap_up_ms: number | null;
  late_answer: boolean;
  hung_up_by: string | null;
  branches: string;
  flagged: boolean;
  score: number | null;
  instant_fail: boolean;
  callback_ticket: number | null;
  caller_name: string;
  caller_phone: string;
  caller_address: string;
  area_code: string;
  summary: string;
  reasons: { code: string; label: string; group: string }[];
  rules: { rule: string; outcome: string; at: number | null; why: string }[];
  ticket_status: string | null;
  ticket_due_at: number | null;
  ticket_closed_at: number | null;
  record: SavedCall;
  events: CallEvent[];
}

/** A call's ticket as the team's `tickets` table takes it (one ticket a call). */
export interface TeamTicket {
  call_id: number;
  ticket_id: number;
  kind: string;
  summary: string;
  owner: string;
  opened_at: number;
  due_at: number;
  status: string;
  closed_at: number | null;
  result: string | null;
  attempts: number;
}

/** One queued call: its number in the outbox (only grows) and the call. */
export interface Queued {
  seq: number;
  callId: number;
}

/**
 * The desk's id in the team. The first time, the desk joins: a new id, and every call already
 * saved queued (oldest first), in one transaction: a desk brings its history with it.
 */
export function teamDesk(log: LogFile): string {
  const read = () => (log.db.prepare(`SELECT value FROM meta WHERE key = 'team_desk'`).get() as { value: string } | undefined)?.value;
  const known = read();
  if (known) return known;
  return log.locked(() => {
    const again = read();
    if (again) return again;
    const id = randomUUID();
    log.db.prepare(`INSERT INTO meta (key, value) VALUES ('team_desk', ?)`).run(id);
    log.db.prepare(`INSERT OR REPLACE INTO outbox (call_id) SELECT id FROM calls WHERE status = 'saved' ORDER BY id`).run();
    return id;
  });
}

/**
 * Numbers the outbox on from `acked`, the highest number the team has taken from this desk, when
 * the desk's own numbering is behind it: a log restored from an older backup numbers again from
 * where the backup was, and the team would take those numbers as sent. Its queued calls move
 * above the mark, in order (sent again, a call the team has replaces itself). Nothing to do on a
 * desk whose numbers are its own.
 */
export function alignOutbox(log: LogFile, acked: number): void {
  const numbered = () => (log.db.prepare(`SELECT coalesce(max(seq), 0) AS n FROM sqlite_sequence WHERE name = 'outbox'`).get() as { n: number }).n;
  if (numbered() >= acked) return;
  log.locked(() => {
    if (numbered() >= acked) return;
    const queued = log.db.prepare(`SELECT call_id FROM outbox ORDER BY seq`).all() as { call_id: number }[];
    log.db.prepare(`DELETE FROM outbox`).run();
    // sqlite_sequence has no key on its name: its row is replaced by hand.
    log.db.prepare(`DELETE FROM sqlite_sequence WHERE name = 'outbox'`).run();
    log.db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)`).run(acked);
    const requeue = log.db.prepare(`INSERT INTO outbox (call_id) VALUES (?)`);
    for (const row of queued) requeue.run(row.call_id);
  });
}

/** The `limit` calls queued longest, in order. */
export function outboxBatch(log: LogFile, limit: number): Queued[] {
  return (log.statement(`SELECT seq, call_id FROM outbox ORDER BY seq LIMIT ?`).all(limit) as { seq: number; call_id: number }[]).map((row) => ({
    seq: row.seq,
    callId: row.call_id,
  }));
}

/** Puts a queued call at the back of the queue, under a new number. */
export function requeue(log: LogFile, callId: number): void {
  log.statement(`INSERT OR REPLACE INTO outbox (call_id) VALUES (?)`).run(callId);
}

/** How many calls wait to go up. */
export function outboxCount(log: LogFile): number {
  return (log.statement(`SELECT count(*) AS n FROM outbox`).get() as { n: number }).n;
}

/** The team acknowledged these: each leaves the outbox, unless its call was queued again meanwhile (a newer number). */
export function ackOutbox(log: LogFile, sent: readonly Queued[]): void {
  const remove = log.statement(`DELETE FROM outbox WHERE seq = ?`);
  log.locked(() => {
    for (const item of sent) remove.run(item.seq);
  });
}

/** The calls as they go up: their figures, parts, record and events, and their tickets. */
export function teamCalls(log: LogFile, callIds: readonly number[]): { calls: TeamCall[]; tickets: TeamTicket[] } {
  const row = log.statement(
    `SELECT c.*, date(c.ring_at / 1000, 'unixepoch', 'localtime') AS day, t.id AS t_id, t.kind AS t_kind, t.summary AS t_summary, t.owner AS t_owner,
            t.opened_at AS t_opened_at, t.due_at AS t_due_at, t.status AS t_status, t.closed_at AS t_closed_at, t.result AS t_result, t.attempts AS t_attempts
       FROM calls c LEFT JOIN tickets t ON t.call_id = c.id WHERE c.id = ? AND c.status = 'saved'`,
  );
  const rules = log.statement(`SELECT rule, outcome, at, why FROM rule_outcomes WHERE call_id = ? ORDER BY rule`);
  const calls: TeamCall[] = [];
  const tickets: TeamTicket[] = [];
  for (const id of callIds) {
    const c = row.get(id) as Record<string, unknown> | undefined;
    const record = c ? getCall(log, id) : null;
    if (!c || !record) continue;
    calls.push({
      call_id: id,
      day: c.day as string,
      ring_at: ms(c.ring_at) as number,
      answered_at: ms(c.answered_at),
      ended_at: ms(c.ended_at),
      saved_at: ms(c.saved_at),
      outcome: c.outcome as string | null,
      mode: c.mode as 'live' | 'training',
      scenario_id: c.scenario_id as string | null,
      agent_number: c.agent_number as string,
      agent_name: c.agent_name as string,
      pack_id: c.pack_id as string,
      ring_ms: ms(c.ring_ms),
      talk_ms: ms(c.talk_ms),
      hold_ms: ms(c.hold_ms),
      wrap_up_ms: ms(c.wrap_up_ms),
      late_answer: c.late_answer === 1,
      hung_up_by: c.hung_up_by as string | null,
      branches: c.branches as string,
      flagged: c.flagged === 1,
      score: c.score as number | null,
      instant_fail: (c.instant_fail as string) !== '',
      callback_ticket: c.callback_ticket as number | null,
      caller_name: c.caller_name as string,
      caller_phone: c.caller_phone as string,
      caller_address: c.caller_address as string,
      area_code: c.area_code as string,
      summary: c.summary as string,
      reasons: record.reasons,
      rules: (rules.all(id) as TeamCall['rules']).map((rule) => ({ ...rule, at: ms(rule.at) })),
      ticket_status: c.t_status as string | null,
      ticket_due_at: ms(c.t_due_at),
      ticket_closed_at: ms(c.t_closed_at),
      record: withoutWordsHeard(record),
      events: (callEvents(log, id)?.events ?? []).map((event) => (event.type === 'HEARD' ? { ...event, text: '' } : event)),
    });
    if (c.t_id !== null) {
      tickets.push({
        call_id: id,
        ticket_id: c.t_id as number,
        kind: c.t_kind as string,
        summary: c.t_summary as string,
        owner: c.t_owner as string,
        opened_at: ms(c.t_opened_at) as number,
        due_at: ms(c.t_due_at) as number,
        status: c.t_status as string,
        closed_at: ms(c.t_closed_at),
        result: c.t_result as string | null,
        attempts: c.t_attempts as number,
      });
    }
  }
  return { calls, tickets };
}

/**
 * What a transcript heard stays on the desk: the caller's speech may say anything (an ID-card
 * number, an address), and a lead needs what it decided, not the words. The steps keep their
 * score and moment, the HEARD events what they meant (the step, the cues, the times).
 */
function withoutWordsHeard(record: SavedCall): SavedCall {
  return { ...record, steps: record.steps.map((step) => (step.heard ? { ...step, heard: { ...step.heard, text: '' } } : step)) };
}

/**
 * A time or a duration in whole ms, as the team keeps it (bigint). A log's times are whole ms from
 * the clock, but demo data's are spread with fractions of a ms: rounded, never refused.
 */
function ms(value: unknown): number | null {
  return typeof value === 'number' ? Math.round(value) : null;
}
