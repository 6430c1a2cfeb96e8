/**
 * Tickets and follow-ups: the ticket a complaint or suggestion opens (R-TICKET), the call-backs
 * that work it, and the open ones by due time (R-FOLLOW-UP). What a call-back's result does to
 * its ticket is decided by the call (src/call/record.ts); this writes it and keeps the ticket's
 * call's per-day totals (closed on time, or late) true.
 */
import type { CallRecord } from '../call/record.js';
import type { LogFile } from './open.js';
import type { FollowUp } from './store.js';
import { ONE_CALL_SUMMARY, summarize } from './totals.js';

/** Opens the call's ticket, owned by the agent who took the call. */
export function openTicket(log: LogFile, callId: number, ticket: NonNullable<CallRecord['ticket']>): void {
  log
    .statement(`INSERT INTO tickets (call_id, kind, summary, owner, opened_at, due_at) VALUES (?, ?, ?, (SELECT agent_number FROM calls WHERE id = ?), ?, ?)`)
    .run(callId, ticket.kind, ticket.summary, callId, ticket.openedAt, ticket.dueAt);
}

/**
 * A call-back tried: the ticket counts the attempts made on it; a result that closes (the
 * customer was reached and told) closes the ticket with the result's words and the call that
 * did it. A ticket another call already closed keeps that call's result (a stale list, or two
 * desks on one ticket); saving this call again (a restored call) counts it once.
 */
export function recordCallBack(log: LogFile, callId: number, callBack: NonNullable<CallRecord['callBack']>): void {
  const { ticketId } = callBack;
  log.statement(`UPDATE calls SET callback_ticket = ? WHERE id = ?`).run(ticketId, callId);
  // The ticket's call counts its ticket closed on time or late in the per-day totals.
  const opener = log.statement(`SELECT call_id FROM tickets WHERE id = ?`).get(ticketId) as { call_id: number } | undefined;
  if (opener) summarize(log, ONE_CALL_SUMMARY, { sign: -1, id: opener.call_id });
  log
    .statement(
      `UPDATE tickets SET status = CASE WHEN :closes THEN 'closed' ELSE 'open' END,
         closed_at = CASE WHEN :closes THEN :at END,
         result = coalesce(:result, result),
         closed_by_call = CASE WHEN :closes THEN :callId END
       WHERE id = :ticketId AND (status = 'open' OR closed_by_call = :callId)`,
    )
    .run({ closes: callBack.closes ? 1 : 0, at: callBack.at, result: callBack.result, callId, ticketId });
  log.statement(`UPDATE tickets SET attempts = (SELECT count(*) FROM calls WHERE callback_ticket = :ticketId) WHERE id = :ticketId`).run({ ticketId });
  if (opener) summarize(log, ONE_CALL_SUMMARY, { sign: 1, id: opener.call_id });
}

/** Open tickets of live calls (training ones are practice), soonest due first. */
export function openFollowUps(log: LogFile): FollowUp[] {
  const rows = log.db
    .prepare(
      `SELECT t.id AS ticket_id, t.call_id, c.pack_id, t.kind, t.summary, t.owner, t.opened_at, t.due_at, c.caller_name, c.caller_phone,
              (SELECT group_concat(label, '、') FROM (SELECT label FROM call_reasons WHERE call_id = t.call_id ORDER BY seq)) AS reasons
         FROM tickets t JOIN calls c ON c.id = t.call_id
        WHERE t.status = 'open' AND c.mode = 'live'
        ORDER BY t.due_at, t.id`,
    )
    .all() as Record<string, unknown>[];
  return rows.map((row) => followUpOf(row, row.reasons ? (row.reasons as string).split('、') : []));
}

/** A follow-up from a row of the ticket joined with its call (the desk's log or the team's), with its reasons' labels. */
export function followUpOf(row: Record<string, unknown>, reasons: string[]): FollowUp {
  return {
    ticketId: row.ticket_id as number,
    callId: row.call_id as number,
    packId: row.pack_id as string,
    kind: row.kind as FollowUp['kind'],
    summary: row.summary as string,
    owner: row.owner as string,
    openedAt: row.opened_at as number,
    dueAt: row.due_at as number,
    caller: { name: row.caller_name as string, phone: row.caller_phone as string },
    reasons,
  };
}

export function ticketClosed(log: LogFile, ticketId: number): boolean {
  return (log.db.prepare(`SELECT status FROM tickets WHERE id = ?`).get(ticketId) as { status: string } | undefined)?.status === 'closed';
}

/** How many follow-ups of live calls are past their due time. */
export function overdueFollowUps(log: LogFile, now: number): number {
  const row = log.db
    .prepare(`SELECT count(*) AS n FROM tickets t JOIN calls c ON c.id = t.call_id WHERE t.status = 'open' AND t.due_at < ? AND c.mode = 'live'`)
    .get(now) as { n: number };
  return row.n;
}

