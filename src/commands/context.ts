/**
 * What every command is handed: where it writes, the folders, and the settings (read only by the
 * commands that need them: reading them costs a start-up that `--version` or `history` does not pay).
 */
import { printable, UserError } from '../errors.js';
import { said } from '../language.js';
import type { Language } from '../language.js';
import type { RingsidePaths } from '../paths.js';
import type { SettingsStore } from '../config.js';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
}

export interface CommandContext {
  io: CliIo;
  paths: RingsidePaths;
  /** The desk's language, found once for the command line (src/language.ts deskLanguage). */
  language: Language;
}

/**
 * The settings, read when a command asks for them (src/config.ts is loaded then, not at start;
 * conf and its schema compiler only when the file is not as Ringside writes it).
 */
export async function settingsOf(context: CommandContext): Promise<() => SettingsStore> {
  const config = await import('../config.js');
  if (!config.settingsAsWritten(context.paths.config)) await config.loadConf();
  return () => new config.SettingsStore(context.paths.config);
}

/** The screens read keys: refuse without a terminal, and make sure Ink draws live frames. */
export function needTerminal(io: CliIo, what: string): void {
  if (!io.stdinIsTTY || !io.stdoutIsTTY) {
    throw new UserError(
      said({
        'zh-CN': `${what}要从终端读取按键，而现在的输入或输出不是终端。请在终端里运行；在脚本里可用 \`ringside history\`、\`ringside packs\` 或 \`ringside config\`。`,
        en: `${what} needs a terminal to read keys from, and this input or output is not one. Run it in a terminal, or use \`ringside history\`, \`ringside packs\` or \`ringside config\` from scripts.`,
      }),
    );
  }
  // Ink reads CI when it loads and, under CI, draws nothing until it exits. This is a terminal
  // (checked above), so the screen must be live whatever the shell's CI says.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}

/**
 * The packs or the scenarios, a line each, then a sentence for what the folders held that was
 * not read; with --json, the entries as JSON and the sentences beside it on stderr. A broken
 * entry shows its file and its problems under it.
 */
export function listing<T extends { file: string; error?: string }>(
  io: CliIo,
  list: (skipped: (sentence: string) => void) => T[],
  json: boolean | undefined,
  line: (entry: T) => string,
  broken: string,
  footer: string,
): void {
  const skipped: string[] = [];
  const entries = list((sentence) => skipped.push(sentence));
  if (json) {
    for (const sentence of skipped) io.err(`ringside: ${sentence}\n`);
    io.out(`${JSON.stringify(entries, null, 2)}\n`);
    return;
  }
  for (const entry of entries) {
    io.out(entry.error ? `${broken}${printable(entry.file)}\n    ${entry.error.split('\n').join('\n    ')}\n` : line(entry));
  }
  for (const sentence of skipped) io.out(`! ${sentence}\n`);
  io.out(footer);
}
