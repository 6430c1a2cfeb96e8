/**
 * The first run, as a pure step: which questions the live screen asks before its first call (who
 * the agent is, and the company or hotline a pack leaves to the desk), and how keys and pastes
 * move through them. The setup screen (src/ui/FirstRun.tsx) draws it; src/screens/first-run.tsx
 * runs it and writes the answers. Nothing is written until the last answer is given.
 */
import { allSteps } from '../../machines/steps.js';
import { boundedTextProblem, TEXT_BOUNDS, type BoundedSetting, type Settings } from '../config.js';
import type { Language, Words } from '../language.js';
import { DESK_VARIABLES, deskValue } from '../pack/desk-values.js';
import type { Pack } from '../pack/schema.js';
import { editLine, lineOf, pasteInto, type EditKey, type Line } from './panes/LineEditor.js';
import type { Paste } from './keys/terminal-input.js';

/** What one answer cannot be, said under its field. */
export type AnswerProblem = 'empty' | 'control' | 'notLettersAndDigits' | 'tooLong';

export interface FirstRun {
  /** The settings asked for, in order. */
  readonly asked: readonly BoundedSetting[];
  /** The question on screen. */
  readonly at: number;
  /** The answers given so far (and what a setting held before, offered again). */
  readonly answers: Readonly<Partial<Record<BoundedSetting, string>>>;
  /** The line being typed for the question on screen. */
  readonly line: Line;
  /** Characters that did not go in (the field's limit), and whether a paste's line breaks became spaces. */
  readonly refused: number;
  readonly lineBreaks: boolean;
  readonly problem: AnswerProblem | null;
  /** Every question answered, or the setup left (nothing written). */
  readonly outcome: null | 'done' | 'quit';
}

/** Whether any of the pack's lines says `{name}`. */
function linesSay(pack: Pack, name: string): boolean {
  const placeholder = `{${name}}`;
  return [...allSteps(pack), ...pack.lines].some((step) => step.line.includes(placeholder));
}

/**
 * What the live screen asks before its first call, or null when it need not ask: with no agent
 * number set, the number and the name; and the company and the hotline when the pack leaves them
 * to the desk, none is set, and its lines say them. (Training and replays never ask.)
 */
export function firstRunQuestions(pack: Pack, settings: Settings): BoundedSetting[] | null {
  if (settings.agentNumber !== '') return null;
  const open = DESK_VARIABLES.filter((name) => deskValue(name, pack, settings).source === 'open' && linesSay(pack, name));
  return ['agentNumber', 'agentName', ...open];
}

export function startFirstRun(asked: readonly BoundedSetting[], settings: Settings): FirstRun {
  // A name set before (config set agentName) is offered again: Enter keeps it.
  const answers: Partial<Record<BoundedSetting, string>> = Object.fromEntries(asked.filter((name) => settings[name] !== '').map((name) => [name, settings[name]]));
  return { asked, at: 0, answers, line: lineOf(answers[asked[0]!] ?? ''), refused: 0, lineBreaks: false, problem: null, outcome: null };
}

/**
 * An answer as it is kept: without the spaces around it; an agent number typed in full-width
 * (an input method's １０２４) as the digits and letters it is.
 */
export function answerOf(name: BoundedSetting, typed: string): string {
  const trimmed = typed.trim();
  return name === 'agentNumber' ? trimmed.normalize('NFKC') : trimmed;
}

/** What keeps an answer out, by the settings' own bounds (src/config.ts); every question needs an answer. */
export function answerProblem(name: BoundedSetting, answer: string): AnswerProblem | null {
  if (answer === '') return 'empty';
  return boundedTextProblem(name, answer)?.kind ?? null;
}

/** The question `at`, its earlier answer in the line. */
function goTo(run: FirstRun, at: number, answers = run.answers): FirstRun {
  return { ...run, at, answers, line: lineOf(answers[run.asked[at]!] ?? ''), refused: 0, lineBreaks: false, problem: null };
}

/**
 * One key: typing edits the line (as every field of the screen does), Enter checks the answer and
 * goes on (after the last, done), Esc goes back to the question before (from the first, leaves),
 * Ctrl-C leaves. Leaving writes nothing.
 */
export function firstRunKey(run: FirstRun, key: EditKey): FirstRun {
  if (run.outcome) return run;
  // Ctrl-C or Ctrl-D, on its own or in a run of typed keys (where it comes as its character).
  if ((key.ctrl && (key.input === 'c' || key.input === 'd')) || key.input === '\u0003' || key.input === '\u0004') return { ...run, outcome: 'quit' };
  const name = run.asked[run.at]!;
  const edit = editLine(run.line, key, TEXT_BOUNDS[name]);
  // Back to the question before: what is typed here is kept for when the agent comes back to it
  // (checked again then, by its Enter, like every answer).
  if (edit.done === 'drop') return run.at === 0 ? { ...run, outcome: 'quit' } : goTo(run, run.at - 1, { ...run.answers, [name]: answerOf(name, run.line.buffer) });
  if (edit.done === 'keep') {
    const answer = answerOf(name, edit.buffer);
    const problem = answerProblem(name, answer);
    if (problem) return { ...run, line: edit, problem };
    const answers = { ...run.answers, [name]: answer };
    return run.at + 1 < run.asked.length ? goTo(run, run.at + 1, answers) : { ...run, answers, line: lineOf(answer), problem: null, outcome: 'done' };
  }
  const changed = edit.buffer !== run.line.buffer;
  return { ...run, line: { buffer: edit.buffer, length: edit.length }, refused: run.refused + edit.refused, problem: changed ? null : run.problem };
}

