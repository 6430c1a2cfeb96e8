/**
 * One inbound call, from the first ring to the saved log entry.
 *
 *   idle → ringing → live (parallel: phase ‖ line) → wrapUp → logged
 *   phase: greeting → gathering → answering (a branch) → closing
 *   line:  talking ⇄ holdAsk → onHold (waiting ⇄ checkBackDue)
 *
 * Pure: no IO, no Date.now(). Every event carries `at`, the time stamped by the session from the
 * same clock that drives this actor's delays (XState's SimulatedClock in tests), so a logged event
 * list replays to the same call. Timers only raise flags; they never move the agent out of a call.
 */
import { and, assign, not, or, setup, stateIn } from 'xstate';
import type { Branch, Pack, ReasonGroup, Step, Thresholds } from '../src/pack/schema.js';
import { PACK_PHASES, PHASES, type Phase } from './phases.js';
import {
  branchById,
  currentBranch,
  currentStep,
  defaultBranch,
  isRequired,
  phaseSteps,
  reciprocates,
  reciprocationDue,
  stepById,
  undoneRequired,
  visibleSteps,
  type StepRecord,
} from './steps.js';
import { heardFacts, NO_SPEECH, type CallerCue, type SpeechFacts } from './speech.js';
import type { Speaker } from '../src/assist/segment.js';

export type { HeardEvidence, StepRecord, StepStatus } from './steps.js';
export type { CallerCue, SpeechFacts } from './speech.js';

/** One stretch on hold: who asked to wait before it, whether the agent thanked after it. */
export interface HoldSegment {
  startedAt: number;
  endedAt: number | null;
  askedToWait: boolean;
  /**
   * The thanks after the hold (R-HOLD-BACK): `onHold` while it lasts, `due` once resumed,
   * then `said` or `missed`; `none` when the call ended on hold (nothing to thank for).
   */
  thanks: HoldThanks;
  checkBacks: number;
}

export type HoldThanks = 'onHold' | 'due' | 'said' | 'missed' | 'none';

/** `unreached`: a call-back nobody picked up. */
export type CallOutcome = 'answered' | 'missed' | 'rejected' | 'unreached';

/** The ticket a call-back works: the promise to call the customer back (R-FOLLOW-UP). */
export interface CallbackTicket {
  ticketId: number;
  /** Why the customer called, in the words of the call's reasons. */
  about: string;
  /** When the ticket was opened (the customer's call). */
  openedAt: number;
}

export type HungUpBy = 'caller' | 'agent' | 'line';

export interface CallInput {
  pack: Pack;
  thresholds: Thresholds;
  /** Trainee mode: leaving a phase with required steps undone is refused instead of marked missed. */
  strict?: boolean;
}

export interface CallContext {
  pack: Pack;
  thresholds: Thresholds;
  strict: boolean;
  ringAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  savedAt: number | null;
  outcome: CallOutcome | null;
  /** The three rings passed before the answer (R-RING-3): the apology becomes required. */
  lateAnswer: boolean;
  /** `line`: neither side (the line dropped, or the call ended while the phone link was down). */
  hungUpBy: HungUpBy | null;
  phase: Phase | null;
  steps: Record<string, StepRecord>;
  /** Branches in the order they were taken; the last one is the current one. */
  branchIds: string[];
  /** The step the agent moved to with ←/→; null follows the first step still to do. */
  cursor: string | null;
  holds: HoldSegment[];
  /** Talk time passed the non-business limit (R-NON-BUSINESS-3MIN applies if the branch is non-business). */
  pastNonBusinessLimit: boolean;
  /** Wrap-up took longer than its limit (R-LOG-NOW). */
  wrapUpOverdue: boolean;
  fields: Record<string, string>;
  reasons: string[];
  summary: string;
  notes: { at: number; text: string }[];
  /** A problem caller, marked for the supervisor (R-FLAG-CALLER). */
  flagged: boolean;
  /**
   * Scorecard items a trainer (or the agent, reviewing) heard the call show, with the moment:
   * mostly what no machine can hear, such as C (impatience) or I (interrupting).
   */
  faults: { item: string; at: number }[];
  /** The softphone's id for this call, when a softphone rang it (it follows the call across restarts). */
  phoneCallId: string | null;
  /** Stretches the caller held the line (their phone's hold, not the agent's). */
  callerHolds: { startedAt: number; endedAt: number | null }[];
  /** A call-back the agent dialled to keep a ticket's promise; null for a call that came in. */
  callback: CallbackTicket | null;
  /** The pack's ready lines the agent said (picked in the ready-lines pane), in order. */
  readyLines: { id: string; at: number }[];
  /** What the transcript feed heard (machines/speech.ts): empty without one. */
  speech: SpeechFacts;
  /** What `u` can take back, the newest last (at most UNDO_DEPTH): see UndoEntry. */
  undo: UndoEntry[];
  /** Why nothing older can be taken back: see UndoFloor. Null before the call is answered. */
  undoFloor: UndoFloor | null;
}

/** How many changes `u` can take back, one after the other. */
export const UNDO_DEPTH = 20;

/**
 * A change of the call that `u` (UNDO) can take back: a line ticked (space, or a ready line said),
 * the thanks after a hold said or passed by, the phase moved on (Tab), a branch chosen, a reason
 * ticked or unticked. It keeps the parts of the call the change touched, as they were before it:
 * undone, the call is again where it was before that key, its phase included (a tick that
 * completed a phase and so moved the call on takes it back to that phase). What the phone did
 * or the caller heard from it (answer, hold, hang-up) is not undone: those clear the list and set
 * `undoFloor`, and `u` then says why. The UNDO event is logged like any other, so the tick, its
 * undo and their moments stay in the record, and a restored or replayed call ends the same.
 */
export interface UndoEntry {
  kind: 'say' | 'thanks' | 'dropThanks' | 'nextPhase' | 'branch' | 'readyLine' | 'reason' | 'heard';
  /** The step said, the phase left, the branch chosen, the ready line said, the reason toggled. */
  what: string | null;
  at: number;
  before: Partial<Pick<CallContext, 'phase' | 'steps' | 'branchIds' | 'cursor' | 'holds' | 'reasons' | 'readyLines'>> & {
    /** The caller's thanks the change settled: taken back, it is owed again (what was heard since stays). */
    owed?: SpeechFacts['reciprocateDue'];
  };
}

