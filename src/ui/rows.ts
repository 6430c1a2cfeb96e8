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
import { eventText, stepText } from '../train/explain.js';
import type { NextMove, ScreenRun } from '../train/run.js';
import { commandStatus, type ScreenFacts } from './keys/commands.js';
import { keyLabel, type Language } from './keys/keymap.js';
import type { KeyNames, ScreenText } from './text.js';
import type { ScreenState } from './view.js';
import type { AssistView } from './use-assist.js';
import { suggestions } from '../assist/suggest.js';
import { stepById } from '../../machines/steps.js';
import { fitWidth } from '../width.js';
import { bracketedAfter, colonAfter, quoted, typedLine } from '../typography.js';

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

/**
 * A training run or a replay: the caller's words, or the brief before the phone rings. `words`
 * shows the caller's words as the output may (on a projector their data masked, src/privacy.ts),
 * and `projector` leaves the caller's name out of their label.
 */
export function callerRows(
  run: ScreenRun | undefined,
  state: ScreenState,
  text: ScreenText,
  keys: KeyNames,
  shownAs: { readonly words: (said: string) => string; readonly projector: boolean } = { words: (said) => said, projector: false },
): CallerRow[] {
  if (!run) return [];
  if (state === 'idle' && run.brief) return [{ key: 'brief', text: shownAs.words(`${run.title}${colonAfter(run.title)}${run.brief} ${text.brief(keys(run.stepMode ? 'step' : 'ring'))}`), dim: false }];
  if (!run.persona) return [];
  const who = callerLabel(run, text, shownAs.projector);
  const said = run.transcript.slice(-2);
  return said.map((line, i) => ({ key: `said-${run.transcript.length - said.length + i}`, text: `${who}${colonAfter(text.callerSays)}${quoted(shownAs.words(line.text), text.callerSays)}`, dim: i < said.length - 1 }));
}

/** The caller as the rows name them: 客户(张先生 · 生气); on a projector without the name, 客户(生气). */
function callerLabel(run: ScreenRun, text: ScreenText, projector: boolean): string {
  const persona = projector ? run.mood : run.persona;
  return persona ? `${text.callerSays}${bracketedAfter(text.callerSays, persona)}` : text.callerSays;
}

/** Why the next move would happen: where the call goes, the steps and rules it settles (or, for a developer, the states). */
function preview(move: NextMove, facts: ScreenFacts, paneOpen: boolean, now: number, developer: boolean): string {
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
  return stepText(snap, next as CallSnapshot, { language: facts.language, developer });
}

/**
 * Step mode: what the last step did, what the next one does (with the trainer's tip) and why.
 * `mask` hides what the model types on a projector, `words` the caller's data in what they say;
 * `developer` names the machine's states and events instead of the pack's phases and steps.
 */
export function stepRows(
  run: ScreenRun | undefined,
  lastStep: { readonly change: string } | null,
  facts: ScreenFacts,
  options: {
    readonly paneOpen: boolean;
    readonly now: number;
    readonly language: Language;
    readonly keys: KeyNames;
    readonly mask: (typed: string) => string;
    readonly words?: (said: string) => string;
    readonly developer?: boolean;
  },
): StepRow[] {
  if (!run?.stepMode) return [];
  const { text } = facts;
  const rows: StepRow[] = [];
  const next = run.peek();
  if (lastStep?.change) rows.push({ key: 'done', label: text.stepDone, text: lastStep.change });
  const developer = options.developer ?? false;
  const words = options.words ?? ((said: string) => said);
  const why = preview(next, facts, options.paneOpen, options.now, developer);
  const what =
    next.kind === 'ring'
      ? text.stepRing
      : next.kind === 'caller'
        ? `${text.callerSays}${colonAfter(text.callerSays)}${next.beat.says ? quoted(words(next.beat.says), options.language) : ''}${next.beat.hangsUp ? ` ${text.stepHangUp}` : ''}`
        : next.kind === 'agent'
          ? text.stepAgent(next.move.keys ? next.move.keys.split(' ').map((k) => keyLabel(k, options.language)).join(' ') : typedLine(options.mask(next.move.type ?? ''), options.language))
          : next.kind === 'event'
            ? developer
              ? `${text.stepEvent}${colonAfter(text.stepEvent)}${next.event.type}`
              : eventText(next.event, facts.snapshot, { language: options.language, developer, keymap: facts.keymap })
            : run.kind === 'replay'
              ? text.replayEnd
              : text.stepEnd(options.keys);
  const said = next.kind === 'caller' ? next.beat.tip : next.kind === 'agent' ? next.move.tip : undefined;
  const tip = said === undefined ? undefined : words(said);
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

/**
 * Live assist's rows: the feed's notice, the suggestions from the caller's words, the last step
 * the transcript ticked with the words heard (its evidence), and what is being heard now. On a
 * projector the words are masked like any free text.
 */
export function assistRows(
  ctx: CallContext,
  assist: AssistView,
  text: ScreenText,
  keys: KeyNames,
  options: { now: number; repeatAfterMs: number; mask: (said: string) => string; columns: number },
): NoticeRow[] {
  const rows: NoticeRow[] = [];
  if (assist.notice) rows.push({ key: 'assistNotice', text: assist.notice, color: 'yellow' });
  for (const tip of suggestions(ctx, options.now, keys, options.repeatAfterMs)) rows.push({ key: `tip-${tip.kind}`, text: text.suggest[tip.kind](tip.keys, tip.label), color: 'magenta' });
  if (ctx.endedAt === null) {
    const last = Object.entries(ctx.steps)
      .filter(([, record]) => record.status === 'done' && record.heard)
      .sort(([, a], [, b]) => b.heard!.at - a.heard!.at)[0];
    const step = last ? stepById(ctx.pack, last[0]) : undefined;
    // One row each, however long the words: the evidence and the speech go on as the call does.
    const oneRow = (line: string) => fitWidth(line, options.columns - 2);
    if (last && step) rows.push({ key: 'heard', text: oneRow(text.heardRow(step.label ?? step.line, Math.round(last[1].heard!.score * 100), options.mask(last[1].heard!.text))), color: 'cyan' });
    if (assist.hearing) rows.push({ key: 'hearing', text: oneRow(text.hearing(assist.hearing.speaker, options.mask(assist.hearing.text))), color: 'gray' });
  }
  return rows;
}
