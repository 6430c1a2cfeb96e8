/** What the pane tests share: a call on the general pack moved by events, and the screen's words. */
import { SimulatedClock } from 'xstate';
import { CallSession, resolveThresholds, type CallCommand } from '../../../src/call/session.js';
import { keyNames } from '../../../src/ui/keys/commands.js';
import { applyOverrides } from '../../../src/ui/keys/keymap.js';
import { textFor } from '../../../src/ui/text.js';
import { zhGeneral } from '../../helpers.js';

export const zh = textFor('zh-CN');
export const en = textFor('en');

/** The keys named as the agent has them (with overrides). */
export const keysWith = (overrides: Record<string, string> = {}, language: 'zh-CN' | 'en' = 'zh-CN') => keyNames(applyOverrides(overrides), language);

/** A call on the general pack after the given events, on a simulated clock. */
export function callAfter(...events: (CallCommand | CallCommand['type'])[]) {
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
  const session = new CallSession({ pack, thresholds: resolveThresholds(pack), clock });
  for (const event of events) session.send(typeof event === 'string' ? ({ type: event } as CallCommand) : event);
  return { session, pack, clock, snapshot: session.snapshot, ctx: session.snapshot.context };
}

/** The frame's lines without trailing spaces. */
export const linesOf = (frame: string | undefined) => (frame ?? '').split('\n').map((line) => line.trimEnd());
