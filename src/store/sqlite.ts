/**
 * The call log on a desk: one SQLite file, every operation of src/store/store.ts on one
 * connection (src/store/open.ts) with its statements compiled once. Each part of the log keeps
 * its own file: events.ts (the event log), calls.ts (saved calls), tickets.ts (tickets and
 * follow-ups), totals.ts (per-day totals and stats), export.ts, demo.ts. Every answer is
 * synchronous (SQLite in this process): the reads satisfy LogReads as answers given at once.
 */
import type { CallEvent } from '../../machines/call.js';
import type { Scorecard } from '../../machines/scorecard.js';
import type { CallRecord } from '../call/record.js';
import type { Thresholds } from '../pack/schema.js';
import * as calls from './calls.js';
import * as demo from './demo.js';
import * as events from './events.js';
import * as exported from './export.js';
import * as outbox from './outbox.js';
import { LogFile } from './open.js';
import type { DayTotals, DeskLog, ExportRow, FinishedCall, FollowUp, HistoryRow, LogReads, Measure, OpenCall, SavedCall, SavedScorecard, TimeMeasure } from './store.js';
import * as tickets from './tickets.js';
import * as totals from './totals.js';

export class CallStore implements DeskLog, LogReads {
  private readonly log: LogFile;

  /** `busyWaitMs`: how long a write waits for another process's (a screen waits briefly: SCREEN_BUSY_WAIT_MS). */
  constructor(
    readonly path: string,
    options: { busyWaitMs?: number } = {},
  ) {
    this.log = new LogFile(path, options);
  }

  // The event log.
  openCall(packId: string, agent: { name: string; number: string }, ringAt: number, settings: { strict: boolean; thresholds: Thresholds; scenarioId?: string | null }): number {
    return events.openCall(this.log, packId, agent, ringAt, settings);
  }
  appendEvent(callId: number, event: CallEvent): void {
    events.appendEvent(this.log, callId, event);
  }
  findOpenCall(): OpenCall | null {
    return events.findOpenCall(this.log);
  }
  discardOpenTrainingCall(callId: number): void {
    events.discardOpenTrainingCall(this.log, callId);
  }
  callEvents(callId: number): { packId: string; strict: boolean; thresholds: Thresholds; events: CallEvent[] } | null {
    return events.callEvents(this.log, callId);
  }

  // Saved calls.
  saveCall(callId: number, record: CallRecord): void {
    calls.saveCall(this.log, callId, record);
  }
  logFinishedCalls(finished: readonly FinishedCall[], agent: { name: string; number: string }): void {
    calls.logFinishedCalls(this.log, finished, agent);
  }
  rescore(callId: number, change: (card: SavedScorecard) => Scorecard): Scorecard | null {
    return calls.rescore(this.log, callId, change);
  }
  recentCalls(limit: number): SavedCall[] {
    return calls.recentCalls(this.log, limit);
  }
  historyRows(limit: number): HistoryRow[] {
    return calls.historyRows(this.log, limit);
  }
  getCall(id: number): SavedCall | null {
    return calls.getCall(this.log, id);
  }

  // Tickets and follow-ups.
  openFollowUps(): FollowUp[] {
    return tickets.openFollowUps(this.log);
  }
  ticketClosed(ticketId: number): boolean {
    return tickets.ticketClosed(this.log, ticketId);
  }
  overdueFollowUps(now: number): number {
    return tickets.overdueFollowUps(this.log, now);
  }

  // Per-day totals and stats.
  statsDays(): { first: string; last: string } | null {
    return totals.statsDays(this.log);
  }
  statsTotals(fromDay: string, toDay: string, by: 'all' | 'day' | 'agent' | 'pack'): DayTotals[] {
    return totals.statsTotals(this.log, fromDay, toDay, by);
  }
  statsTimes(fromDay: string, toDay: string): { measure: Measure; bucket: number; n: number }[] {
    return totals.statsTimes(this.log, fromDay, toDay);
  }
  statsRules(fromDay: string, toDay: string): { rule: string; met: number; missed: number }[] {
    return totals.statsRules(this.log, fromDay, toDay);
  }
  statsReasons(fromDay: string, toDay: string): { code: string; label: string; calls: number; talkN: number; talkSum: number }[] {
    return totals.statsReasons(this.log, fromDay, toDay);
  }
  timeAtRank(measure: TimeMeasure, from: number, to: number, lo: number, hi: number, rank: number): number | null {
    return totals.timeAtRank(this.log, measure, from, to, lo, hi, rank);
  }
  openTicketFigures(from: number, to: number, now: number): { overdue: number; open: number } {
    return totals.openTicketFigures(this.log, from, to, now);
  }

  // Export.
  countCalls(from: number, to: number): number {
    return exported.countCalls(this.log, from, to);
  }
  exportRows(from: number, to: number): IterableIterator<ExportRow> {
    return exported.exportRows(this.log, from, to);
  }

  // Demo data (SQLite to SQLite: a pool file copied in; a shared store gets demo calls as any other).
  contents(): { calls: number; demo: boolean } {
    return demo.contents(this.log);
  }
  copyDemoCalls(poolPath: string, batches: Iterable<demo.DemoCopy[]>, onBatch: (copied: number) => void): void {
    demo.copyDemoCalls(this.log, poolPath, batches, onBatch);
  }
  /** Runs `work` in one transaction (demo data's pool of calls: one commit, not one disk sync a call). */
  batch<T>(work: () => T): T {
    return demo.batch(this.log, work);
  }

  // The team's outbox (src/store/outbox.ts).
  /** The desk's id in the team; the first time, a new id and every saved call queued. */
  teamDesk(): string {
    return outbox.teamDesk(this.log);
  }
  outboxBatch(limit: number): outbox.Queued[] {
    return outbox.outboxBatch(this.log, limit);
  }
  alignOutbox(acked: number): void {
    outbox.alignOutbox(this.log, acked);
  }
  requeue(callId: number): void {
    outbox.requeue(this.log, callId);
  }
  outboxCount(): number {
    return outbox.outboxCount(this.log);
  }
  ackOutbox(sent: readonly outbox.Queued[]): void {
    outbox.ackOutbox(this.log, sent);
  }
  teamCalls(callIds: readonly number[]): { calls: outbox.TeamCall[]; tickets: outbox.TeamTicket[] } {
    return outbox.teamCalls(this.log, callIds);
  }

  patiently<T>(work: () => T): T {
    return this.log.patiently(work);
  }
  close(): void {
    this.log.close();
  }
}
