/**
 * `ringside follow-ups`: the promises to call back (R-FOLLOW-UP: two working days), overdue first.
 * Caller names and phones are masked unless asked; the summary is free text the caller gave, so a
 * masked list shows the call's reasons in its place.
 */
import { localMinute } from '../local-time.js';
import { type Asked, type Output, shown, showing } from '../privacy.js';
import type { FollowUp } from '../store/store.js';
import { padDisplay, stringWidth, fitWidth } from '../width.js';

export type FollowUpState = 'overdue' | 'due today' | 'open';

/** Overdue (past its due time), due today (before the end of this local day), or open. */
export function followUpState(followUp: FollowUp, now: number): FollowUpState {
  if (followUp.dueAt < now) return 'overdue';
  const endOfToday = new Date(now);
  endOfToday.setHours(23, 59, 59, 999);
  return followUp.dueAt <= endOfToday.getTime() ? 'due today' : 'open';
}

/**
 * A follow-up's caller and what it is about, as `output` shows them: where the summary is hidden
 * (the follow-ups list), the call's reasons stand in its place.
 */
export function shownFollowUp(followUp: FollowUp, output: Output, asked: Asked = {}) {
  const hidden = showing(output, 'freeText', asked) === 'hidden';
  return {
    caller: { name: shown(output, 'name', followUp.caller.name, asked), phone: shown(output, 'phone', followUp.caller.phone, asked) },
    about: hidden ? followUp.reasons.join('、') : shown(output, 'freeText', followUp.summary, asked),
    hidden,
  };
}

export function followUpsJson(list: FollowUp[], now: number, masked: boolean): unknown[] {
  return list.map((f) => {
    const { caller, about, hidden } = shownFollowUp(f, 'followUps', { unmasked: !masked });
    const { summary: _summary, reasons, ...rest } = f;
    return { ...rest, state: followUpState(f, now), caller, reasons, ...(hidden ? {} : { summary: about }) };
  });
}

export function formatFollowUps(list: FollowUp[], now: number, masked: boolean, width = 100): string {
  if (list.length === 0) return 'No follow-ups open: every complaint and suggestion has been called back.\n';
  const counts = { overdue: 0, 'due today': 0, open: 0 };
  for (const f of list) counts[followUpState(f, now)]++;
  const who = (f: FollowUp) => {
    const { caller } = shownFollowUp(f, 'followUps', { unmasked: !masked });
    return [caller.name, caller.phone].filter(Boolean).join(' ');
  };
  const callerWidth = Math.min(24, list.reduce((widest, f) => Math.max(widest, stringWidth(who(f))), 6));
  const columns: [string, number][] = [['ticket', 6], ['call', 6], ['state', 9], ['due', 16], ['kind', 10], ['owner', 6], ['caller', callerWidth]];
  const fixed = columns.reduce((sum, [, w]) => sum + w + 1, 0);
  const row = (cells: string[], last: string) => `${cells.map((cell, i) => padDisplay(cell, columns[i]![1])).join(' ')} ${fitWidth(last, Math.max(10, width - fixed))}`.trimEnd();
  const lines = [
    `${counts.overdue} overdue, ${counts['due today']} due today, ${counts.open} open (due two working days after the call; weekends and the holidays setting skipped)`,
    row(columns.map(([name]) => name), showing('followUps', 'freeText', { unmasked: !masked }) === 'hidden' ? 'reasons' : 'summary'),
  ];
  for (const f of list) {
    lines.push(row([`T${f.ticketId}`, String(f.callId), followUpState(f, now), localMinute(f.dueAt), f.kind, f.owner, who(f)], shownFollowUp(f, 'followUps', { unmasked: !masked }).about));
  }
  return `${lines.join('\n')}\n`;
}
