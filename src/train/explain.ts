/**
 * Why a step of a call happened, for class: where the call went (its phases, in the pack's
 * language) and which steps and rules the step met or missed; for a developer, which machine
 * states it left and entered. Pure: it compares two snapshots of the same call.
 */
import { activeStateIds } from '../../machines/chart.js';
import { holdBackPending, readyLine, type CallEvent } from '../../machines/call.js';
import { allSteps, currentStep } from '../../machines/steps.js';
import type { CallSnapshot } from '../call/session.js';
import type { Language, Words } from '../language.js';
import type { Step } from '../pack/schema.js';
import type { KeyCommand } from '../ui/keys/keymap.js';
import { textFor } from '../ui/text.js';

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

/** The class's words for a step (the pack's own phases, steps, branches and reasons fill them). */
const WORDS: Words<{
  branch: (label: string) => string;
  inTime: string;
  late: string;
  reason: (label: string) => string;
}> = {
  'zh-CN': {
    branch: (label) => `分支：${label}`,
    inTime: '三声内接听',
    late: '超过三声才接听',
    reason: (label) => `来电原因：${label}`,
  },
  en: {
    branch: (label) => `branch: ${label}`,
    inTime: 'answered within three rings',
    late: 'answered after three rings',
    reason: (label) => `call reason: ${label}`,
  },
};

/** Where a call is, as a class says it: the phase while talking, else the call's state. */
export function placeName(snapshot: CallSnapshot, language: Language): string {
  const text = textFor(language);
  const phase = snapshot.context.phase;
  if (snapshot.hasTag('onHold')) return text.states.hold;
  if (snapshot.matches('live') && phase) return text.phases[phase];
  const state = (['idle', 'dialing', 'ringing', 'wrapUp'] as const).find((name) => snapshot.matches(name)) ?? 'logged';
  return text.states[state];
}

/** A step as the checklist names it: its label (or line), with its first rule. */
export function stepName(step: Step): string {
  return [step.label ?? step.line, step.rules[0]].filter(Boolean).join(' ');
}

/**
 * The step in the class's words: "问候 → 信息收集 · ✓ 开场白(报号) R-OPEN" (where the call went, the
 * branch it took, the steps it settled with their first rule). No state id, guard or event name.
 */
export function classChange(before: CallSnapshot, after: CallSnapshot, language: Language): string {
  const text = textFor(language);
  const words = WORDS[language];
  const parts: string[] = [];
  const was = placeName(before, language);
  const now = placeName(after, language);
  if (was !== now) parts.push(`${was} → ${now}`);
  const a = before.context;
  const b = after.context;
  const pack = b.pack;
  if (b.branchIds.length > a.branchIds.length) {
    const branch = pack.branches.find((candidate) => candidate.id === b.branchIds.at(-1));
    if (branch) parts.push(words.branch(branch.label));
  }
  const mark = (met: boolean, what: string) => parts.push(`${met ? text.mark.done : text.mark.missed} ${what}`);
  if (!a.lateAnswer && b.lateAnswer) mark(false, `${words.late} R-RING-3`);
  if (a.answeredAt === null && b.answeredAt !== null && !b.lateAnswer) mark(true, `${words.inTime} R-RING-3`);
  for (const step of allSteps(pack)) {
    const old = a.steps[step.id];
    const record = b.steps[step.id];
    if (!record || (old?.status === record.status && old.count === record.count)) continue;
    if (record.status === 'done' || record.status === 'missed') mark(record.status === 'done', stepName(step));
  }
  const hold = pack.hold;
  if (b.holds.length > a.holds.length) mark(b.holds.at(-1)!.askedToWait, stepName(hold.ask));
  b.holds.forEach((segment, i) => {
    const old = a.holds[i];
    if (segment.thanks === 'said' && old?.thanks !== 'said') mark(true, stepName(hold.back));
    if (segment.thanks === 'missed' && old?.thanks !== 'missed') mark(false, stepName(hold.back));
  });
  for (const code of b.reasons.filter((reason) => !a.reasons.includes(reason))) {
    const label = pack.reasons.flatMap((group) => group.reasons).find((reason) => reason.code === code)?.label ?? code;
    mark(true, `${words.reason(label)}${a.reasons.length === 0 ? ' R-REASON' : ''}`);
  }
  return parts.join(' · ');
}

/** A step as the screen explains it: in the class's words, or with the machine's state ids for a developer. */
export function stepText(before: CallSnapshot, after: CallSnapshot, view: { readonly language: Language; readonly developer: boolean }): string {
  return view.developer ? changeText(describeChange(before, after)) : classChange(before, after, view.language);
}

