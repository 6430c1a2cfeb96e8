/**
 * The agent's desk: one call after another on one pack. It owns the running call session and
 * links it to the call log: a ring opens a call row, every accepted event is appended at once,
 * the finished call is saved in full. A call left open by a crash is rebuilt from its events.
 *
 * It is the one way into the call (`take`): the agent's keys, the phone's reports, a training
 * scenario's caller and a replayed log all enter there, saying where they came from, and go the
 * same road in the same order (see `take`).
 */
import type { CallEvent } from '../../machines/call.js';
import type { Pack, Thresholds } from '../pack/schema.js';
import type { Scorecard } from '../../machines/scorecard.js';
import { isBusy } from '../store/open.js';
import type { DeskLog, OpenCall } from '../store/store.js';
import { callRecord, type SaveScoring } from './record.js';
import { CatchUpClock } from './catch-up-clock.js';
import { missedCall, type MissedCall, type UnansweredCall } from './missed.js';
import { CallSession, systemClock, type CallCommand, type CallSnapshot, type NowClock } from './session.js';

/** How often a busy log is tried again (another process is writing to it). */
export const BUSY_RETRY_MS = 250;

/** The keys a phone carries out (the rest are the agent's own, on the screen; a ring by key is the keyboard's own call). */
const PHONE_COMMANDS: ReadonlySet<CallCommand['type']> = new Set(['ANSWER', 'AGENT_HANG_UP', 'CALLER_HANG_UP']);

/**
 * Where a command came from: the agent's key on the screen, the phone's report of what happened
 * on it, a training scenario's caller (its ring and hang-up), a logged call played back, or the
 * transcript feed's speech (src/assist/live-assist.ts).
 */
export type CommandSource = 'key' | 'phone' | 'scenario' | 'replay' | 'transcript';

/**
 * How a key the phone carries goes, as the phone beside the desk says: a request to the phone
 * (its report of what happened then moves the call), refused (only the phone can say that), or
 * straight to the machine as `command` (no phone carries the call now: a call by key, or its
 * phone's link is down).
 */
export type PhoneRoute = { readonly kind: 'requested' } | { readonly kind: 'refused' } | { readonly kind: 'direct'; readonly command: CallCommand };

/** The phone beside the desk (src/softphone/follow.ts). */
export interface DeskPhone {
  /** A key for the phone (answer, hang up) that the machine would take now: how it goes. */
  route(command: CallCommand): PhoneRoute;
  /**
   * The call moved (or the desk changed): called after the log has the event and before the
   * screen is told, so what the phone is told of a move (the agent's hold) is what the log holds.
   */
  deskMoved(): void;
}

export interface DeskOptions {
  /** The pack for new calls. */
  pack: Pack;
  /** Finds the pack a call left open was taken on, when it is not `pack` (null: gone). */
  findPack?: (id: string) => Pack | null;
  thresholds: Thresholds;
  strict: boolean;
  clock: NowClock;
  store: DeskLog;
  agent: { name: string; number: string };
  holidays?: readonly string[];
  /** How a call is scored as it is saved (a training run adds its scenario's expectations). */
  scoring?: () => SaveScoring;
  /** A training desk: its calls are marked with the scenario, and no live call is restored onto it. */
  scenarioId?: string;
  /**
   * The timer that tries a busy log again: real time by default, whatever the call's clock (a
   * class's stepped clock stands still); a test gives its simulated clock.
   */
  retryTimer?: Pick<NowClock, 'setTimeout' | 'clearTimeout'>;
}

/**
 * A write to the call log that failed: the events of a call, its save, or a missed call; or any
 * of them held up because another process was writing to the log (busy: tried again by itself).
 */
export interface StoreProblem {
  readonly kind: 'write' | 'save' | 'missed' | 'busy';
  readonly detail: string;
}

/** The desk as the screen reads it (`CallDesk.getSnapshot`): one immutable object per change. */
export interface DeskView {
  readonly snapshot: CallSnapshot;
  /** The pack of the call on screen. */
  readonly pack: Pack;
  readonly storeProblem: StoreProblem | null;
  readonly lastSaved: CallDesk['lastSaved'];
  readonly restored: boolean;
  readonly orphan: { readonly id: number; readonly packId: string } | null;
  /** The states the call on screen has been in. */
  readonly visited: ReadonlySet<string>;
  /** The clock of the call on screen, and its time now. */
  readonly clock: NowClock;
  readonly now: () => number;
}

/** Missed calls logged in one commit at most: about a millisecond of work each, so a key waits behind one batch for 20 ms at most. */
const MISSED_PER_COMMIT = 16;