/**
 * Where the undo list starts: the answer (nothing of the call before it is a key's change), a
 * hold (the caller was put on hold and heard it), the hang-up (wrap-up's reasons only), or
 * `depth` (only the last UNDO_DEPTH changes are kept).
 */
export type UndoFloor = 'answer' | 'hold' | 'hangUp' | 'depth';

type At = { at: number };
export type CallEvent =
  /**
   * `callId`: the phone's own id for the call (a SIP Call-ID) when a softphone rang it. `since`:
   * when it started ringing, if before now (it waited on the phone behind another call).
   */
  | ({ type: 'RING'; number?: string; name?: string; callId?: string; since?: number } & At)
  /** `since`: answered on the phone before now (while the link was down, or while it waited). */
  | ({ type: 'ANSWER'; since?: number } & At)
  /** The agent calls a customer back about a ticket (the pack's call-back script). */
  | ({ type: 'DIAL'; ticketId: number; number: string; name?: string; about: string; openedAt: number } & At)
  | ({ type: 'SAY' } & At)
  /** A ready line of the pack said (picked by its digit): logged; it ticks the step it says, if that is up. */
  | ({ type: 'SAY_READY'; line: string } & At)
  /** Takes back the last change in `undo` (u). */
  | ({ type: 'UNDO' } & At)
  | ({ type: 'PREV_LINE' } & At)
  | ({ type: 'NEXT_LINE' } & At)
  | ({ type: 'NEXT_PHASE' } & At)
  | ({ type: 'HOLD' } & At)
  | ({ type: 'CANCEL' } & At)
  | ({ type: 'CHOOSE_BRANCH'; branch: string } & At)
  | ({ type: 'SET_FIELD'; field: string; value: string } & At)
  | ({ type: 'ADD_NOTE'; text: string } & At)
  /**
   * `line`: the call ended and neither side is known to have ended it (a dropped line, or an end
   * the softphone link missed): R-THEY-HANG-UP is not judged.
   */
  | ({ type: 'CALLER_HANG_UP'; line?: boolean } & At)
  /** `phone`: the softphone reports the line closed, a fact no strict mode can refuse. */
  | ({ type: 'AGENT_HANG_UP'; phone?: boolean } & At)
  /** The caller put the agent on hold, or took the hold off (a softphone tells). */
  | ({ type: 'CALLER_HOLD'; held: boolean } & At)
  | ({ type: 'TOGGLE_REASON'; code: string } & At)
  | ({ type: 'SET_SUMMARY'; text: string } & At)
  | ({ type: 'TOGGLE_FLAG' } & At)
  | ({ type: 'TOGGLE_FAULT'; item: string } & At)
  /**
   * A final segment of speech from the transcript feed. What it means was read at the edge
   * (src/assist/listen.ts) from the words and the call as it stood, and travels with it, so the
   * logged event replays to the same call: `step` (or the ready line `line`) it says, with the
   * match's `score`; the agent's `polite` word; a `backchannel` (嗯, 对) that is not a turn; the
   * caller's `cues`. The step ticks only if it is still up when the event arrives.
   */
  | ({
      type: 'HEARD';
      speaker: Speaker;
      text: string;
      start?: number;
      end?: number;
      step?: string;
      line?: string;
      score?: number;
      polite?: string;
      backchannel?: boolean;
      cues?: CallerCue[];
    } & At)
  | ({ type: 'SAVE' } & At);

export type CallEventType = CallEvent['type'];

/** Records for every step of a phase or branch that is not yet in the call's step map. */
function withSteps(ctx: CallContext, steps: readonly Step[], phase: Phase): Record<string, StepRecord> {
  const next = { ...ctx.steps };
  for (const step of steps) {
    next[step.id] ??= { status: 'todo', at: null, phase, count: 0 };
  }
  return next;
}

/**
 * Closes a phase: required steps still to do become missed, the others skipped.
 * `lenient` (the caller hung up, or a non-business branch made the phase moot) skips them all.
 */
function closeSteps(ctx: CallContext, phase: Phase, lenient: boolean, at: number | null = null): Record<string, StepRecord> {
  const next = { ...ctx.steps };
  for (const step of phaseSteps(ctx, phase)) {
    const record = next[step.id];
    if (!record || record.status !== 'todo') continue;
    const missed = !lenient && isRequired(step, ctx);
    // A missed line keeps the moment it was missed (the phase left without it), for the scorecard.
    next[step.id] = { ...record, status: missed ? 'missed' : 'skipped', at: missed ? at : record.at };
  }
  return next;
}

/** Who ended the call, from the hang-up event. */
function hungUpBy(event: CallEvent): HungUpBy {
  if (event.type === 'AGENT_HANG_UP') return 'agent';
  return event.type === 'CALLER_HANG_UP' && event.line ? 'line' : 'caller';
}

/** The last hold ended and the agent has not yet thanked the caller for waiting (R-HOLD-BACK). */
export function holdBackPending(ctx: CallContext): boolean {
  const last = ctx.holds.at(-1);
  return last?.thanks === 'due';
}

/** The holds with the last segment changed. */
function withLastHold(holds: HoldSegment[], change: (hold: HoldSegment) => Partial<HoldSegment>): HoldSegment[] {
  return holds.map((hold, index) => (index === holds.length - 1 ? { ...hold, ...change(hold) } : hold));
}

/** A hold just ended without the thanks being said: it counts as missed. */
function dropHoldBack(ctx: CallContext): HoldSegment[] {
  return holdBackPending(ctx) ? withLastHold(ctx.holds, () => ({ thanks: 'missed' })) : ctx.holds;
}

/** Before answering, a branch chosen is only a plan: changing it drops the old one and its lines. */
function withoutUnreachedBranch(ctx: CallContext): CallContext {
  const planned = currentBranch(ctx);
  if (!planned || ctx.phase === 'answering' || ctx.phase === 'closing') return ctx;
  const steps = { ...ctx.steps };
  for (const step of planned.steps) delete steps[step.id];
  return { ...ctx, steps, branchIds: ctx.branchIds.slice(0, -1) };
}

/** The branch's repeatable step was said often enough to close (R-OUT-OF-SCOPE: three times). */
export function explainedEnough(ctx: CallContext): boolean {
  const branch = currentBranch(ctx);
  if (!branch?.explainTimes) return false;
  const repeat = branch.steps.find((step) => step.repeat);
  return repeat !== undefined && (ctx.steps[repeat.id]?.count ?? 0) >= branch.explainTimes;
}

