/**
 * The call map as a class reads it (the `m` pane): the pack's phases with their steps, where the
 * call is, and the moves it can make next as a trainer says them ("空格 已说 → ✓ 复述确认
 * R-RESTATE · 信息收集 → 解答"). Pure: a snapshot in, rows out; what can happen next is asked of
 * the machine itself (its `can` and its next snapshot), never kept by hand.
 */
import { getNextSnapshot } from 'xstate';
import { callMachine } from '../../machines/call.js';
import { PHASES, type Phase } from '../../machines/phases.js';
import { currentBranch, visibleSteps } from '../../machines/steps.js';
import type { CallCommand, CallSnapshot } from '../call/session.js';
import type { Language, Words } from '../language.js';
import { keyLabel, type KeyCommand } from '../ui/keys/keymap.js';
import { textFor } from '../ui/text.js';
import { colonAfter } from '../typography.js';
import { stringWidth } from '../width.js';
import { classChange } from './explain.js';

export interface MapRow {
  readonly text: string;
  /** ▶ the call is here, ✓ it has been, otherwise still ahead. */
  readonly mark: 'now' | 'been' | 'ahead';
}

const WORDS: Words<{ branches: (list: string) => string; onHold: (hold: string) => string }> = {
  'zh-CN': { branches: (list) => `分支：${list}`, onHold: (hold) => `（${hold}）` },
  en: { branches: (list) => `branches: ${list}`, onHold: (hold) => ` (${hold})` },
};

/** The machine's states, as the places a class names (a phase, the hold, the call's states). */
export function placeOf(stateId: string): string {
  if (stateId.startsWith('live.phase.')) return stateId.split('.')[2]!;
  if (stateId.startsWith('live.line.onHold')) return 'hold';
  if (stateId.startsWith('live')) return 'live';
  return stateId;
}

/** The places of a call, in the order it goes through them, and where this one is and has been. */
export function mapRows(snapshot: CallSnapshot, visited: ReadonlySet<string>, language: Language): MapRow[] {
  const text = textFor(language);
  const ctx = snapshot.context;
  const been = new Set([...visited].map(placeOf));
  const onHold = snapshot.hasTag('onHold');
  const here = (place: string) => (place === ctx.phase && snapshot.matches('live')) || (!snapshot.matches('live') && snapshot.matches(place as 'idle'));
  const mark = (place: string): MapRow['mark'] => (here(place) ? 'now' : been.has(place) ? 'been' : 'ahead');
  const rows: MapRow[] = [];
  const first = ctx.callback ? 'dialing' : 'ringing';
  rows.push({ text: text.states[first], mark: mark(first) });
  // The steps line up after the longest phase name.
  const width = Math.max(...PHASES.map((phase) => stringWidth(text.phases[phase])));
  for (const phase of PHASES) {
    const name = onHold && ctx.phase === phase ? `${text.phases[phase]}${WORDS[language].onHold(text.states.hold)}` : text.phases[phase];
    rows.push({ text: `${name}${' '.repeat(Math.max(0, width - stringWidth(name)))}  ${phaseSteps(snapshot, phase, language)}`, mark: mark(phase) });
  }
  rows.push({ text: text.states.wrapUp, mark: mark('wrapUp') });
  rows.push({ text: text.states.logged, mark: mark('logged') });
  return rows;
}

/** A phase's steps with their marks (✓ said, ✗ missed, ○ to do); answering's are its branch's, or the branches. */
function phaseSteps(snapshot: CallSnapshot, phase: Phase, language: Language): string {
  const text = textFor(language);
  const ctx = snapshot.context;
  const branch = currentBranch(ctx);
  if (phase === 'answering' && !branch && !ctx.callback) {
    return `${WORDS[language].branches(ctx.pack.branches.map((b) => `${b.hotkey} ${b.label}`).join(' · '))}`;
  }
  const steps = visibleSteps(ctx, phase).map((step) => `${text.mark[ctx.steps[step.id]?.status ?? 'todo']} ${step.label ?? step.line}`).join(' · ');
  return phase === 'answering' && branch && !ctx.callback ? `${branch.label}${colonAfter(branch.label)}${steps}` : steps;
}

/**
 * What the agent's keys can do now, as a trainer says it: the key, what it does, and where it
 * takes the call (the steps and rules it settles). Moves that change nothing a class sees are left out.
 */
export function nextMoves(
  snapshot: CallSnapshot,
  options: { readonly language: Language; readonly keymap: readonly KeyCommand[]; readonly can: (command: CallCommand) => boolean; readonly now: number },
): string[] {
  const { language, keymap, can, now } = options;
  const moves: string[] = [];
  for (const entry of keymap) {
    if (!entry.event || entry.event === 'RING') continue;
    const command = { type: entry.event } as CallCommand;
    if (!can(command)) continue;
    const next = getNextSnapshot(callMachine, snapshot as never, { ...command, at: now } as never) as unknown as CallSnapshot;
    const change = classChange(snapshot, next, language);
    if (!change && JSON.stringify(next.value) === JSON.stringify(snapshot.value)) continue;
    const key = keyLabel(entry.keys[0] ?? '', language);
    moves.push(`${key} ${entry.label[language]}${change ? ` → ${change}` : ''}`);
  }
  const open = snapshot.context.pack.branches.filter((branch) => can({ type: 'CHOOSE_BRANCH', branch: branch.id } as CallCommand));
  const branchKey = keymap.find((entry) => entry.command === 'branches')?.keys[0];
  if (open.length > 0 && branchKey) moves.push(`${keyLabel(branchKey, language)} ${WORDS[language].branches(open.map((b) => `${b.hotkey} ${b.label}`).join(' · '))}`);
  return moves;
}
