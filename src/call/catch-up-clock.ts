/**
 * A clock for rebuilding a call from its log. While replaying it runs on virtual time: each
 * logged event is sent at its own moment and the machine's delays fire when they fired then.
 * Then it goes live on the real clock, and every delay still pending is re-armed with what is
 * left of it, so a restored call's ring, hold and wrap-up limits fall due on time.
 * (XState does not keep pending delays in a persisted snapshot, so a snapshot hand-over loses them.)
 */
import type { NowClock } from './session.js';

interface Pending {
  due: number;
  fn: (...args: unknown[]) => void;
  /** The live clock's handle once armed there. */
  handle?: unknown;
}

export class CatchUpClock implements NowClock {
  private virtualNow: number | null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly live: NowClock,
    startAt: number,
  ) {
    this.virtualNow = startAt;
  }

  now(): number {
    return this.virtualNow ?? this.live.now();
  }

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id = this.nextId++;
    const entry: Pending = { due: this.now() + timeout, fn };
    this.pending.set(id, entry);
    if (this.virtualNow === null) this.arm(id, entry);
    return id;
  }

  clearTimeout(id: unknown): void {
    const entry = this.pending.get(id as number);
    if (entry?.handle !== undefined) this.live.clearTimeout(entry.handle);
    this.pending.delete(id as number);
  }

  /** Moves virtual time forward to `time`, firing what falls due on the way, in order. */
  advanceTo(time: number): void {
    if (this.virtualNow === null) throw new Error('the clock is live already');
    for (;;) {
      let first: [number, Pending] | undefined;
      for (const item of this.pending) if (item[1].due <= time && (!first || item[1].due < first[1].due)) first = item;
      if (!first) break;
      this.virtualNow = Math.max(this.virtualNow, first[1].due);
      this.pending.delete(first[0]);
      first[1].fn();
    }
    this.virtualNow = Math.max(this.virtualNow, time);
  }

  /** Catches up to the live clock's present, then hands every pending delay over to it. */
  goLive(): void {
    this.advanceTo(this.live.now());
    this.virtualNow = null;
    for (const [id, entry] of this.pending) this.arm(id, entry);
  }

  private arm(id: number, entry: Pending): void {
    entry.handle = this.live.setTimeout(() => {
      this.pending.delete(id);
      entry.fn();
    }, Math.max(0, entry.due - this.live.now()));
  }
}
