/**
 * `ringside chart` in the pack's language, for a class: the places of a call (the pack's phases,
 * with their steps and branches at the `steps` level) and the moves between them, as a trainer
 * says them ("接听", "必做步骤说完 / 下一阶段"). The moves are read from the machine's own chart
 * (machines/chart.ts), so the slide changes when the machine does; only their words are added.
 * Pure: a machine chart and a pack in, text, Mermaid `stateDiagram-v2` or JSON out.
 */
import type { Chart, ChartTransition } from '../../machines/chart.js';
import { PHASES } from '../../machines/phases.js';
import type { Language, Words } from '../language.js';
import { placeOf } from '../train/class-map.js';
import { KEYMAP } from '../ui/keys/keymap.js';
import { textFor } from '../ui/text.js';
import type { Pack, Step } from './schema.js';

/** How much the chart shows: the phases (a slide), their steps and branches, or the machine itself. */
export const CHART_LEVELS = ['phases', 'steps', 'machine'] as const;
export type ChartLevel = (typeof CHART_LEVELS)[number];

export interface ChartPlace {
  /** A Mermaid-safe id: letters, digits and _. */
  id: string;
  label: string;
  /** A phase's steps, answering's branches (steps level), the phases of a call. */
  children: ChartPlace[];
  /** A step's first rule, a branch's hotkey. */
  note?: string;
}

export interface ChartMove {
  from: string;
  to: string;
  label: string;
}

export interface ClassChart {
  level: Exclude<ChartLevel, 'machine'>;
  pack: { id: string; name: string; language: Language };
  title: string;
  places: ChartPlace[];
  moves: ChartMove[];
}

const WORDS: Words<{
  title: (pack: string, level: 'phases' | 'steps') => string;
  always: string;
  branch: string;
  dial: string;
  resume: string;
  askedToWait: string;
  heard: string;
  anyPhase: string;
}> = {
  'zh-CN': {
    title: (pack, level) => `${pack}：${level === 'phases' ? '通话的阶段' : '通话的阶段与步骤'}`,
    always: '必做步骤说完',
    branch: '选择分支',
    dial: '回访',
    resume: '恢复通话',
    askedToWait: '请客户稍等后保持',
    heard: '听到',
    anyPhase: '（任何阶段）',
  },
  en: {
    title: (pack, level) => `${pack}: ${level === 'phases' ? 'the phases of a call' : 'the phases and steps of a call'}`,
    always: 'required steps said',
    branch: 'a branch chosen',
    dial: 'call back',
    resume: 'take the caller back',
    askedToWait: 'asked to wait, then held',
    heard: 'heard',
    anyPhase: '(any phase)',
  },
};

/** A move of the machine as a trainer names it: the key's own label where there is one. */
function moveLabel(t: ChartTransition, language: Language): string {
  const words = WORDS[language];
  if (t.event === 'always') return words.always;
  if (t.event === 'CHOOSE_BRANCH') return words.branch;
  if (t.event === 'DIAL') return words.dial;
  if (t.event === 'HOLD' && t.from.startsWith('live.line.onHold')) return words.resume;
  if (t.event === 'SAY' && t.from === 'live.line.holdAsk') return words.askedToWait;
  // Heard from the transcript feed (docs/assist.md): the ask to wait, as space would say it.
  if (t.event === 'HEARD') return words.heard;
  return KEYMAP.find((entry) => entry.event === t.event)?.label[language] ?? t.event;
}

const safeId = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');

function stepPlace(prefix: string, step: Step): ChartPlace {
  return { id: safeId(`s_${prefix}_${step.id}`), label: step.label ?? step.line, children: [], ...(step.rules[0] ? { note: step.rules[0] } : {}) };
}

