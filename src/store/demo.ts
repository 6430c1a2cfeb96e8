/**
 * Demo data's side of the log: whether a log holds only demo calls, and the copy of a pool of
 * calls the machine made into the log, each moved to its own time, agent and caller
 * (src/demo/data.ts plans the copies). SQLite to SQLite: the pool is attached and copied with
 * INSERT ... SELECT.
 */
import type { LogFile } from './open.js';
import { summarize, WHOLE_LOG_SUMMARY } from './totals.js';

/** One demo call: which pool call it copies, and what is its own. */
export interface DemoCopy {
  id: number;
  poolId: number;
  ringAt: number;
  agentNumber: string;
  agentName: string;
  /** The caller's name, when the pool call asked for it (else the copy has none either). */
  callerName: string;
  callerPhone: string;
  /** The copy's ticket, when the pool call opened one: due two working days after its own save, as its call-backs left it. */
  ticketId: number | null;
  dueAt: number | null;
  ticketStatus: 'open' | 'closed' | null;
  closedAt: number | null;
  result: string | null;
  attempts: number;
  /** A call-back: the ticket it works, and 1 when its result closed it. */
  callbackTicket: number | null;
  closesTicket: 0 | 1;
}

/** How many calls the log holds, and whether demo-data filled it. */
export function contents(log: LogFile): { calls: number; demo: boolean } {
  const calls = (log.db.prepare(`SELECT count(*) AS n FROM calls`).get() as { n: number }).n;
  // Demo only while the log holds exactly the calls demo-data wrote: one call taken since (a
  // call-back tried on a demo ticket, or a real call in the wrong folder) makes it a real log.
  const filled = log.db.prepare(`SELECT value FROM meta WHERE key = 'demo'`).get() as { value: string } | undefined;
  return { calls, demo: filled !== undefined && Number(filled.value) === calls };
}

/**
 * Demo data: copies of the calls in `poolPath` (a log of calls the machine made), each moved to
 * its own time, agent and caller, written in batches with the per-day totals built at the end.
 * SQLite copies the rows itself (INSERT … SELECT), so a million calls take minutes, not hours.
 */
