/**
 * The team's reads (src/store/store.ts LogReads) on PostgreSQL: `history`, `stats`, `follow-ups`
 * and `export` with `--team` read every desk's calls as the uploader put them there
 * (src/team/upload.ts), through the same reports as a desk's own log. What a login sees is what
 * row-level security lets it (src/team/schema.ts): a lead the whole team, an agent its own calls
 * and the tickets given to it.
 *
 * Numbers: a call's and a ticket's number here is the team's (`calls.id`, `tickets.id`), unique
 * across desks; the desk's own number stays in its record. Stats read the per-day totals the
 * server keeps as calls arrive, and an exact p90 reads only one histogram step of one measure
 * through its partial index (calls_live_*_ms). An export reads through a cursor, a page at a time.
 */
import type { Client } from 'pg';
import type { DayTotals, ExportRow, FollowUp, HistoryRow, LogReads, Measure, SavedCall, TimeMeasure } from '../store/store.js';
import { CONTROL_CHARACTERS } from '../controls.js';
import { UserError } from '../errors.js';
import { said } from '../language.js';
import { codeOf, connectTeam, teamProblem } from './connect.js';
import { requireSchema } from './schema.js';
import { followUpOf } from '../store/tickets.js';

/** The calls' column of each time: each has its partial index for the exact p90 (calls_live_ring_ms ...). */
const MEASURE_COLUMN: Record<TimeMeasure, string> = { ring: 'ring_ms', talk: 'talk_ms', hold: 'hold_ms', wrapUp: 'wrap_up_ms' };

/** The agent's team tickets read for the live screen's list at most (it shows a page of nine). */
const TEAM_TICKETS_READ = 50;

/** Rows an export fetches at a time: its memory is one page, however long the range. */
export const EXPORT_PAGE = 500;

/** The calls each partial index holds (answered live calls, not call-backs): a p90 query must say exactly this to use one. */
const IN_TIME_INDEX = `mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL`;

/** The team's totals are a lead's to read: an agent's login reads its own calls only. */
const STATS_FOR_LEADS = {
  'zh-CN': '全组的统计只有组长（ringside_lead 角色）能看；这个登录是坐席的，只能看自己的来电（ringside history --team、ringside follow-ups --team）。自己这台电脑的统计：ringside stats。',
  en: "The team's stats are for team leads (the ringside_lead role); this login is an agent's and reads only its own calls (ringside history --team, ringside follow-ups --team). This desk's own stats: ringside stats.",
};

/**
 * The team's number of the ticket a call-back worked: a desk numbers its tickets its own way, so
 * the call's own number is found among its desk's tickets (kept when the ticket is not up yet).
 */
const CALLBACK_TICKET = `coalesce((SELECT k.id FROM ringside.tickets k WHERE k.desk_id = c.desk_id AND k.ticket_id = c.callback_ticket), c.callback_ticket)`;

/**
 * A row from the server as the reports may print it: every string in it (its JSON parts too)
 * without the characters a terminal acts on. A desk's own log keeps out what it never let in;
 * the team's rows come from other desks, and a desk's login can write what it likes to its rows.
 */
function withoutControls<T>(value: T): T {
  if (typeof value === 'string') return value.replace(CONTROL_CHARACTERS, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(withoutControls) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutControls(inner)])) as T;
  }
  return value;
}

/** A saved call read back from the team: as its desk saved it, under the team's numbers. */
const callOf = (row: { id: number; record: SavedCall; callback_ticket: number | null }): SavedCall => ({ ...row.record, id: row.id, callbackTicket: row.callback_ticket });
type CallRow = { id: number; record: SavedCall; callback_ticket: number | null };

export class TeamStore implements LogReads {
  private constructor(
    private readonly client: Client,
    private readonly url: string,
    private readonly owned = true,
  ) {}