/** Required lines of the phase still to do with a later line of the phase already said: missed. */
function missPassedBy(ctx: CallContext, phase: Phase): Record<string, StepRecord> {
  const steps = visibleSteps(ctx, phase);
  const lastSaid = steps.reduce((last, step, i) => (ctx.steps[step.id]?.status === 'done' ? i : last), -1);
  const next = { ...ctx.steps };
  steps.slice(0, Math.max(0, lastSaid)).forEach((step) => {
    const record = next[step.id];
    if (record?.status === 'todo' && !step.judge && isRequired(step, ctx)) next[step.id] = { ...record, status: 'missed', at: ctx.endedAt };
  });
  return next;
}

/** The agent's last line asked the caller to wait (a branch's "please hold" line counts as R-HOLD-ASK). */
function lastLineAskedToWait(ctx: CallContext): boolean {
  let last: { at: number; rules: readonly string[] } | null = null;
  for (const [id, record] of Object.entries(ctx.steps)) {
    const step = stepById(ctx.pack, id);
    if (record.status === 'done' && record.at !== null && step && (!last || record.at >= last.at)) last = { at: record.at, rules: step.rules };
  }
  const lastHold = ctx.holds.at(-1);
  // Or the transcript heard the agent ask, after the last line said and the last hold.
  const asked = ctx.speech.askedToWaitAt;
  if (asked !== null && (!last || asked >= last.at) && (!lastHold || lastHold.startedAt < asked)) return true;
  return last !== null && last.rules.includes('R-HOLD-ASK') && (!lastHold || lastHold.startedAt < last.at);
}

/** Finishes the step map at hang-up: who hung up judges R-THEY-HANG-UP and the phases not reached. */
function finishSteps(ctx: CallContext, by: HungUpBy): Record<string, StepRecord> {
  // An out-of-scope caller explained to the full count may be closed on (R-OUT-OF-SCOPE).
  const excused = by !== 'agent' || explainedEnough(ctx);
  let steps = ctx.steps;
  // The caller thanked (or said goodbye) and heard nothing back: missed from that moment, whoever hung up.
  const owed = reciprocationDue(ctx);
  if (owed) steps = { ...steps, [owed.id]: { ...steps[owed.id]!, status: 'missed', at: ctx.speech.reciprocateDue!.at } };
  const reachedUpTo = ctx.phase ? PHASES.indexOf(ctx.phase) : -1;
  PHASES.forEach((phase, index) => {
    const view = { ...ctx, steps };
    steps = withSteps(view, phaseSteps(view, phase), phase);
    // The current phase was cut short by whoever hung up (in strict mode, required is required);
    // later phases were never reached. But a required line the agent went past (a later line of
    // the phase was said: no "anything else?" before the farewell) was missed, not cut short.
    const lenient = index > reachedUpTo ? excused : by !== 'agent' && !ctx.strict;
    if (index === reachedUpTo && lenient) steps = missPassedBy({ ...ctx, steps }, phase);
    steps = closeSteps({ ...ctx, steps }, phase, lenient, ctx.endedAt);
  });
  for (const [id, record] of Object.entries(steps)) {
    const step = stepById(ctx.pack, id);
    if (step?.judge !== 'hangUp') continue;
    // The caller hanging up first meets it; a line that dropped is excused (nobody hung up on anybody).
    const status = by === 'caller' ? 'done' : excused ? 'skipped' : 'missed';
    steps = { ...steps, [id]: { ...record, status, at: ctx.endedAt } };
  }
  return steps;
}

/** The ready line of the pack with this id. */
export function readyLine(pack: Pack, id: string): Pack['lines'][number] | undefined {
  return pack.lines.find((line) => line.id === id);
}

/**
 * The step a ready line ticks if said now: the first of the steps it says (its `steps`) that is
 * up: the thanks after a hold while it is owed, or a step of the phase now still to do (shown,
 * not judged by the phone, not one said again and again). Null: it ticks nothing now.
 */
export function readyLineTicks(ctx: CallContext, id: string): Step | null {
  const line = readyLine(ctx.pack, id);
  if (!line || !ctx.phase) return null;
  const visible = visibleSteps(ctx, ctx.phase);
  const owed = reciprocationDue(ctx);
  for (const stepId of line.steps) {
    if (stepId === ctx.pack.hold.back.id && holdBackPending(ctx)) return ctx.pack.hold.back;
    if (stepId === owed?.id) return owed;
    const step = visible.find((s) => s.id === stepId);
    if (step && !step.judge && !step.repeat && ctx.steps[step.id]?.status === 'todo') return step;
  }
  return null;
}

/**
 * The steps a final agent segment may tick now, the likeliest first: the reciprocation the
 * caller's thanks is owed, the thanks after a hold, the line up now, then the other lines of the
 * phase still to do (an agent may say them in another order). Not while on hold (the caller
 * cannot hear the agent), not a step the phone judges. The listener (src/assist/listen.ts)
 * matches what was said against these; the machine ticks the one it names only if it is still
 * among them when the event arrives.
 */
export function heardCandidates(ctx: CallContext): Step[] {
  if (!ctx.phase) return [];
  // Just ended: a recogniser's last words come a moment after the hang-up (see LATE_SPEECH_MS).
  if (ctx.endedAt !== null) return lateCandidates(ctx);
  // On hold, the agent coming back to the line to say they are still at it (R-HOLD-BACK's check-back).
  if (ctx.holds.at(-1)?.endedAt === null) return [ctx.pack.hold.checkBack];
  const out: Step[] = [];
  const owed = reciprocationDue(ctx);
  if (owed) out.push(owed);
  if (holdBackPending(ctx)) out.push(ctx.pack.hold.back);
  const current = currentStep(ctx);
  const visible = visibleSteps(ctx, ctx.phase);
  for (const step of current ? [current, ...visible] : visible) {
    if (step.judge || out.includes(step)) continue;
    const record = ctx.steps[step.id];
    if (record && (record.status === 'todo' || (step.repeat && step === current))) out.push(step);
  }
  // Asking the caller to wait: the hold that follows was asked for (or, with h pressed, it starts the hold).
  out.push(ctx.pack.hold.ask);
  return out;
}

/**
 * How long after the hang-up the agent's last words may still arrive and count: a recogniser
 * finalises a segment a moment after the speech ends, and a caller often hangs up on the goodbye.
 */
