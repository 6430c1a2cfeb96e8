/**
 * Why a step of a call happened, for class: which states the call left and entered, and which
 * rules the step met or missed. Pure: it compares two snapshots of the same call.
 */
import { activeStateIds } from '../../machines/chart.js';
import { allSteps } from '../../machines/steps.js';
import type { CallSnapshot } from '../call/session.js';

export interface StepChange {
  /** The innermost states left and entered ("live.phase.greeting" → "live.phase.gathering"). */
  left: string[];
  entered: string[];
  /** Rules the step settled, met (✓) or missed (✗). */
  rules: { rule: string; met: boolean }[];
}

/** The states in `ids` that have no active child in `ids` (the innermost ones). */
function leaves(ids: string[]): string[] {
  return ids.filter((id) => !ids.some((other) => other.startsWith(`${id}.`)));
}

export function describeChange(before: CallSnapshot, after: CallSnapshot): StepChange {
  const was = activeStateIds(before.value);
  const now = activeStateIds(after.value);
  const left = leaves(was).filter((id) => !now.includes(id));
  const entered = leaves(now).filter((id) => !was.includes(id));
  const rules: { rule: string; met: boolean }[] = [];
  const add = (ids: readonly string[], met: boolean) => {
    for (const rule of ids) if (!rules.some((r) => r.rule === rule)) rules.push({ rule, met });
  };
  const a = before.context;
  const b = after.context;
  if (!a.lateAnswer && b.lateAnswer) add(['R-RING-3'], false);
  if (a.answeredAt === null && b.answeredAt !== null && !b.lateAnswer) add(['R-RING-3'], true);
  for (const step of allSteps(b.pack)) {
    const old = a.steps[step.id];
    const record = b.steps[step.id];
    if (!record || (old?.status === record.status && old.count === record.count)) continue;
    if (record.status === 'done') add(step.rules, true);
    if (record.status === 'missed') add(step.rules, false);
  }
  const hold = b.pack.hold;
  if (b.holds.length > a.holds.length) add(hold.ask.rules.slice(0, 1), b.holds.at(-1)!.askedToWait);
  b.holds.forEach((segment, i) => {
    const old = a.holds[i];
    if (segment.thanks === 'said' && old?.thanks !== 'said') add(hold.back.rules.slice(0, 1), true);
    if (segment.thanks === 'missed' && old?.thanks !== 'missed') add(hold.back.rules.slice(0, 1), false);
  });
  if (a.reasons.length === 0 && b.reasons.length > 0) add(['R-REASON'], true);
  return { left, entered, rules };
}

/** One line: "live.phase.greeting → live.phase.gathering · ✓ R-OPEN ✓ R-OPEN-NOW". */
export function changeText(change: StepChange): string {
  const moved = change.entered.length > 0 ? `${change.left.join(', ') || '·'} → ${change.entered.join(', ')}` : '';
  const rules = change.rules.map((r) => `${r.met ? '✓' : '✗'} ${r.rule}`).join(' ');
  return [moved, rules].filter(Boolean).join(' · ');
}