/** A paste goes into the line as into every field: whole up to the limit, line breaks as spaces. */
export function firstRunPaste(run: FirstRun, paste: Paste): FirstRun {
  if (run.outcome) return run;
  const pasted = pasteInto(run.line, paste, TEXT_BOUNDS[run.asked[run.at]!]);
  return { ...run, line: { buffer: pasted.buffer, length: pasted.length }, refused: run.refused + pasted.refused, lineBreaks: run.lineBreaks || pasted.lineBreaks, problem: null };
}

/** The answers to write: every question's, once the setup is done. */
export function firstRunAnswers(run: FirstRun): Partial<Record<BoundedSetting, string>> | null {
  return run.outcome === 'done' ? Object.fromEntries(run.asked.map((name) => [name, run.answers[name]!])) : null;
}

export interface FirstRunWords {
  readonly title: string;
  readonly why: string;
  readonly labels: Readonly<Record<BoundedSetting, string>>;
  readonly hints: Readonly<Record<BoundedSetting, string>>;
  /** Which question of how many, after its label. */
  readonly of: (at: number, count: number) => string;
  readonly problems: { readonly [P in AnswerProblem]: (label: string, max: number) => string };
  readonly keys: (first: boolean, last: boolean) => string;
  /** Said when the setup is left: nothing written, and how to set it later. */
  readonly left: (asked: readonly BoundedSetting[]) => string;
  /** Said when a signal (Ctrl-C from outside, a closed terminal) ends the setup. */
  readonly stopped: (signal: string) => string;
}

/** `ringside config set NAME VALUE` for each question, as the sentence after leaving names them. */
const setLater = (asked: readonly BoundedSetting[], values: Readonly<Record<BoundedSetting, string>>) =>
  asked.map((name) => `ringside config set ${name} ${values[name]}`);

export const FIRST_RUN_WORDS: Words<FirstRunWords> = {
  'zh-CN': {
    title: '首次使用：请先填写您的信息',
    why: '接听电话前需要知道您是谁：开场白要报您的工号（例如「1024号为您服务」）。',
    labels: { agentNumber: '工号', agentName: '姓名', company: '公司', hotline: '热线' },
    hints: {
      agentNumber: `开场白里报的号：字母或数字，最多 ${TEXT_BOUNDS.agentNumber} 位。`,
      agentName: '显示在屏幕顶部，并记入每通电话的记录。',
      company: '开场白里说的公司名称（这个话术包留给各单位自己填），例如「天天公司」。',
      hotline: '开场白里说的热线名称（这个话术包留给各单位自己填），例如「客服中心」。',
    },
    of: (at, count) => `（第 ${at}/${count} 项）`,
    problems: {
      empty: (label) => `请填写${label}。`,
      control: (label) => `${label}不能含控制字符。`,
      notLettersAndDigits: (label) => `${label}只能是字母和数字。`,
      tooLong: (label, max) => `${label}最多 ${max} 个字。`,
    },
    keys: (first, last) => `回车 ${last ? '保存并开始接听' : '下一项'}   Esc ${first ? '退出（不保存）' : '上一项'}   Ctrl-C 退出（不保存）`,
    left: (asked) =>
      `没有保存任何设置，也没有进入接听界面。下次启动 ringside 会再问一次；也可以先设置好：${setLater(asked, { agentNumber: '工号', agentName: '姓名', company: '公司名称', hotline: '热线名称' }).join('，')}。`,
    stopped: (signal) => `收到 ${signal}，已停止。`,
  },
  en: {
    title: 'First start: who are you?',
    why: 'Before the first call Ringside needs to know who you are: the opening line says your agent number ("this is agent 1024").',
    labels: { agentNumber: 'Agent number', agentName: 'Name', company: 'Company', hotline: 'Hotline' },
    hints: {
      agentNumber: `The number the opening line says: letters or digits, at most ${TEXT_BOUNDS.agentNumber}.`,
      agentName: 'Shown at the top of the screen and kept with each call in the log.',
      company: 'The company the opening line names (this pack leaves it to each desk), e.g. "Tian Tian".',
      hotline: 'The hotline the opening line names (this pack leaves it to each desk), e.g. "Customer Service".',
    },
    of: (at, count) => ` (${at} of ${count})`,
    problems: {
      empty: (label) => `${label}: please fill it in.`,
      control: (label) => `${label} cannot hold control characters.`,
      notLettersAndDigits: (label) => `${label}: letters and digits only.`,
      tooLong: (label, max) => `${label}: at most ${max} characters.`,
    },
    keys: (first, last) => `Enter ${last ? 'save and start' : 'next'}   Esc ${first ? 'quit (nothing saved)' : 'back'}   Ctrl-C quit (nothing saved)`,
    left: (asked) =>
      `Nothing was saved, and the live screen did not start. Ringside asks again on its next start; or set it beforehand: ${setLater(asked, { agentNumber: 'NUMBER', agentName: 'NAME', company: 'COMPANY', hotline: 'HOTLINE' }).join(', ')}.`,
    stopped: (signal) => `Stopped by ${signal}. `,
  },
};

export function firstRunWords(language: Language): FirstRunWords {
  return FIRST_RUN_WORDS[language];
}
