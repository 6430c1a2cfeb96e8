/**
 * Judges a call against the rules the machine can see: each rule ID is met, missed, or does
 * not apply, with the moment that decided it. Pure: it reads only the call's context.
 */
import type { CallContext } from './call.js';
import { explainedEnough, ticketKind } from './call.js';
import { withinHours } from './hours.js';
import { because } from './why.js';
import { allSteps, branchById, reciprocates } from './steps.js';
import { POLITE_AFTER_SEGMENTS, TIMED_TO_JUDGE } from './speech.js';

export type RuleOutcome = 'met' | 'missed' | 'n/a';

export interface RuleJudgement {
  rule: string;
  outcome: RuleOutcome;
  /** The moment in the call that decided it (ms since the epoch), when there is one. */
  at: number | null;
  why: string;
}

/**
 * A call-back answered (R-CALLBACK): at the right time of day, consent asked before anything
 * else (the script's gathering lines said before its answering ones), kept short (R-OUTBOUND).
 */
function judgeCallBack(ctx: CallContext, add: (rule: string, outcome: RuleOutcome, at: number | null, why: string) => void): void {
  const script = ctx.pack.callback!;
  if (!withinHours(script.hours, ctx.ringAt ?? 0)) {
    add('R-CALLBACK', 'missed', ctx.ringAt, because('calledOutside', script.hours.join(', ')));
  }
  if (ctx.answeredAt === null) return;
  const saidAt = (steps: readonly { id: string }[]) => steps.map((step) => ctx.steps[step.id]).filter((r) => r?.status === 'done' && r.at !== null).map((r) => r!.at!);
  const consent = saidAt(script.phases.gathering);
  const purpose = saidAt(script.phases.answering);
  if (purpose.length > 0 && (consent.length === 0 || Math.min(...purpose) < Math.max(...consent))) {
    add('R-CALLBACK', 'missed', Math.min(...purpose), because('purposeFirst'));
  } else if (consent.length > 0) {
    add('R-CALLBACK', 'met', Math.max(...consent), because('consentFirst'));
  }
  add('R-OUTBOUND', ctx.pastNonBusinessLimit ? 'missed' : 'met', null, ctx.pastNonBusinessLimit ? because('longerThan', Math.round(script.limitMs / 60_000)) : because('keptShort'));
}

/**
 * R-RING-3, one definition for the judge, the stats and the scorecard: an answered call is met
 * when answered within the ring limit (three rings) and missed after it; a call that rang past
 * the limit unanswered is missed; a call the agent rejected is missed however briefly it rang
 * (the caller was turned away, not answered); a caller who gave up within the limit is not
 * judged: the agent still had time to answer.
 */
function judgeRing(ctx: CallContext, add: (rule: string, outcome: RuleOutcome, at: number | null, why: string) => void): void {
  const ringAt = ctx.ringAt!;
  const ringMs = (ctx.answeredAt ?? ctx.endedAt ?? ringAt) - ringAt;
  const seconds = Math.round(ringMs / 1000);
  if (ctx.answeredAt !== null) {
    add('R-RING-3', ctx.lateAnswer ? 'missed' : 'met', ctx.answeredAt, because('rang', seconds));
  } else if (ctx.outcome === 'rejected') {
    add('R-RING-3', 'missed', ctx.endedAt, because('rejectedAfter', seconds));
  } else if (ctx.endedAt !== null && (ctx.lateAnswer || ringMs >= ctx.thresholds.ringMs)) {
    add('R-RING-3', 'missed', ctx.endedAt, because('rangUnanswered', seconds));
  }
}

/**
 * The rules only a transcript can judge, each with what was heard: R-POLITE (a polite word in the
 * agent's speech), R-NO-INTERRUPT (the agent starting while the caller spoke, from both sides'
 * segment times), and R-RECIPROCATE when the caller's thanks went unanswered (said first, so its
 * own sentence is the one kept). Without a transcript they are not judged: a trainer marks F and I.
 */