export class CallDesk {
  private session: CallSession;
  private callId: number | null = null;
  /**
   * What the log still owes, all written by one path (`writeOwed`) and kept until written:
   * events of the call on screen the store could not take yet (a full disk), in order; missed
   * calls, each logged whole; the save of the call on screen.
   */
  private unwritten: CallEvent[] = [];
  private unloggedMissed: MissedCall[] = [];
  /** Missed calls are written a moment later, together: a phone's burst of them is one commit, not one a call. */
  private missedWriteQueued = false;
  private savePending = false;
  /** The next try of a busy log, while one is waited for. */
  private retrying: unknown = null;
  private stopped = false;
  private listeners = new Set<() => void>();
  /**
   * While anything is owed to the log: the first thing that could not be written, and the store's
   * own words (which never hold caller data); the screen says it in its language. It clears only
   * once everything owed is written.
   */
  storeProblem: StoreProblem | null = null;
  /** The last call saved (a new object each time), for the screen's "saved" message. */
  lastSaved: {
    id: number;
    outcome: string | null;
    ticketDueAt: number | null;
    scorecard: Scorecard | null;
    since: number;
    /** A call-back: its ticket, and whether its result closed it. */
    callback: { ticketId: number; closed: boolean } | null;
  } | null = null;
  /**
   * A veto on commands before the machine sees them, with the reason in words (a training
   * scenario keeps the phone ringing until its fourth ring; a replay takes only its log's
   * events). Null lets everything through.
   */
  gate: ((command: CallCommand, from: CommandSource) => string | null) | null = null;
  /**
   * The phone beside the desk (src/softphone/follow.ts): the answer and hang-up keys are asked of
   * it (`route`), and it hears of every move (`deskMoved`). Null: keys move the machine directly
   * (training, replay).
   */
  phone: DeskPhone | null = null;
  /** While the machine takes an event: its moves are told once the log has it (see `take`). */
  private taking = false;
  /** True when the current call was rebuilt from the log after Ringside stopped mid-call. */
  restored = false;
  /** Logged events the machine would not take again on restore (the pack changed since?). */
  refusedOnRestore = 0;
  /** A call left open on a pack that is no longer here: it stays in the log as it was. */
  orphan: { id: number; packId: string } | null = null;

  constructor(private readonly options: DeskOptions) {
    this.session = this.newSession();
    // A call left open when Ringside stopped comes back. One that had ended but was not saved
    // (the save failed, or Ringside died in between) is saved now, and the log is looked at
    // again: an older version could leave a missed call open beside the call in progress.
    for (let looked = 0; looked < 10 && !options.scenarioId; looked++) {
      const open = options.store.findOpenCall();
      const openPack = !open ? null : open.packId === options.pack.id ? options.pack : (options.findPack?.(open.packId) ?? null);
      if (open && !openPack) this.orphan = { id: open.id, packId: open.packId };
      if (!open || !openPack || open.events.length === 0) break;
      this.session.stop();
      this.session = this.restore(open, openPack);
      if (this.session.snapshot.status !== 'done') break;
      this.savePending = true;
      this.writeOwed();
      if (this.storeProblem) break; // not saved: it stays on screen until it is
    }
  }

  /** A fresh, idle call on the desk's pack, settings and clock. */
  private newSession(): CallSession {
    const { pack, thresholds, strict, clock } = this.options;
    return this.attach(new CallSession({ pack, thresholds, strict, clock }));
  }

  /**
   * The desk hears every move of the call. A move of the machine's own (a timer: the ring turning
   * late) has no event to log and is told at once; a move by an event is told by `take`, after the log.
   */
  private attach(session: CallSession): CallSession {
    session.actor.subscribe(() => {
      if (!this.taking) this.emit();
    });
    return session;
  }

  /**
   * Rebuilds the open call: its events are replayed at their own times on a clock that then
   * goes live, with the strict mode and thresholds the call was taken with, so timers that fired
   * fired again and the ones still running fall due when they would have.
   */
  private restore(open: OpenCall, pack: Pack): CallSession {
    const clock = new CatchUpClock(this.options.clock, open.events[0]!.at);
    const session = new CallSession({ pack, thresholds: open.thresholds, strict: open.strict, clock });
    for (const event of open.events) {
      clock.advanceTo(event.at);
      if (session.snapshot.can(event)) session.actor.send(event);
      else this.refusedOnRestore++;
    }
    clock.goLive();
    this.callId = open.id;
    this.restored = true;
    return this.attach(session);
  }

  get snapshot(): CallSnapshot {
    return this.session.snapshot;
  }

  /** The pack of the call on screen (a restored call keeps the pack it was taken on). */
  get pack(): Pack {
    return this.session.pack;
  }

  /** The states the call on screen has been in. */
  get visited(): ReadonlySet<string> {
    return this.session.visited;
  }

  /** The clock of the call on screen (a restored call keeps its catch-up clock). */
  get clock(): NowClock {
    return this.session.clock;
  }

