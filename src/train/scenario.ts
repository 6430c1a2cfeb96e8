/**
 * Training scenarios: a scripted caller for a pack. A scenario is YAML in scripts/scenarios/:
 * who calls, what they say when the call reaches a point (the caller's beats), a model call
 * (the keys a good agent presses, played one step at a time in class), and what the call should
 * end with. Validated like packs: problems come as file:line:column, exit 2.
 */
import { basename, join, relative } from 'node:path';
import { z } from 'zod';
import { allSteps } from '../../machines/steps.js';
import { quoted, UserError } from '../errors.js';
import { trustFolder } from '../safe-fs.js';
import { folderName, readInputFile, yamlFilesIn } from '../pack/files.js';
import { said, type Words } from '../language.js';
import { says } from '../pack/schema.js';
import { builtinPackDir, findPack, PackError, packShelf, parseYamlFile, type PackShelf, type Path } from '../pack/load.js';
import { PHASES, type Phase } from '../../machines/phases.js';
import type { Pack } from '../pack/schema.js';
import { RULES } from '../rules.js';

/**
 * When a caller beat happens: `answered`, `said STEP` (or `said STEP N` for the Nth time),
 * `phase PHASE`, `branch BRANCH`, `onHold`, `resumed` (a hold ended).
 */
const WHEN = new RegExp(`^(answered|onHold|resumed|said [A-Za-z0-9-]+( [1-9])?|phase (${PHASES.join('|')})|branch [A-Za-z0-9-]+)$`);

/** Key names the model call may press: one character, or one of these. */
const NAMED_KEYS = ['space', 'return', 'tab', 'escape', 'left', 'right', 'backspace'];

const ruleId = z.string().refine((id) => RULES.some((rule) => rule.id === id), says('不是规范编号（ringside rules 会列出）', 'not a rule ID (ringside rules lists them)'));

const beatSchema = z.strictObject({
  when: z
    .string()
    .regex(WHEN, says('请用 answered、onHold、resumed、"said 步骤"、"said 步骤 N"、"phase 阶段" 或 "branch 分支"', 'use answered, onHold, resumed, "said STEP", "said STEP N", "phase PHASE" or "branch BRANCH"')),
  /** Seconds of scenario time after the moment it waits for. */
  after: z.number().min(0).max(600).default(2),
  says: z.string().min(1).optional(),
  hangsUp: z.boolean().default(false),
  /** Rules this beat makes due (the caller thanks: R-RECIPROCATE). */
  expects: z.array(ruleId).default([]),
  /** What a trainer points out at this moment (step mode shows it). */
  tip: z.string().optional(),
});

const modelSchema = z.strictObject({
  /** Key names separated by spaces: "a", "space", "b 2", "f 1". */
  keys: z
    .string()
    .refine(
      (keys) => keys.split(' ').every((key) => [...key].length === 1 || NAMED_KEYS.includes(key)),
      says(`按键是单个字符或 ${NAMED_KEYS.join('、')}，用空格分隔`, `keys are single characters or ${NAMED_KEYS.join(', ')}, separated by spaces`),
    )
    .optional(),
  /** Text typed into the field or note that is open, then Enter. */
  type: z.string().min(1).optional(),
  /** Seconds of scenario time before this move. */
  wait: z.number().min(0).max(600).default(2),
  tip: z.string().optional(),
});

export const scenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, says('场景编号由字母、数字和短横线组成', 'a scenario id is letters, digits and dashes')),
  language: z.enum(['zh-CN', 'en']),
  pack: z.string().min(1),
  title: z.string().min(1),
  /** What the trainee is told before the phone rings. */
  brief: z.string().min(1),
  caller: z.strictObject({
    name: z.string().min(1),
    /** The number the phone shows as it rings. */
    phone: z.string().regex(/^\+?[0-9 -]{3,20}$/, says('电话号码由数字组成（可以有 +、空格和短横线）', 'a phone number is digits')).optional(),
    mood: z.string().optional(),
  }),
  /** The phone rings this many times before the trainee may answer (a late-answer drill). */
  rings: z.number().int().min(0).max(10).default(0),
  beats: z.array(beatSchema).min(1),
  model: z.array(modelSchema).min(1),
  expect: z.strictObject({
    branch: z.string().optional(),
    reasons: z.array(z.string()).default([]),
    ticket: z.enum(['complaint', 'suggestion', 'none']).optional(),
    rules: z.array(ruleId).default([]),
  }),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Beat = Scenario['beats'][number];
