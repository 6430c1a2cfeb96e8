/**
 * Clocks for training. Both tell scenario time, which is what the call's events are stamped
 * with, so a trained call is judged exactly as a live one would be.
 */
import { SimulatedClock } from 'xstate';
import type { NowClock } from '../call/session.js';

/**
 * Time that stands still until the trainer moves it (step mode): XState's own simulated clock,
 * so the call's timers (three rings, hold check-back ...) fall due exactly as the steps pass them.
 */
export function stepClock(start: number): SimulatedClock {
  const clock = new SimulatedClock();
  clock.set(start);
  return clock;
}

/** Real time run `speed` times faster (2) or slower (0.5), for a scenario played live. */
export function scaledClock(speed: number, real: NowClock): NowClock {
  const realStart = real.now();
  return {
    now: () => Math.round(realStart + (real.now() - realStart) * speed),
    setTimeout: (fn, ms) => real.setTimeout(fn, ms / speed),
    clearTimeout: (id) => real.clearTimeout(id),
  };
}
