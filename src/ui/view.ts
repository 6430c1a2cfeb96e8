/**
 * Pure selectors from a call snapshot to what the screen shows. The view never decides flow:
 * it reads the snapshot and the pack, and fills the lines' {variables}.
 */
import { holdBackPending, type CallContext } from '../../machines/call.js';
import { currentBranch, currentStep, nextStep, repeatCount, visibleSteps, type StepStatus } from '../../machines/steps.js';
import { hoursEdges, withinHours } from '../../machines/hours.js';
import { PHASES } from '../../machines/phases.js';
import type { Pack, Step } from '../pack/schema.js';
import { DESK_VARIABLES, deskValue, type DeskSettings } from '../pack/desk-values.js';
import type { CallSnapshot } from '../call/session.js';

/** Whether a time of day falls in "HH:MM-HH:MM" (night service hours, R-NIGHT), which may wrap midnight. */
export function inNightHours(range: string | undefined, now: Date): boolean {
  return range ? withinHours([range], now) : false;
}

/** Milliseconds from `now` until the night service hours next begin or end (local time, DST-safe). */
export function untilNightChanges(range: string, now: Date): number {
  const edges = hoursEdges(range);
  const next = [0, 1].flatMap((dayOffset) =>
    edges.map(([h, m]) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + dayOffset, h, m).getTime() - now.getTime()),
  );
  return Math.min(...next.filter((ms) => ms > 0));
}

export type ScreenState = 'idle' | 'dialing' | 'ringing' | 'live' | 'holdAsk' | 'hold' | 'wrapUp' | 'logged';

export function screenState(snapshot: CallSnapshot): ScreenState {
  if (snapshot.matches('idle')) return 'idle';
  if (snapshot.matches('dialing')) return 'dialing';
  if (snapshot.matches('ringing')) return 'ringing';
  if (snapshot.matches({ live: { line: 'holdAsk' } })) return 'holdAsk';
  if (snapshot.hasTag('onHold')) return 'hold';
  if (snapshot.matches('live')) return 'live';
  if (snapshot.matches('wrapUp')) return 'wrapUp';
  return 'logged';
}

/** What the desk's settings give the lines: who the agent is, the company and hotline (src/pack/desk-values.ts). */
export interface DeskVariables extends DeskSettings {
  agentNumber?: string;
  agentName?: string;
}

/**
 * Values for a line's {variables}: the pack's defaults, the agent's number and name from the
 * settings, the company and hotline as deskValue decides them, then the caller's fields.
 */
export function lineVariables(pack: Pack, settings: DeskVariables, fields: Record<string, string>, callerFallback = pack.callerFallback): Record<string, string> {
  const given = Object.fromEntries(Object.entries({ agentNumber: settings.agentNumber, agentName: settings.agentName }).filter(([, value]) => value));
  const desk = Object.fromEntries(DESK_VARIABLES.map((name) => [name, deskValue(name, pack, settings).value]).filter(([, value]) => value));
  const filled = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
  return { ...pack.variables, ...given, ...desk, ...filled, caller: fields.name || callerFallback };
}

/** Fills {variables}; an unknown one stays visible as {name} so the agent sees what is missing. */
export function fillLine(line: string, variables: Record<string, string>): string {
  return line.replace(/\{([^{}]+)\}/g, (whole, name: string) => variables[name] || whole);
}

export interface LineView {
  /** The line to say now, filled in. */
  current: string | null;
  next: string | null;
  /** A hint in place of a line (waiting for a ring, on hold, wait for the caller to hang up). */
  hint: 'idle' | 'idlePhone' | 'dialing' | 'ringing' | 'holdAsk' | 'holdAskStrict' | 'onHold' | 'checkBack' | 'closingHint' | 'closingHintPhone' | 'wrapUp' | null;
}

export function lineView(snapshot: CallSnapshot, variables: Record<string, string>): LineView {
  const ctx = snapshot.context;
  const pack = ctx.pack;
  const fill = (step: Step | null) => (step ? fillLine(step.line, variables) : null);
  switch (screenState(snapshot)) {
    case 'idle':
      return { current: null, next: null, hint: 'idle' };
    case 'dialing':
      return { current: null, next: fill(pack.callback?.phases.greeting[0] ?? null), hint: 'dialing' };
    case 'ringing':
      return { current: null, next: fill(pack.phases.greeting.find((s) => s.required === 'whenLate' && ctx.lateAnswer) ?? pack.phases.greeting.find((s) => s.required !== 'whenLate') ?? null), hint: 'ringing' };
    case 'holdAsk':
      return { current: fill(pack.hold.ask), next: null, hint: ctx.strict ? 'holdAskStrict' : 'holdAsk' };
    case 'hold':
      return snapshot.hasTag('checkBackDue')
        ? { current: fill(pack.hold.checkBack), next: fill(pack.hold.back), hint: 'checkBack' }
        : { current: null, next: fill(pack.hold.back), hint: 'onHold' };
    case 'live': {
      if (holdBackPending(ctx)) return { current: fill(pack.hold.back), next: fill(currentStep(ctx)), hint: null };
      const step = currentStep(ctx);
      if (step?.judge) return { current: fill(step), next: null, hint: 'closingHint' };
      return { current: fill(step), next: fill(nextStep(ctx)), hint: null };
    }
    case 'wrapUp':
    case 'logged':
      return { current: null, next: null, hint: 'wrapUp' };
  }
}

export interface ChecklistRow {
  id: string;
  label: string;
  rules: string[];
  status: StepStatus;
  current: boolean;
  /** Ticked by the transcript: how well what was heard matched (0 to 1). */
  heard: number | null;
}

/** The courtesy checklist: the steps of the call so far and to come, hold steps once held. */
export function checklist(ctx: CallContext): ChecklistRow[] {
  if (ctx.answeredAt === null) return [];
  // No step is current once the call has ended.
  const current = ctx.endedAt !== null ? undefined : holdBackPending(ctx) ? ctx.pack.hold.back.id : currentStep(ctx)?.id;
  const row = (step: Step, status: StepStatus): ChecklistRow => ({
    id: step.id,
    label: step.label ?? step.line,
    rules: step.rules,
    status,
    current: step.id === current,
    heard: status === 'done' ? (ctx.steps[step.id]?.heard?.score ?? null) : null,
  });
  const rows: ChecklistRow[] = [];
  for (const phase of PHASES) {
    for (const step of visibleSteps(ctx, phase)) {
      const record = ctx.steps[step.id];
      if (record) rows.push(row(step, record.status));
    }
  }
  if (ctx.holds.length > 0) {
    const asked = ctx.holds.every((h) => h.askedToWait);
    rows.push(row(ctx.pack.hold.ask, asked ? 'done' : 'missed'));
    const thanks = ctx.holds.map((h) => h.thanks);
    const backStatus: StepStatus = thanks.includes('missed')
      ? 'missed'
      : thanks.some((t) => t === 'onHold' || t === 'due')
        ? 'todo'
        : thanks.includes('said')
          ? 'done'
          : 'skipped';
    rows.push(row(ctx.pack.hold.back, backStatus));
  }
  return rows;
}

/** Short facts about the call for the context pane (counter, branch). */
export function branchFacts(ctx: CallContext): { label: string | null; explained: [number, number] | null } {
  const branch = currentBranch(ctx);
  return {
    label: branch?.label ?? null,
    explained: branch?.explainTimes ? [repeatCount(ctx), branch.explainTimes] : null,
  };
}