export const LATE_SPEECH_MS = 3_000;

/** The lines of the phase the call ended in that the hang-up closed unsaid: a late final segment may still tick one. */
function lateCandidates(ctx: CallContext): Step[] {
  if (!ctx.phase || ctx.answeredAt === null || ctx.savedAt !== null) return [];
  return visibleSteps(ctx, ctx.phase).filter((step) => !step.judge && (ctx.steps[step.id]?.status === 'missed' || ctx.steps[step.id]?.status === 'skipped'));
}

/** A step said: done at its first saying, counted each time; a reciprocation said settles the caller's thanks. */
function saidStep(ctx: CallContext, step: Step, at: number, heard?: StepRecord['heard']): Pick<CallContext, 'steps' | 'speech'> {
  const record = ctx.steps[step.id]!;
  const done: StepRecord = { ...record, status: 'done', at: record.at ?? at, count: record.count + 1, ...(heard ? { heard } : {}) };
  const speech = reciprocates(step) && ctx.speech.reciprocateDue ? { ...ctx.speech, reciprocateDue: null } : ctx.speech;
  return { steps: { ...ctx.steps, [step.id]: done }, speech };
}

/**
 * What a change of the call's lines (a key, a heard tick) may touch, as it is before the change:
 * `u` puts it back. Of what was heard only the caller's thanks it may settle: the facts heard
 * since (another segment, an interruption, a cue) are not the change's, and stay.
 */
function lineChangeBefore(ctx: CallContext): UndoEntry['before'] {
  return { phase: ctx.phase, steps: ctx.steps, branchIds: ctx.branchIds, cursor: ctx.cursor, holds: ctx.holds, readyLines: ctx.readyLines, owed: ctx.speech.reciprocateDue };
}

/** The undo list with one more change: the oldest goes past UNDO_DEPTH. */
function pushUndo(ctx: CallContext, entry: UndoEntry): Pick<CallContext, 'undo' | 'undoFloor'> {
  const undo = [...ctx.undo, entry];
  return undo.length > UNDO_DEPTH ? { undo: undo.slice(-UNDO_DEPTH), undoFloor: 'depth' } : { undo, undoFloor: ctx.undoFloor };
}

/** What the change an event makes is, for the undo list (kind and what it names). */
function undoKind(ctx: CallContext, event: CallEvent): Pick<UndoEntry, 'kind' | 'what'> {
  switch (event.type) {
    case 'SAY':
      return holdBackPending(ctx) ? { kind: 'thanks', what: ctx.pack.hold.back.id } : { kind: 'say', what: currentStep(ctx)?.id ?? null };
    case 'NEXT_LINE':
      return { kind: 'dropThanks', what: ctx.pack.hold.back.id };
    case 'NEXT_PHASE':
      return { kind: 'nextPhase', what: ctx.phase };
    case 'CHOOSE_BRANCH':
      return { kind: 'branch', what: event.branch };
    case 'SAY_READY':
      return { kind: 'readyLine', what: event.line };
    case 'HEARD':
      return { kind: 'heard', what: event.step ?? event.line ?? null };
    case 'TOGGLE_REASON':
      return { kind: 'reason', what: event.code };
    default:
      return { kind: 'say', what: null };
  }
}