export type ModelMove = Scenario['model'][number];

/** Checks the scenario against its pack: steps, branches and reasons it names must exist. */
const WORDS: Words<{
  noStep: (pack: string, step: string, steps: string[]) => string;
  noBranch: (pack: string, branch: string, branches: string[]) => string;
  beat: string;
  move: string;
  noReason: (pack: string, code: string) => string;
  language: (scenario: string, pack: string, packLanguage: string) => string;
  noScenario: (id: string, known: string[]) => string;
}> = {
  'zh-CN': {
    noStep: (pack, step, steps) => `话术包 ${pack} 没有步骤 "${step}"；请用其中之一：${steps.join('、')}`,
    noBranch: (pack, branch, branches) => `话术包 ${pack} 没有分支 "${branch}"；请用其中之一：${branches.join('、')}`,
    beat: '来电人的每一步要么说话要么挂机；请加上 "says" 或 "hangsUp: true"',
    move: '示范的每一步要么是 "keys" 要么是 "type"，只能其一',
    noReason: (pack, code) => `话术包 ${pack} 没有来电原因 "${code}"`,
    language: (scenario, pack, packLanguage) => `场景是 ${scenario}，但话术包 ${pack} 是 ${packLanguage}`,
    noScenario: (id, known) => `没有场景 ${id}。已有的场景：${known.join('、')}（ringside train --list 会列出）。`,
  },
  en: {
    noStep: (pack, step, steps) => `pack ${pack} has no step "${step}"; use one of ${steps.join(', ')}`,
    noBranch: (pack, branch, branches) => `pack ${pack} has no branch "${branch}"; use one of ${branches.join(', ')}`,
    beat: 'a beat says something or hangs up; add "says" or "hangsUp: true"',
    move: 'a model move has either "keys" or "type"',
    noReason: (pack, code) => `pack ${pack} has no reason "${code}"`,
    language: (scenario, pack, packLanguage) => `the scenario is ${scenario} but pack ${pack} is ${packLanguage}`,
    noScenario: (id, known) => `There is no scenario ${id}. Scenarios: ${known.join(', ')} (ringside train --list shows them).`,
  },
};

function crossCheck(scenario: Scenario, pack: Pack, problem: (path: Path, message: string) => void): void {
  const stepIds = new Set([...allSteps(pack).map((step) => step.id), pack.hold.ask.id, pack.hold.back.id, pack.hold.checkBack.id]);
  const branchIds = pack.branches.map((branch) => branch.id);
  scenario.beats.forEach((beat, i) => {
    const [word, name] = beat.when.split(' ');
    const w = said(WORDS);
    if (word === 'said' && !stepIds.has(name!)) problem(['beats', i, 'when'], w.noStep(pack.id, name!, [...stepIds]));
    if (word === 'branch' && !branchIds.includes(name!)) problem(['beats', i, 'when'], w.noBranch(pack.id, name!, branchIds));
    if (!beat.says && !beat.hangsUp) problem(['beats', i], w.beat);
  });
  scenario.model.forEach((move, i) => {
    if (!move.keys === !move.type) problem(['model', i], said(WORDS).move);
  });
  if (scenario.expect.branch && !branchIds.includes(scenario.expect.branch)) {
    problem(['expect', 'branch'], said(WORDS).noBranch(pack.id, scenario.expect.branch, branchIds));
  }
  const codes = pack.reasons.flatMap((group) => group.reasons.map((reason) => reason.code));
  scenario.expect.reasons.forEach((code, i) => {
    if (!codes.includes(code)) problem(['expect', 'reasons', i], said(WORDS).noReason(pack.id, code));
  });
  if (scenario.language !== pack.language) problem(['language'], said(WORDS).language(scenario.language, pack.id, pack.language));
}

export interface LoadedScenario {
  scenario: Scenario;
  pack: Pack;
  file: string;
}

/**
 * Loads and checks one scenario file; the pack it names is found among the packs (on `shelf`, what
 * this command has read of them already).
 */
