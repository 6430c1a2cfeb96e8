/**
 * The call log: one SQLite file (better-sqlite3), WAL, synchronous=FULL so an acknowledged write
 * survives a power cut, migrations by user_version. Every event the call machine accepts is
 * appended as it happens, so an open call can be rebuilt after the program dies; the finished
 * call is written out in full on save. The file holds caller data: it is created mode 0600.
 */
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CallContext, CallEvent, HoldThanks } from '../../machines/call.js';
import type { Thresholds } from '../pack/schema.js';
import { reasonGroups, ticketKind } from '../../machines/call.js';
import { judgeCall } from '../../machines/judge.js';
import { scoreCall, totalOf, type Expectation, type ItemVerdict, type Scorecard } from '../../machines/scorecard.js';
import { allSteps } from '../../machines/steps.js';
import { printable, UserError } from '../errors.js';
import { checkOwnFile, ownPrivateFile, privateFolder } from '../safe-fs.js';
import { addWorkingDays } from './workdays.js';

/** Each entry moves the schema one version up; never edit one that has shipped. */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE calls (
    id            INTEGER PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('open', 'saved')),
    pack_id       TEXT NOT NULL,
    strict        INTEGER NOT NULL DEFAULT 0,
    thresholds_json TEXT NOT NULL DEFAULT '{}',
    agent_name    TEXT NOT NULL DEFAULT '',
    agent_number  TEXT NOT NULL DEFAULT '',
    outcome       TEXT,
    ring_at       INTEGER NOT NULL,
    answered_at   INTEGER,
    ended_at      INTEGER,
    saved_at      INTEGER,
    ring_ms       INTEGER,
    talk_ms       INTEGER,
    hold_ms       INTEGER,
    wrap_up_ms    INTEGER,
    late_answer   INTEGER NOT NULL DEFAULT 0,
    hung_up_by    TEXT,
    branches      TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    flagged       INTEGER NOT NULL DEFAULT 0,
    caller_name   TEXT NOT NULL DEFAULT '',
    caller_phone  TEXT NOT NULL DEFAULT '',
    caller_address TEXT NOT NULL DEFAULT '',
    area_code     TEXT NOT NULL DEFAULT '',
    fields_json   TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX calls_ring_at ON calls (ring_at);
  CREATE INDEX calls_open ON calls (status) WHERE status = 'open';
  CREATE TABLE call_events (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    seq      INTEGER NOT NULL,
    at       INTEGER NOT NULL,
    type     TEXT NOT NULL,
    event_json TEXT NOT NULL,
    PRIMARY KEY (call_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE call_reasons (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    seq      INTEGER NOT NULL,
    code     TEXT NOT NULL,
    label    TEXT NOT NULL,
    grp      TEXT NOT NULL,
    PRIMARY KEY (call_id, code)
  ) WITHOUT ROWID;
  CREATE TABLE hold_segments (
    call_id       INTEGER NOT NULL REFERENCES calls (id),
    seq           INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    asked_to_wait INTEGER NOT NULL,
    thanks        TEXT NOT NULL,
    check_backs   INTEGER NOT NULL,
    PRIMARY KEY (call_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE call_steps (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    seq      INTEGER NOT NULL,
    step_id  TEXT NOT NULL,
    phase    TEXT NOT NULL,
    status   TEXT NOT NULL,
    at       INTEGER,
    count    INTEGER NOT NULL,
    rules    TEXT NOT NULL,
    PRIMARY KEY (call_id, step_id)
  ) WITHOUT ROWID;
  CREATE TABLE rule_outcomes (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    rule     TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    at       INTEGER,
    why      TEXT NOT NULL,
    PRIMARY KEY (call_id, rule)
  ) WITHOUT ROWID;
  CREATE TABLE notes (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    at       INTEGER NOT NULL,
    text     TEXT NOT NULL
  );
  CREATE TABLE tickets (
    id         INTEGER PRIMARY KEY,
    call_id    INTEGER NOT NULL UNIQUE REFERENCES calls (id),
    kind       TEXT NOT NULL CHECK (kind IN ('complaint', 'suggestion')),
    summary    TEXT NOT NULL,
    owner      TEXT NOT NULL,
    opened_at  INTEGER NOT NULL,
    due_at     INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open'
  );
  `,
  // 2: training calls and the scorecard (items A-N, each with its failures and their moments).
  `
  ALTER TABLE calls ADD COLUMN mode TEXT NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'training'));
  ALTER TABLE calls ADD COLUMN scenario_id TEXT;
  ALTER TABLE calls ADD COLUMN score INTEGER;
  ALTER TABLE calls ADD COLUMN score_passed INTEGER;
  ALTER TABLE calls ADD COLUMN score_judged INTEGER;
  ALTER TABLE calls ADD COLUMN instant_fail TEXT NOT NULL DEFAULT '';
  ALTER TABLE calls ADD COLUMN instant_fail_set TEXT NOT NULL DEFAULT '';
  CREATE TABLE scorecard (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    item     TEXT NOT NULL,
    verdict  TEXT NOT NULL CHECK (verdict IN ('pass', 'fail', 'n/a', 'unreviewed')),
    failures_json TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (call_id, item)
  ) WITHOUT ROWID;
  `,
  // 3: the follow-up list reads open tickets by due date.
  `
  CREATE INDEX tickets_open ON tickets (status, due_at);
  `,
  // 4: per-day totals for \`ringside stats\`, kept up to date as calls are saved, so stats over a
  // million calls read a few thousand rows. Times are kept as histograms (ring wait in 1 s steps,
  // talk, hold and wrap-up in 5 s steps) for the p90; scores by the point. Built from the calls
  // already logged. Call-backs: the ticket a call worked, and what became of the ticket. Meta: a
  // log filled by demo-data says so.
  `
  CREATE TABLE day_calls (
    day          TEXT NOT NULL,
    agent_number TEXT NOT NULL,
    agent_name   TEXT NOT NULL,
    pack_id      TEXT NOT NULL,
    calls        INTEGER NOT NULL,
    answered     INTEGER NOT NULL,
    in_three_rings INTEGER NOT NULL,
    ring_sum     INTEGER NOT NULL,
    talk_sum     INTEGER NOT NULL,
    held         INTEGER NOT NULL,
    hold_sum     INTEGER NOT NULL,
    wrap_up_n    INTEGER NOT NULL,
    wrap_up_sum  INTEGER NOT NULL,
    scored       INTEGER NOT NULL,
    score_sum    INTEGER NOT NULL,
    rules_met    INTEGER NOT NULL,
    rules_missed INTEGER NOT NULL,
    tickets      INTEGER NOT NULL,
    PRIMARY KEY (day, agent_number, agent_name, pack_id)
  ) WITHOUT ROWID;
  CREATE TABLE day_times (
    day     TEXT NOT NULL,
    measure TEXT NOT NULL,
    bucket  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, measure, bucket)
  ) WITHOUT ROWID;
  CREATE TABLE day_rules (
    day     TEXT NOT NULL,
    rule    TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, rule, outcome)
  ) WITHOUT ROWID;
  CREATE TABLE day_reasons (
    day     TEXT NOT NULL,
    code    TEXT NOT NULL,
    label   TEXT NOT NULL,
    n       INTEGER NOT NULL,
    talk_n  INTEGER NOT NULL,
    talk_sum INTEGER NOT NULL,
    PRIMARY KEY (day, code, label)
  ) WITHOUT ROWID;
  ALTER TABLE calls ADD COLUMN callback_ticket INTEGER REFERENCES tickets (id);
  ALTER TABLE tickets ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tickets ADD COLUMN closed_at INTEGER;
  ALTER TABLE tickets ADD COLUMN result TEXT;
  ALTER TABLE tickets ADD COLUMN closed_by_call INTEGER REFERENCES calls (id);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 5: R-RING-3 has one definition (machines/judge.ts): a call that rang past the ring limit
  // unanswered, or was rejected, is missed; a caller who gave up within the limit is not judged
  // (it was "met" before). The verdicts already logged are judged again the same way, and the
  // per-day totals count R-RING-3 from the verdicts (met and missed), and the tickets of the
  // day's calls closed by a call-back on time and late (R-FOLLOW-UP), and are built again from
  // the calls. Indexes: the exact p90 of each time reads only the calls in its histogram step;
  // a ticket's call-backs are found without reading the whole log. (A row whose settings are
  // damaged is judged with the default limit: one damaged row must not keep the log shut.)
  `
  DELETE FROM rule_outcomes WHERE rule = 'R-RING-3' AND call_id IN (
    SELECT id FROM calls WHERE status = 'saved' AND answered_at IS NULL AND callback_ticket IS NULL AND outcome = 'missed'
       AND late_answer = 0 AND coalesce(ring_ms, 0) < coalesce(CASE WHEN json_valid(thresholds_json) THEN json_extract(thresholds_json, '$.ringMs') END, 15000));
  UPDATE rule_outcomes SET outcome = 'missed',
         at = (SELECT c.ended_at FROM calls c WHERE c.id = rule_outcomes.call_id),
         why = (SELECT CASE WHEN c.outcome = 'rejected' THEN 'rejected after ' ELSE 'rang ' END || ((coalesce(c.ring_ms, 0) + 500) / 1000)
                       || CASE WHEN c.outcome = 'rejected' THEN ' s' ELSE ' s unanswered' END
                  FROM calls c WHERE c.id = rule_outcomes.call_id)
   WHERE rule = 'R-RING-3' AND call_id IN (SELECT id FROM calls WHERE status = 'saved' AND answered_at IS NULL AND callback_ticket IS NULL);
  ALTER TABLE day_calls RENAME COLUMN in_three_rings TO ring3_met;
  ALTER TABLE day_calls ADD COLUMN ring3_missed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE day_calls ADD COLUMN tickets_on_time INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE day_calls ADD COLUMN tickets_late INTEGER NOT NULL DEFAULT 0;
  DELETE FROM day_calls;
  DELETE FROM day_times;
  DELETE FROM day_rules;
  DELETE FROM day_reasons;
  CREATE INDEX calls_live_ring_ms ON calls (ring_ms, ring_at)
    WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_talk_ms ON calls (talk_ms, ring_at)
    WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_hold_ms ON calls (hold_ms, ring_at)
    WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_wrap_up_ms ON calls (wrap_up_ms, ring_at)
    WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_callback_ticket ON calls (callback_ticket) WHERE callback_ticket IS NOT NULL;
  `,
];
/** The migrations after which the per-day totals are built again from the calls (their definition changed). */
const TOTALS_BUILT_AT: readonly number[] = [4, 5];

