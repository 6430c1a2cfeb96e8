/**
 * Per-day totals of live calls, and the stats read from them: kept up to date as each call is
 * saved (summarize with ONE_CALL_SUMMARY takes a call's old figures out and puts its new ones
 * in), so \`ringside stats\` over a million calls reads a few thousand rows. Times are kept as
 * histograms (BUCKET_MS) for the p90, and the exact p90 is read from the calls of one step.
 */
import type { LogFile } from './open.js';
import type { DayTotals, Measure, TimeMeasure } from './store.js';

/** The local day of a call's first ring, as stats group it (SQLite's localtime is the process's TZ, as Node's is). */
const CALL_DAY = `date(c.ring_at / 1000, 'unixepoch', 'localtime')`;
/** Histogram steps: ring wait to the second, the longer times to 5 s. */
export const BUCKET_MS: Readonly<Record<Measure, number>> = { ring: 1000, talk: 5000, hold: 5000, wrapUp: 5000, score: 1 };
/** The calls' column of each time (each has an index for its exact p90: migration 5). */
const MEASURE_COLUMN: Record<TimeMeasure, string> = { ring: 'ring_ms', talk: 'talk_ms', hold: 'hold_ms', wrapUp: 'wrap_up_ms' };

/**
 * Adds saved live calls to the per-day totals (sign 1) or takes them out (sign -1), from the rows
 * already written for them: one call (`c.id = :id`) as it is saved, or the whole log when the
 * totals are built. Training calls are practice and stay out of the stats.
 */
function summarySql(which: string): string[] {
  // Call-backs are the agent's own calls out: the stats are about the calls that came in.
  const live = `${which} AND c.status = 'saved' AND c.mode = 'live' AND c.callback_ticket IS NULL`;
  const calls = `calls c WHERE ${live}`;
  const answered = 'c.answered_at IS NOT NULL';
  // Each call's day worked out once (SQLite's localtime is not cheap), not again for each of
  // its verdicts, reasons and times: on a million calls that halves the totals' build.
  const withDays = `WITH live AS MATERIALIZED (
    SELECT c.id, ${CALL_DAY} AS day, c.answered_at, c.ring_ms, c.talk_ms, c.hold_ms, c.wrap_up_ms, c.score FROM ${calls})`;
  return [
    `INSERT INTO day_calls (day, agent_number, agent_name, pack_id, calls, answered, ring3_met, ring3_missed, ring_sum, talk_sum, held, hold_sum,
                            wrap_up_n, wrap_up_sum, scored, score_sum, rules_met, rules_missed, tickets, tickets_on_time, tickets_late)
     SELECT ${CALL_DAY}, c.agent_number, c.agent_name, c.pack_id, :sign * count(*), :sign * sum(${answered}),
            :sign * sum((SELECT count(*) FROM rule_outcomes WHERE call_id = c.id AND rule = 'R-RING-3' AND outcome = 'met')),
            :sign * sum((SELECT count(*) FROM rule_outcomes WHERE call_id = c.id AND rule = 'R-RING-3' AND outcome = 'missed')),
            :sign * sum(CASE WHEN ${answered} THEN coalesce(c.ring_ms, 0) ELSE 0 END),
            :sign * sum(coalesce(c.talk_ms, 0)),
            :sign * sum(coalesce(c.hold_ms, 0) > 0), :sign * sum(coalesce(c.hold_ms, 0)),
            :sign * sum(${answered} AND c.wrap_up_ms IS NOT NULL),
            :sign * sum(CASE WHEN ${answered} THEN coalesce(c.wrap_up_ms, 0) ELSE 0 END),
            :sign * sum(c.score IS NOT NULL), :sign * sum(coalesce(c.score, 0)),
            :sign * sum((SELECT count(*) FROM rule_outcomes WHERE call_id = c.id AND outcome = 'met')),
            :sign * sum((SELECT count(*) FROM rule_outcomes WHERE call_id = c.id AND outcome = 'missed')),
            :sign * sum((SELECT count(*) FROM tickets WHERE call_id = c.id)),
            :sign * sum((SELECT count(*) FROM tickets WHERE call_id = c.id AND status = 'closed' AND closed_at <= due_at)),
            :sign * sum((SELECT count(*) FROM tickets WHERE call_id = c.id AND status = 'closed' AND NOT coalesce(closed_at <= due_at, 0)))
       FROM ${calls} GROUP BY 1, 2, 3, 4
     ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, answered = answered + excluded.answered,
       ring3_met = ring3_met + excluded.ring3_met, ring3_missed = ring3_missed + excluded.ring3_missed, ring_sum = ring_sum + excluded.ring_sum,
       talk_sum = talk_sum + excluded.talk_sum, held = held + excluded.held, hold_sum = hold_sum + excluded.hold_sum,
       wrap_up_n = wrap_up_n + excluded.wrap_up_n, wrap_up_sum = wrap_up_sum + excluded.wrap_up_sum,
       scored = scored + excluded.scored, score_sum = score_sum + excluded.score_sum,
       rules_met = rules_met + excluded.rules_met, rules_missed = rules_missed + excluded.rules_missed,
       tickets = tickets + excluded.tickets, tickets_on_time = tickets_on_time + excluded.tickets_on_time,
       tickets_late = tickets_late + excluded.tickets_late`,
    // Ring wait and wrap-up of answered calls, hold of calls that were held, scores where scored.
    `${withDays}
     INSERT INTO day_times (day, measure, bucket, n)
     SELECT day, measure, bucket, :sign * count(*) FROM (
       SELECT c.day, 'ring' AS measure, c.ring_ms / ${BUCKET_MS.ring} AS bucket FROM live c WHERE ${answered}
       UNION ALL SELECT c.day, 'talk', c.talk_ms / ${BUCKET_MS.talk} FROM live c WHERE c.talk_ms IS NOT NULL
       UNION ALL SELECT c.day, 'hold', c.hold_ms / ${BUCKET_MS.hold} FROM live c WHERE c.hold_ms > 0
       UNION ALL SELECT c.day, 'wrapUp', c.wrap_up_ms / ${BUCKET_MS.wrapUp} FROM live c WHERE ${answered} AND c.wrap_up_ms IS NOT NULL
       UNION ALL SELECT c.day, 'score', c.score FROM live c WHERE c.score IS NOT NULL
     ) WHERE bucket IS NOT NULL GROUP BY 1, 2, 3
     ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    `${withDays}
     INSERT INTO day_rules (day, rule, outcome, n)
     SELECT c.day, r.rule, r.outcome, :sign * count(*) FROM live c JOIN rule_outcomes r ON r.call_id = c.id WHERE true
      GROUP BY 1, 2, 3
     ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    `${withDays}
     INSERT INTO day_reasons (day, code, label, n, talk_n, talk_sum)
     SELECT c.day, r.code, r.label, :sign * count(*), :sign * sum(c.talk_ms IS NOT NULL), :sign * sum(coalesce(c.talk_ms, 0))
       FROM live c JOIN call_reasons r ON r.call_id = c.id WHERE true
      GROUP BY 1, 2, 3
     ON CONFLICT DO UPDATE SET n = n + excluded.n, talk_n = talk_n + excluded.talk_n, talk_sum = talk_sum + excluded.talk_sum`,
  ];
}
export const ONE_CALL_SUMMARY = summarySql('c.id = :id');
export const WHOLE_LOG_SUMMARY = summarySql('1');

