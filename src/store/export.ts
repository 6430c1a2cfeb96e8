/** Export: the saved live calls as flat rows, oldest first, read as a stream (src/reports/export.ts writes them). */
import type { LogFile } from './open.js';
import type { ExportRow } from './store.js';

/** Live calls saved with a ring in [from, to): how many an export will write. */
export function countCalls(log: LogFile, from: number, to: number): number {
  return (log.db.prepare(`SELECT count(*) AS n FROM calls WHERE status = 'saved' AND mode = 'live' AND ring_at >= ? AND ring_at < ?`).get(from, to) as { n: number }).n;
}

/**
 * Live calls saved with a ring in [from, to), oldest first, one flat row each (reasons, missed
 * rules and the ticket folded in). An iterator: an export never holds the log in memory.
 */
export function exportRows(log: LogFile, from: number, to: number): IterableIterator<ExportRow> {
  return log.db
    .prepare(
      `SELECT c.id, c.ring_at, c.answered_at, c.ended_at, c.outcome, c.agent_number, c.agent_name, c.pack_id,
              c.ring_ms, c.talk_ms, c.hold_ms, c.wrap_up_ms, c.late_answer, c.hung_up_by, c.branches, c.flagged, c.score,
              c.caller_name, c.caller_phone, c.caller_address, c.area_code, c.summary,
              (SELECT group_concat(label, '、') FROM (SELECT label FROM call_reasons WHERE call_id = c.id ORDER BY seq)) AS reasons,
              (SELECT group_concat(code, ' ') FROM (SELECT code FROM call_reasons WHERE call_id = c.id ORDER BY seq)) AS reason_codes,
              (SELECT group_concat(rule, ' ') FROM rule_outcomes WHERE call_id = c.id AND outcome = 'missed') AS missed_rules,
              t.kind AS ticket_kind, t.due_at AS ticket_due_at, t.status AS ticket_status
         FROM calls c LEFT JOIN tickets t ON t.call_id = c.id
        WHERE c.status = 'saved' AND c.mode = 'live' AND c.ring_at >= ? AND c.ring_at < ?
        ORDER BY c.ring_at, c.id`,
    )
    .iterate(from, to) as IterableIterator<ExportRow>;
}

