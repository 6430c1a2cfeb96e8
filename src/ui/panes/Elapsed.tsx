import { Text } from 'ink';
import { useEffect, useState } from 'react';
import type { NowClock } from '../../call/session.js';

export interface ElapsedProps {
  readonly label: string;
  readonly since: number;
  /** Stops the count (the ring ended at the answer); ticking until then. */
  readonly until?: number | null;
  readonly clock: NowClock;
  /** At this many ms the figure turns yellow, at `alarmMs` red. */
  readonly warnMs?: number;
  readonly alarmMs?: number;
  /** Seconds only (the ring wait), or mm:ss. */
  readonly seconds?: boolean;
  readonly tickMs?: number;
}

export function formatDuration(ms: number, secondsOnly = false): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (secondsOnly) return `${total}s`;
  const minutes = Math.floor(total / 60);
  return `${String(minutes).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * One timer per tick length for every figure on screen: the talk and hold figures move in the
 * same frame, so a call on hold draws once a second, not once per figure.
 */
const tickers = new Map<number, { readonly listeners: Set<() => void>; readonly timer: NodeJS.Timeout }>();

function useTick(tickMs: number, running: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const listener = () => setTick((n) => n + 1);
    let ticker = tickers.get(tickMs);
    if (!ticker) {
      const listeners = new Set<() => void>();
      ticker = { listeners, timer: setInterval(() => listeners.forEach((tick) => tick()), tickMs) };
      tickers.set(tickMs, ticker);
    }
    ticker.listeners.add(listener);
    const mine = ticker;
    return () => {
      mine.listeners.delete(listener);
      if (mine.listeners.size === 0) {
        clearInterval(mine.timer);
        tickers.delete(tickMs);
      }
    };
  }, [running, tickMs]);
}

/** The one leaf that ticks: only this re-renders each second, nothing above it. */
export function Elapsed({ label, since, until = null, clock, warnMs, alarmMs, seconds = false, tickMs = 1000 }: ElapsedProps) {
  useTick(tickMs, until === null);
  const ms = (until ?? clock.now()) - since;
  const color = alarmMs !== undefined && ms >= alarmMs ? 'red' : warnMs !== undefined && ms >= warnMs ? 'yellow' : undefined;
  return (
    <Text color={color} bold={color === 'red'}>
      {label} {formatDuration(ms, seconds)}
      {color === 'red' ? ' ⚠' : ''}
    </Text>
  );
}
