/** The commands about packs and the machine: packs (list, check, show), chart, rules. */
import { printable } from '../errors.js';
import { formatCount, said, spoken, type Words } from '../language.js';
import { formatPack } from '../pack/show.js';
import { readInputFile } from '../pack/files.js';
import { findPack, listPacks, parsePack } from '../pack/load.js';
import { formatProblem } from '../pack/problems.js';
import { asciiPunctuationBesideChinese } from '../pack/typography.js';
import { RULES, ruleWords } from '../rules.js';
import { colonAfter } from '../typography.js';
import { padDisplay } from '../width.js';
import { callMachine } from '../../machines/call.js';
import { chartMermaid, chartOf, chartText } from '../../machines/chart.js';
import { classChart, classChartMermaid, classChartText, type ChartLevel } from '../pack/chart.js';
import { allSteps } from '../../machines/steps.js';
import { listing, settingsOf, type CommandContext } from './context.js';

const WORDS: Words<{
  source: Record<'built-in' | 'user', string>;
  broken: string;
  packsFooter: (folder: string) => string;
  valid: (file: string, id: string, name: string, counts: { steps: number; branches: number; reasons: number; groups: number }) => string;
  covered: (count: number, pack: string) => string;
}> = {
  'zh-CN': {
    source: { 'built-in': '内置', user: '你的' },
    broken: '（有问题）',
    packsFooter: (folder) => `\n* 默认的话术包（ringside config set pack 编号）。你自己的话术包放在 ${folder}\n`,
    valid: (file, id, name, n) => `${file}：话术包 ${id}（${name}）没有问题：${n.steps} 个步骤，${n.branches} 个分支，${n.reasons} 个来电原因，分 ${n.groups} 组。\n`,
    covered: (count, pack) => `\n✓ 话术包 ${pack} 的台词覆盖了 ${count} 条规范。\n`,
  },
  en: {
    source: { 'built-in': 'built-in', user: 'user' },
    broken: '(broken)',
    packsFooter: (folder) => `\n* the default pack (ringside config set pack ID). Your own packs go in ${folder}\n`,
    valid: (file, id, name, n) =>
      `${file}: pack ${id} (${name}) is valid: ${formatCount('en', n.steps, { one: 'step', other: 'steps' })}, ${formatCount('en', n.branches, { one: 'branch', other: 'branches' })}, ${formatCount('en', n.reasons, { one: 'reason', other: 'reasons' })} in ${formatCount('en', n.groups, { one: 'group', other: 'groups' })}.\n`,
    covered: (count, pack) => `\n✓ ${formatCount('en', count, { one: 'rule', other: 'rules' })} covered by the lines of pack ${pack}.\n`,
  },
};

export async function packs(context: CommandContext, options: { json?: boolean }): Promise<void> {
  const { io, paths } = context;
  const settings = await settingsOf(context);
  // The settings are read once the folders are: a packs folder Ringside refuses is said first.
  let current: string | undefined;
  const words = said(WORDS);
  listing(
    io,
    (skipped) => listPacks(paths.userPacks, skipped),
    options.json,
    (entry) => `${entry.id === (current ??= settings().all.pack) ? '*' : ' '} ${entry.id.padEnd(18)} ${entry.language.padEnd(6)} ${padDisplay(words.source[entry.source], 9)} ${entry.name}\n`,
    `  ${padDisplay(words.broken, 20)}`,
    words.packsFooter(printable(paths.userPacks)),
  );
}

export function checkPack({ io }: CommandContext, file: string): void {
  const text = readInputFile(file, file, 'pack');
  const pack = parsePack(text, file);
  // Said, not refused: the pack works as it is.
  for (const warning of asciiPunctuationBesideChinese(text, file, pack.language === 'en' ? 'en' : 'zh-CN')) io.err(`${formatProblem(warning)}\n`);
  const steps = allSteps(pack).length;
  const reasons = pack.reasons.flatMap((group) => group.reasons).length;
  io.out(said(WORDS).valid(printable(file), pack.id, pack.name, { steps, branches: pack.branches.length, reasons, groups: pack.reasons.length }));
}

export function showPack({ io, paths }: CommandContext, id: string): void {
  io.out(formatPack(findPack(id, paths.userPacks)));
}

/**
 * The call's chart: in the pack's language at the phases (slides) or steps level; the machine's
 * own states, events and guards at the machine level (a developer's).
 */
export async function chart(context: CommandContext, options: { format: 'text' | 'mermaid' | 'json'; level?: ChartLevel; pack?: string }): Promise<void> {
  const { io, paths } = context;
  const settings = await settingsOf(context);
  const all = settings().all;
  const pack = findPack(options.pack ?? all.pack, paths.userPacks);
  const chart = chartOf(callMachine);
  const level = options.level ?? 'steps';
  if (level !== 'machine') {
    // The desk's language: the setting, else the pack's own.
    const language = all.language === 'zh-CN' || all.language === 'en' ? all.language : pack.language;
    const drawn = classChart(chart, pack, level, language);
    if (options.format === 'json') io.out(`${JSON.stringify(drawn, null, 2)}\n`);
    else io.out(options.format === 'mermaid' ? classChartMermaid(drawn) : classChartText(drawn));
    return;
  }
  const notes = { 'live.phase.answering': `${pack.name}${colonAfter(pack.name)}${pack.branches.map((b) => `${b.hotkey} ${b.label}`).join(' · ')}` };
  if (options.format === 'json') io.out(`${JSON.stringify({ ...chart, notes }, null, 2)}\n`);
  else io.out(options.format === 'mermaid' ? chartMermaid(chart, { notes }) : chartText(chart, { notes }));
}

export async function rules(context: CommandContext, options: { pack?: string }): Promise<void> {
  const { io, paths } = context;
  const settings = await settingsOf(context);
  const pack = findPack(options.pack ?? settings().all.pack, paths.userPacks);
  const covered = new Set([
    ...allSteps(pack).flatMap((step) => step.rules),
    ...pack.branches.flatMap((branch) => branch.rules),
    ...pack.lines.flatMap((line) => line.rules),
  ]);
  for (const rule of RULES) {
    const { kind, title } = ruleWords(rule.id, spoken()) ?? rule;
    io.out(`${covered.has(rule.id) ? '✓' : ' '} ${rule.id.padEnd(20)} ${padDisplay(kind, 18)} ${title}\n`);
  }
  io.out(said(WORDS).covered(covered.size, pack.id));
}