export function copyDemoCalls(log: LogFile, poolPath: string, batches: Iterable<DemoCopy[]>, onBatch: (copied: number) => void): void {
  // The log's indexes are built once after the copy, not kept up row by row (the indexes by a
  // time, for the p90s, take writes all over the file): a fifth faster at 300,000 calls.
  const indexes = log.db.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all() as { name: string; sql: string }[];
  const rebuild = () => {
    for (const index of indexes) if (!log.db.prepare(`SELECT 1 FROM main.sqlite_master WHERE name = ?`).get(index.name)) log.db.exec(index.sql);
  };
  for (const index of indexes) log.db.exec(`DROP INDEX main."${index.name}"`);
  log.db.prepare(`ATTACH DATABASE ? AS pool`).run(poolPath);
  try {
    log.db.exec(`CREATE TEMP TABLE plan (id INTEGER PRIMARY KEY, pool_id INTEGER NOT NULL, ring_at INTEGER NOT NULL, agent_number TEXT NOT NULL,
      agent_name TEXT NOT NULL, caller_name TEXT NOT NULL, caller_phone TEXT NOT NULL, ticket_id INTEGER, due_at INTEGER, ticket_status TEXT,
      closed_at INTEGER, result TEXT, attempts INTEGER NOT NULL, callback_ticket INTEGER, closes_ticket INTEGER NOT NULL)`);
    const plan = log.db.prepare(
      `INSERT INTO temp.plan VALUES (:id, :poolId, :ringAt, :agentNumber, :agentName, :callerName, :callerPhone, :ticketId, :dueAt, :ticketStatus,
         :closedAt, :result, :attempts, :callbackTicket, :closesTicket)`,
    );
    const shift = '(d.ring_at - p.ring_at)';
    const from = `FROM temp.plan d JOIN pool.calls p ON p.id = d.pool_id`;
    const copies = [
      `INSERT INTO calls (id, status, pack_id, strict, thresholds_json, agent_name, agent_number, outcome, ring_at, answered_at, ended_at, saved_at,
         ring_ms, talk_ms, hold_ms, wrap_up_ms, late_answer, hung_up_by, branches, summary, flagged, caller_name, caller_phone, caller_address,
         area_code, fields_json, mode, score, score_passed, score_judged, instant_fail, instant_fail_set, callback_ticket)
       SELECT d.id, 'saved', p.pack_id, p.strict, p.thresholds_json, d.agent_name, d.agent_number, p.outcome, d.ring_at, p.answered_at + ${shift},
         p.ended_at + ${shift}, p.saved_at + ${shift}, p.ring_ms, p.talk_ms, p.hold_ms, p.wrap_up_ms, p.late_answer, p.hung_up_by, p.branches,
         p.summary, p.flagged, CASE WHEN p.caller_name = '' THEN '' ELSE d.caller_name END, d.caller_phone, '', p.area_code, p.fields_json, 'live',
         p.score, p.score_passed, p.score_judged, p.instant_fail, p.instant_fail_set, NULL ${from}`,
      `INSERT INTO call_reasons SELECT d.id, r.seq, r.code, r.label, r.grp ${from} JOIN pool.call_reasons r ON r.call_id = p.id`,
      `INSERT INTO hold_segments SELECT d.id, h.seq, h.started_at + ${shift}, h.ended_at + ${shift}, h.asked_to_wait, h.thanks, h.check_backs
         ${from} JOIN pool.hold_segments h ON h.call_id = p.id`,
      `INSERT INTO call_steps SELECT d.id, s.seq, s.step_id, s.phase, s.status, s.at + ${shift}, s.count, s.rules, s.heard ${from} JOIN pool.call_steps s ON s.call_id = p.id`,
      `INSERT INTO rule_outcomes SELECT d.id, r.rule, r.outcome, r.at + ${shift}, r.why ${from} JOIN pool.rule_outcomes r ON r.call_id = p.id`,
      `INSERT INTO notes SELECT d.id, n.at + ${shift}, n.text ${from} JOIN pool.notes n ON n.call_id = p.id`,
      `INSERT INTO scorecard SELECT d.id, s.item, s.verdict, s.failures_json ${from} JOIN pool.scorecard s ON s.call_id = p.id`,
      `INSERT INTO tickets (id, call_id, kind, summary, owner, opened_at, due_at, status, attempts, closed_at, result)
       SELECT d.ticket_id, d.id, t.kind, t.summary, d.agent_number, t.opened_at + ${shift}, d.due_at, d.ticket_status, d.attempts, d.closed_at, d.result
         ${from} JOIN pool.tickets t ON t.call_id = p.id`,
    ].map((sql) => log.db.prepare(sql));
    // A call-back and its ticket may share a batch: the call-back is tied to its ticket once
    // the ticket is in, and the ticket to the call-back that closed it. (A call-back written
    // before its ticket is a foreign-key violation pending until the ticket comes, and while
    // one is pending SQLite reads whole tables at every insert: the copy grew quadratic.)
    const worksOn = log.db.prepare(`UPDATE calls SET callback_ticket = ? WHERE id = ?`);
    const closedBy = log.db.prepare(`UPDATE tickets SET closed_by_call = ? WHERE id = ?`);
    let copied = 0;
    const batch = log.db.transaction((rows: DemoCopy[]) => {
      for (const row of rows) plan.run(row);
      for (const copy of copies) copy.run();
      for (const row of rows) {
        if (row.callbackTicket === null) continue;
        worksOn.run(row.callbackTicket, row.id);
        if (row.closesTicket === 1) closedBy.run(row.id, row.callbackTicket);
      }
      log.db.exec(`DELETE FROM temp.plan`);
    });
    for (const rows of batches) {
      batch(rows);
      copied += rows.length;
      onBatch(copied);
    }
    log.db.transaction(() => {
      rebuild();
      summarize(log, WHOLE_LOG_SUMMARY, { sign: 1 });
      log.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', ?)`).run(String(copied));
    })();
  } finally {
    log.db.exec(`DROP TABLE IF EXISTS temp.plan`);
    log.db.exec(`DETACH DATABASE pool`);
    // A copy that failed half way still leaves a log with its indexes.
    rebuild();
  }
}

/** Runs `work` in one transaction (demo data's pool of calls: one commit, not one disk sync a call). */
export function batch<T>(log: LogFile, work: () => T): T {
  return log.db.transaction(work)();
}
