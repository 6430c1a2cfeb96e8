/**
 * The operations on the call log, named once for every store: the desk's own log (SQLite,
 * src/store/sqlite.ts) implements all of them; a shared store (PostgreSQL, next) implements the
 * reads. Types only.
 *
 * Two parts, because they differ in what they may wait for:
 * - DeskLog: what the desk and the screen do to the desk's own log. Synchronous: a key is read only
 *   once its write returns, and every write goes to the local log first, always (a shared store
 *   gets calls from it afterwards). The desk's few reads (a call it just saved, the screen's
 *   follow-ups) read that same local log, at once.
 * - LogReads: what the read commands (history, score, stats, follow-ups, export) read. Each may
 *   answer at once (the local file) or later (a server), so callers await every answer
 *   (`Answer<T>`), and an export reads its rows as an (async) iterable, never all at once.
 */
import type { CallEvent } from '../../machines/call.js';
import type { Scorecard } from '../../machines/scorecard.js';
import type { CallRecord } from '../call/record.js';
import type { Thresholds } from '../pack/schema.js';

/** An answer now (a local file) or later (a server): the caller awaits it either way. */
export type Answer<T> = T | Promise<T>;

/** The figures of a histogram (src/store/totals.ts BUCKET_MS gives each its step) and of an exact p90. */
export type Measure = 'ring' | 'talk' | 'hold' | 'wrapUp' | 'score';
export type TimeMeasure = Exclude<Measure, 'score'>;

/** Items A-N as saved, with the instant-fail set the call was scored with (a rescore keeps it). */
export type SavedScorecard = Scorecard & { instantFailSet: string[] };

/** A missed call logged whole: its pack and settings, the events the machine took, its record. */
export interface FinishedCall {
  packId: string;
  settings: { strict: boolean; thresholds: Thresholds };
  events: readonly CallEvent[];
  record: CallRecord;
}

export interface DeskLog {
  /** Opens a new call row when it starts ringing; its id. (`scenarioId`: a training call.) */
  openCall(
    packId: string,
    agent: { name: string; number: string },
    ringAt: number,
    settings: { strict: boolean; thresholds: Thresholds; scenarioId?: string | null },
  ): number;
  /** Appends one accepted event; it survives the process being killed once this returns. */
  appendEvent(callId: number, event: CallEvent): void;
  /** The live call in progress when Ringside last stopped, with its events, to rebuild it; null when none. */
  findOpenCall(): OpenCall | null;
  /** Takes an unfinished training call out of the log (its events and its row); a saved or live call is never touched. */
  discardOpenTrainingCall(callId: number): void;
  /** Writes a finished call's record (src/call/record.ts) in one transaction, synced to the disk; saving again replaces it. */
  saveCall(callId: number, record: CallRecord): void;
  /** Missed calls (rang and ended while another was on the desk), each opened, its events and its record, in one commit. */
  logFinishedCalls(calls: readonly FinishedCall[], agent: { name: string; number: string }): void;
  /** A call as saved (or still open), read back from the local log at once; null when there is none. */
  getCall(id: number): SavedCall | null;
  /** Whether a ticket is closed (a call-back's result, or another call's). */
  ticketClosed(ticketId: number): boolean;
  /** The screen's list of open tickets of live calls, soonest due first. */
  openFollowUps(): FollowUp[];
  /** How many follow-ups of live calls are past their due time at `now`. */
  overdueFollowUps(now: number): number;
  /** A call's logged events in order with its settings (for a replay); null when there is no such call. */
  callEvents(callId: number): { packId: string; strict: boolean; thresholds: Thresholds; events: CallEvent[] } | null;
  /**
   * A trainer's verdict on a saved call afterwards: `change` (machines/scorecard.ts `rescored`) is
   * applied to the scorecard as saved, under the write lock, and the result written; null when the
   * call has no scorecard.
   */
  rescore(callId: number, change: (card: SavedScorecard) => Scorecard): Scorecard | null;
  /** Runs `work` with a command's patience for a busy log (a screen quitting has no key to keep on time). */
  patiently<T>(work: () => T): T;
  close(): void;
}

