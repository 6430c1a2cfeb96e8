/**
 * A logged call played back on the screen for a debrief: its events are fed to a fresh call at
 * their own moments (step mode: one event per step), on a simulated clock, so the screen shows
 * what the agent saw then, timers included. Caller data is masked before any event is fed.
 */
import type { SimulatedClock } from 'xstate';
import type { CallEvent } from '../../machines/call.js';
import type { Scorecard } from '../../machines/scorecard.js';
import type { CallDesk } from '../call/desk.js';
import type { CallCommand } from '../call/session.js';
import type { NextMove, ScreenRun, TranscriptLine } from './run.js';

export interface ReplayOptions {
  callId: number;
  /** "live call" or the scenario's id, for the header. */
  label: string;
  events: CallEvent[];
  clock: SimulatedClock;
  step: boolean;
  speed: number;
  savedCard: { card: Scorecard; since: number } | null;
}

export class ReplayRun implements ScreenRun {
  readonly kind = 'replay';
  readonly persona = null;
  readonly mood = null;
  /** A replay's events were masked before the call saw them: nothing more to mask in its words. */
  readonly callerData: readonly string[] = [];
  readonly brief = null;
  readonly transcript: readonly TranscriptLine[] = [];
  readonly savedCard: { card: Scorecard; since: number } | null;
  private index = 0;
  private ticker: NodeJS.Timeout | null = null;
  private listeners = new Set<() => void>();
  /** The save is not replayed: the screen stays on the finished call and shows its scorecard. */
  private readonly events: CallEvent[];

  constructor(
    private readonly desk: CallDesk,
    private readonly options: ReplayOptions,
  ) {
    this.events = options.events.filter((event) => event.type !== 'SAVE');
    this.savedCard = options.savedCard;
    // Read-only: only the log's own events move the call, no key.
    desk.gate = (_command, from) => (from === 'replay' ? null : 'replay');
  }

  get title(): string {
    return `#${this.options.callId} ${this.options.label}`;
  }

  get stepMode(): boolean {
    return this.options.step;
  }

  /** Plays the events at their pace (times `speed`) in real time; step mode waits for steps. */
  start(): void {
    if (this.options.step || this.events.length === 0) return;
    const clock = this.options.clock;
    const realStart = Date.now();
    const logStart = this.events[0]!.at;
    this.ticker = setInterval(() => {
      const now = logStart + (Date.now() - realStart) * this.options.speed;
      while (this.index < this.events.length && this.events[this.index]!.at <= now) this.feed();
      clock.set(Math.max(clock.now(), Math.min(now, this.events.at(-1)!.at)));
      if (this.index >= this.events.length) this.stop();
      this.emit();
    }, 100);
  }

  peek(): NextMove {
    const event = this.events[this.index];
    return event ? { kind: 'event', event } : { kind: 'end' };
  }

  step(): null {
    if (this.index < this.events.length) this.feed();
    this.emit();
    return null;
  }

  ring(): boolean {
    return false;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private feed(): void {
    const event = this.events[this.index++]!;
    const clock = this.options.clock;
    // The clock goes to the event's moment first: timers that fell due before it fire on time.
    if (event.at > clock.now()) clock.increment(event.at - clock.now());
    const { at: _at, ...command } = event;
    this.desk.take(command as CallCommand, 'replay');
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