/** Adds the figures of one call (`id`) or of the whole log to the per-day totals (sign 1), or takes them out (-1). */
export function summarize(log: LogFile, statements: string[], params: { sign: 1 | -1; id?: number }): void {
  for (const sql of statements) log.statement(sql).run(params);
}

/**
 * The per-day totals of live calls for days in [fromDay, toDay] (YYYY-MM-DD, local), summed
 * over the whole range or per day, agent or pack: what `ringside stats` reads.
 */
export function statsTotals(log: LogFile, fromDay: string, toDay: string, by: 'all' | 'day' | 'agent' | 'pack'): DayTotals[] {
  const group = { all: `''`, day: 'day', agent: 'agent_number', pack: 'pack_id' }[by];
  return log.db
    .prepare(
      `SELECT ${group} AS grp, max(agent_name) AS agent_name, sum(calls) AS calls, sum(answered) AS answered,
              sum(ring3_met) AS ring3Met, sum(ring3_missed) AS ring3Missed, sum(ring_sum) AS ringSum, sum(talk_sum) AS talkSum, sum(held) AS held,
              sum(hold_sum) AS holdSum, sum(wrap_up_n) AS wrapUpN, sum(wrap_up_sum) AS wrapUpSum, sum(scored) AS scored,
              sum(score_sum) AS scoreSum, sum(rules_met) AS rulesMet, sum(rules_missed) AS rulesMissed, sum(tickets) AS tickets,
              sum(tickets_on_time) AS ticketsOnTime, sum(tickets_late) AS ticketsLate
         FROM day_calls WHERE day BETWEEN ? AND ? GROUP BY 1 HAVING sum(calls) > 0 ORDER BY 1`,
    )
    .all(fromDay, toDay)
    .map((row) => {
      const { grp, agent_name, ...sums } = row as Record<string, unknown>;
      const label = by === 'agent' ? [grp, agent_name].filter(Boolean).join(' ') : (grp as string);
      return { group: label, ...(sums as Omit<DayTotals, 'group'>) };
    });
}

