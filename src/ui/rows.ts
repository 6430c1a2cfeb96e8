/**
 * The rows around the line, as data (what they say and in which color): the training run's
 * caller and step rows, and the phone's and the call's notices. Pure: the views draw them, the
 * layout counts them.
 */
import { getNextSnapshot } from 'xstate';
import { callMachine, type CallContext } from '../../machines/call.js';
import { withinHours } from '../../machines/hours.js';
import type { CallCommand, CallSnapshot } from '../call/session.js';
import type { Pack } from '../pack/schema.js';
import type { PhoneNotice } from '../softphone/follow.js';
import { changeText, describeChange } from '../train/explain.js';
import type { NextMove, ScreenRun } from '../train/run.js';
import { commandStatus, type ScreenFacts } from './keys/commands.js';
import { keyLabel, type Language } from './keys/keymap.js';
import type { KeyNames, ScreenText } from './text.js';
import type { ScreenState } from './view.js';
import { bracketedAfter, colonAfter } from '../typography.js';

export interface CallerRow {
  readonly key: string;
  readonly text: string;
  /** An earlier line, dimmed and cut to one row; the latest wraps. */
  readonly dim: boolean;
}

export interface StepRow {
  readonly key: string;
  readonly label: string;
  readonly text: string;
  readonly color?: string;
  /** What comes next, with the trainer's tip: it wraps rather than lose the tip. */
  readonly wrap?: boolean;
}

export interface NoticeRow {
  readonly key: string;
  readonly text: string;
  readonly color: string;
}

/** A training run or a replay: the caller's words, or the brief before the phone rings. */
export function callerRows(run: ScreenRun | undefined, state: ScreenState, text: ScreenText, keys: KeyNames): CallerRow[] {
  if (!run) return [];
  if (state === 'idle' && run.brief) return [{ key: 'brief', text: `${run.title}${colonAfter(run.title, false)}${run.brief} ${text.brief(keys(run.stepMode ? 'step' : 'ring'))}`, dim: false }];
  if (!run.persona) return [];
  const said = run.transcript.slice(-2);
  return said.map((line, i) => ({ key: `said-${run.transcript.length - said.length + i}`, text: `${text.callerSays}${bracketedAfter(text.callerSays, run.persona ?? '')}${colonAfter(text.callerSays, false)}「${line.text}」`, dim: i < said.length - 1 }));
}

/** Why the next move would happen: the states it leaves and enters, the rules it settles. */
function preview(move: NextMove, facts: ScreenFacts, paneOpen: boolean, now: number): string {
  const snap = facts.snapshot;
  let event: CallCommand | null = null;
  if (move.kind === 'caller' && move.beat.hangsUp) event = { type: 'CALLER_HANG_UP' };
  if (move.kind === 'event') event = move.event;
  if (move.kind === 'agent' && move.move.keys && !paneOpen) {
    const first = move.move.keys.split(' ')[0]!;
    const entry = facts.keymap.find((e) => e.keys.includes(first) && e.event && commandStatus(e.command, facts) !== 'absent');
    if (entry?.event) event = { type: entry.event } as CallCommand;
  }
  if (!event || !snap.can({ ...event, at: now } as never)) return '';
  const next = getNextSnapshot(callMachine, snap as never, { ...event, at: now } as never);
  return changeText(describeChange(snap, next as CallSnapshot));
}

/**
 * Step mode: what the last step did, what the next one does (with the trainer's tip) and why.
 * `mask` hides what the model types on a projector.
 */