export function loadScenarioFile(path: string, userPackDir: string, display = path, shelf: PackShelf = packShelf()): LoadedScenario {
  const text = readInputFile(path, display, 'scenario');
  let pack: Pack | null = null;
  const scenario = parseYamlFile(text, display, scenarioSchema as z.ZodType<Scenario>, (value, problem) => {
    try {
      pack = findPack(value.pack, userPackDir, shelf);
    } catch (error) {
      if (error instanceof PackError) throw error;
      problem(['pack'], (error as Error).message);
      return;
    }
    crossCheck(value, pack, problem);
  });
  return { scenario, pack: pack!, file: path };
}

/** The folder of the scenarios that ship with Ringside. */
export function builtinScenarioDir(): string {
  return join(builtinPackDir(), 'scenarios');
}

export interface ScenarioEntry {
  id: string;
  title: string;
  language: string;
  pack: string;
  file: string;
  error?: string;
}

/**
 * Every built-in scenario (and the user's, in `<config>/scenarios`), broken ones with their problem.
 * What the folders hold that is not read (a link, a folder too deep, files past the limit) goes to
 * `skipped` as sentences.
 */
export function listScenarios(userPackDir: string, userScenarioDir: string, skipped?: (sentence: string) => void): ScenarioEntry[] {
  trustFolder(userScenarioDir, 'yourScenarios');
  const entries: ScenarioEntry[] = [];
  // Each scenario names a pack: each pack file is read and checked once for them all.
  const shelf = packShelf();
  for (const dir of [builtinScenarioDir(), userScenarioDir]) {
    const found = yamlFilesIn(dir, dir === userScenarioDir ? folderName('yourScenarios') : folderName('builtinScenarios'));
    found.skipped.forEach((sentence) => skipped?.(sentence));
    for (const file of found.files) {
      const display = dir === userScenarioDir ? file : relative(join(dir, '..', '..'), file);
      try {
        const { scenario } = loadScenarioFile(file, userPackDir, display, shelf);
        entries.push({ id: scenario.id, title: scenario.title, language: scenario.language, pack: scenario.pack, file });
      } catch (error) {
        entries.push({ id: '?', title: '?', language: '?', pack: '?', file, error: (error as Error).message });
      }
    }
  }
  return entries;
}

/** A scenario by id (or a .yaml path). */
export function findScenario(idOrPath: string, userPackDir: string, userScenarioDir: string): LoadedScenario {
  if (/\.ya?ml$/.test(idOrPath)) return loadScenarioFile(idOrPath, userPackDir);
  const skipped: string[] = [];
  const entries = listScenarios(userPackDir, userScenarioDir, (sentence) => skipped.push(sentence));
  const entry = entries.filter((e) => e.id === idOrPath).at(-1);
  if (!entry) {
    // A broken file that is meant to be this scenario says what is wrong with it, file:line:column.
    const meant = (file: string) => {
      try {
        return readInputFile(file).split('\n').some((line) => line.trim() === `id: ${idOrPath}`);
      } catch {
        return false;
      }
    };
    const broken = entries.find((e) => e.error && (basename(e.file).replace(/\.ya?ml$/, '') === idOrPath || meant(e.file)));
    if (broken) loadScenarioFile(broken.file, userPackDir);
    const known = entries.filter((e) => !e.error).map((e) => e.id);
    throw new UserError([said(WORDS).noScenario(quoted(idOrPath), known), ...skipped].join('\n'));
  }
  return loadScenarioFile(entry.file, userPackDir);
}

/** Whether a beat's moment has come in this call. */
export function beatDue(when: string, call: { phaseIndex: number; branchIds: readonly string[]; answered: boolean; onHold: boolean; holdsEnded: number; said: (step: string) => number }): boolean {
  const [word, name, count] = when.split(' ');
  switch (word) {
    case 'answered':
      return call.answered;
    case 'onHold':
      return call.onHold;
    case 'resumed':
      return call.holdsEnded > 0 && !call.onHold;
    case 'said':
      return call.said(name!) >= Number(count ?? 1);
    case 'phase':
      return call.phaseIndex >= PHASES.indexOf(name as Phase);
    case 'branch':
      return call.branchIds.includes(name!);
    default:
      return false;
  }
}
