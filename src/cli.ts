/**
 * The command line (commander): every command and its options, and what a mistake exits with.
 * Each command's work is in src/commands/, loaded when that command runs: `--version` or `history`
 * load neither the screen (Ink, React), the pack parser (yaml, zod) nor the settings' schema.
 * Exit codes: 0 done, 1 failed, 2 bad usage or bad input files.
 */
import { Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
import { CLI_WORDS, packArgument } from './cli-words.js';
import { errorKind, printableLines, UserError } from './errors.js';
import { deskLanguage, said, speak, spoken } from './language.js';
import { builtinPackDir } from './pack/builtin.js';
import { EXPORT_FORMATS, type ExportFormat } from './reports/export.js';
import { PackError } from './pack/problems.js';
import { checkHome, ringsidePaths } from './paths.js';
import type { StatsGrouping } from './reports/stats.js';
import type { CliIo, CommandContext } from './commands/context.js';

export type { CliIo } from './commands/context.js';

declare const RINGSIDE_VERSION: string | undefined;
const version = typeof RINGSIDE_VERSION === 'string' ? RINGSIDE_VERSION : '0.0.0-dev';

/** The command line's words in the desk's language (said once `main` has found it). */
const words = () => said(CLI_WORDS);

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0.1 || value > 100) throw new InvalidArgumentError(words().speed);
  return value;
}

/** The scorecard's items, loaded when `score` is chosen (before its options are read). */
let itemIds: readonly string[] = [];

/** Scorecard items from "C,I" (any case). */
function itemList(text: string): string[] {
  const items = text.split(',').map((part) => part.trim().toUpperCase()).filter(Boolean);
  const unknown = items.filter((item) => !itemIds.includes(item));
  if (unknown.length > 0) throw new InvalidArgumentError(words().itemLetters(unknown));
  return items;
}

function positiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(words().wholeNumber);
  return value;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
};

/**
 * The desk's language for this command line: found before commander builds its texts (--help is
 * said in it), from the settings file and the top of one pack file (the `--pack` given counts),
 * never by loading a pack or the settings' schema. Every sentence made from now on follows it.
 */
function speakDeskLanguage(io: CliIo, argv: readonly string[]): void {
  const paths = ringsidePaths(io.env);
  let builtinDir: string | null = null;
  try {
    builtinDir = builtinPackDir();
  } catch {
    // Not found: a built-in id still names its language (zh-CN-general).
  }
  speak(deskLanguage({ config: paths.config, userPacks: paths.userPacks, builtinDir, env: io.env, pack: packArgument(argv) }));
}

/** What the help measures and wraps with: loaded for every command line but `--version`. */
type Measures = { stringWidth: (text: string) => number; wrapText: (text: string, width: number) => string[] };

/** A command line that only asks for the version: it says no words, and must start as fast as node. */
const onlyVersion = (argv: readonly string[]) => argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');

/** The measures, unless this command line only asks for the version. */
async function measuresFor(argv: readonly string[]): Promise<Measures | null> {
  if (onlyVersion(argv)) return null;
  const [{ stringWidth }, { wrapText }] = await Promise.all([import('./width.js'), import('./typography.js')]);
  return { stringWidth, wrapText };
}

/** Commander's help in the desk's language: its headings, and what it adds to an option's text. */
function helpInDeskLanguage(measures: Measures | null): Partial<Help> {
  const w = words();
  const usage = (text: string) => text.replaceAll('[options]', w.usageOptions).replaceAll('[command]', w.usageCommand);
  return {
    // Wide characters take two columns (commander counts one), and Chinese wraps between characters
    // by the kinsoku rule (commander wraps at spaces only).
    ...(measures ? { displayWidth: measures.stringWidth } : {}),
    ...(measures && w !== CLI_WORDS.en ? { boxWrap: (text: string, width: number) => (width < 40 ? text : measures.wrapText(text, width).join('\n')) } : {}),
    styleTitle: (title: string) => w.titles[title] ?? title,
    commandUsage(this: Help, command: Command) {
      return usage(Help.prototype.commandUsage.call(this, command));
    },
    subcommandTerm(this: Help, command: Command) {
      return usage(Help.prototype.subcommandTerm.call(this, command));
    },
    optionDescription(option: Option) {
      const extra: string[] = [];
      if (option.argChoices) extra.push(`${w.choices}${option.argChoices.map((choice) => JSON.stringify(choice)).join(w.listSeparator)}`);
      if (option.defaultValue !== undefined && (option.required || option.optional)) {
        extra.push(`${w.default}${option.defaultValueDescription ?? JSON.stringify(option.defaultValue)}`);
      }
      if (extra.length === 0) return option.description;
      return w === CLI_WORDS.en ? `${option.description} (${extra.join(', ')})` : `${option.description}（${extra.join('；')}）`;
    },
  };
}