export function stepRows(
  run: ScreenRun | undefined,
  lastStep: { readonly change: string } | null,
  facts: ScreenFacts,
  options: { readonly paneOpen: boolean; readonly now: number; readonly language: Language; readonly keys: KeyNames; readonly mask: (typed: string) => string },
): StepRow[] {
  if (!run?.stepMode) return [];
  const { text } = facts;
  const rows: StepRow[] = [];
  const next = run.peek();
  if (lastStep?.change) rows.push({ key: 'done', label: text.stepDone, text: lastStep.change });
  const why = preview(next, facts, options.paneOpen, options.now);
  const what =
    next.kind === 'ring'
      ? text.stepRing
      : next.kind === 'caller'
        ? `${text.callerSays}${colonAfter(text.callerSays, false)}${next.beat.says ? `「${next.beat.says}」` : ''}${next.beat.hangsUp ? ` ${text.stepHangUp}` : ''}`
        : next.kind === 'agent'
          ? text.stepAgent(next.move.keys ? next.move.keys.split(' ').map((k) => keyLabel(k, options.language)).join(' ') : `「${options.mask(next.move.type ?? '')}」⏎`)
          : next.kind === 'event'
            ? `${text.stepEvent}${colonAfter(text.stepEvent)}${next.event.type}`
            : run.kind === 'replay'
              ? text.replayEnd
              : text.stepEnd(options.keys);
  const tip = next.kind === 'caller' ? next.beat.tip : next.kind === 'agent' ? next.move.tip : undefined;
  rows.push({ key: 'next', label: `${text.stepNext}${bracketedAfter(text.stepNext, options.keys('step'))}`, text: [what, tip].filter(Boolean).join(' — '), color: 'cyan', wrap: true });
  if (why) rows.push({ key: 'why', label: '', text: why });
  return rows;
}

/** What the phone has to say, in the screen's words. */
export function noticeText(notice: PhoneNotice, text: ScreenText, keys: KeyNames): string {
  switch (notice.kind) {
    case 'refused':
      return text.phoneRefused(text.phoneCommands[notice.command] ?? notice.command, notice.detail);
    case 'endedUnseen':
      return text.endedUnseen;
    case 'lineDropped':
      return text.lineDropped(notice.detail);
    case 'stillOnPhone':
      return text.stillOnPhone(keys);
  }
}

/** What the phone tells the screen (src/softphone/follow.ts), as it stands. */
export interface PhoneFacts {
  readonly notice: PhoneNotice | null;
  readonly missedMeanwhile: number;
  readonly waiting: number;
  readonly unreadable: number;
}

/**
 * The notices under the line: the caller's own hold, the phone's news, late follow-ups between
 * calls, the call-back's ticket and whether this is a suitable hour to call back (R-CALLBACK).
 */
export function noticeRows(
  ctx: CallContext,
  state: ScreenState,
  pack: Pack,
  text: ScreenText,
  keys: KeyNames,
  options: { readonly phone: PhoneFacts | null; readonly overdue: number; readonly followUpsOpen: boolean; readonly now: number },
): NoticeRow[] {
  const { phone } = options;
  const rows: NoticeRow[] = [];
  if (ctx.callerHolds.at(-1)?.endedAt === null && state !== 'wrapUp') rows.push({ key: 'callerHeld', text: text.callerHeld, color: 'yellow' });
  if (phone?.notice) rows.push({ key: 'notice', text: noticeText(phone.notice, text, keys), color: phone.notice.kind === 'endedUnseen' || phone.notice.kind === 'stillOnPhone' ? 'red' : 'yellow' });
  if (phone && phone.missedMeanwhile > 0) rows.push({ key: 'missed', text: text.missedWhileBusy(phone.missedMeanwhile), color: 'yellow' });
  if (phone && phone.waiting > 0) rows.push({ key: 'waiting', text: text.waitingCalls(phone.waiting), color: 'yellow' });
  if (phone && phone.unreadable > 0) rows.push({ key: 'unreadable', text: text.phoneUnreadable(phone.unreadable), color: 'yellow' });
  if (options.overdue > 0) rows.push({ key: 'overdue', text: text.overdueFollowUps(options.overdue, keys), color: 'red' });
  if (ctx.callback && state !== 'logged') rows.push({ key: 'callback', text: text.callbackRow(ctx.callback.ticketId, ctx.callback.about, text.day(ctx.callback.openedAt)), color: 'cyan' });
  const hours = pack.callback?.hours ?? [];
  if ((state === 'dialing' || options.followUpsOpen) && hours.length > 0 && !withinHours(hours, options.now)) {
    rows.push({ key: 'offHours', text: text.outsideCallbackHours(hours.join('、')), color: 'yellow' });
  }
  return rows;
}