/** The class's words for a logged event (a replay's next step). */
const EVENT_WORDS: Words<{
  agent: (what: string) => string;
  said: string;
  ring: string;
  dial: string;
  callerHangUp: string;
  lineDropped: string;
  callerHold: (held: boolean) => string;
  branch: (label: string) => string;
  field: (label: string, value: string) => string;
  note: string;
  summary: string;
  fault: (item: string) => string;
  readyLine: (label: string) => string;
  /** What the transcript heard: who spoke, and the step or ready line it ticked (with the score), if any. */
  heard: (who: 'agent' | 'caller', ticked: string | null, score: number) => string;
  undo: string;
  other: string;
}> = {
  'zh-CN': {
    agent: (what) => `坐席：${what}`,
    said: '已说',
    ring: '电话响起',
    dial: '坐席回访拨号',
    callerHangUp: '客户挂机',
    lineDropped: '线路中断',
    callerHold: (held) => (held ? '客户把通话保持' : '客户回到通话'),
    branch: (label) => `选择分支：${label}`,
    field: (label, value) => `填写${label}：${value}`,
    note: '写备注',
    summary: '写小结',
    fault: (item) => `培训师标记评分项 ${item}`,
    readyLine: (label) => `说了常用语「${label}」`,
    heard: (who, ticked, score) => (who === 'caller' ? '客户说话（转写）' : ticked ? `坐席说了「${ticked}」（转写听到 ${score}%）` : '坐席说话（转写，未勾选步骤）'),
    undo: '撤销上一步',
    other: '坐席操作',
  },
  en: {
    agent: (what) => `agent: ${what}`,
    said: 'said',
    ring: 'the phone rings',
    dial: 'the agent dials a call-back',
    callerHangUp: 'the caller hangs up',
    lineDropped: 'the line drops',
    callerHold: (held) => (held ? 'the caller puts the call on hold' : 'the caller comes back'),
    branch: (label) => `branch chosen: ${label}`,
    field: (label, value) => `${label} typed: ${value}`,
    note: 'a note written',
    summary: 'the summary written',
    fault: (item) => `the trainer marks item ${item}`,
    readyLine: (label) => `ready line said: ${label}`,
    heard: (who, ticked, score) => (who === 'caller' ? 'the caller speaks (transcript)' : ticked ? `the agent says "${ticked}" (heard by the transcript, ${score}%)` : 'the agent speaks (transcript, no step ticked)'),
    undo: 'the last change undone',
    other: 'an agent action',
  },
};

/** The line a SAY says where the call stands: the hold's lines first, else the current step. */
function saidStep(snapshot: CallSnapshot): Step | null {
  const ctx = snapshot.context;
  if (snapshot.matches({ live: { line: 'holdAsk' } })) return ctx.pack.hold.ask;
  if (snapshot.hasTag('onHold')) return ctx.pack.hold.checkBack;
  if (holdBackPending(ctx)) return ctx.pack.hold.back;
  return currentStep(ctx);
}

/**
 * A logged event as a class reads it, where the call stands before it: "坐席：已说 开场白(报号)",
 * "选择分支：投诉"; for a developer, the event's name. Its values come masked as the replay fed them.
 */
export function eventText(event: CallEvent, before: CallSnapshot, view: { readonly language: Language; readonly developer: boolean; readonly keymap: readonly KeyCommand[] }): string {
  if (view.developer) return event.type;
  const { language } = view;
  const words = EVENT_WORDS[language];
  const pack = before.context.pack;
  const keyWord = view.keymap.find((entry) => entry.event === event.type)?.label[language];
  switch (event.type) {
    case 'RING':
      return words.ring;
    case 'DIAL':
      return words.dial;
    case 'SAY': {
      const step = saidStep(before);
      return words.agent(step ? `${words.said} ${step.label ?? step.line}` : words.said);
    }
    case 'CHOOSE_BRANCH':
      return words.branch(pack.branches.find((branch) => branch.id === event.branch)?.label ?? event.branch);
    case 'CALLER_HANG_UP':
      return event.line ? words.lineDropped : words.callerHangUp;
    case 'CALLER_HOLD':
      return words.callerHold(event.held);
    case 'SET_FIELD': {
      const label = textFor(language).fieldNames[event.field] ?? pack.fields.find((field) => field.id === event.field)?.label ?? event.field;
      return words.agent(words.field(label, event.value));
    }
    case 'ADD_NOTE':
      return words.agent(words.note);
    case 'SET_SUMMARY':
      return words.agent(words.summary);
    case 'TOGGLE_REASON': {
      const label = pack.reasons.flatMap((group) => group.reasons).find((reason) => reason.code === event.code)?.label ?? event.code;
      return words.agent(WORDS[language].reason(label));
    }
    case 'TOGGLE_FAULT':
      return words.fault(event.item);
    case 'SAY_READY':
      return words.agent(words.readyLine(readyLine(pack, event.line)?.label ?? event.line));
    case 'UNDO':
      return words.agent(words.undo);
    case 'HEARD': {
      const ticked = event.step ? allSteps(pack).find((step) => step.id === event.step) : undefined;
      const label = ticked ? (ticked.label ?? ticked.line) : event.line ? (readyLine(pack, event.line)?.label ?? event.line) : null;
      return words.heard(event.speaker, label, Math.round((event.score ?? 1) * 100));
    }
    default:
      return words.agent(keyWord ?? words.other);
  }
}