export const callMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as CallInput,
  },
  delays: {
    // A call that rang on the phone before it reached the screen has already used up part of it.
    RING_LIMIT: ({ context, event }) =>
      Math.max(0, context.thresholds.ringMs - (event.type === 'RING' && event.since !== undefined ? event.at - event.since : 0)),
    HOLD_CHECK_BACK: ({ context }) => context.thresholds.holdCheckBackMs,
    // A call-back has its own limit (R-OUTBOUND: short).
    NON_BUSINESS_LIMIT: ({ context }) => (context.callback && context.pack.callback ? context.pack.callback.limitMs : context.thresholds.nonBusinessMs),
    WRAP_UP_LIMIT: ({ context }) => context.thresholds.wrapUpMs,
  },
  guards: {
    /** Strict mode refuses to leave a phase whose required steps (or the thanks after a hold) are not all done. */
    mayLeavePhase: ({ context }) => !context.strict || (undoneRequired(context).length === 0 && !holdBackPending(context)),
    /** Strict mode: nothing moves on while the thanks after a hold is owed (space says it). */
    thanksNotOwed: ({ context }) => !context.strict || !holdBackPending(context),
    /**
     * A branch of the pack, not the one the call is on. In closing too: after "anything else?"
     * the caller may raise something new, or the person asked for turns out to be away.
     */
    newBranch: ({ context, event }) => {
      // A call-back follows its own script: no branches.
      if (event.type !== 'CHOOSE_BRANCH' || !context.phase || context.callback) return false;
      const branch = branchById(context.pack, event.branch);
      return branch !== undefined && currentBranch(context)?.id !== branch.id;
    },
    /**
     * The branch is answered now: the call is already answering, or the branch is not business
     * (wrong number, find a person ...), which makes gathering moot. A business branch chosen
     * while greeting or gathering waits for answering, so its restate is still asked.
     */
    answersNow: ({ context, event }) =>
      event.type === 'CHOOSE_BRANCH' &&
      (context.phase === 'answering' || context.phase === 'closing' || branchById(context.pack, event.branch)?.nonBusiness === true),
    /** Strict mode refuses to hold without asking the caller to wait first (R-HOLD-ASK). */
    mayHoldUnasked: ({ context }) => !context.strict || lastLineAskedToWait(context),
    /**
     * Strict mode: the greeting's required lines come first: no jump to a branch, no hold before
     * the opening is said.
     */
    notStrictGreeting: ({ context }) => !context.strict || context.phase !== 'greeting' || undoneRequired(context).length === 0,
    /** The hold has just ended and its thanks is the line up now. */
    thanksDue: ({ context }) => holdBackPending(context),
    /** Strict mode: the thanks after a hold cannot be skipped with →. */
    mayDropThanks: ({ context }) => !context.strict,
    phaseComplete: ({ context }) => !holdBackPending(context) && undoneRequired(context).length === 0,
    hasLineToSay: ({ context }) => {
      if (holdBackPending(context)) return true;
      const step = currentStep(context);
      return step !== null && !step.judge && (context.steps[step.id]?.status === 'todo' || step.repeat);
    },
    canMoveCursor: ({ context }) => !holdBackPending(context) && visibleSteps(context, context.phase!).length > 1,
    knownReason: ({ context, event }) => event.type === 'TOGGLE_REASON' && reasonGroups(context).some((group) => group.reasons.some((reason) => reason.code === event.code)),
    /** The pack has a call-back script to follow. */
    canCallBack: ({ context }) => context.pack.callback !== undefined,
    /** R-REASON always; R-TICKET needs the complaint or suggestion written down. */
    readyToSave: ({ context }) => saveBlockers(context).length === 0,
    talking: stateIn({ live: { line: 'talking' } }),
    /** The phone closed the line: the call is over whatever strict mode would say. */
    lineClosed: ({ event }) => event.type === 'AGENT_HANG_UP' && event.phone === true,
    /** The caller's hold starts or ends (a repeat of the same news changes nothing). */
    callerHoldChanges: ({ context, event }) =>
      event.type === 'CALLER_HOLD' && event.held !== (context.callerHolds.at(-1)?.endedAt === null),
    /** A ready line of the pack. */
    knownLine: ({ context, event }) => event.type === 'SAY_READY' && readyLine(context.pack, event.line) !== undefined,
    /** Something to take back, and the call is still in the phase it was in before it. */
    undoInPhase: ({ context }) => {
      const last = context.undo.at(-1);
      return last !== undefined && (last.before.phase === undefined || last.before.phase === context.phase);
    },
    /** Something to take back that was done in `phase`, which the call has left since. */
    undoBackTo: ({ context }, params: { phase: Phase }) => {
      const last = context.undo.at(-1);
      return last !== undefined && last.before.phase === params.phase && context.phase !== params.phase;
    },
    canUndo: ({ context }) => context.undo.length > 0,
    /** The agent's last words, arriving just after the hang-up, name a line the hang-up closed unsaid. */
    heardLate: ({ context, event }) =>
      event.type === 'HEARD' && event.speaker === 'agent' && context.endedAt !== null && event.at - context.endedAt <= LATE_SPEECH_MS &&
      lateCandidates(context).some((step) => step.id === event.step),
    /** The agent's words heard name this hold step (the ask to wait, the check-back). */
    heardStep: ({ context, event }, params: { step: 'ask' | 'checkBack' }) =>
      event.type === 'HEARD' && event.speaker === 'agent' && event.step === context.pack.hold[params.step].id,
    /** One of the scorecard's items, A to N (machines/scorecard.ts). */
    scoreItem: ({ event }) => event.type === 'TOGGLE_FAULT' && /^[A-N]$/.test(event.item),
  },
  actions: {
    recordRing: assign(({ event }) => {
      if (event.type !== 'RING') return {};
      const fields: Record<string, string> = {};
      if (event.number) fields.phone = event.number;
      if (event.name) fields.name = event.name;
      return { ringAt: Math.min(event.at, event.since ?? event.at), fields, phoneCallId: event.callId ?? null };
    }),
    recordDial: assign(({ event }) => {
      if (event.type !== 'DIAL') return {};
      const fields: Record<string, string> = { phone: event.number };
      if (event.name) fields.name = event.name;
      return { ringAt: event.at, fields, callback: { ticketId: event.ticketId, about: event.about, openedAt: event.openedAt } };
    }),
    markLateAnswer: assign({ lateAnswer: true }),
    recordAnswer: assign(({ context, event }) => {
      const since = event.type === 'ANSWER' ? event.since : undefined;
      const answeredAt = since === undefined ? event.at : Math.max(context.ringAt ?? since, Math.min(event.at, since));
      return {
        answeredAt,
        // Answered on the phone before the screen knew: the ring timer may not have had its turn (R-RING-3).
        // Three rings are the agent's to answer; a customer called back picks up when they can.
        lateAnswer: !context.callback && (context.lateAnswer || answeredAt - (context.ringAt ?? answeredAt) >= context.thresholds.ringMs),
        outcome: 'answered' as const,
        undo: [],
        undoFloor: 'answer' as const,
        steps: PACK_PHASES.reduce(
          (steps, phase) => withSteps({ ...context, steps }, phaseSteps(context, phase), phase),
          context.steps,
        ),
      };
    }),
    recordUnanswered: assign(({ context, event }) => ({
      endedAt: event.at,
      outcome: context.callback ? ('unreached' as const) : event.type === 'CALLER_HANG_UP' ? ('missed' as const) : ('rejected' as const),
      hungUpBy: hungUpBy(event),
    })),
    enterPhase: assign((_, params: { phase: Phase }) => ({ phase: params.phase, cursor: null })),
    closePhase: assign(({ context, event }) => ({
      steps: closeSteps(context, context.phase!, false, event.at),
      holds: dropHoldBack(context),
    })),
    ensureBranch: assign(({ context }) => {
      if (context.callback) return { steps: withSteps(context, phaseSteps(context, 'answering'), 'answering') };
      if (context.branchIds.length > 0) return {};
      const branch = defaultBranch(context.pack);
      return { branchIds: [branch.id], steps: withSteps(context, branch.steps, 'answering') };
    }),
    takeBranch: assign(({ context, event }) => {
      if (event.type !== 'CHOOSE_BRANCH') return {};
      const branch = branchById(context.pack, event.branch) as Branch;
      let view = context;
      // A branch chosen earlier but never reached gives way, its lines never shown.
      if (context.phase !== 'answering' && context.phase !== 'closing') view = withoutUnreachedBranch(view);
      // The greeting is judged as any phase left, but on a silent line: its "can you hear me?" is
      // the greeting there (nobody is listening to an opening). A non-business branch (wrong
      // number, find a person ...) makes gathering moot, not missed; in answering the old
      // branch's lines are skipped.
      if (view.phase === 'greeting') view = { ...view, steps: closeSteps(view, 'greeting', branch.kind === 'silent', event.at) };
      // From closing, the call goes back to answering: the closing lines still to say stay to say.
      const moot: Phase = view.phase === 'answering' || view.phase === 'closing' ? 'answering' : 'gathering';
      view = { ...view, steps: closeSteps(view, moot, true) };
      const steps = withSteps(view, branch.steps, 'answering');
      return { steps, branchIds: [...view.branchIds, branch.id], holds: dropHoldBack(context) };
    }),
    preselectBranch: assign(({ context, event }) => {
      if (event.type !== 'CHOOSE_BRANCH') return {};
      const branch = branchById(context.pack, event.branch) as Branch;
      const view = withoutUnreachedBranch(context);
      return { branchIds: [...view.branchIds, branch.id], steps: withSteps(view, branch.steps, 'answering') };
    }),
    /** A branch whose last line was its own goodbye (endsCall) leaves closing only the hang-up. */
    skipClosingAfterGoodbye: assign(({ context }) => {
      if (!currentBranch(context)?.endsCall) return {};
      const steps = { ...context.steps };
      for (const step of context.pack.phases.closing) {
        if (!step.judge && steps[step.id]?.status === 'todo') steps[step.id] = { ...steps[step.id]!, status: 'skipped' };
      }
      return { steps };
    }),
    sayLine: assign(({ context, event }) => {
      if (holdBackPending(context)) return { holds: withLastHold(context.holds, () => ({ thanks: 'said' })) };
      return { cursor: null, ...saidStep(context, currentStep(context)!, event.at) };
    }),
    /**
     * A final segment heard (tick: the line is talking, so what the agent says reaches the caller):
     * its facts are kept (machines/speech.ts), and the step or ready line it names is ticked with
     * its evidence if it is still up, as one change `u` can take back.
     */
    hearSpeech: assign(({ context, event }, params: { tick: boolean }) => {
      if (event.type !== 'HEARD') return {};
      // The caller's thanks is owed an answer once the call is under way: a "hello, thanks" before
      // the opening is said is not what R-RECIPROCATE is about, and the opening comes first.
      const open = context.phase !== 'greeting' && phaseSteps(context, 'closing').some((step) => reciprocates(step) && context.steps[step.id]?.status === 'todo');
      const speech = heardFacts(context.speech, event, event.at, open);
      if (!params.tick || event.speaker !== 'agent') return { speech };
      const heard = { ...context, speech };
      const evidence = { text: event.text, at: event.at, score: event.score ?? 1 };
      const line = event.line ? readyLine(context.pack, event.line) : undefined;
      const step = line ? readyLineTicks(heard, line.id) : event.step ? (heardCandidates(heard).find((s) => s.id === event.step) ?? null) : null;
      if (!line && !step) return { speech };
      // The ask to wait is not a step of the call: the hold that follows carries it (askedToWait).
      if (!line && step!.id === context.pack.hold.ask.id) return { speech: { ...speech, askedToWaitAt: event.at } };
      // What `u` puts back: the call before this tick, with what this segment told of the speech kept.
      const before = lineChangeBefore(context);
      const changes: Partial<CallContext> = { speech, ...pushUndo(context, { kind: 'heard', what: line?.id ?? step!.id, at: event.at, before }) };
      if (line) changes.readyLines = [...context.readyLines, { id: line.id, at: event.at }];
      if (!step) return changes;
      if (step.id === context.pack.hold.back.id && holdBackPending(context)) return { ...changes, holds: withLastHold(context.holds, () => ({ thanks: 'said' })) };
      return { ...changes, cursor: null, ...saidStep(heard, step, event.at, evidence) };
    }),
    moveCursor: assign(({ context, event }) => {
      const steps = visibleSteps(context, context.phase!);
      const current = currentStep(context);
      const index = Math.max(0, steps.findIndex((step) => step.id === current?.id));
      const delta = event.type === 'PREV_LINE' ? -1 : 1;
      const next = steps[(index + delta + steps.length) % steps.length]!;
      return { cursor: next.id };
    }),
    /** → while the thanks-after-hold line is up dismisses it (it counts as missed). */
    dismissHoldBack: assign(({ context }) => ({ holds: dropHoldBack(context) })),
    startHold: assign(({ context, event }) => ({
      // The caller has heard it: what came before the hold stays as it is.
      undo: [],
      undoFloor: 'hold' as const,
      holds: [
        ...dropHoldBack(context),
        // Said the ask-to-wait line (space), or went straight on hold (h again) right after a line
        // that asked the caller to wait ("这个问题我需要确认一下,请您稍等").
        { startedAt: event.at, endedAt: null, askedToWait: event.type === 'SAY' || event.type === 'HEARD' || lastLineAskedToWait(context), thanks: 'onHold', checkBacks: 0 },
      ],
    })),
    countCheckBack: assign(({ context }) => ({
      holds: withLastHold(context.holds, (hold) => ({ checkBacks: hold.checkBacks + 1 })),
    })),
    endHold: assign(({ context, event }) => ({
      holds: withLastHold(context.holds, (hold) =>
        // A resume leaves the thanks to say; a call that ended on hold has nothing to thank for.
        hold.endedAt === null ? { endedAt: event.at, thanks: event.type === 'HOLD' ? 'due' : 'none' } : {},
      ),
    })),
    markPastNonBusinessLimit: assign({ pastNonBusinessLimit: true }),
    recordHangUp: assign(({ context, event }) => {
      const by = hungUpBy(event);
      const callerHolds = context.callerHolds.map((hold) => (hold.endedAt === null ? { ...hold, endedAt: event.at } : hold));
      const ended = { ...context, endedAt: event.at, hungUpBy: by, holds: dropHoldBack(context), callerHolds };
      // The branch the call ended on suggests its reason, so wrap-up is often a single key.
      const code = currentBranch(context)?.reason;
      const reasons = code && !context.reasons.includes(code) ? [...context.reasons, code] : context.reasons;
      // The call is over: what was said in it stays; wrap-up's own changes can be taken back.
      return { ...ended, steps: finishSteps(ended, by), reasons, undo: [], undoFloor: 'hangUp' as const };
    }),
    setField: assign(({ context, event }) =>
      event.type === 'SET_FIELD' ? { fields: { ...context.fields, [event.field]: event.value } } : {},
    ),
    addNote: assign(({ context, event }) =>
      event.type === 'ADD_NOTE' && event.text.trim() !== ''
        ? { notes: [...context.notes, { at: event.at, text: event.text }] }
        : {},
    ),
    toggleReason: assign(({ context, event }) => {
      if (event.type !== 'TOGGLE_REASON') return {};
      const has = context.reasons.includes(event.code);
      // A call-back has one result: picking another replaces it.
      if (context.callback) return { reasons: has ? [] : [event.code] };
      return { reasons: has ? context.reasons.filter((code) => code !== event.code) : [...context.reasons, event.code] };
    }),
    setSummary: assign(({ event }) => (event.type === 'SET_SUMMARY' ? { summary: event.text } : {})),
    toggleFlag: assign(({ context }) => ({ flagged: !context.flagged })),
    /** Marks a scorecard item as shown at this moment, or takes the mark back. */
    toggleFault: assign(({ context, event }) => {
      if (event.type !== 'TOGGLE_FAULT') return {};
      const marked = context.faults.some((fault) => fault.item === event.item);
      return {
        faults: marked ? context.faults.filter((fault) => fault.item !== event.item) : [...context.faults, { item: event.item, at: event.at }],
      };
    }),
    recordCallerHold: assign(({ context, event }) => {
      if (event.type !== 'CALLER_HOLD') return {};
      if (event.held) return { callerHolds: [...context.callerHolds, { startedAt: event.at, endedAt: null }] };
      return { callerHolds: context.callerHolds.map((hold) => (hold.endedAt === null ? { ...hold, endedAt: event.at } : hold)) };
    }),
    /** Keeps what the change this event is about to make touches, as it is now, for `u`. */
    rememberForUndo: assign(({ context, event }) => {
      const { kind, what } = undoKind(context, event);
      // In wrap-up only the reasons change; in a call the lines, phase, branch and hold thanks.
      const before: UndoEntry['before'] = kind === 'reason' ? { reasons: context.reasons } : lineChangeBefore(context);
      return pushUndo(context, { kind, what, at: event.at, before });
    }),
    /** Puts back what the last change touched, as it was before it. */
    undoLast: assign(({ context }) => {
      const last = context.undo.at(-1);
      if (!last) return {};
      const { owed, ...before } = last.before;
      // A thanks the change settled is owed again; what was heard since stays as heard.
      const speech = owed && !context.speech.reciprocateDue ? { ...context.speech, reciprocateDue: owed } : context.speech;
      return { ...before, speech, undo: context.undo.slice(0, -1) };
    }),
    sayReadyLine: assign(({ context, event }) => {
      if (event.type !== 'SAY_READY') return {};
      const readyLines = [...context.readyLines, { id: event.line, at: event.at }];
      const step = readyLineTicks(context, event.line);
      if (!step) return { readyLines };
      if (step.id === context.pack.hold.back.id && holdBackPending(context)) {
        return { readyLines, holds: withLastHold(context.holds, () => ({ thanks: 'said' })) };
      }
      return { readyLines, ...saidStep(context, step, event.at) };
    }),
    /** A line said just before the hang-up, heard just after it: said, with its evidence, at the moment it was heard. */
    hearLate: assign(({ context, event }) => {
      if (event.type !== 'HEARD' || !event.step) return {};
      const record = context.steps[event.step]!;
      const heard = { text: event.text, at: event.at, score: event.score ?? 1 };
      return { steps: { ...context.steps, [event.step]: { ...record, status: 'done' as const, at: event.at, count: record.count + 1, heard } } };
    }),
    markWrapUpOverdue: assign({ wrapUpOverdue: true }),
    recordSaved: assign(({ event }) => ({ savedAt: event.at })),
  },
}).createMachine({
  id: 'call',
  context: ({ input }) => ({
    pack: input.pack,
    thresholds: input.thresholds,
    strict: input.strict ?? false,
    ringAt: null,
    answeredAt: null,
    endedAt: null,
    savedAt: null,
    outcome: null,
    lateAnswer: false,
    hungUpBy: null,
    phase: null,
    steps: {},
    branchIds: [],
    cursor: null,
    holds: [],
    pastNonBusinessLimit: false,
    wrapUpOverdue: false,
    fields: {},
    reasons: [],
    summary: '',
    notes: [],
    flagged: false,
    faults: [],
    phoneCallId: null,
    callerHolds: [],
    callback: null,
    readyLines: [],
    speech: NO_SPEECH,
    undo: [],
    undoFloor: null,
  }),
  initial: 'idle',
  states: {
    idle: {
      on: {
        RING: { target: 'ringing', actions: 'recordRing' },
        DIAL: { guard: 'canCallBack', target: 'dialing', actions: 'recordDial' },
      },
    },
    /** A call-back is ringing at the customer's: answer when they pick up, hang up if nobody does. */
    dialing: {
      tags: ['dialing'],
      on: {
        ANSWER: { target: 'live', actions: 'recordAnswer' },
        CALLER_HANG_UP: { target: 'logged', actions: 'recordUnanswered' },
        AGENT_HANG_UP: { target: 'logged', actions: 'recordUnanswered' },
      },
    },
    ringing: {
      tags: ['ringing'],
      after: { RING_LIMIT: { actions: 'markLateAnswer' } },
      on: {
        ANSWER: { target: 'live', actions: 'recordAnswer' },
        CALLER_HANG_UP: { target: 'logged', actions: 'recordUnanswered' },
        AGENT_HANG_UP: { target: 'logged', actions: 'recordUnanswered' },
        SET_FIELD: { actions: 'setField' },
      },
    },
    live: {
      type: 'parallel',
      tags: ['live'],
      after: { NON_BUSINESS_LIMIT: { actions: 'markPastNonBusinessLimit' } },
      on: {
        SET_FIELD: { actions: 'setField' },
        ADD_NOTE: { actions: 'addNote' },
        TOGGLE_FLAG: { actions: 'toggleFlag' },
        TOGGLE_FAULT: { guard: 'scoreItem', actions: 'toggleFault' },
        CALLER_HOLD: { guard: 'callerHoldChanges', actions: 'recordCallerHold' },
        CALLER_HANG_UP: { target: 'wrapUp', actions: 'recordHangUp' },
        AGENT_HANG_UP: { guard: or(['lineClosed', 'mayLeavePhase']), target: 'wrapUp', actions: 'recordHangUp' },
      },
      states: {
        phase: {
          initial: 'greeting',
          on: {
            CHOOSE_BRANCH: [
              { guard: and(['talking', 'newBranch', 'answersNow', 'notStrictGreeting', 'thanksNotOwed']), target: '.answering', reenter: true, actions: ['rememberForUndo', 'takeBranch'] },
              { guard: and(['talking', 'newBranch', not('answersNow'), 'thanksNotOwed']), actions: ['rememberForUndo', 'preselectBranch'] },
            ],
            // Back to the phase the change was made in, if the call has left it since.
            UNDO: [
              { guard: and(['talking', 'undoInPhase']), actions: 'undoLast' },
              ...PHASES.map((phase) => ({ guard: and(['talking', { type: 'undoBackTo', params: { phase } } as const]), target: `.${phase}`, actions: 'undoLast' as const })),
            ],
          },
          states: {
            greeting: {
              entry: { type: 'enterPhase', params: { phase: 'greeting' } },
              always: { guard: 'phaseComplete', target: 'gathering', actions: 'closePhase' },
              on: { NEXT_PHASE: { guard: and(['talking', 'mayLeavePhase']), target: 'gathering', actions: ['rememberForUndo', 'closePhase'] } },
            },
            gathering: {
              entry: { type: 'enterPhase', params: { phase: 'gathering' } },
              always: { guard: 'phaseComplete', target: 'answering', actions: 'closePhase' },
              on: { NEXT_PHASE: { guard: and(['talking', 'mayLeavePhase']), target: 'answering', actions: ['rememberForUndo', 'closePhase'] } },
            },
            answering: {
              entry: [{ type: 'enterPhase', params: { phase: 'answering' } }, 'ensureBranch'],
              always: { guard: 'phaseComplete', target: 'closing', actions: 'closePhase' },
              on: { NEXT_PHASE: { guard: and(['talking', 'mayLeavePhase']), target: 'closing', actions: ['rememberForUndo', 'closePhase'] } },
            },
            closing: {
              entry: [{ type: 'enterPhase', params: { phase: 'closing' } }, 'skipClosingAfterGoodbye'],
            },
          },
        },
        line: {
          initial: 'talking',
          states: {
            talking: {
              on: {
                SAY: { guard: 'hasLineToSay', actions: ['rememberForUndo', 'sayLine'] },
                SAY_READY: { guard: 'knownLine', actions: ['rememberForUndo', 'sayReadyLine'] },
                HEARD: { actions: { type: 'hearSpeech', params: { tick: true } } },
                PREV_LINE: { guard: 'canMoveCursor', actions: 'moveCursor' },
                NEXT_LINE: [
                  { guard: and(['thanksDue', 'mayDropThanks']), actions: ['rememberForUndo', 'dismissHoldBack'] },
                  { guard: 'canMoveCursor', actions: 'moveCursor' },
                ],
                HOLD: { guard: and(['notStrictGreeting', 'thanksNotOwed']), target: 'holdAsk' },
              },
            },
            /** h pressed: the ask-to-wait line is up (R-HOLD-ASK); space says it, h holds at once. */
            holdAsk: {
              on: {
                // Heard asking the caller to wait: as space, the hold starts, asked for.
                HEARD: [
                  { guard: { type: 'heardStep', params: { step: 'ask' } }, target: 'onHold', actions: [{ type: 'hearSpeech', params: { tick: false } }, 'startHold'] },
                  { actions: { type: 'hearSpeech', params: { tick: false } } },
                ],
                SAY: { target: 'onHold', actions: 'startHold' },
                HOLD: { guard: 'mayHoldUnasked', target: 'onHold', actions: 'startHold' },
                CANCEL: 'talking',
              },
            },
            onHold: {
              tags: ['onHold'],
              initial: 'waiting',
              exit: 'endHold',
              on: {
                HOLD: 'talking',
                // Heard checking back with the caller, as space would count it; anything else said on hold ticks nothing.
                HEARD: [
                  { guard: { type: 'heardStep', params: { step: 'checkBack' } }, target: '.waiting', reenter: true, actions: [{ type: 'hearSpeech', params: { tick: false } }, 'countCheckBack'] },
                  { actions: { type: 'hearSpeech', params: { tick: false } } },
                ],
              },
              states: {
                waiting: {
                  after: { HOLD_CHECK_BACK: 'checkBackDue' },
                  on: { SAY: { target: 'waiting', reenter: true, actions: 'countCheckBack' } },
                },
                /** The hold ran past its limit: go back to the caller (R-HOLD-BACK). */
                checkBackDue: {
                  tags: ['checkBackDue'],
                  on: { SAY: { target: 'waiting', actions: 'countCheckBack' } },
                },
              },
            },
          },
        },
      },
    },
    wrapUp: {
      tags: ['wrapUp'],
      after: { WRAP_UP_LIMIT: { actions: 'markWrapUpOverdue' } },
      on: {
        SET_FIELD: { actions: 'setField' },
        ADD_NOTE: { actions: 'addNote' },
        TOGGLE_REASON: { guard: 'knownReason', actions: ['rememberForUndo', 'toggleReason'] },
        HEARD: [{ guard: 'heardLate', actions: [{ type: 'hearSpeech', params: { tick: false } }, 'hearLate'] }, { actions: { type: 'hearSpeech', params: { tick: false } } }],
        UNDO: { guard: 'canUndo', actions: 'undoLast' },
        SET_SUMMARY: { actions: 'setSummary' },
        TOGGLE_FLAG: { actions: 'toggleFlag' },
        TOGGLE_FAULT: { guard: 'scoreItem', actions: 'toggleFault' },
        SAVE: { guard: 'readyToSave', target: 'logged', actions: 'recordSaved' },
      },
    },
    logged: { type: 'final', tags: ['logged'] },
  },
});