function judgeSpeech(ctx: CallContext, add: (rule: string, outcome: RuleOutcome, at: number | null, why: string) => void): void {
  const speech = ctx.speech;
  if (speech.polite) add('R-POLITE', 'met', speech.polite.at, because('heardPolite', speech.polite.word));
  else if (speech.agentSentences >= POLITE_AFTER_SEGMENTS) add('R-POLITE', 'missed', ctx.endedAt, because('noPoliteWord', speech.agentSentences));
  if (speech.timed.agent >= TIMED_TO_JUDGE && speech.timed.caller >= TIMED_TO_JUDGE) {
    const first = speech.interruptions[0];
    if (first) add('R-NO-INTERRUPT', 'missed', first.at, because('talkedOver', speech.interruptionCount, (first.overlapMs / 1000).toFixed(1)));
    else add('R-NO-INTERRUPT', 'met', null, because('letCallerFinish'));
  }
  const unanswered = speech.reciprocateDue && allSteps(ctx.pack).some((step) => reciprocates(step) && ctx.steps[step.id]?.status === 'missed');
  if (unanswered) add('R-RECIPROCATE', 'missed', speech.reciprocateDue!.at, because('thanksUnanswered'));
}

/** The rules every judged call is looked at for, in the order of a call. */
export function judgeCall(ctx: CallContext): RuleJudgement[] {
  const out: RuleJudgement[] = [];
  const add = (rule: string, outcome: RuleOutcome, at: number | null, why: string) =>
    out.push({ rule, outcome, at, why });
  const answered = ctx.answeredAt !== null;

  // A call-back's wait is the customer's to pick up: three rings are the agent's rule.
  if (ctx.ringAt !== null && !ctx.callback) judgeRing(ctx, add);
  // A call-back is judged for its hour even when nobody answered it.
  if (ctx.callback && ctx.pack.callback) judgeCallBack(ctx, add);
  if (!answered) return out;

  // A call-back the customer could not take now, or someone else answered, ends after the
  // introduction: its consent and purpose lines are moot there, not missed.
  const script = ctx.callback ? ctx.pack.callback : undefined;
  const declined = script?.results.some((result) => !result.closes && ctx.reasons.includes(result.code)) ?? false;
  const moot = new Set(declined && script ? [...script.phases.gathering, ...script.phases.answering].map((step) => step.id) : []);

  judgeSpeech(ctx, add);

  // Courtesy steps: a rule is missed when any of its steps was missed, met when one was said.
  const byRule = new Map<string, { done: number | null; missed: boolean; missedAt: number | null }>();
  for (const step of allSteps(ctx.pack)) {
    const record = ctx.steps[step.id];
    if (!record || (record.status === 'missed' && moot.has(step.id))) continue;
    for (const rule of step.rules) {
      const entry = byRule.get(rule) ?? { done: null, missed: false, missedAt: null };
      if (record.status === 'done') entry.done ??= record.at;
      if (record.status === 'missed') {
        entry.missed = true;
        // The first moment a line of this rule was missed (its phase left without it).
        if (record.at !== null && (entry.missedAt === null || record.at < entry.missedAt)) entry.missedAt = record.at;
      }
      byRule.set(rule, entry);
    }
  }
  for (const [rule, entry] of byRule) {
    if (entry.missed) add(rule, 'missed', entry.missedAt ?? ctx.endedAt, rule === 'R-THEY-HANG-UP' ? because('agentHungUpFirst') : because('lineNotSaid'));
    else if (entry.done !== null) add(rule, 'met', entry.done, because('said'));
  }

  const open = ctx.pack.phases.greeting.find((step) => step.rules.includes('R-OPEN-NOW'));
  const openedAt = open ? ctx.steps[open.id]?.at ?? null : null;
  // Not judged when the opening was moot (the caller hung up before it could be said).
  if (open && !ctx.callback && ctx.steps[open.id]?.status !== 'skipped') {
    const fast = openedAt !== null && openedAt - ctx.answeredAt! <= ctx.thresholds.openNowMs;
    add('R-OPEN-NOW', fast ? 'met' : 'missed', openedAt, openedAt === null ? because('noOpening') : because('openingAfter', Math.round((openedAt - ctx.answeredAt!) / 1000)));
  }

  if (ctx.holds.length > 0) {
    const unasked = ctx.holds.find((hold) => !hold.askedToWait);
    add('R-HOLD-ASK', unasked ? 'missed' : 'met', unasked?.startedAt ?? ctx.holds[0]!.startedAt, unasked ? because('holdUnasked') : because('askedToWait'));
    const unthanked = ctx.holds.find((hold) => hold.thanks === 'missed');
    const forgotten = ctx.holds.find(
      (hold) => hold.checkBacks === 0 && (hold.endedAt ?? ctx.endedAt ?? hold.startedAt) - hold.startedAt > ctx.thresholds.holdCheckBackMs,
    );
    // The moment of the fault: the resume for a thanks not said; the check-back limit passing
    // for a caller left waiting (not the resume, which may come minutes later).
    if (unthanked) add('R-HOLD-BACK', 'missed', unthanked.endedAt ?? unthanked.startedAt, because('noThanksAfterHold'));
    else if (forgotten) add('R-HOLD-BACK', 'missed', forgotten.startedAt + ctx.thresholds.holdCheckBackMs, because('heldPastCheckBack'));
    else add('R-HOLD-BACK', 'met', null, because('thankedAfterHold'));
    // The thanks line carries its other rules too (the pack's: "sorry to keep you waiting" is
    // R-LATE-SORRY, an apology after any wait): said, they are met. Not said, R-HOLD-BACK alone is
    // missed: one line left out is one fault, not a second one on the opening's item (E).
    const thanked = ctx.holds.find((hold) => hold.thanks === 'said');
    if (thanked) {
      for (const rule of ctx.pack.hold.back.rules) if (rule !== 'R-HOLD-BACK') add(rule, 'met', thanked.endedAt, because('apologisedAfterHold'));
    }
  }

  const branches = ctx.branchIds.map((id) => branchById(ctx.pack, id)!);
  if (branches.some((branch) => branch.nonBusiness)) {
    add('R-NON-BUSINESS-3MIN', ctx.pastNonBusinessLimit ? 'missed' : 'met', null, ctx.pastNonBusinessLimit ? because('nonBusinessOver') : because('withinLimit'));
  }
  if (branches.some((branch) => branch.kind === 'outOfScope') && ctx.hungUpBy === 'agent') {
    add('R-OUT-OF-SCOPE', explainedEnough(ctx) ? 'met' : 'missed', ctx.endedAt, explainedEnough(ctx) ? because('explainedEnough') : because('explainedTooFew'));
  }

  if (ctx.savedAt !== null || ctx.endedAt !== null) {
    add('R-REASON', ctx.reasons.length > 0 ? 'met' : 'missed', ctx.savedAt, because('reasons', ctx.reasons.length));
    add('R-LOG-NOW', ctx.wrapUpOverdue ? 'missed' : 'met', ctx.savedAt, ctx.wrapUpOverdue ? because('wrapUpOver') : because('loggedInTime'));
    if (ticketKind(ctx)) add('R-TICKET', ctx.summary.trim() ? 'met' : 'missed', ctx.savedAt, because('ticket', ticketKind(ctx)!));
  }
  // A rule may be reached twice (a step and a branch): keep the worst verdict, once.
  const worst = new Map<string, RuleJudgement>();
  for (const judgement of out) {
    const seen = worst.get(judgement.rule);
    if (!seen || (seen.outcome !== 'missed' && judgement.outcome === 'missed')) worst.set(judgement.rule, judgement);
  }
  return [...worst.values()];
}
