/**
 * `ringside follow-ups`: the promises to call back (R-FOLLOW-UP: two working days), overdue first.
 * Caller names and phones are masked unless asked; the summary is free text the caller gave, so a
 * masked list shows the call's reasons in its place.
 */
import { formatNumber, type Language, type Words } from '../language.js';
import { localMinute } from '../local-time.js';
import { type Asked, type Output, shown, showing } from '../privacy.js';
import type { FollowUp } from '../store/store.js';
import { padDisplay, stringWidth, fitWidth } from '../width.js';
import { FOLLOW_UP_STATES, TICKET_KINDS } from '../ui/text.js';

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

interface FollowUpWords {
  empty: string;
  counts: (overdue: string, dueToday: string, open: string) => string;
  /** The fixed columns' headings and widths. */
  columns: readonly [string, number][];
  reasons: string;
  summary: string;
  states: Record<FollowUpState, string>;
  kinds: Record<FollowUp['kind'], string>;
}

const WORDS: Words<FollowUpWords> = {
  'zh-CN': {
    empty: '没有待回访的工单：每条投诉和建议都已回访。\n',
    counts: (overdue, dueToday, open) => `已逾期 ${overdue} 条，今天到期 ${dueToday} 条，未到期 ${open} 条（通话后两个工作日内回访；周末和设置的节假日不计）`,
    columns: [['工单', 6], ['来电', 6], ['状态', 8], ['到期', 16], ['类型', 4], ['负责人', 6]],
    reasons: '来电原因',
    summary: '摘要',
    states: FOLLOW_UP_STATES['zh-CN'],
    kinds: TICKET_KINDS['zh-CN'],
  },
  en: {
    empty: 'No follow-ups open: every complaint and suggestion has been called back.\n',
    counts: (overdue, dueToday, open) => `${overdue} overdue, ${dueToday} due today, ${open} open (due two working days after the call; weekends and the holidays setting skipped)`,
    columns: [['ticket', 6], ['call', 6], ['state', 9], ['due', 16], ['kind', 10], ['owner', 6]],
    reasons: 'reasons',
    summary: 'summary',
    states: FOLLOW_UP_STATES.en,
    kinds: TICKET_KINDS.en,
  },
};

/** The open follow-ups as a table in the desk's language, soonest due first as listed. */
export function formatFollowUps(list: FollowUp[], now: number, masked: boolean, language: Language, width = 100): string {
  const words = WORDS[language];
  if (list.length === 0) return words.empty;
  const counts = { overdue: 0, 'due today': 0, open: 0 };
  for (const f of list) counts[followUpState(f, now)]++;
  const who = (f: FollowUp) => {
    const { caller } = shownFollowUp(f, 'followUps', { unmasked: !masked });
    return [caller.name, caller.phone].filter(Boolean).join(' ');
  };
  const callerWidth = Math.min(24, list.reduce((widest, f) => Math.max(widest, stringWidth(who(f))), 6));
  const columns: [string, number][] = [...words.columns, [language === 'en' ? 'caller' : '来电人', callerWidth]];
  const fixed = columns.reduce((sum, [, w]) => sum + w + 1, 0);
  const row = (cells: string[], last: string) => `${cells.map((cell, i) => padDisplay(cell, columns[i]![1])).join(' ')} ${fitWidth(last, Math.max(10, width - fixed))}`.trimEnd();
  const number = (n: number) => formatNumber(language, n);
  const lines = [
    words.counts(number(counts.overdue), number(counts['due today']), number(counts.open)),
    row(columns.map(([name]) => name), showing('followUps', 'freeText', { unmasked: !masked }) === 'hidden' ? words.reasons : words.summary),
  ];
  for (const f of list) {
    const state = followUpState(f, now);
    lines.push(row([`T${f.ticketId}`, String(f.callId), words.states[state], localMinute(f.dueAt), words.kinds[f.kind] ?? f.kind, f.owner, who(f)], shownFollowUp(f, 'followUps', { unmasked: !masked }).about));
  }
  return `${lines.join('\n')}\n`;
}
