/**
 * The statechart drawn from the machine itself, never kept by hand: its states (nested, with
 * parallel regions), and every transition with its event, guard and actions. Pure: a machine in,
 * a description out, as text, Mermaid `stateDiagram-v2` (for slides) or JSON.
 */
import { and, not, or, stateIn, type AnyStateMachine, type AnyStateNodeDefinition, type AnyTransitionDefinition } from 'xstate';

export interface ChartState {
  /** Dotted path from the root, e.g. `live.line.onHold.checkBackDue`. */
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The child entered first (compound states). */
  initial: string | null;
  tags: string[];
  description: string | null;
  children: ChartState[];
}

export interface ChartTransition {
  from: string;
  /** Target state ids; empty when the transition only runs actions (it stays where it is). */
  to: string[];
  /** The event (`ANSWER`), a delay (`after RING_LIMIT`) or `always`. */
  event: string;
  guard: string | null;
  actions: string[];
}

export interface Chart {
  machine: string;
  root: ChartState;
  transitions: ChartTransition[];
}

/**
 * XState's guard creators, known by their `check` functions (names do not survive bundling:
 * esbuild may rename `and` to `and2`).
 */
const CREATORS = new Map<unknown, 'and' | 'or' | 'not' | 'stateIn'>([
  [(and([]) as unknown as { check: unknown }).check, 'and'],
  [(or([]) as unknown as { check: unknown }).check, 'or'],
  [(not('x') as unknown as { check: unknown }).check, 'not'],
  [(stateIn('x') as unknown as { check: unknown }).check, 'stateIn'],
]);

/** A guard in words: its name, or and/or/not/in of its parts. */
export function guardText(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const parts = (guard as { guards?: unknown[] }).guards ?? [];
    switch (CREATORS.get((guard as { check?: unknown }).check)) {
      case 'and':
        return parts.map(guardText).join(' && ');
      case 'or':
        return parts.map(guardText).join(' || ');
      case 'not':
        return `!${guardText(parts[0])}`;
      case 'stateIn':
        return `in ${JSON.stringify((guard as { stateValue?: unknown }).stateValue)}`;
      default:
        return guard.name || 'guard';
    }
  }
  if (typeof guard === 'object' && 'type' in guard) return String((guard as { type: unknown }).type);
  return 'guard';
}

function actionText(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') return action.name || 'action';
  if (action && typeof action === 'object' && 'type' in action) return String((action as { type: unknown }).type);
  return 'action';
}

/**
 * The chart read through XState's public definition of the machine (`machine.definition`, what
 * `toJSON()` gives): its states, their transitions (a delayed one carries its delay) and targets.
 * The definition leaves out eventless (`always`) transitions; those are read from the state node
 * the public `getStateNodeById` gives for the same id.
 */
export function chartOf(machine: AnyStateMachine): Chart {
  const definition: AnyStateNodeDefinition = machine.definition;
  // XState's node ids (`call.live.line`) as the chart names states: the dotted path from the root.
  const chartIds = new Map<string, string>();
  const name = (state: AnyStateNodeDefinition, path: string[]) => {
    chartIds.set(state.id, path.length === 0 ? state.key : path.join('.'));
    for (const [key, child] of Object.entries(state.states)) name(child, [...path, key]);
  };
  name(definition, []);
  const idOf = (state: { id: string }) => chartIds.get(state.id)!;
  const transitions: ChartTransition[] = [];
  const add = (from: string, event: (t: AnyTransitionDefinition) => string, definitions: readonly AnyTransitionDefinition[]) => {
    for (const t of definitions) {
      transitions.push({
        from,
        to: (t.target ?? []).map(idOf),
        event: event(t),
        guard: guardText(t.guard),
        actions: t.actions.map(actionText),
      });
    }
  };
  const walk = (state: AnyStateNodeDefinition): ChartState => {
    const id = idOf(state);
    add(id, (t) => {
      const delay = (t as { delay?: string | number }).delay;
      return delay === undefined ? t.eventType : `after ${delay}`;
    }, state.transitions);
    add(id, () => 'always', machine.getStateNodeById(state.id).always ?? []);
    return {
      id,
      key: state.key,
      type: state.type,
      initial: state.initial?.target[0] ? idOf(state.initial.target[0]) : null,
      tags: [...state.tags],
      description: state.description ?? null,
      children: Object.values(state.states).map(walk),
    };
  };
  const root = walk(definition);
  return { machine: machine.id, root, transitions };
}