  /** The reads on a connection already made (a desk's link to the team): closing the store leaves it open. */
  static on(client: Client, url: string): TeamStore {
    return new TeamStore(client, url, false);
  }

  /** Connects to the team at `url` and checks its schema: the store, or a UserError that says why not. */
  static async open(url: string): Promise<TeamStore> {
    const client = await connectTeam(url, { application: 'ringside reads' });
    try {
      await requireSchema(client);
    } catch (error) {
      await client.end().catch(() => {});
      throw teamProblem(error, url);
    }
    return new TeamStore(client, url);
  }

  /** A query whose failure is said as a sentence; `refused`: what to say when the login may not read it. */
  private async rows<T>(sql: string, params: unknown[] = [], refused?: string): Promise<T[]> {
    try {
      return (await this.client.query(sql, params)).rows.map(withoutControls) as T[];
    } catch (error) {
      if (refused && codeOf(error) === '42501') throw new UserError(refused, 1);
      throw teamProblem(error, this.url);
    }
  }

  async recentCalls(limit: number): Promise<SavedCall[]> {
    const rows = await this.rows<CallRow>(`SELECT c.id, c.record, ${CALLBACK_TICKET} AS callback_ticket FROM ringside.calls c ORDER BY c.ring_at DESC, c.id DESC LIMIT $1`, [limit]);
    return rows.map(callOf);
  }