  /**
   * What the screen reads of the desk, as one immutable object: a new one whenever any of it
   * changed, the same one otherwise (React's useSyncExternalStore reads it; `subscribe` tells
   * when to look again).
   */
  getSnapshot(): DeskView {
    const last = this.view;
    if (
      last &&
      last.snapshot === this.session.snapshot &&
      last.pack === this.session.pack &&
      last.storeProblem === this.storeProblem &&
      last.lastSaved === this.lastSaved &&
      last.restored === this.restored &&
      last.orphan === this.orphan &&
      last.clock === this.session.clock
    ) {
      return last;
    }
    const clock = this.session.clock;
    this.view = Object.freeze({
      snapshot: this.session.snapshot,
      pack: this.session.pack,
      storeProblem: this.storeProblem,
      lastSaved: this.lastSaved,
      restored: this.restored,
      orphan: this.orphan,
      visited: this.session.visited,
      clock,
      now: () => clock.now(),
    });
    return this.view;
  }

  private view: DeskView | null = null;

  /** Whether a key would be taken now (the gate and the machine). */
  can(command: CallCommand): boolean {
    return !this.gate?.(command, 'key') && this.session.can(command);
  }

  /** Why the gate holds this key back now, or null. */
  held(command: CallCommand): string | null {
    return this.gate?.(command, 'key') ?? null;
  }

  /** The agent's key: `take(command, 'key')`. */
  send(command: CallCommand): boolean {
    return this.take(command, 'key');
  }

  /**
   * The one way into the call, for every source; true when it was taken (or, for a key the phone
   * carries, asked of the phone). Always in this order:
   *   1. the gate: a command it holds back goes nowhere;
   *   2. a key the phone carries (answer, hang-up) on a call a softphone follows is a request to
   *      the phone and nothing more here: the phone's report of what happened comes back through
   *      this entry as `phone`, and that moves the call (a refusal is the phone's, said on screen);
   *   3. the machine takes the event or refuses it (nothing else happens then);
   *   4. the log appends the accepted event (what it cannot take yet is kept, in order, and said);
   *   5. the phone hears of the move (what it must be told: the agent's hold);
   *   6. the listeners (the screen, a training run) are told.
   */
  take(command: CallCommand, from: CommandSource): boolean {
    if (this.gate?.(command, from)) return false;
    let move = command;
    // A call-back is dialled on the phone by hand and not followed: its keys move the machine.
    if (from === 'key' && this.phone && PHONE_COMMANDS.has(command.type) && !this.session.snapshot.context.callback) {
      if (!this.session.can(command)) return false;
      const route = this.phone.route(command);
      if (route.kind !== 'direct') return route.kind === 'requested';
      move = route.command;
    }
    this.taking = true;
    let event: CallEvent | null;
    try {
      event = this.session.take(move);
    } finally {
      this.taking = false;
    }
    if (!event) return false;
    this.record(event);
    this.emit();
    return true;
  }

  /** After a saved call: a fresh, idle call for the next ring. */
  nextCall(): void {
    if (this.session.snapshot.status !== 'done') return;
    this.session.stop();
    this.session = this.newSession();
    this.callId = null;
    this.restored = false;
    this.refusedOnRestore = 0;
    this.emit();
  }