/** The local day of a call's first ring, as stats group it (SQLite's localtime is the process's TZ, as Node's is). */
const CALL_DAY = `date(c.ring_at / 1000, 'unixepoch', 'localtime')`;
/** Histogram steps: ring wait to the second, the longer times to 5 s. */
export const BUCKET_MS = { ring: 1000, talk: 5000, hold: 5000, wrapUp: 5000, score: 1 } as const;
export type Measure = keyof typeof BUCKET_MS;
export type TimeMeasure = Exclude<Measure, 'score'>;
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
const ONE_CALL_SUMMARY = summarySql('c.id = :id');
const WHOLE_LOG_SUMMARY = summarySql('1');

/** One call as an export reads it (snake_case: the columns as stored). */
export interface ExportRow {
  id: number;
  ring_at: number;
  answered_at: number | null;
  ended_at: number | null;
  outcome: string | null;
  agent_number: string;
  agent_name: string;
  pack_id: string;
  ring_ms: number | null;
  talk_ms: number | null;
  hold_ms: number | null;
  wrap_up_ms: number | null;
  late_answer: number;
  hung_up_by: string | null;
  branches: string;
  flagged: number;
  score: number | null;
  caller_name: string;
  caller_phone: string;
  caller_address: string;
  area_code: string;
  summary: string;
  reasons: string | null;
  reason_codes: string | null;
  missed_rules: string | null;
  ticket_kind: string | null;
  ticket_due_at: number | null;
  ticket_status: string | null;
}

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

/** Sums of live calls over a group of days (all, one day, one agent or one pack). */
export interface DayTotals {
  group: string;
  calls: number;
  answered: number;
  /** R-RING-3 verdicts of the calls (machines/judge.ts says which calls are judged). */
  ring3Met: number;
  ring3Missed: number;
  ringSum: number;
  talkSum: number;
  held: number;
  holdSum: number;
  wrapUpN: number;
  wrapUpSum: number;
  scored: number;
  scoreSum: number;
  rulesMet: number;
  rulesMissed: number;
  tickets: number;
  /** The tickets of these calls a call-back closed by their due time, and after it (R-FOLLOW-UP). */
  ticketsOnTime: number;
  ticketsLate: number;
}