  async historyRows(limit: number): Promise<HistoryRow[]> {
    const rows = await this.rows<Record<string, unknown>>(
      `SELECT c.id, c.ring_at, c.mode, c.outcome, c.ring_ms, c.talk_ms, c.hung_up_by, c.flagged, ${CALLBACK_TICKET} AS callback_ticket, c.caller_name, c.caller_phone,
              c.score, c.instant_fail, jsonb_typeof(c.record->'scorecard') = 'object' AS scored,
              (SELECT count(*) FROM jsonb_array_elements(c.rules) r WHERE r->>'outcome' = 'missed')::int AS missed,
              t.kind AS ticket_kind,
              ARRAY(SELECT r->>'label' FROM jsonb_array_elements(c.reasons) WITH ORDINALITY AS x(r, n) ORDER BY n) AS reasons
         FROM ringside.calls c LEFT JOIN ringside.tickets t ON t.desk_id = c.desk_id AND t.call_id = c.call_id
        ORDER BY c.ring_at DESC, c.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      id: row.id as number,
      ringAt: row.ring_at as number,
      mode: row.mode as 'live' | 'training',
      outcome: row.outcome as string | null,
      ringMs: row.ring_ms as number | null,
      talkMs: row.talk_ms as number | null,
      hungUpBy: row.hung_up_by as string | null,
      missedRules: row.missed as number,
      score: row.scored ? { total: row.score as number, instantFail: row.instant_fail as boolean } : null,
      caller: { name: row.caller_name as string, phone: row.caller_phone as string },
      ticketKind: row.ticket_kind as string | null,
      flagged: row.flagged as boolean,
      callbackTicket: row.callback_ticket as number | null,
      reasons: row.reasons as string[],
    }));
  }

  async getCall(id: number): Promise<SavedCall | null> {
    const [row] = await this.rows<CallRow>(`SELECT c.id, c.record, ${CALLBACK_TICKET} AS callback_ticket FROM ringside.calls c WHERE c.id = $1`, [id]);
    return row ? callOf(row) : null;
  }

  /** Open tickets of live calls across the team; the owner is the agent a lead gave the ticket to, when one did. */
  async openFollowUps(): Promise<FollowUp[]> {
    return (await this.followUpRows('')).map((row) => followUpOf(row, row.reasons as string[]));
  }

  /**
   * An agent's team tickets, for the live screen's list: open, assigned to `agentNumber`, or owned by it
   * on another desk (not given to someone else); none of `deskId`'s own (the desk lists those itself).
   */
  async teamFollowUps(deskId: string, agentNumber: string): Promise<FollowUp[]> {
    const rows = await this.followUpRows(`AND t.desk_id <> $1 AND (t.assigned_to = $2 OR (t.assigned_to IS NULL AND t.owner = $2))`, [deskId, agentNumber], TEAM_TICKETS_READ);
    return rows.map((row) => ({ ...followUpOf(row, row.reasons as string[]), team: { agent: row.desk_agent as string } }));
  }

  /** The open tickets, soonest due first; `limit`: at most that many (the screen's list shows a few). */
  /**
   * The desk's own open tickets a lead gave to another agent (their numbers on the desk): the
   * desk that took the call no longer lists them, so two agents do not call the customer back.
   */
  async givenAway(deskId: string, agentNumber: string): Promise<number[]> {
    const rows = await this.rows<{ ticket_id: number }>(
      `SELECT ticket_id FROM ringside.tickets WHERE desk_id = $1 AND status = 'open' AND assigned_to IS NOT NULL AND assigned_to <> $2`,
      [deskId, agentNumber],
    );
    return rows.map((row) => row.ticket_id);
  }

  private followUpRows(where: string, params: unknown[] = [], limit?: number): Promise<Record<string, unknown>[]> {
    return this.rows(
      `SELECT t.id AS ticket_id, c.id AS call_id, c.pack_id, t.kind, t.summary, coalesce(t.assigned_to, t.owner) AS owner, t.opened_at, t.due_at,
              c.caller_name, c.caller_phone, c.agent_number AS desk_agent,
              ARRAY(SELECT r->>'label' FROM jsonb_array_elements(c.reasons) WITH ORDINALITY AS x(r, n) ORDER BY n) AS reasons
         FROM ringside.tickets t JOIN ringside.calls c ON c.desk_id = t.desk_id AND c.call_id = t.call_id
        WHERE t.status = 'open' AND c.mode = 'live' ${where}
        ORDER BY t.due_at, t.id${limit === undefined ? '' : ` LIMIT ${Math.floor(limit)}`}`,
      params,
    );
  }

  /**
   * Gives ticket `ticketId` (the team's number) to agent `agentNumber`: a lead's work (an agent's
   * login has no right to these columns: refused). 'none' when the login sees no such ticket.
   */
  async assign(ticketId: number, agentNumber: string): Promise<'assigned' | 'none' | 'refused'> {
    try {
      const done = await this.client.query(
        `UPDATE ringside.tickets SET assigned_to = $2, assigned_by = current_user, assigned_at = now() WHERE id = $1 RETURNING id`,
        [ticketId, agentNumber],
      );
      return done.rowCount === 1 ? 'assigned' : 'none';
    } catch (error) {
      if (codeOf(error) === '42501') return 'refused';
      throw teamProblem(error, this.url);
    }
  }

  async statsDays(): Promise<{ first: string; last: string } | null> {
    const [row] = await this.rows<{ first: string | null; last: string | null }>(`SELECT min(day) AS first, max(day) AS last FROM ringside.day_calls WHERE calls > 0`, [], said(STATS_FOR_LEADS));
    return row?.first && row.last ? { first: row.first, last: row.last } : null;
  }

  async statsTotals(fromDay: string, toDay: string, by: 'all' | 'day' | 'agent' | 'pack'): Promise<DayTotals[]> {
    const group = { all: `''`, day: 'day', agent: 'agent_number', pack: 'pack_id' }[by];
    const sum = (column: string, name: string) => `sum(${column})::bigint AS "${name}"`;
    const rows = await this.rows<Record<string, unknown>>(
      `SELECT ${group} AS grp, max(agent_name) AS agent_name, ${sum('calls', 'calls')}, ${sum('answered', 'answered')},
              ${sum('ring3_met', 'ring3Met')}, ${sum('ring3_missed', 'ring3Missed')}, ${sum('ring_sum', 'ringSum')}, ${sum('talk_sum', 'talkSum')},
              ${sum('held', 'held')}, ${sum('hold_sum', 'holdSum')}, ${sum('wrap_up_n', 'wrapUpN')}, ${sum('wrap_up_sum', 'wrapUpSum')},
              ${sum('scored', 'scored')}, ${sum('score_sum', 'scoreSum')}, ${sum('rules_met', 'rulesMet')}, ${sum('rules_missed', 'rulesMissed')},
              ${sum('tickets', 'tickets')}, ${sum('tickets_on_time', 'ticketsOnTime')}, ${sum('tickets_late', 'ticketsLate')}
         FROM ringside.day_calls WHERE day BETWEEN $1 AND $2 GROUP BY 1 HAVING sum(calls) > 0 ORDER BY ${group} COLLATE "C"`,
      [fromDay, toDay],
    );
    return rows.map((row) => {
      const { grp, agent_name, ...sums } = row;
      const label = by === 'agent' ? [grp, agent_name].filter(Boolean).join(' ') : (grp as string);
      return { group: label, ...(sums as Omit<DayTotals, 'group'>) };
    });
  }

  async statsTimes(fromDay: string, toDay: string): Promise<{ measure: Measure; bucket: number; n: number }[]> {
    return this.rows(
      `SELECT measure, bucket, sum(n)::bigint AS n FROM ringside.day_times WHERE day BETWEEN $1 AND $2
        GROUP BY 1, 2 HAVING sum(n) > 0 ORDER BY measure COLLATE "C", bucket`,
      [fromDay, toDay],
    );
  }

  async statsRules(fromDay: string, toDay: string): Promise<{ rule: string; met: number; missed: number }[]> {
    const rows = await this.rows<{ rule: string; met: number | null; missed: number | null }>(
      `SELECT rule, sum(n) FILTER (WHERE outcome = 'met')::bigint AS met, sum(n) FILTER (WHERE outcome = 'missed')::bigint AS missed
         FROM ringside.day_rules WHERE day BETWEEN $1 AND $2 GROUP BY rule
       HAVING coalesce(sum(n) FILTER (WHERE outcome IN ('met', 'missed')), 0) > 0 ORDER BY rule COLLATE "C"`,
      [fromDay, toDay],
    );
    return rows.map((row) => ({ rule: row.rule, met: row.met ?? 0, missed: row.missed ?? 0 }));
  }

  async statsReasons(fromDay: string, toDay: string): Promise<{ code: string; label: string; calls: number; talkN: number; talkSum: number }[]> {
    return this.rows(
      `SELECT code, max(label) AS label, sum(n)::bigint AS calls, sum(talk_n)::bigint AS "talkN", sum(talk_sum)::bigint AS "talkSum"
         FROM ringside.day_reasons WHERE day BETWEEN $1 AND $2 GROUP BY code HAVING sum(n) > 0 ORDER BY calls DESC, code COLLATE "C"`,
      [fromDay, toDay],
    );
  }

  /** One value of one histogram step, read through the measure's partial index (its WHERE is the index's). */
  async timeAtRank(measure: TimeMeasure, from: number, to: number, lo: number, hi: number, rank: number): Promise<number | null> {
    const column = MEASURE_COLUMN[measure];
    // A hold of nothing is no hold: the histogram counts held calls only.
    const floor = measure === 'hold' ? Math.max(1, lo) : lo;
    const [row] = await this.rows<{ value: number }>(
      `SELECT ${column} AS value FROM ringside.calls
        WHERE ${IN_TIME_INDEX} AND ${column} >= $1 AND ${column} < $2 AND ring_at >= $3 AND ring_at < $4
        ORDER BY ${column} LIMIT 1 OFFSET $5`,
      [floor, hi, from, to, rank - 1],
    );
    return row?.value ?? null;
  }

  /** The SQL timeAtRank runs, for a test to ask the planner which index it takes. */
  static timeAtRankSql(measure: TimeMeasure): string {
    const column = MEASURE_COLUMN[measure];
    return `SELECT ${column} AS value FROM ringside.calls WHERE ${IN_TIME_INDEX} AND ${column} >= $1 AND ${column} < $2 AND ring_at >= $3 AND ring_at < $4 ORDER BY ${column} LIMIT 1 OFFSET $5`;
  }

  async openTicketFigures(from: number, to: number, now: number): Promise<{ overdue: number; open: number }> {
    const [row] = await this.rows<{ overdue: number; open: number }>(
      `SELECT count(*) FILTER (WHERE t.due_at < $3)::bigint AS overdue, count(*) FILTER (WHERE t.due_at >= $3)::bigint AS open
         FROM ringside.tickets t JOIN ringside.calls c ON c.desk_id = t.desk_id AND c.call_id = t.call_id
        WHERE t.status = 'open' AND c.mode = 'live' AND c.callback_ticket IS NULL AND c.ring_at >= $1 AND c.ring_at < $2`,
      [from, to, now],
    );
    return row ?? { overdue: 0, open: 0 };
  }

  async countCalls(from: number, to: number): Promise<number> {
    const [row] = await this.rows<{ n: number }>(`SELECT count(*)::bigint AS n FROM ringside.calls WHERE mode = 'live' AND ring_at >= $1 AND ring_at < $2`, [from, to]);
    return row?.n ?? 0;
  }

  /** The calls oldest first, through a cursor in one read-only transaction: a page of `page` rows in memory at a time. */
  async *exportRows(from: number, to: number, page = EXPORT_PAGE): AsyncGenerator<ExportRow> {
    const run = (sql: string, params: unknown[] = []) => this.rows<ExportRow>(sql, params);
    await run('BEGIN READ ONLY');
    let open = true;
    try {
      await run(
        `DECLARE ringside_export NO SCROLL CURSOR FOR
         SELECT c.id, c.ring_at, c.answered_at, c.ended_at, c.outcome, c.agent_number, c.agent_name, c.pack_id,
                c.ring_ms, c.talk_ms, c.hold_ms, c.wrap_up_ms, c.late_answer::int AS late_answer, c.hung_up_by, c.branches, c.flagged::int AS flagged,
                c.score, c.caller_name, c.caller_phone, c.caller_address, c.area_code, c.summary,
                (SELECT string_agg(r->>'label', '、' ORDER BY n) FROM jsonb_array_elements(c.reasons) WITH ORDINALITY AS x(r, n)) AS reasons,
                (SELECT string_agg(r->>'code', ' ' ORDER BY n) FROM jsonb_array_elements(c.reasons) WITH ORDINALITY AS x(r, n)) AS reason_codes,
                (SELECT string_agg(r->>'rule', ' ' ORDER BY n) FROM jsonb_array_elements(c.rules) WITH ORDINALITY AS x(r, n) WHERE r->>'outcome' = 'missed') AS missed_rules,
                t.kind AS ticket_kind, t.due_at AS ticket_due_at, t.status AS ticket_status
           FROM ringside.calls c LEFT JOIN ringside.tickets t ON t.desk_id = c.desk_id AND t.call_id = c.call_id
          WHERE c.mode = 'live' AND c.ring_at >= $1 AND c.ring_at < $2
          ORDER BY c.ring_at, c.id`,
        [from, to],
      );
      for (;;) {
        const rows = await run(`FETCH ${Math.max(1, Math.floor(page))} FROM ringside_export`);
        for (const row of rows) yield row;
        if (rows.length < page) break;
      }
      await run('COMMIT');
      open = false;
    } finally {
      // Stopped early (a closed pipe) or failed: the transaction and its cursor go.
      if (open) await this.client.query('ROLLBACK').catch(() => {});
    }
  }

  async close(): Promise<void> {
    if (this.owned) await this.client.end().catch(() => {});
  }
}

