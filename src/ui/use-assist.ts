/** Live assist as the screen reads it: one subscribed snapshot (src/assist/live-assist.ts), or null without a transcript. */
import { useCallback, useSyncExternalStore } from 'react';
import type { Speaker } from '../assist/segment.js';
import type { ScreenText } from './text.js';

/** What the screen shows of the transcript feed. */
export interface AssistView {
  /** waiting: nothing heard from the feed yet (or since it came back); live: it speaks; gone: it vanished or failed. */
  readonly status: 'waiting' | 'live' | 'gone';
  /** A partial result being heard now ("hearing…"): it ticks nothing. */
  readonly hearing: { readonly speaker: Speaker; readonly text: string } | null;
  /** The feed's last notice (a bad line, a flood, the feed gone), said in the desk's language; never caller words. */
  readonly notice: string | null;
}

export interface AssistLink {
  subscribe(listener: () => void): () => void;
  getSnapshot(): AssistView;
  /** How long the agent may stay silent after a caller's question before the repeat line is offered. */
  readonly repeatAfterMs: number;
}

export function useAssistView(assist: AssistLink | undefined): AssistView | null {
  const subscribe = useCallback((listener: () => void) => assist?.subscribe(listener) ?? (() => {}), [assist]);
  const read = useCallback(() => assist?.getSnapshot() ?? null, [assist]);
  return useSyncExternalStore(subscribe, read);
}

const COLORS = { waiting: 'yellow', live: 'green', gone: 'red' } as const;

/** The header's label for the feed: full, short for a crowded header, and its color. */
export function assistLabel(view: AssistView, text: ScreenText): { text: string; short: string; color: string } {
  return { text: text.assistLink[view.status] ?? view.status, short: text.assistShort[view.status] ?? view.status, color: COLORS[view.status] };
}