/** The pack's call as a class sees it, at the phases or the steps level, its moves from the machine. */
export function classChart(chart: Chart, pack: Pack, level: 'phases' | 'steps', language: Language): ClassChart {
  const text = textFor(language);
  const phaseChildren = (phase: (typeof PHASES)[number]): ChartPlace[] => {
    if (level === 'phases') return [];
    if (phase === 'answering') {
      return pack.branches.map((branch) => ({ id: safeId(`b_${branch.id}`), label: branch.label, note: branch.hotkey, children: branch.steps.map((step) => stepPlace(branch.id, step)) }));
    }
    return pack.phases[phase].map((step) => stepPlace(phase, step));
  };
  const places: ChartPlace[] = [
    { id: 'idle', label: text.states.idle, children: [] },
    ...(pack.callback ? [{ id: 'dialing', label: text.states.dialing, children: [] }] : []),
    { id: 'ringing', label: text.states.ringing, children: [] },
    { id: 'live', label: text.states.live, children: PHASES.map((phase) => ({ id: phase, label: text.phases[phase], children: phaseChildren(phase) })) },
    { id: 'hold', label: text.states.hold, children: [] },
    { id: 'wrapUp', label: text.states.wrapUp, children: [] },
    { id: 'logged', label: text.states.logged, children: [] },
  ];
  const known = new Set(places.flatMap((place) => [place.id, ...place.children.map((child) => child.id)]));
  const moves: ChartMove[] = [];
  for (const t of chart.transitions) {
    // An undo goes back where the call was: a correction, not a way through the call for a slide.
    if (t.event === 'UNDO') continue;
    // A branch is chosen from any phase of the call (the machine's phase region).
    const sources = t.from === 'live.phase' ? [...PHASES] : [placeOf(t.from)];
    for (const target of t.to.map(placeOf)) {
      for (const from of sources) {
        if (from === target || !known.has(from) || !known.has(target)) continue;
        const label = moveLabel(t, language);
        const same = moves.find((move) => move.from === from && move.to === target);
        if (!same) moves.push({ from, to: target, label });
        else if (!same.label.split(' / ').includes(label)) same.label = `${same.label} / ${label}`;
      }
    }
  }
  return { level, pack: { id: pack.id, name: pack.name, language }, title: WORDS[language].title(pack.name, level), places, moves };
}

/** The chart as indented text: each place, its steps (steps level), and the moves out of it. */
export function classChartText(chart: ClassChart): string {
  const lines = [chart.title];
  const anyPhase = WORDS[chart.pack.language].anyPhase;
  const label = (id: string) => chart.places.flatMap((place) => [place, ...place.children]).find((place) => place.id === id)?.label ?? id;
  const visit = (place: ChartPlace, depth: number) => {
    const pad = '  '.repeat(depth);
    const isStep = place.id.startsWith('s_');
    lines.push(`${pad}${place.note && !isStep ? `${place.note} ` : ''}${place.label}${place.note && isStep ? ` ${place.note}` : ''}${place.id === 'live' ? ` ${anyPhase}` : ''}`);
    for (const move of chart.moves.filter((m) => m.from === place.id)) lines.push(`${pad}  ${move.label} → ${label(move.to)}`);
    place.children.forEach((child) => visit(child, depth + 1));
  };
  chart.places.forEach((place) => visit(place, 0));
  return `${lines.join('\n')}\n`;
}

/**
 * Words Mermaid's state-diagram grammar reads as its own are kept out of a label: a quote ends a
 * state's name, a colon or semicolon a move's label, %% starts a comment, braces open and close a
 * state. Their full-width forms read the same on a slide.
 */
function mermaidLabel(label: string): string {
  return label
    .replace(/\s+/g, ' ')
    .replace(/"/g, '＂')
    .replace(/:/g, '：')
    .replace(/;/g, '；')
    .replace(/%/g, '％')
    .replace(/#/g, '＃')
    .replace(/\{/g, '｛')
    .replace(/\}/g, '｝')
    .trim() || '·';
}

/** Mermaid `stateDiagram-v2`: every place named in quotes (Chinese included), phases inside the call, steps in order inside their phase. */
export function classChartMermaid(chart: ClassChart): string {
  const lines = ['stateDiagram-v2'];
  const inside = (id: string) => chart.places.find((place) => place.id === 'live')!.children.some((phase) => phase.id === id);
  const move = (pad: string, m: ChartMove) => lines.push(`${pad}${m.from} --> ${m.to} : ${mermaidLabel(m.label)}`);
  const visit = (place: ChartPlace, depth: number) => {
    const pad = '  '.repeat(depth + 1);
    const name = mermaidLabel(place.id.startsWith('b_') && place.note ? `${place.note} ${place.label}` : place.label);
    if (place.children.length === 0) {
      lines.push(`${pad}state "${name}" as ${place.id}`);
      return;
    }
    // No space before the brace: Mermaid would take it into the id.
    lines.push(`${pad}state "${name}" as ${place.id}{`);
    const children = place.children;
    if (place.id === 'answering') {
      for (const child of children) lines.push(`${pad}  [*] --> ${child.id}`);
    } else {
      lines.push(`${pad}  [*] --> ${children[0]!.id}`);
    }
    children.forEach((child) => visit(child, depth + 1));
    // A phase's steps in their order.
    if (place.id !== 'live' && place.id !== 'answering') {
      for (let i = 1; i < children.length; i++) lines.push(`${pad}  ${children[i - 1]!.id} --> ${children[i]!.id}`);
    }
    if (place.id === 'live') for (const m of chart.moves.filter((m) => inside(m.from) && inside(m.to))) move(`${pad}  `, m);
    lines.push(`${pad}}`);
  };
  lines.push('  [*] --> idle');
  chart.places.forEach((place) => visit(place, 0));
  lines.push('  logged --> [*]');
  for (const m of chart.moves.filter((m) => !(inside(m.from) && inside(m.to)))) move('  ', m);
  return `${lines.join('\n')}\n`;
}