/** The histograms of ring wait, talk, hold, wrap-up (buckets of BUCKET_MS) and scores for days in [fromDay, toDay]. */
export function statsTimes(log: LogFile, fromDay: string, toDay: string): { measure: Measure; bucket: number; n: number }[] {
  return log.db
    .prepare(`SELECT measure, bucket, sum(n) AS n FROM day_times WHERE day BETWEEN ? AND ? GROUP BY 1, 2 HAVING sum(n) > 0 ORDER BY 1, 2`)
    .all(fromDay, toDay) as { measure: Measure; bucket: number; n: number }[];
}

/**
 * The `rank`-th smallest (from 1) of a time among the live calls that rang in [from, to) (ms)
 * with that time in [lo, hi) ms: an exact percentile inside the histogram step that holds it.
 * The measure's index (calls_live_ring_ms ...) holds exactly the calls its histogram counts
 * (answered live calls), so only the calls of that one step are read. Null when there are
 * fewer than `rank` of them.
 */
export function timeAtRank(log: LogFile, measure: TimeMeasure, from: number, to: number, lo: number, hi: number, rank: number): number | null {
  const column = MEASURE_COLUMN[measure];
  // A hold of nothing is no hold: the histogram counts held calls only.
  const floor = measure === 'hold' ? Math.max(1, lo) : lo;
  const row = log.db
    .prepare(
      `SELECT ${column} AS value FROM calls
        WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL
          AND ${column} >= ? AND ${column} < ? AND ring_at >= ? AND ring_at < ?
        ORDER BY ${column} LIMIT 1 OFFSET ?`,
    )
    .get(floor, hi, from, to, rank - 1) as { value: number } | undefined;
  return row?.value ?? null;
}

/**
 * The tickets still open of the live calls that rang in [from, to) (ms), as of `now`: past
 * their due time (overdue), and not yet due. (The closed ones are in the per-day totals: they
 * stay as they are; these change with the clock.) Read through the open tickets only.
 */
export function openTicketFigures(log: LogFile, from: number, to: number, now: number): { overdue: number; open: number } {
  return log.db
    .prepare(
      `SELECT coalesce(sum(t.due_at < :now), 0) AS overdue, coalesce(sum(t.due_at >= :now), 0) AS open
         FROM tickets t CROSS JOIN calls c ON c.id = t.call_id
        WHERE t.status = 'open' AND c.status = 'saved' AND c.mode = 'live' AND c.callback_ticket IS NULL AND c.ring_at >= :from AND c.ring_at < :to`,
    )
    .get({ from, to, now }) as { overdue: number; open: number };
}

/** How often each rule was met and missed on days in [fromDay, toDay]. */
export function statsRules(log: LogFile, fromDay: string, toDay: string): { rule: string; met: number; missed: number }[] {
  return log.db
    .prepare(
      `SELECT rule, sum(CASE WHEN outcome = 'met' THEN n ELSE 0 END) AS met, sum(CASE WHEN outcome = 'missed' THEN n ELSE 0 END) AS missed
         FROM day_rules WHERE day BETWEEN ? AND ? GROUP BY rule HAVING met + missed > 0 ORDER BY rule`,
    )
    .all(fromDay, toDay) as { rule: string; met: number; missed: number }[];
}

/** Why people called on days in [fromDay, toDay], most frequent first, with the talk time per reason. */
export function statsReasons(log: LogFile, fromDay: string, toDay: string): { code: string; label: string; calls: number; talkN: number; talkSum: number }[] {
  return log.db
    .prepare(
      `SELECT code, max(label) AS label, sum(n) AS calls, sum(talk_n) AS talkN, sum(talk_sum) AS talkSum
         FROM day_reasons WHERE day BETWEEN ? AND ? GROUP BY code HAVING sum(n) > 0 ORDER BY calls DESC, code`,
    )
    .all(fromDay, toDay) as { code: string; label: string; calls: number; talkN: number; talkSum: number }[];
}

/** The first and last day with live calls, or null for an empty log. */
export function statsDays(log: LogFile): { first: string; last: string } | null {
  const row = log.db.prepare(`SELECT min(day) AS first, max(day) AS last FROM day_calls WHERE calls > 0`).get() as { first: string | null; last: string | null };
  return row.first && row.last ? { first: row.first, last: row.last } : null;
}