/** Every state of the chart, depth first. */
export function allStates(chart: Chart): ChartState[] {
  const out: ChartState[] = [];
  const visit = (state: ChartState) => {
    out.push(state);
    state.children.forEach(visit);
  };
  chart.root.children.forEach(visit);
  return out;
}

/** The ids of the states a state value is in, parents first: `{ live: { phase: 'gathering' } }` → live, live.phase, live.phase.gathering. */
export function activeStateIds(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}${value}`];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [`${prefix}${key}`, ...activeStateIds(child, `${prefix}${key}.`)]);
}

export function transitionText(t: ChartTransition): string {
  const guard = t.guard ? ` [${t.guard}]` : '';
  const actions = t.actions.length > 0 ? ` / ${t.actions.join(', ')}` : '';
  return `${t.event}${guard} → ${t.to.length > 0 ? t.to.join(', ') : '(stays)'}${actions}`;
}

/**
 * An indented tree: each state with its type and tags, its transitions under it. `current` marks
 * the states the call is in with ▶ (the call map on screen).
 */
export function chartText(
  chart: Chart,
  options: { current?: readonly string[]; visited?: ReadonlySet<string>; notes?: Record<string, string>; transitions?: boolean } = {},
): string {
  const current = new Set(options.current ?? []);
  const lines: string[] = [`${chart.machine}`];
  const visit = (state: ChartState, depth: number) => {
    const kind = state.type === 'parallel' ? ' (parallel)' : state.type === 'final' ? ' (final)' : '';
    const tags = state.tags.length > 0 ? ` #${state.tags.join(' #')}` : '';
    const mark = current.has(state.id) ? '▶ ' : options.visited?.has(state.id) ? '✓ ' : '  ';
    lines.push(`${'  '.repeat(depth)}${mark}${state.key}${kind}${tags}`);
    const note = options.notes?.[state.id];
    if (note) lines.push(`${'  '.repeat(depth + 2)}${note}`);
    if (options.transitions !== false) {
      for (const t of chart.transitions.filter((tr) => tr.from === state.id)) {
        lines.push(`${'  '.repeat(depth + 2)}${transitionText(t)}`);
      }
    }
    state.children.forEach((child) => visit(child, depth + 1));
  };
  chart.root.children.forEach((state) => visit(state, 0));
  return `${lines.join('\n')}\n`;
}

/** Mermaid's state names may not contain dots. */
const mermaidId = (id: string) => id.replace(/\./g, '_');

/** Mermaid `stateDiagram-v2`: composite states, parallel regions split by `--`, every transition. */
export function chartMermaid(chart: Chart, options: { notes?: Record<string, string> } = {}): string {
  const lines = ['stateDiagram-v2'];
  const visit = (state: ChartState, depth: number) => {
    const pad = '  '.repeat(depth + 1);
    if (state.children.length === 0) {
      lines.push(`${pad}state "${state.key}" as ${mermaidId(state.id)}`);
      return;
    }
    lines.push(`${pad}state ${mermaidId(state.id)} {`);
    if (state.type === 'parallel') {
      state.children.forEach((region, i) => {
        if (i > 0) lines.push(`${pad}  --`);
        visit(region, depth + 1);
      });
    } else {
      if (state.initial) lines.push(`${pad}  [*] --> ${mermaidId(state.initial)}`);
      state.children.forEach((child) => visit(child, depth + 1));
    }
    lines.push(`${pad}}`);
  };
  if (chart.root.initial) lines.push(`  [*] --> ${mermaidId(chart.root.initial)}`);
  chart.root.children.forEach((state) => visit(state, 0));
  for (const state of allStates(chart).filter((s) => s.type === 'final')) lines.push(`  ${mermaidId(state.id)} --> [*]`);
  for (const t of chart.transitions) {
    const label = `${t.event}${t.guard ? ` [${t.guard}]` : ''}`.replace(/:/g, '：');
    for (const target of t.to.length > 0 ? t.to : [t.from]) {
      lines.push(`  ${mermaidId(t.from)} --> ${mermaidId(target)} : ${label}`);
    }
  }
  for (const [id, note] of Object.entries(options.notes ?? {})) {
    lines.push(`  note right of ${mermaidId(id)} : ${note.replace(/:/g, '：')}`);
  }
  return `${lines.join('\n')}\n`;
}
