/**
 * Pure questions about a call's steps, shared by the machine's guards and the screen's selectors.
 */
import type { Branch, Pack, Step } from '../src/pack/schema.js';
import { PHASES, type Phase } from './phases.js';

export type StepStatus = 'todo' | 'done' | 'missed' | 'skipped';

export interface StepRecord {
  status: StepStatus;
  /** When it was first said (ms since the epoch, from the call's clock). */
  at: number | null;
  phase: Phase;
  /** How many times it was said (a repeatable step, such as the out-of-scope explanation). */
  count: number;
  /** Ticked by the transcript feed: the words heard, when, and how well they matched its phrases (0 to 1). */
  heard?: HeardEvidence;
}

/** Why the transcript ticked a step: what was heard, when (the call's clock), and the match's score. */
export interface HeardEvidence {
  text: string;
  at: number;
  score: number;
}

/** The part of a call's context these questions need. */
export interface StepView {
  pack: Pack;
  steps: Record<string, StepRecord>;
  branchIds: string[];
  /** The ticket a call-back works: its steps are the pack's call-back script. */
  callback: { ticketId: number } | null;
  cursor: string | null;
  lateAnswer: boolean;
  phase: Phase | null;
  /** The caller thanked or said goodbye and the agent owes an answer in kind (a transcript heard it). */
  speech?: { reciprocateDue: { at: number } | null };
}

export function branchById(pack: Pack, id: string): Branch | undefined {
  return pack.branches.find((branch) => branch.id === id);
}

/** The branch answering starts on when the agent chose none: consultation, else the first. */
export function defaultBranch(pack: Pack): Branch {
  return pack.branches.find((branch) => branch.kind === 'consultation') ?? pack.branches[0]!;
}

export function currentBranch(view: StepView): Branch | undefined {
  const id = view.branchIds.at(-1);
  return id === undefined ? undefined : branchById(view.pack, id);
}

/** Every step of the pack, wherever it is declared. */
export function allSteps(pack: Pack): Step[] {
  return [
    ...pack.phases.greeting,
    ...pack.phases.gathering,
    ...pack.branches.flatMap((branch) => branch.steps),
    ...pack.phases.closing,
    pack.hold.ask,
    pack.hold.back,
    pack.hold.checkBack,
    ...(pack.callback ? PHASES.flatMap((phase) => pack.callback!.phases[phase]) : []),
  ];
}

export function stepById(pack: Pack, id: string): Step | undefined {
  return allSteps(pack).find((step) => step.id === id);
}

/** The steps of a phase as the call stands: answering is the current branch's steps. */
export function phaseSteps(view: StepView, phase: Phase): Step[] {
  if (view.callback && view.pack.callback) return view.pack.callback.phases[phase];
  if (phase === 'answering') return currentBranch(view)?.steps ?? [];
  return view.pack.phases[phase];
}

export function isRequired(step: Step, view: Pick<StepView, 'lateAnswer' | 'speech'>): boolean {
  return step.required === true || (step.required === 'whenLate' && view.lateAnswer) || (reciprocates(step) && !!view.speech?.reciprocateDue);
}

/** The step that answers a caller's thanks or goodbye in kind (R-RECIPROCATE). */
export function reciprocates(step: Step): boolean {
  return step.rules.includes('R-RECIPROCATE');
}

/**
 * The reciprocation step while the caller's thanks waits for it: the line to say now, whatever
 * the phase (the caller thanks when they thank). Null when nothing is owed.
 */
export function reciprocationDue(view: StepView): Step | null {
  if (!view.speech?.reciprocateDue) return null;
  const step = phaseSteps(view, 'closing').find(reciprocates);
  return step && view.steps[step.id]?.status === 'todo' ? step : null;
}

/** How often the current branch's repeatable step has been said. */
export function repeatCount(view: StepView): number {
  const repeat = currentBranch(view)?.steps.find((step) => step.repeat);
  return repeat ? (view.steps[repeat.id]?.count ?? 0) : 0;
}

/**
 * Steps shown now: the late-answer apology only after a late answer, and a step that waits for
 * enough repeats only once they were said.
 */
export function visibleSteps(view: StepView, phase: Phase): Step[] {
  const count = repeatCount(view);
  return phaseSteps(view, phase).filter(
    (step) => (step.required !== 'whenLate' || view.lateAnswer) && (!step.afterRepeats || count >= step.afterRepeats),
  );
}

/**
 * The line to say now: the one the agent moved to, else the first still to do, else a
 * repeatable one not yet said enough, else the hang-up hint of the closing.
 */
export function currentStep(view: StepView): Step | null {
  if (!view.phase) return null;
  const owed = reciprocationDue(view);
  if (owed) return owed;
  const steps = visibleSteps(view, view.phase);
  const picked = view.cursor ? steps.find((step) => step.id === view.cursor) : undefined;
  if (picked) return picked;
  const branch = currentBranch(view);
  // An optional line the agent has gone past (a later line was said) is not brought back.
  const lastSaid = steps.reduce((last, step, i) => (view.steps[step.id]?.status === 'done' ? i : last), -1);
  const todo = steps.find((step, i) => {
    if (step.judge) return false;
    if (view.steps[step.id]?.status === 'todo') return step.required !== false || i > lastSaid;
    return step.repeat && view.phase === 'answering' && repeatCount(view) < (branch?.explainTimes ?? 0);
  });
  return todo ?? steps.find((step) => step.judge) ?? null;
}

/** The line after the current one: the next still to do in this phase, else the next phase's first. */
export function nextStep(view: StepView): Step | null {
  if (!view.phase) return null;
  const current = currentStep(view);
  const steps = visibleSteps(view, view.phase);
  // A line said again and again (out of scope): again, until this saying makes the count.
  const explainTimes = currentBranch(view)?.explainTimes;
  let upcoming = steps;
  if (current?.repeat && explainTimes && view.phase === 'answering') {
    const count = repeatCount(view) + 1;
    if (count < explainTimes) return current;
    upcoming = phaseSteps(view, view.phase).filter((step) => !step.afterRepeats || count >= step.afterRepeats);
  }
  const after = upcoming.slice(upcoming.findIndex((step) => step.id === current?.id) + 1);
  const inPhase = after.find((step) => view.steps[step.id]?.status === 'todo');
  if (inPhase) return inPhase;
  const following = PHASES[PHASES.indexOf(view.phase) + 1];
  if (!following) return null;
  // After a branch that says its own goodbye, closing only waits for the hang-up.
  if (following === 'closing' && currentBranch(view)?.endsCall) return view.pack.phases.closing.find((step) => step.judge) ?? null;
  const nextView = following === 'answering' && view.branchIds.length === 0
    ? { ...view, branchIds: [defaultBranch(view.pack).id] }
    : view;
  return visibleSteps(nextView, following)[0] ?? null;
}

/** Required steps of the current phase still to do (hang-up-judged ones cannot be done yet). */
export function undoneRequired(view: StepView): Step[] {
  if (!view.phase) return [];
  return phaseSteps(view, view.phase).filter(
    (step) => !step.judge && view.steps[step.id]?.status === 'todo' && isRequired(step, view),
  );
}