  /** Tries the writes that failed again (the screen offers it on `s`); true when all is written. */
  retry(): boolean {
    this.writeOwed();
    this.emit();
    return this.storeProblem === null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The phone first (what it must be told of the call), then the listeners: always after the log (see `take`). */
  private emit(): void {
    this.phone?.deskMoved();
    for (const listener of this.listeners) listener();
  }

  private record(event: CallEvent): void {
    this.unwritten.push(event);
    if (this.session.snapshot.status === 'done') this.savePending = true;
    this.writeSoon();
  }

  /**
   * Writes what is owed now, unless the log is busy and a retry is on its way: the event is kept
   * in order with its moment, and trying now would only hold up the next key.
   */
  private writeSoon(): void {
    if (this.retrying === null) this.writeAndTell();
  }

  /** Writes what is owed; a failure (or its end) is news even when the machine did not move. */
  private writeAndTell(): void {
    const hadProblem = this.storeProblem !== null;
    this.writeOwed();
    if (this.storeProblem || hadProblem) this.emit();
  }

  /**
   * The one way into the log: missed calls first (each whole), then the events of the call on
   * screen in order, then its save. Whatever fails stays owed and is tried again with the next
   * write; the problem shown is the first still owed, and clears only when nothing is.
   */
  private writeOwed(missedAtMost = MISSED_PER_COMMIT): void {
    const problems: StoreProblem[] = [];
    // A busy log (another process writing) is said as busy, whichever write it held up.
    const failed = (kind: StoreProblem['kind'], error: unknown) => problems.push({ kind: isBusy(error) ? 'busy' : kind, detail: (error as Error).message });
    const { store, agent, holidays } = this.options;
    if (this.unloggedMissed.length > 0) {
      // Several in one commit (each call whole): the disk's wait is paid once for them. At most
      // MISSED_PER_COMMIT at a time, so a flood's backlog never holds a key up for long; the rest
      // follow on the next turns.
      const batch = this.unloggedMissed.slice(0, missedAtMost);
      try {
        store.logFinishedCalls(batch.map((missed) => ({ ...missed, record: callRecord(missed.context, { holidays }) })), agent);
        this.unloggedMissed.splice(0, batch.length);
        if (this.unloggedMissed.length > 0) this.writeMissedSoon();
      } catch (error) {
        failed('missed', error);
      }
    }
    try {
      while (this.unwritten.length > 0) {
        const event = this.unwritten[0]!;
        this.callId ??= store.openCall(this.session.pack.id, agent, event.at, {
          strict: this.session.strict,
          thresholds: this.session.thresholds,
          scenarioId: this.options.scenarioId,
        });
        store.appendEvent(this.callId, event);
        this.unwritten.shift();
      }
    } catch (error) {
      failed('write', error);
    }
    const saved = this.savePending && this.unwritten.length === 0 && this.save(failed);
    this.storeProblem = problems[0] ?? null;
    if (problems.some((problem) => problem.kind === 'busy')) this.retryLater();
    // Saved: ready for the next ring at once ("s: save and ready").
    if (saved) this.nextCall();
  }

  /** A busy log is tried again shortly, by itself: another process's write takes moments. */
  private retryLater(): void {
    if (this.retrying !== null || this.stopped) return;
    const timer = this.options.retryTimer ?? systemClock;
    this.retrying = timer.setTimeout(() => {
      this.retrying = null;
      if (!this.stopped) this.writeAndTell();
    }, BUSY_RETRY_MS);
  }

  /** Saves the finished call on screen; true when it is in the log. */
  private save(failed: (kind: StoreProblem['kind'], error: unknown) => void): boolean {
    if (this.callId === null) return false;
    try {
      const { holidays, scoring } = this.options;
      this.options.store.saveCall(this.callId, callRecord(this.session.snapshot.context, { holidays, scoring: scoring?.() }));
      const saved = this.options.store.getCall(this.callId);
      this.lastSaved = {
        id: this.callId,
        outcome: saved?.outcome ?? null,
        ticketDueAt: saved?.ticket?.dueAt ?? null,
        scorecard: saved?.scorecard ?? null,
        since: saved?.answeredAt ?? saved?.ringAt ?? 0,
        callback: saved?.callbackTicket ? { ticketId: saved.callbackTicket, closed: this.options.store.ticketClosed(saved.callbackTicket) } : null,
      };
    } catch (error) {
      failed('save', error);
      return false;
    }
    this.savePending = false;
    return true;
  }

  /**
   * A call that rang on the phone and ended while another call was on screen: logged as missed
   * (or rejected) with its real ring time, without touching the call on screen. It goes through
   * the same path as every write: if the log cannot take it now, it is kept and written later.
   */
  logUnanswered(call: UnansweredCall): void {
    this.unloggedMissed.push(missedCall(call, this.options));
    this.writeMissedSoon();
  }

  /**
   * Missed calls are written once what the phone sent meanwhile has been read: a burst of them
   * (a flood behind a busy desk) costs a commit a batch, not one each, and the keyboard keeps its turn.
   */
  private writeMissedSoon(): void {
    if (this.missedWriteQueued) return;
    this.missedWriteQueued = true;
    setImmediate(() => {
      this.missedWriteQueued = false;
      if (!this.stopped) this.writeSoon();
    });
  }

  /**
   * A training call left unfinished (the class quit mid-call) is practice, not a record: it
   * leaves the log instead of staying open for ever. A live call is never dropped.
   */
  abandonTraining(): void {
    if (!this.options.scenarioId || this.callId === null || this.savePending) return;
    this.options.store.discardOpenTrainingCall(this.callId);
    this.callId = null;
  }

  /**
   * The last write, as the screen closes: what the log still owes (a busy log's retries pending)
   * is written with a command's patience for another process's write, not the screen's brief
   * one, so the keys pressed while it was busy are not lost with the process.
   */
  writeLast(): void {
    if (this.stopped) return;
    if (this.retrying !== null) (this.options.retryTimer ?? systemClock).clearTimeout(this.retrying);
    this.retrying = null;
    this.options.store.patiently(() => this.writeOwed(Infinity));
  }

  stop(): void {
    this.stopped = true;
    if (this.retrying !== null) (this.options.retryTimer ?? systemClock).clearTimeout(this.retrying);
    this.retrying = null;
    this.session.stop();
  }
}