/** An open ticket with the call it came from: a promise to call back (R-FOLLOW-UP). */
export interface FollowUp {
  ticketId: number;
  callId: number;
  packId: string;
  kind: 'complaint' | 'suggestion';
  summary: string;
  owner: string;
  openedAt: number;
  dueAt: number;
  caller: { name: string; phone: string };
  reasons: string[];
}

export interface SavedCall {
  id: number;
  packId: string;
  agentName: string;
  agentNumber: string;
  outcome: string | null;
  ringAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  savedAt: number | null;
  ringMs: number | null;
  talkMs: number | null;
  holdMs: number | null;
  wrapUpMs: number | null;
  lateAnswer: boolean;
  hungUpBy: string | null;
  branches: string[];
  summary: string;
  flagged: boolean;
  caller: { name: string; phone: string; address: string; areaCode: string; fields: Record<string, string> };
  reasons: { code: string; label: string; group: string }[];
  holds: { startedAt: number; endedAt: number | null; askedToWait: boolean; thanks: HoldThanks; checkBacks: number }[];
  steps: { id: string; phase: string; status: string; at: number | null; rules: string[] }[];
  rules: { rule: string; outcome: string; at: number | null; why: string }[];
  notes: { at: number; text: string }[];
  ticket: { kind: string; dueAt: number; status: string } | null;
  /** 'training' for a call taken in `ringside train`, with its scenario. */
  mode: 'live' | 'training';
  /** The ticket a call-back worked. */
  callbackTicket: number | null;
  scenarioId: string | null;
  /** Items A-N with the total (and the instant-fail set it was scored with); null when not answered or saved before scorecards existed. */
  scorecard: (Scorecard & { instantFailSet: string[] }) | null;
}

/** How a call is scored when it is saved. */
export interface SaveScoring {
  instantFail: readonly string[];
  /** A training scenario's expectations. */
  expect?: Expectation;
  /** A trainer listened: trainer items not marked pass. */
  reviewed?: boolean;
}

export interface OpenCall {
  id: number;
  packId: string;
  /** The strict mode and thresholds the call was taken with: a replay needs the same. */
  strict: boolean;
  thresholds: Thresholds;
  events: CallEvent[];
}

/**
 * Creates the file (and its folder) private to the user before SQLite opens it, and refuses one it
 * cannot trust: a folder someone else can change, a log or -wal/-shm that is a link, not a regular
 * file, or another user's (SQLite would write caller data through it, or replay another's -wal).
 */
function createPrivate(path: string): void {
  privateFolder(dirname(path), "The call log's folder");
  for (const suffix of ['-wal', '-shm']) checkOwnFile(path + suffix, 'The call log');
  ownPrivateFile(path, 'The call log');
}

/** How long a command waits for another process's write to the log before saying the log is busy. */
export const BUSY_WAIT_MS = 5_000;
/**
 * How long a screen's write waits for another process's: a key is read only once the write before
 * it returns, so a long wait would freeze the screen and stamp the keys pressed meanwhile late.
 * The desk keeps what the busy log could not take and tries again in the background instead.
 */
export const SCREEN_BUSY_WAIT_MS = 50;

/** SQLite's word that another connection holds the lock it needs (SQLITE_BUSY and its kinds). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The sentence for a log another process kept locked longer than a command waits (exit 1). */
export function busyLogSentence(path: string): string {
  return `The call log ${printable(path)} is busy: another program (another Ringside command, or a tool with the file open) kept it locked for more than ${BUSY_WAIT_MS / 1000} s. Nothing was changed; try again in a moment.`;
}

/**
 * Replaces the log at `target` with the log at `source` in one write transaction: SQLite's backup
 * writes the pages through its own locks, so a command reading the log meanwhile sees the old calls
 * or the new ones, never a mix, and killed halfway the log is as it was. `check` runs once the
 * backup holds the log's write lock and before a page is written: what it reads cannot change until
 * the copy is in (a call saved a moment before is seen; one saved after waits for the copy). A log
 * another process is writing to is tried again for BUSY_WAIT_MS, then said busy (exit 1).
 */
