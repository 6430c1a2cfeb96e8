/**
 * The agent's desk: one call after another on one pack. It owns the running call session and
 * links it to the call log: a ring opens a call row, every accepted event is appended at once,
 * the finished call is saved in full. A call left open by a crash is rebuilt from its events.
 */
import { SimulatedClock } from 'xstate';
import type { CallEvent } from '../../machines/call.js';
import type { Pack, Thresholds } from '../pack/schema.js';
import type { CallStore } from '../store/db.js';
import { CallSession, type CallCommand, type CallSnapshot, type NowClock } from './session.js';

export interface DeskOptions {
  pack: Pack;
  thresholds: Thresholds;
  strict: boolean;
  clock: NowClock;
  store: CallStore;
  agent: { name: string; number: string };
  holidays?: readonly string[];
}

export class CallDesk {
  private session: CallSession;
  private callId: number | null = null;
  /** Events the store could not take yet (a full disk): kept in order and retried. */
  private unwritten: CallEvent[] = [];
  private listeners = new Set<() => void>();
  /** The last store failure, in words, until a write succeeds again. */
  storeProblem: string | null = null;
  /** The last call saved (a new object each time), for the screen's "saved" message. */
  lastSaved: { id: number; outcome: string | null; ticketDueAt: number | null } | null = null;
  /** True when the current call was rebuilt from the log after Ringside stopped mid-call. */
  restored = false;

  constructor(private readonly options: DeskOptions) {
    this.session = this.newSession();
    const open = options.store.findOpenCall();
    if (open && open.packId === options.pack.id && open.events.length > 0) this.restore(open.id, open.events);
  }

  private newSession(snapshot?: CallSessionOptions['snapshot']): CallSession {
    const { pack, thresholds, strict, clock } = this.options;
    const session = new CallSession({ pack, thresholds, strict, clock, snapshot, onAccepted: (event) => this.record(event) });
    session.actor.subscribe(() => this.emit());
    return session;
  }

  /** Replays the logged events at their own times, then carries on live from there. */
  private restore(callId: number, events: CallEvent[]): void {
    const { pack, thresholds, strict } = this.options;
    const replayClock = new SimulatedClock();
    replayClock.set(events[0]!.at);
    const replayed = CallSession.replay({ pack, thresholds, strict, clock: replayClock }, events);
    replayClock.set(Math.max(replayClock.now(), this.options.clock.now()));
    const snapshot = replayed.actor.getPersistedSnapshot();
    replayed.stop();
    this.session.stop();
    this.session = this.newSession(snapshot as CallSessionOptions['snapshot']);
    this.callId = callId;
    this.restored = true;
    if (this.session.snapshot.status === 'done') this.finish();
  }

  get snapshot(): CallSnapshot {
    return this.session.snapshot;
  }

  get pack(): Pack {
    return this.options.pack;
  }

  get clock(): NowClock {
    return this.options.clock;
  }

  get currentCallId(): number | null {
    return this.callId;
  }

  can(command: CallCommand): boolean {
    return this.session.can(command);
  }

  /** Sends a command to the call; false when the machine did not take it. */
  send(command: CallCommand): boolean {
    return this.session.send(command);
  }

  /** After a saved call: a fresh, idle call for the next ring. */
  nextCall(): void {
    if (this.session.snapshot.status !== 'done') return;
    this.session.stop();
    this.session = this.newSession();
    this.callId = null;
    this.restored = false;
    this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private record(event: CallEvent): void {
    this.unwritten.push(event);
    this.flush();
    if (this.session.snapshot.status === 'done') this.finish();
  }

  private flush(): void {
    const { store, pack, agent } = this.options;
    try {
      while (this.unwritten.length > 0) {
        const event = this.unwritten[0]!;
        this.callId ??= store.openCall(pack.id, agent, event.at);
        store.appendEvent(this.callId, event);
        this.unwritten.shift();
      }
      this.storeProblem = null;
    } catch (error) {
      this.storeProblem = `The call log could not be written (${(error as Error).message}); the call is kept and will be written on the next key.`;
    }
  }

  private finish(): void {
    if (this.callId === null || this.unwritten.length > 0) return;
    try {
      this.options.store.saveCall(this.callId, this.session.snapshot.context, { holidays: this.options.holidays });
      const saved = this.options.store.getCall(this.callId);
      this.lastSaved = { id: this.callId, outcome: saved?.outcome ?? null, ticketDueAt: saved?.ticket?.dueAt ?? null };
    } catch (error) {
      this.storeProblem = `The call could not be saved (${(error as Error).message}); its events are in the log and it will be restored on the next start.`;
      this.emit();
      return;
    }
    // Saved: ready for the next ring at once ("s: save and ready").
    this.nextCall();
  }

  stop(): void {
    this.session.stop();
  }
}

type CallSessionOptions = ConstructorParameters<typeof CallSession>[0];