export interface LogReads {
  /** The latest `limit` saved calls, newest first, each whole (`ringside history --json`). */
  recentCalls(limit: number): Answer<SavedCall[]>;
  /** The same calls, newest first, as the few figures the history table shows (HistoryRow): no call read whole. */
  historyRows(limit: number): Answer<HistoryRow[]>;
  /** One call by its number, whole; null when there is none (`ringside score`). */
  getCall(id: number): Answer<SavedCall | null>;
  /** Open tickets of live calls (training ones are practice), soonest due first (`ringside follow-ups`). */
  openFollowUps(): Answer<FollowUp[]>;
  /** The first and last day (YYYY-MM-DD, local) with live calls; null for an empty log. */
  statsDays(): Answer<{ first: string; last: string } | null>;
  /** Live calls' totals for days in [fromDay, toDay], over the whole range or per day, agent or pack. */
  statsTotals(fromDay: string, toDay: string, by: 'all' | 'day' | 'agent' | 'pack'): Answer<DayTotals[]>;
  /** The histograms of ring wait, talk, hold, wrap-up (steps of BUCKET_MS) and scores for days in [fromDay, toDay]. */
  statsTimes(fromDay: string, toDay: string): Answer<{ measure: Measure; bucket: number; n: number }[]>;
  /** How often each rule was met and missed on days in [fromDay, toDay]. */
  statsRules(fromDay: string, toDay: string): Answer<{ rule: string; met: number; missed: number }[]>;
  /** Why people called on days in [fromDay, toDay], most frequent first, with the talk time per reason. */
  statsReasons(fromDay: string, toDay: string): Answer<{ code: string; label: string; calls: number; talkN: number; talkSum: number }[]>;
  /** The `rank`-th smallest (from 1) of a time among live answered calls rung in [from, to) ms with it in [lo, hi) ms (an exact p90); null when fewer. */
  timeAtRank(measure: TimeMeasure, from: number, to: number, lo: number, hi: number, rank: number): Answer<number | null>;
  /** Open tickets of the live calls rung in [from, to) ms, as of `now`: past their due time, and not yet due. */
  openTicketFigures(from: number, to: number, now: number): Answer<{ overdue: number; open: number }>;
  /** Live calls saved with a ring in [from, to) ms: how many an export will write. */
  countCalls(from: number, to: number): Answer<number>;
  /** Those calls oldest first, one flat row each, as a stream: an export never holds the log in memory. */
  exportRows(from: number, to: number): Iterable<ExportRow> | AsyncIterable<ExportRow>;
  close(): Answer<void>;
}

/** The whole log: what the SQLite store on a desk implements. */
export type CallLog = DeskLog & LogReads;

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

/**
 * A saved call as the history table shows it (src/reports/history.ts), read without its parts: a store
 * counts the missed rules and joins the reasons' labels itself. The caller's name and phone as
 * saved (the table masks them); a pack's own fields are not shown, so not read.
 */
export interface HistoryRow {
  id: number;
  ringAt: number;
  mode: 'live' | 'training';
  outcome: string | null;
  ringMs: number | null;
  talkMs: number | null;
  hungUpBy: string | null;
  /** How many of the call's rules were missed. */
  missedRules: number;
  /** The scorecard's total and whether an instant-fail item failed; null when the call has no scorecard. */
  score: { total: number; instantFail: boolean } | null;
  caller: { name: string; phone: string };
  /** The ticket the call opened (its kind), if any. */
  ticketKind: string | null;
  flagged: boolean;
  /** The ticket a call-back worked. */
  callbackTicket: number | null;
  /** The labels of the call's reasons, in the order they were chosen. */
  reasons: string[];
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
  /** A team ticket (src/team/store.ts teamFollowUps): taken on another desk, by this agent number (`agent`). */
  team?: { agent: string };
}

/**
 * A saved call read back: the figures and parts as its record (src/call/record.ts) wrote them,
 * with what the call row adds. A row always has its ring time; an older log may lack the hold
 * time; a step read back has no count or place.
 */
export interface SavedCall
  extends Pick<
    CallRecord,
    'outcome' | 'answeredAt' | 'endedAt' | 'savedAt' | 'ringMs' | 'talkMs' | 'wrapUpMs' | 'lateAnswer' | 'hungUpBy' | 'branches' | 'summary' | 'flagged' | 'caller' | 'reasons' | 'holds' | 'rules' | 'notes'
  > {
  id: number;
  packId: string;
  agentName: string;
  agentNumber: string;
  ringAt: number;
  holdMs: number | null;
  steps: Omit<CallRecord['steps'][number], 'seq' | 'count'>[];
  ticket: { kind: string; dueAt: number; status: string } | null;
  /** 'training' for a call taken in `ringside train`, with its scenario. */
  mode: 'live' | 'training';
  /** The ticket a call-back worked. */
  callbackTicket: number | null;
  scenarioId: string | null;
  /** Items A-N with the total (and the instant-fail set it was scored with); null when not answered or saved before scorecards existed. */
  scorecard: SavedScorecard | null;
}

export interface OpenCall {
  id: number;
  packId: string;
  /** The strict mode and thresholds the call was taken with: a replay needs the same. */
  strict: boolean;
  thresholds: Thresholds;
  events: CallEvent[];
}