export async function replaceLog(source: string, target: string, check: () => void): Promise<void> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  const from = new Database(source);
  try {
    for (;;) {
      let locked = false;
      await from.backup(target, {
        progress: () => {
          if (!locked) {
            locked = true;
            check();
          }
          // Large steps: the log is locked for writing from the first step to the last anyway.
          return 50_000;
        },
      });
      if (locked) return;
      // The first step found the log busy: better-sqlite3 ends such a backup as if it were done,
      // with nothing copied (its progress is called only once the write lock is held).
      if (Date.now() > deadline) throw new UserError(busyLogSentence(target), 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    from.close();
  }
}

export class CallStore {
  private readonly db: Database.Database;
  private readonly busyWaitMs: number;

  /** `busyWaitMs`: how long a write waits for another process's (a screen waits briefly: SCREEN_BUSY_WAIT_MS). */
  constructor(
    readonly path: string,
    options: { busyWaitMs?: number } = {},
  ) {
    this.busyWaitMs = options.busyWaitMs ?? BUSY_WAIT_MS;
    try {
      if (path !== ':memory:') createPrivate(path);
      // Opened and migrated with a command's patience, whoever opens it.
      this.db = new Database(path, { timeout: BUSY_WAIT_MS });
      this.writeAheadLog();
      // Each step of a call is in the log when the key returns, safe from a crashed or killed
      // process (the write is in the operating system's hands); waiting for the disk as well
      // (FULL) would cost each key a few ms of fsync. A finished call is synced: see saveCall.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
      this.db.pragma(`busy_timeout = ${this.busyWaitMs}`);
    } catch (error) {
      if (error instanceof UserError) throw error;
      // Another process holds the log: said as such, not as a file to move aside.
      if (isBusy(error)) throw new UserError(busyLogSentence(path), 1);
      const message = (error as Error).message;
      // A damaged file is bad input (exit 2); a folder Ringside may not write is the machine's (1).
      const code = (error as { code?: string }).code ?? '';
      const damaged = code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
      throw new UserError(
        `The call log ${printable(path)} cannot be opened (${message}). Check that the folder is yours and writable, or move the file aside to start a new log.`,
        damaged ? 2 : 1,
      );
    }
  }

  /**
   * The log in WAL mode (readers never wait for a writer), set once, on a new log. Ringsides
   * opening a new log in the same instant each try to switch it: SQLite refuses the loser's lock
   * upgrade at once rather than wait (waiting could deadlock), so it tries again until the switch
   * is made, for as long as a command waits for a busy log.
   */
  private writeAheadLog(): void {
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      try {
        this.db.pragma('journal_mode = WAL');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  }

  private version(): number {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new UserError(`The call log ${printable(this.path)} was written by a newer Ringside (schema ${version}); update Ringside to read it.`, 1);
    }
    return version;
  }

  /**
   * Brings the log's schema up to date. Several Ringsides may open a new (or older) log in the
   * same instant: each takes the write lock first (BEGIN IMMEDIATE) and reads the version again
   * under it, so one migrates and the others find it done. All the steps are one transaction:
   * stopped halfway, the log is as it was.
   */
  private migrate(): void {
    if (this.version() === MIGRATIONS.length) return;
    this.db
      .transaction(() => {
        const version = this.version();
        // The per-day totals are built from the calls already in the log, once, with the last
        // migration (summarySql speaks the newest schema), when one that redefines them runs.
        const buildTotals = TOTALS_BUILT_AT.some((at) => at > version);
        for (let v = version; v < MIGRATIONS.length; v++) {
          this.db.exec(MIGRATIONS[v]!);
          if (buildTotals && v + 1 === MIGRATIONS.length) this.summarize(WHOLE_LOG_SUMMARY, { sign: 1 });
          this.db.pragma(`user_version = ${v + 1}`);
        }
      })
      .immediate();
  }

  /** Runs `work` with a command's patience for a busy log (a screen quitting has no key to keep on time). */
  patiently<T>(work: () => T): T {
    this.db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
    try {
      return work();
    } finally {
      this.db.pragma(`busy_timeout = ${this.busyWaitMs}`);
    }
  }

  /** Statements run for every saved call, compiled once (compiling them cost more than running them). */
  private readonly prepared = new Map<string, Database.Statement>();

  /** A statement of the call path, compiled once (run or read whole, never iterated, so one can serve every call). */
  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) this.prepared.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private summarize(statements: string[], params: { sign: 1 | -1; id?: number }): void {
    for (const sql of statements) this.statement(sql).run(params);
  }

  /** Opens a new call row when it starts ringing. */
  openCall(
    packId: string,
    agent: { name: string; number: string },
    ringAt: number,
    settings: { strict: boolean; thresholds: Thresholds; scenarioId?: string | null },
  ): number {
    const result = this.statement(
        `INSERT INTO calls (status, pack_id, strict, thresholds_json, agent_name, agent_number, ring_at, mode, scenario_id) VALUES ('open', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        packId,
        settings.strict ? 1 : 0,
        JSON.stringify(settings.thresholds),
        agent.name,
        agent.number,
        ringAt,
        settings.scenarioId ? 'training' : 'live',
        settings.scenarioId ?? null,
      );
    return Number(result.lastInsertRowid);
  }

  /** Appends one accepted event; it survives the process being killed once this returns. */
  appendEvent(callId: number, event: CallEvent): void {
    this.statement(
        `INSERT INTO call_events (call_id, seq, at, type, event_json)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM call_events WHERE call_id = ?), ?, ?, ?)`,
      )
      .run(callId, callId, event.at, event.type, JSON.stringify(event));
  }

  /**
   * The live call that was in progress when Ringside last stopped, with its events, if any.
   * A training call cut short is not restored: the class starts the scenario again.
   */
  findOpenCall(): OpenCall | null {
    const row = this.statement(`SELECT id, pack_id, strict, thresholds_json FROM calls WHERE status = 'open' AND mode = 'live' ORDER BY id DESC LIMIT 1`)
      .get() as
      | { id: number; pack_id: string; strict: number; thresholds_json: string }
      | undefined;
    if (!row) return null;
    const events = this.statement(`SELECT seq, event_json FROM call_events WHERE call_id = ? ORDER BY seq`)
      .all(row.id) as { seq: number; event_json: string }[];
    return {
      id: row.id,
      packId: row.pack_id,
      strict: row.strict === 1,
      thresholds: this.readJson(row.thresholds_json, row.id, 'the settings') as Thresholds,
      events: events.map((e) => this.readJson(e.event_json, row.id, `event ${e.seq}`) as CallEvent),
    };
  }

  /** Takes an unfinished training call out of the log (its events and its row); a saved or live call is never touched. */
  discardOpenTrainingCall(callId: number): void {
    this.patiently(() =>
      this.db
        .transaction(() => {
          const open = this.statement(`SELECT 1 FROM calls WHERE id = ? AND status = 'open' AND mode = 'training'`).get(callId);
          if (!open) return;
          this.statement(`DELETE FROM call_events WHERE call_id = ?`).run(callId);
          this.statement(`DELETE FROM calls WHERE id = ?`).run(callId);
        })
        .immediate(),
    );
  }

  /** A call's logged events in order (for a replay), or null when there is no such call. */
  callEvents(callId: number): { packId: string; strict: boolean; thresholds: Thresholds; events: CallEvent[] } | null {
    const row = this.statement(`SELECT pack_id, strict, thresholds_json FROM calls WHERE id = ?`).get(callId) as
      | { pack_id: string; strict: number; thresholds_json: string }
      | undefined;
    if (!row) return null;
    const rows = this.statement(`SELECT seq, event_json FROM call_events WHERE call_id = ? ORDER BY seq`).all(callId) as { seq: number; event_json: string }[];
    return {
      packId: row.pack_id,
      strict: row.strict === 1,
      thresholds: this.readJson(row.thresholds_json, callId, 'the settings') as Thresholds,
      events: rows.map((r) => this.readJson(r.event_json, callId, `event ${r.seq}`) as CallEvent),
    };
  }

  /**
   * JSON the log keeps for a call, or a sentence when it cannot be read (a damaged file, a hand
   * edit, JSON of the wrong kind): it names the call and what of it, never quotes the text
   * (JSON.parse's message would, and the text holds caller data), and says what to do. Bad input: exit 2.
   */
  private readJson(text: string, callId: number, what: string, shape: 'object' | 'array' = 'object'): unknown {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      value = undefined;
    }
    const fits = shape === 'array' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!fits) {
      throw new UserError(
        `The call log ${printable(this.path)} is damaged: ${what} of call ${callId} cannot be read. Restore the file from a backup, or move it aside to start a new log; \`ringside export\` still reads its saved calls.`,
        2,
      );
    }
    return value;
  }

  /** Writes the finished call out in full, in one transaction, synced to the disk: a saved call survives a power cut. */
  saveCall(callId: number, ctx: CallContext, options: { holidays?: readonly string[]; scoring?: SaveScoring } = {}): void {
    const holdMs = ctx.holds.reduce((sum, h) => sum + ((h.endedAt ?? ctx.endedAt ?? h.startedAt) - h.startedAt), 0);
    const { name = '', phone = '', address = '', areaCode = '', ...extra } = ctx.fields;
    // A call-back's reasons are its results: they are logged with their own words too.
    const reasonInfo = new Map(
      reasonGroups(ctx).flatMap((group) => group.reasons.map((reason) => [reason.code, { label: reason.label, group: group.group }] as const)),
    );
    const save = () => {
      // Saved again (a restored call): its old figures leave the totals first.
      this.summarize(ONE_CALL_SUMMARY, { sign: -1, id: callId });
      this.statement(
          `UPDATE calls SET status = 'saved', outcome = ?, answered_at = ?, ended_at = ?, saved_at = ?,
             ring_ms = ?, talk_ms = ?, hold_ms = ?, wrap_up_ms = ?, late_answer = ?, hung_up_by = ?,
             branches = ?, summary = ?, flagged = ?, caller_name = ?, caller_phone = ?, caller_address = ?,
             area_code = ?, fields_json = ?
           WHERE id = ?`,
        )
        .run(
          ctx.outcome,
          ctx.answeredAt,
          ctx.endedAt,
          ctx.savedAt,
          ctx.ringAt === null ? null : (ctx.answeredAt ?? ctx.endedAt ?? ctx.ringAt) - ctx.ringAt,
          ctx.answeredAt === null || ctx.endedAt === null ? null : ctx.endedAt - ctx.answeredAt,
          holdMs,
          ctx.endedAt === null || ctx.savedAt === null ? null : ctx.savedAt - ctx.endedAt,
          ctx.lateAnswer ? 1 : 0,
          ctx.hungUpBy,
          ctx.branchIds.join(','),
          ctx.summary,
          ctx.flagged ? 1 : 0,
          name,
          phone,
          address,
          areaCode,
          JSON.stringify(extra),
          callId,
        );
      for (const table of ['call_reasons', 'hold_segments', 'call_steps', 'rule_outcomes', 'notes', 'tickets', 'scorecard']) {
        this.statement(`DELETE FROM ${table} WHERE call_id = ?`).run(callId);
      }
      const reason = this.statement(`INSERT INTO call_reasons (call_id, seq, code, label, grp) VALUES (?, ?, ?, ?, ?)`);
      ctx.reasons.forEach((code, i) => {
        const info = reasonInfo.get(code) ?? { label: code, group: '' };
        reason.run(callId, i + 1, code, info.label, info.group);
      });
      const hold = this.statement(
        `INSERT INTO hold_segments (call_id, seq, started_at, ended_at, asked_to_wait, thanks, check_backs) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      ctx.holds.forEach((h, i) =>
        hold.run(callId, i + 1, h.startedAt, h.endedAt, h.askedToWait ? 1 : 0, h.thanks, h.checkBacks),
      );
      const stepRow = this.statement(
        `INSERT INTO call_steps (call_id, seq, step_id, phase, status, at, count, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      // In the pack's order, which is the order of a call.
      allSteps(ctx.pack).forEach((step, i) => {
        const record = ctx.steps[step.id];
        if (record) stepRow.run(callId, i + 1, step.id, record.phase, record.status, record.at, record.count, step.rules.join(','));
      });
      const outcome = this.statement(`INSERT INTO rule_outcomes (call_id, rule, outcome, at, why) VALUES (?, ?, ?, ?, ?)`);
      const judgements = judgeCall(ctx);
      for (const j of judgements) outcome.run(callId, j.rule, j.outcome, j.at, j.why);
      // A call nobody answered has nothing to score.
      const scoring = options.scoring ?? { instantFail: [] };
      // The scorecard's items are about a call taken; a call-back is judged by its rules alone.
      if (ctx.answeredAt !== null && !ctx.callback) {
        this.writeScorecard(callId, scoreCall(ctx, { ...scoring, reviewed: scoring.reviewed ?? false, judgements }), scoring.instantFail);
      }
      const note = this.statement(`INSERT INTO notes (call_id, at, text) VALUES (?, ?, ?)`);
      for (const n of ctx.notes) note.run(callId, n.at, n.text);
      const kind = ticketKind(ctx);
      if (kind && ctx.savedAt !== null) {
        this.statement(`INSERT INTO tickets (call_id, kind, summary, owner, opened_at, due_at) VALUES (?, ?, ?, (SELECT agent_number FROM calls WHERE id = ?), ?, ?)`)
          .run(callId, kind, ctx.summary, callId, ctx.savedAt, addWorkingDays(ctx.savedAt, 2, options.holidays));
      }
      if (ctx.callback) this.recordCallBack(callId, ctx);
      this.summarize(ONE_CALL_SUMMARY, { sign: 1, id: callId });
    };
    this.durably(save);
  }

  /**
   * A call that rang and ended while another was on the desk (a missed call): opened, its events
   * and its save in one transaction, so it is in the log whole or not at all; never left open.
   */
  logFinishedCall(
    packId: string,
    agent: { name: string; number: string },
    settings: { strict: boolean; thresholds: Thresholds },
    events: readonly CallEvent[],
    ctx: CallContext,
    options: { holidays?: readonly string[] } = {},
  ): number {
    let id = 0;
    this.durably(() => {
      id = this.openCall(packId, agent, ctx.ringAt ?? events[0]?.at ?? 0, settings);
      for (const event of events) this.appendEvent(id, event);
      this.saveCall(id, ctx, options);
    });
    return id;
  }

  /** Several finished calls logged in one commit (each whole, or none of them). */
  logFinishedCalls(
    calls: readonly { packId: string; settings: { strict: boolean; thresholds: Thresholds }; events: readonly CallEvent[]; context: CallContext; options?: { holidays?: readonly string[] } }[],
    agent: { name: string; number: string },
  ): void {
    this.durably(() => {
      for (const call of calls) this.logFinishedCall(call.packId, agent, call.settings, call.events, call.context, call.options);
    });
  }

  /**
   * Runs `work` in one transaction whose commit waits for the disk, and so takes the call's steps
   * written before it along. (SQLite refuses the switch inside a transaction: an enclosing
   * transaction's commit decides then.) The write lock is taken at the start (BEGIN IMMEDIATE):
   * a transaction that read first could find another process's commit in between and fail at
   * once, without waiting for the lock.
   */
  private durably(work: () => void): void {
    const transaction = this.db.transaction(work).immediate;
    const ownCommit = !this.db.inTransaction;
    if (ownCommit) this.db.pragma('synchronous = FULL');
    try {
      transaction();
    } finally {
      if (ownCommit && !this.db.inTransaction) this.db.pragma('synchronous = NORMAL');
    }
  }

  /**
   * A call-back tried: the ticket counts the attempts made on it; a result that closes (the
   * customer was reached and told) closes the ticket with the result's words and the call that
   * did it. A ticket another call already closed keeps that call's result (a stale list, or two
   * desks on one ticket); saving this call again (a restored call) counts it once.
   */
  private recordCallBack(callId: number, ctx: CallContext): void {
    const ticket = ctx.callback!;
    const result = ctx.pack.callback?.results.find((r) => ctx.reasons.includes(r.code));
    const at = ctx.savedAt ?? ctx.endedAt ?? ctx.ringAt;
    this.statement(`UPDATE calls SET callback_ticket = ? WHERE id = ?`).run(ticket.ticketId, callId);
    // The ticket's call counts its ticket closed on time or late in the per-day totals.
    const opener = this.statement(`SELECT call_id FROM tickets WHERE id = ?`).get(ticket.ticketId) as { call_id: number } | undefined;
    if (opener) this.summarize(ONE_CALL_SUMMARY, { sign: -1, id: opener.call_id });
    this.statement(
        `UPDATE tickets SET status = CASE WHEN :closes THEN 'closed' ELSE 'open' END,
           closed_at = CASE WHEN :closes THEN :at END,
           result = coalesce(:result, result),
           closed_by_call = CASE WHEN :closes THEN :callId END
         WHERE id = :ticketId AND (status = 'open' OR closed_by_call = :callId)`,
      )
      .run({ closes: ctx.outcome === 'answered' && result?.closes ? 1 : 0, at, result: result?.label ?? (ctx.outcome === 'unreached' ? 'unreached' : null), callId, ticketId: ticket.ticketId });
    this.statement(`UPDATE tickets SET attempts = (SELECT count(*) FROM calls WHERE callback_ticket = :ticketId) WHERE id = :ticketId`)
      .run({ ticketId: ticket.ticketId });
    if (opener) this.summarize(ONE_CALL_SUMMARY, { sign: 1, id: opener.call_id });
  }

  private writeScorecard(callId: number, card: Scorecard, instantFailSet: readonly string[]): void {
    this.statement(`DELETE FROM scorecard WHERE call_id = ?`).run(callId);
    const item = this.statement(`INSERT INTO scorecard (call_id, item, verdict, failures_json) VALUES (?, ?, ?, ?)`);
    for (const verdict of card.items) item.run(callId, verdict.item, verdict.verdict, JSON.stringify(verdict.failures));
    this.statement(`UPDATE calls SET score = ?, score_passed = ?, score_judged = ?, instant_fail = ?, instant_fail_set = ? WHERE id = ?`)
      .run(card.total, card.passed, card.judged, card.instantFail.join(','), instantFailSet.join(','), callId);
  }

  /**
   * A trainer's verdict on a saved call's items afterwards (`ringside score`): `fail` marks an
   * item as shown, `pass` takes the trainer's marks off; `reviewed` passes the trainer items
   * nobody judged yet. The automatic failures stay: they come from the call itself. The call
   * keeps the instant-fail set it was saved with. Read and written under the write lock: two
   * trainers marking the same call at once both keep their marks.
   */
  rescore(callId: number, change: { fail: readonly string[]; pass: readonly string[]; reviewed: boolean }): Scorecard | null {
    return this.db.transaction(() => this.rescoreNow(callId, change)).immediate();
  }

  private rescoreNow(callId: number, change: { fail: readonly string[]; pass: readonly string[]; reviewed: boolean }): Scorecard | null {
    const call = this.getCall(callId);
    if (!call?.scorecard) return null;
    const instantFail = call.scorecard.instantFailSet;
    const items = call.scorecard.items.map((verdict): ItemVerdict => {
      let failures = verdict.failures;
      if (change.pass.includes(verdict.item)) failures = failures.filter((failure) => failure.by !== 'trainer');
      if (change.fail.includes(verdict.item) && !failures.some((failure) => failure.by === 'trainer')) {
        failures = [...failures, { item: verdict.item, by: 'trainer', rule: null, at: null, why: 'marked by the trainer' }];
      }
      const judgedNow = change.pass.includes(verdict.item) || (change.reviewed && verdict.verdict === 'unreviewed');
      // A fail whose marks were all taken back, or an item the trainer now passes, passes.
      const verdictNow = failures.length > 0 ? 'fail' : judgedNow || verdict.verdict === 'fail' ? 'pass' : verdict.verdict;
      return { item: verdict.item, verdict: verdictNow, failures };
    });
    const card = totalOf(items, instantFail);
    this.summarize(ONE_CALL_SUMMARY, { sign: -1, id: callId });
    this.writeScorecard(callId, card, instantFail);
    this.summarize(ONE_CALL_SUMMARY, { sign: 1, id: callId });
    return card;
  }

  /** Open tickets of live calls (training ones are practice), soonest due first. */
  openFollowUps(): FollowUp[] {
    const rows = this.db
      .prepare(
        `SELECT t.id AS ticket_id, t.call_id, c.pack_id, t.kind, t.summary, t.owner, t.opened_at, t.due_at, c.caller_name, c.caller_phone,
                (SELECT group_concat(label, '、') FROM (SELECT label FROM call_reasons WHERE call_id = t.call_id ORDER BY seq)) AS reasons
           FROM tickets t JOIN calls c ON c.id = t.call_id
          WHERE t.status = 'open' AND c.mode = 'live'
          ORDER BY t.due_at, t.id`,
      )
      .all() as Record<string, unknown>[];
    return rows.map((row) => ({
      ticketId: row.ticket_id as number,
      callId: row.call_id as number,
      packId: row.pack_id as string,
      kind: row.kind as FollowUp['kind'],
      summary: row.summary as string,
      owner: row.owner as string,
      openedAt: row.opened_at as number,
      dueAt: row.due_at as number,
      caller: { name: row.caller_name as string, phone: row.caller_phone as string },
      reasons: row.reasons ? (row.reasons as string).split('、') : [],
    }));
  }

  ticketClosed(ticketId: number): boolean {
    return (this.db.prepare(`SELECT status FROM tickets WHERE id = ?`).get(ticketId) as { status: string } | undefined)?.status === 'closed';
  }

  /** How many follow-ups of live calls are past their due time. */
  overdueFollowUps(now: number): number {
    const row = this.db
      .prepare(`SELECT count(*) AS n FROM tickets t JOIN calls c ON c.id = t.call_id WHERE t.status = 'open' AND t.due_at < ? AND c.mode = 'live'`)
      .get(now) as { n: number };
    return row.n;
  }

  /**
   * The per-day totals of live calls for days in [fromDay, toDay] (YYYY-MM-DD, local), summed
   * over the whole range or per day, agent or pack: what `ringside stats` reads.
   */
  statsTotals(fromDay: string, toDay: string, by: 'all' | 'day' | 'agent' | 'pack'): DayTotals[] {
    const group = { all: `''`, day: 'day', agent: 'agent_number', pack: 'pack_id' }[by];
    return this.db
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
  statsTimes(fromDay: string, toDay: string): { measure: Measure; bucket: number; n: number }[] {
    return this.db
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
  timeAtRank(measure: TimeMeasure, from: number, to: number, lo: number, hi: number, rank: number): number | null {
    const column = MEASURE_COLUMN[measure];
    // A hold of nothing is no hold: the histogram counts held calls only.
    const floor = measure === 'hold' ? Math.max(1, lo) : lo;
    const row = this.db
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
  openTicketFigures(from: number, to: number, now: number): { overdue: number; open: number } {
    return this.db
      .prepare(
        `SELECT coalesce(sum(t.due_at < :now), 0) AS overdue, coalesce(sum(t.due_at >= :now), 0) AS open
           FROM tickets t CROSS JOIN calls c ON c.id = t.call_id
          WHERE t.status = 'open' AND c.status = 'saved' AND c.mode = 'live' AND c.callback_ticket IS NULL AND c.ring_at >= :from AND c.ring_at < :to`,
      )
      .get({ from, to, now }) as { overdue: number; open: number };
  }

  /** How often each rule was met and missed on days in [fromDay, toDay]. */
  statsRules(fromDay: string, toDay: string): { rule: string; met: number; missed: number }[] {
    return this.db
      .prepare(
        `SELECT rule, sum(CASE WHEN outcome = 'met' THEN n ELSE 0 END) AS met, sum(CASE WHEN outcome = 'missed' THEN n ELSE 0 END) AS missed
           FROM day_rules WHERE day BETWEEN ? AND ? GROUP BY rule HAVING met + missed > 0 ORDER BY rule`,
      )
      .all(fromDay, toDay) as { rule: string; met: number; missed: number }[];
  }

  /** Why people called on days in [fromDay, toDay], most frequent first, with the talk time per reason. */
  statsReasons(fromDay: string, toDay: string): { code: string; label: string; calls: number; talkN: number; talkSum: number }[] {
    return this.db
      .prepare(
        `SELECT code, max(label) AS label, sum(n) AS calls, sum(talk_n) AS talkN, sum(talk_sum) AS talkSum
           FROM day_reasons WHERE day BETWEEN ? AND ? GROUP BY code HAVING sum(n) > 0 ORDER BY calls DESC, code`,
      )
      .all(fromDay, toDay) as { code: string; label: string; calls: number; talkN: number; talkSum: number }[];
  }

  /** The first and last day with live calls, or null for an empty log. */
  statsDays(): { first: string; last: string } | null {
    const row = this.db.prepare(`SELECT min(day) AS first, max(day) AS last FROM day_calls WHERE calls > 0`).get() as { first: string | null; last: string | null };
    return row.first && row.last ? { first: row.first, last: row.last } : null;
  }

  /** Live calls saved with a ring in [from, to): how many an export will write. */
  countCalls(from: number, to: number): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM calls WHERE status = 'saved' AND mode = 'live' AND ring_at >= ? AND ring_at < ?`).get(from, to) as { n: number }).n;
  }

  /**
   * Live calls saved with a ring in [from, to), oldest first, one flat row each (reasons, missed
   * rules and the ticket folded in). An iterator: an export never holds the log in memory.
   */
  exportRows(from: number, to: number): IterableIterator<ExportRow> {
    return this.db
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

  /** How many calls the log holds, and whether demo-data filled it. */
  contents(): { calls: number; demo: boolean } {
    const calls = (this.db.prepare(`SELECT count(*) AS n FROM calls`).get() as { n: number }).n;
    // Demo only while the log holds exactly the calls demo-data wrote: one call taken since (a
    // call-back tried on a demo ticket, or a real call in the wrong folder) makes it a real log.
    const filled = this.db.prepare(`SELECT value FROM meta WHERE key = 'demo'`).get() as { value: string } | undefined;
    return { calls, demo: filled !== undefined && Number(filled.value) === calls };
  }

  /**
   * Demo data: copies of the calls in `poolPath` (a log of calls the machine made), each moved to
   * its own time, agent and caller, written in batches with the per-day totals built at the end.
   * SQLite copies the rows itself (INSERT … SELECT), so a million calls take minutes, not hours.
   */
  copyDemoCalls(poolPath: string, batches: Iterable<DemoCopy[]>, onBatch: (copied: number) => void): void {
    // The log's indexes are built once after the copy, not kept up row by row (the indexes by a
    // time, for the p90s, take writes all over the file): a fifth faster at 300,000 calls.
    const indexes = this.db.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all() as { name: string; sql: string }[];
    const rebuild = () => {
      for (const index of indexes) if (!this.db.prepare(`SELECT 1 FROM main.sqlite_master WHERE name = ?`).get(index.name)) this.db.exec(index.sql);
    };
    for (const index of indexes) this.db.exec(`DROP INDEX main."${index.name}"`);
    this.db.prepare(`ATTACH DATABASE ? AS pool`).run(poolPath);
    try {
      this.db.exec(`CREATE TEMP TABLE plan (id INTEGER PRIMARY KEY, pool_id INTEGER NOT NULL, ring_at INTEGER NOT NULL, agent_number TEXT NOT NULL,
        agent_name TEXT NOT NULL, caller_name TEXT NOT NULL, caller_phone TEXT NOT NULL, ticket_id INTEGER, due_at INTEGER, ticket_status TEXT,
        closed_at INTEGER, result TEXT, attempts INTEGER NOT NULL, callback_ticket INTEGER, closes_ticket INTEGER NOT NULL)`);
      const plan = this.db.prepare(
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
        `INSERT INTO call_steps SELECT d.id, s.seq, s.step_id, s.phase, s.status, s.at + ${shift}, s.count, s.rules ${from} JOIN pool.call_steps s ON s.call_id = p.id`,
        `INSERT INTO rule_outcomes SELECT d.id, r.rule, r.outcome, r.at + ${shift}, r.why ${from} JOIN pool.rule_outcomes r ON r.call_id = p.id`,
        `INSERT INTO notes SELECT d.id, n.at + ${shift}, n.text ${from} JOIN pool.notes n ON n.call_id = p.id`,
        `INSERT INTO scorecard SELECT d.id, s.item, s.verdict, s.failures_json ${from} JOIN pool.scorecard s ON s.call_id = p.id`,
        `INSERT INTO tickets (id, call_id, kind, summary, owner, opened_at, due_at, status, attempts, closed_at, result)
         SELECT d.ticket_id, d.id, t.kind, t.summary, d.agent_number, t.opened_at + ${shift}, d.due_at, d.ticket_status, d.attempts, d.closed_at, d.result
           ${from} JOIN pool.tickets t ON t.call_id = p.id`,
      ].map((sql) => this.db.prepare(sql));
      // A call-back and its ticket may share a batch: the call-back is tied to its ticket once
      // the ticket is in, and the ticket to the call-back that closed it. (A call-back written
      // before its ticket is a foreign-key violation pending until the ticket comes, and while
      // one is pending SQLite reads whole tables at every insert: the copy grew quadratic.)
      const worksOn = this.db.prepare(`UPDATE calls SET callback_ticket = ? WHERE id = ?`);
      const closedBy = this.db.prepare(`UPDATE tickets SET closed_by_call = ? WHERE id = ?`);
      let copied = 0;
      const batch = this.db.transaction((rows: DemoCopy[]) => {
        for (const row of rows) plan.run(row);
        for (const copy of copies) copy.run();
        for (const row of rows) {
          if (row.callbackTicket === null) continue;
          worksOn.run(row.callbackTicket, row.id);
          if (row.closesTicket === 1) closedBy.run(row.id, row.callbackTicket);
        }
        this.db.exec(`DELETE FROM temp.plan`);
      });
      for (const rows of batches) {
        batch(rows);
        copied += rows.length;
        onBatch(copied);
      }
      this.db.transaction(() => {
        rebuild();
        this.summarize(WHOLE_LOG_SUMMARY, { sign: 1 });
        this.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', ?)`).run(String(copied));
      })();
    } finally {
      this.db.exec(`DROP TABLE IF EXISTS temp.plan`);
      this.db.exec(`DETACH DATABASE pool`);
      // A copy that failed half way still leaves a log with its indexes.
      rebuild();
    }
  }

  /** Runs `work` in one transaction (demo data's pool of calls: one commit, not one disk sync a call). */
  batch<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The latest saved calls, newest first. */
  recentCalls(limit: number): SavedCall[] {
    const rows = this.db
      .prepare(`SELECT * FROM calls WHERE status = 'saved' ORDER BY ring_at DESC, id DESC LIMIT ?`)
      .all(limit) as Record<string, unknown>[];
    return rows.map((row) => this.hydrate(row));
  }

  getCall(id: number): SavedCall | null {
    const row = this.db.prepare(`SELECT * FROM calls WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return row ? this.hydrate(row) : null;
  }

  private hydrate(row: Record<string, unknown>): SavedCall {
    const id = row.id as number;
    const all = <T>(sql: string) => this.db.prepare(sql).all(id) as T[];
    const items = all<{ item: string; verdict: ItemVerdict['verdict']; failures_json: string }>(
      `SELECT item, verdict, failures_json FROM scorecard WHERE call_id = ? ORDER BY item`,
    ).map((row): ItemVerdict => ({ item: row.item, verdict: row.verdict, failures: this.readJson(row.failures_json, id, `scorecard item ${row.item}`, 'array') as ItemVerdict['failures'] }));
    const ticket = this.db.prepare(`SELECT kind, due_at, status FROM tickets WHERE call_id = ?`).get(id) as
      | { kind: string; due_at: number; status: string }
      | undefined;
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
        fields: this.readJson(row.fields_json as string, id, 'the caller fields') as Record<string, string>,
      },
      reasons: all<{ code: string; label: string; grp: string }>(`SELECT code, label, grp FROM call_reasons WHERE call_id = ? ORDER BY seq`).map(
        (r) => ({ code: r.code, label: r.label, group: r.grp }),
      ),
      holds: all<{ started_at: number; ended_at: number | null; asked_to_wait: number; thanks: HoldThanks; check_backs: number }>(
        `SELECT * FROM hold_segments WHERE call_id = ? ORDER BY seq`,
      ).map((h) => ({
        startedAt: h.started_at,
        endedAt: h.ended_at,
        askedToWait: h.asked_to_wait === 1,
        thanks: h.thanks,
        checkBacks: h.check_backs,
      })),
      steps: all<{ step_id: string; phase: string; status: string; at: number | null; rules: string }>(
        `SELECT * FROM call_steps WHERE call_id = ? ORDER BY seq`,
      ).map((s) => ({ id: s.step_id, phase: s.phase, status: s.status, at: s.at, rules: s.rules ? s.rules.split(',') : [] })),
      rules: all<{ rule: string; outcome: string; at: number | null; why: string }>(`SELECT rule, outcome, at, why FROM rule_outcomes WHERE call_id = ?`),
      notes: all<{ at: number; text: string }>(`SELECT at, text FROM notes WHERE call_id = ? ORDER BY at`),
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
  }

  close(): void {
    this.db.close();
  }
}