function buildProgram(io: CliIo, measures: Measures | null): Command {
  const paths = ringsidePaths(io.env);
  const context: CommandContext = { io, paths, language: spoken() };
  const w = words();
  const a = w.arg;
  /** A call number as typed (`score 12`, `replay 12`). */
  const callId = (text: string) => {
    const id = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(id)) throw new UserError(w.notCallNumber(text));
    return id;
  };
  const screens = () => import('./commands/screens.js');
  const packCommands = () => import('./commands/packs.js');
  // The arguments commander hands an action: the command's own, then its options and itself.
  const config = (action: 'list' | 'get' | 'set' | 'unset' | 'path') => async (...args: unknown[]) => {
    const given = args.filter((arg): arg is string => typeof arg === 'string');
    const options = (args.find((arg) => typeof arg === 'object' && arg !== null && !(arg instanceof Command)) ?? {}) as { pack?: string };
    return (await import('./commands/config.js')).configCommand(context, action, given[0], given[1], options.pack);
  };

  const program = new Command('ringside')
    .description(w.program)
    // Inherited by every command made below it: the help's words, the help option and command.
    .configureHelp(helpInDeskLanguage(measures))
    .helpOption('-h, --help', w.help)
    .helpCommand(`help [${a.command}]`, w.helpCommand)
    .version(version, '-V, --version', w.version)
    .option(`-p, --pack <${a.id}>`, w.pack)
    .option('--strict', w.strict)
    .option('--projector', w.projector)
    .option(`--softphone <${a.address}>`, w.softphone)
    .option(`--team [${a.url}]`, w.teamOption)
    .option(`--transcript <${a.address}>`, w.transcriptOption)
    // commander's own errors repeat what was typed (an unknown option, a value not among the choices);
    // said again in the desk's language by their shape.
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (message, write) => write(printableLines(w.commanderError?.(message) ?? message)) })
    // Options of ringside itself go before a command, so `rules --pack` is the command's own.
    .enablePositionalOptions()
    .argument(`[${a.command}]`, w.commandArgument)
    .usage('[options] [command]')
    .showHelpAfterError(w.helpAfterError)
    .exitOverride()
    // Before any command reads or writes there.
    .hook('preAction', () => checkHome(paths))
    .action(async (command: string | undefined, options: { pack?: string; strict?: boolean; projector?: boolean; softphone?: string; team?: string | boolean; transcript?: string }) => {
      if (command !== undefined) throw new UserError(w.noCommand(command));
      await (await screens()).live(context, options);
    });

  // `--team [URL]` on a read command: the whole team's records, from its PostgreSQL.
  const teamReads = () => new Option(`--team [${a.url}]`, w.teamReads);
  const followUpsCommand = program
    .command('follow-ups')
    .description(w.followUps)
    .option('--json', w.json)
    .option('--unmasked', w.followUpsUnmasked)
    .addOption(teamReads())
    .action(async (options: { json?: boolean; unmasked?: boolean; team?: string | boolean }) => (await import('./commands/follow-ups.js')).followUps(context, options));
  followUpsCommand
    .command(`assign <${w.ticketArg}> <${w.agentArg}>`)
    .description(w.followUpsAssign)
    .addOption(new Option(`--team [${a.url}]`, w.teamOption))
    .action(async (ticket: string, agent: string, options: { team?: string | boolean }) => (await import('./commands/follow-ups.js')).assignFollowUp(context, ticket, agent, options));

  program
    .command('export')
    .description(w.export)
    .addOption(new Option(`--format <${a.format}>`, w.exportFormat).choices(EXPORT_FORMATS).default('csv'))
    .option(`--from <${a.day}>`, w.fromDay)
    .option(`--to <${a.day}>`, w.toDay)
    .option(`--out <${a.file}>`, w.out)
    .option('--unmasked', w.exportUnmasked)
    .addOption(teamReads())
    .action(async (options: { format: ExportFormat; from?: string; to?: string; out?: string; unmasked?: boolean; team?: string | boolean }) => (await import('./commands/export.js')).exportLog(context, options));

  const groupings = new Option(`--by <${a.grouping}>`, w.by);
  program
    .command('stats')
    .description(w.stats)
    .option(`--from <${a.day}>`, w.statsFrom)
    .option(`--to <${a.day}>`, w.statsTo)
    .addOption(groupings)
    .option('--json', w.statsJson)
    .addOption(teamReads())
    .action(async (options: { from?: string; to?: string; by?: StatsGrouping; json?: boolean; team?: string | boolean }) => (await import('./commands/stats.js')).stats(context, options));

  program
    .command('demo-data')
    .description(w.demoData)
    .addOption(new Option(`--calls <${a.n}>`, w.calls).argParser(positiveInt).default(5000))
    .option(`--pack <${a.id}>`, w.demoPack)
    .action(async (options: { calls: number; pack?: string }) => (await import('./commands/demo-data.js')).demoData(context, options));

  program
    .command('history')
    .description(w.history)
    .option('--json', w.historyJson)
    .addOption(new Option(`-n, --limit <${a.n}>`, w.limit).argParser(positiveInt).default(20))
    .option('--unmasked', w.historyUnmasked)
    .addOption(teamReads())
    .action(async (options: { json?: boolean; limit: number; unmasked?: boolean; team?: string | boolean }) => (await import('./commands/history.js')).history(context, options));

  program
    .command(`train [${a.scenario}]`)
    .description(w.train)
    .option('-l, --list', w.list)
    .option('--step', w.step)
    .addOption(new Option(`--speed <${a.n}>`, w.trainSpeed).argParser(positiveNumber).default(1))
    .option('--strict', w.strict)
    .option('--projector', w.trainProjector)
    .option('--developer', w.developer)
    .option('--json', w.listJson)
    .action(async (id: string | undefined, options: { list?: boolean; step?: boolean; speed: number; strict?: boolean; projector?: boolean; developer?: boolean; json?: boolean }) =>
      (await screens()).train(context, id, options),
    );

  program
    .command(`score <${a.callId}>`)
    .description(w.score)
    .option(`--fail <${a.items}>`, w.fail, itemList)
    .option(`--pass <${a.items}>`, w.pass, itemList)
    .option('--reviewed', w.reviewed)
    .option('--json', w.json)
    .action(async (idText: string, options: { fail?: string[]; pass?: string[]; reviewed?: boolean; json?: boolean }) => {
      const id = callId(idText);
      (await import('./commands/score.js')).score(context, id, options);
    });

  program
    .command(`replay <${a.callId}>`)
    .description(w.replay)
    .option('--step', w.replayStep)
    .addOption(new Option(`--speed <${a.n}>`, w.replaySpeed).argParser(positiveNumber).default(1))
    .option('--unmasked', w.replayUnmasked)
    .option('--developer', w.developer)
    .action(async (idText: string, options: { step?: boolean; speed: number; unmasked?: boolean; developer?: boolean }) => {
      const id = callId(idText);
      await (await screens()).replay(context, id, options);
    });

  const packs = program
    .command('packs')
    .description(w.packs)
    .option('--json', w.json)
    .action(async (options: { json?: boolean }) => (await packCommands()).packs(context, options));
  packs
    .command(`check <${a.file}>`)
    .description(w.packsCheck)
    .action(async (file: string) => (await packCommands()).checkPack(context, file));
  packs
    .command(`show <${a.id}>`)
    .description(w.packsShow)
    .action(async (id: string) => (await packCommands()).showPack(context, id));

  program
    .command('chart')
    .description(w.chart)
    .addOption(new Option(`-f, --format <${a.format}>`, w.chartFormat).choices(['text', 'mermaid', 'json']).default('text'))
    .addOption(new Option(`-l, --level <${a.level}>`, w.chartLevel).choices(['phases', 'steps', 'machine']).default('steps'))
    .option(`-p, --pack <${a.id}>`, w.chartPack)
    .action(async (options: { format: 'text' | 'mermaid' | 'json'; level: 'phases' | 'steps' | 'machine'; pack?: string }) => (await packCommands()).chart(context, options));

  program
    .command('rules')
    .description(w.rules)
    .option(`-p, --pack <${a.id}>`, w.rulesPack)
    .action(async (options: { pack?: string }) => (await packCommands()).rules(context, options));

  program
    .command(`transcribe <${a.audio}...>`)
    .description(w.transcribe)
    .requiredOption(`--to <${a.source}>`, w.transcribeTo)
    .addOption(new Option(`--speaker <${a.speaker}>`, w.transcribeSpeaker).choices(['agent', 'caller']).default('agent'))
    .option(`-p, --pack <${a.id}>`, w.transcribePack)
    .action(async (files: string[], options: { to: string; speaker: 'agent' | 'caller'; pack?: string }) => (await import('./assist/bridge/transcribe.js')).transcribe(context, files, options));

  const team = program.command('team').description(w.team);
  const teamOption = () => new Option(`--team [${a.url}]`, w.teamOption);
  team.command('init').description(w.teamInit).addOption(teamOption()).action(async (options: { team?: string | boolean }) => (await import('./commands/team.js')).teamInit(context, options));
  team.command('sync').description(w.teamSync).addOption(teamOption()).action(async (options: { team?: string | boolean }) => (await import('./commands/team.js')).teamSync(context, options));

  program
    .command('board')
    .description(w.board)
    .addOption(teamOption())
    .addOption(new Option(`--lost-after <${a.n}>`, w.lostAfter).argParser(positiveInt))
    .action(async (options: { team?: string | boolean; lostAfter?: number }) => (await import('./commands/board.js')).board(context, options));

  const settings = program.command('config').description(w.config);
  settings.command('list').description(w.configList).action(config('list'));
  const forPack = w.configForPack;
  settings.command(`get <${a.name}>`).description(w.configGet).option(`-p, --pack <${a.id}>`, forPack).action(config('get'));
  settings.command(`set <${a.name}> <${a.value}>`).description(w.configSet).option(`-p, --pack <${a.id}>`, forPack).action(config('set'));
  settings.command(`unset <${a.name}>`).description(w.configUnset).option(`-p, --pack <${a.id}>`, forPack).action(config('unset'));
  settings.command('path').description(w.configPath).action(config('path'));

  // Two commands check an option against a table of their own (the stats groupings, the scorecard
  // items): loaded when that command is chosen, before its options are read, not at every start.
  program.hook('preSubcommand', async (_program, command) => {
    if (command.name() === 'stats') groupings.choices((await import('./reports/stats.js')).STATS_GROUPINGS);
    if (command.name() === 'score') itemIds = (await import('../machines/scorecard.js')).ITEM_IDS;
  });
  return program;
}

/** Runs the command line; resolves to the exit code. Never throws for a person's mistake. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  if (!onlyVersion(argv)) speakDeskLanguage(io, argv);
  const program = buildProgram(io, await measuresFor(argv));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is bad usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof PackError || error instanceof UserError) {
      io.err(`ringside: ${error.message}\n`);
      return error.exitCode;
    }
    // Another process kept the log locked past a command's wait (a write, or a reader held off).
    const store = await import('./store/open.js').catch(() => null);
    if (store?.isBusy(error)) {
      io.err(`ringside: ${store.busyLogSentence(ringsidePaths(io.env).database)}\n`);
      return 1;
    }
    // The last resort: only the error's kind is said, never its message (it may quote caller data).
    io.err(`ringside: ${words().lastResort(errorKind(error))}\n`);
    return 1;
  }
}
