/**
 * A running call: the call machine's actor plus the clock that stamps every event. The desk
 * (desk.ts) is the one way in: keys, phone reports, training beats and replays all reach the
 * machine through its `take`, which comes here; the machine decides whether an event means
 * anything now (`can`), and `take` hands back the event it accepted for the desk to log.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import { callMachine, type CallEvent, type CallInput } from '../../machines/call.js';
import { activeStateIds } from '../../machines/chart.js';
import type { Pack, Thresholds } from '../pack/schema.js';

/** A clock that also tells the time; XState's SimulatedClock is one. (XState does not export its Clock type.) */
export interface NowClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

export const systemClock: NowClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the session stamps its time. */
export type CallCommand = DistributiveOmit<CallEvent, 'at'>;
export type CallSnapshot = SnapshotFrom<typeof callMachine>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  ringMs: 15_000,
  holdCheckBackMs: 30_000,
  nonBusinessMs: 180_000,
  wrapUpMs: 60_000,
  openNowMs: 10_000,
};

/** Built-in defaults, overridden by the pack, overridden by the agent's settings. */
export function resolveThresholds(pack: Pack, settings: Partial<Thresholds> = {}): Thresholds {
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_THRESHOLDS, ...defined(pack.thresholds), ...defined(settings) } as Thresholds;
}

export interface CallSessionOptions extends CallInput {
  clock: NowClock;
}

export class CallSession {
  readonly actor: Actor<typeof callMachine>;
  readonly clock: NowClock;
  readonly pack: Pack;
  readonly strict: boolean;
  readonly thresholds: Thresholds;
  /** Every state this call has been in (the call map's path so far). */
  readonly visited = new Set<string>();

  constructor(options: CallSessionOptions) {
    this.clock = options.clock;
    this.pack = options.pack;
    this.strict = options.strict ?? false;
    this.thresholds = options.thresholds;
    this.actor = createActor(callMachine, {
      input: { pack: options.pack, thresholds: options.thresholds, strict: this.strict },
      clock: options.clock,
    });
    this.actor.subscribe((snapshot) => {
      for (const id of activeStateIds(snapshot.value)) this.visited.add(id);
    });
    this.actor.start();
    for (const id of activeStateIds(this.actor.getSnapshot().value)) this.visited.add(id);
  }

  get snapshot(): CallSnapshot {
    return this.actor.getSnapshot();
  }

  /** Whether the machine would take this command now. */
  can(command: CallCommand): boolean {
    return this.snapshot.can({ ...command, at: this.clock.now() } as CallEvent);
  }

  /** Stamps the command with the clock's time and gives it to the machine: the event it accepted, or null when it refused. */
  take(command: CallCommand): CallEvent | null {
    const event = { ...command, at: this.clock.now() } as CallEvent;
    if (!this.snapshot.can(event)) return null;
    this.actor.send(event);
    return event;
  }

  /** `take`, for a caller that needs only whether the machine took it. */
  send(command: CallCommand): boolean {
    return this.take(command) !== null;
  }

  stop(): void {
    this.actor.stop();
  }
}