/** What stands between wrap-up and saving, as rule IDs (empty when the call may be saved). */
export function saveBlockers(ctx: CallContext): ('R-REASON' | 'R-TICKET')[] {
  const blockers: ('R-REASON' | 'R-TICKET')[] = [];
  if (ctx.reasons.length === 0) blockers.push('R-REASON');
  if (ticketKind(ctx) && ctx.summary.trim() === '') blockers.push('R-TICKET');
  return blockers;
}

/** The reasons wrap-up offers: a call-back's results, else the pack's reason tree. */
export function reasonGroups(ctx: Pick<CallContext, 'pack' | 'callback'>): ReasonGroup[] {
  const callback = ctx.pack.callback;
  if (ctx.callback && callback) {
    return [{ group: ctx.pack.language === 'zh-CN' ? '回访结果' : 'Call-back result', hotkey: '1', reasons: callback.results }];
  }
  return ctx.pack.reasons;
}

/** The ticket this call opens (R-TICKET): a complaint or a suggestion, or none. */
export function ticketKind(ctx: CallContext): 'complaint' | 'suggestion' | null {
  for (const id of [...ctx.branchIds].reverse()) {
    const branch = branchById(ctx.pack, id);
    if (branch?.ticket) return branch.kind === 'suggestion' ? 'suggestion' : 'complaint';
  }
  return null;
}
