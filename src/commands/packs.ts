/** The commands about packs and the machine: packs (list, check, show), chart, rules. */
import { printable } from '../errors.js';
import { formatPack } from '../pack/show.js';
import { readInputFile } from '../pack/files.js';
import { findPack, listPacks, parsePack } from '../pack/load.js';
import { formatProblem } from '../pack/problems.js';
import { asciiPunctuationBesideChinese } from '../pack/typography.js';
import { RULES } from '../rules.js';
import { callMachine } from '../../machines/call.js';
import { chartMermaid, chartOf, chartText } from '../../machines/chart.js';
import { allSteps } from '../../machines/steps.js';
import { listing, settingsOf, type CommandContext } from './context.js';

export async function packs(context: CommandContext, options: { json?: boolean }): Promise<void> {
  const { io, paths } = context;
  const settings = await settingsOf(context);
  // The settings are read once the folders are: a packs folder Ringside refuses is said first.
  let current: string | undefined;
  listing(
    io,
    (skipped) => listPacks(paths.userPacks, skipped),
    options.json,
    (entry) => `${entry.id === (current ??= settings().all.pack) ? '*' : ' '} ${entry.id.padEnd(18)} ${entry.language.padEnd(6)} ${entry.source.padEnd(9)} ${entry.name}\n`,
    '  (broken)            ',
    `\n* the default pack (ringside config set pack ID). Your own packs go in ${printable(paths.userPacks)}\n`,
  );
}

export function checkPack({ io }: CommandContext, file: string): void {
  const text = readInputFile(file, file, 'pack');
  const pack = parsePack(text, file);
  // Said, not refused: the pack works as it is.
  for (const warning of asciiPunctuationBesideChinese(text, file, pack.language === 'en' ? 'en' : 'zh-CN')) io.err(`${formatProblem(warning)}\n`);
  const steps = allSteps(pack).length;
  const reasons = pack.reasons.flatMap((group) => group.reasons).length;
  io.out(`${printable(file)}: pack ${pack.id} (${pack.name}) is valid: ${steps} steps, ${pack.branches.length} branches, ${reasons} reasons in ${pack.reasons.length} groups.\n`);
}

export function showPack({ io, paths }: CommandContext, id: string): void {
  io.out(formatPack(findPack(id, paths.userPacks)));
}

export async function chart(context: CommandContext, options: { format: 'text' | 'mermaid' | 'json'; pack?: string }): Promise<void> {
  const { io, paths } = context;
  const settings = await settingsOf(context);
  const pack = findPack(options.pack ?? settings().all.pack, paths.userPacks);
  const chart = chartOf(callMachine);
  const notes = { 'live.phase.answering': `${pack.name}: ${pack.branches.map((b) => `${b.hotkey} ${b.label}`).join(' · ')}` };
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
    io.out(`${covered.has(rule.id) ? '✓' : ' '} ${rule.id.padEnd(20)} ${rule.kind.padEnd(18)} ${rule.title}\n`);
  }
  io.out(`\n✓ ${covered.size} rules covered by the lines of pack ${pack.id}.\n`);
}
