/**
 * The command line (commander): every command and its options, and what a mistake exits with.
 * Each command's work is in src/commands/, loaded when that command runs: `--version` or `history`
 * load neither the screen (Ink, React), the pack parser (yaml, zod) nor the settings' schema.
 * Exit codes: 0 done, 1 failed, 2 bad usage or bad input files.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { errorKind, printableLines, quoted, UserError } from './errors.js';
import { EXPORT_FORMATS, type ExportFormat } from './reports/export.js';
import { PackError } from './pack/problems.js';
import { checkHome, ringsidePaths } from './paths.js';
import type { StatsGrouping } from './reports/stats.js';
import type { CliIo, CommandContext } from './commands/context.js';

export type { CliIo } from './commands/context.js';

declare const RINGSIDE_VERSION: string | undefined;
const version = typeof RINGSIDE_VERSION === 'string' ? RINGSIDE_VERSION : '0.0.0-dev';

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0.1 || value > 100) throw new InvalidArgumentError('give a number from 0.1 to 100 (2 runs twice as fast).');
  return value;
}

/** The scorecard's items, loaded when `score` is chosen (before its options are read). */
let itemIds: readonly string[] = [];

/** Scorecard items from "C,I" (any case). */
function itemList(text: string): string[] {
  const items = text.split(',').map((part) => part.trim().toUpperCase()).filter(Boolean);
  const unknown = items.filter((item) => !itemIds.includes(item));
  if (unknown.length > 0) throw new InvalidArgumentError(`scorecard items are letters A to N, separated by commas; not ${unknown.join(', ')}.`);
  return items;
}

function positiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('give a whole number of 1 or more.');
  return value;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
};

function buildProgram(io: CliIo): Command {
  const paths = ringsidePaths(io.env);
  const context: CommandContext = { io, paths };
  /** A call number as typed (`score 12`, `replay 12`). */
  const callId = (text: string) => {
    const id = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(id)) throw new UserError(`${quoted(text)} is not a call number; ringside history shows them.`);
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
    .description('A terminal assistant beside a call-centre agent\'s phone: the line to say now, the timers, the courtesy steps, the call reason.')
    .version(version, '-V, --version')
    .option('-p, --pack <id>', 'the call-script pack to use (an id from `ringside packs`, or a .yaml file)')
    .option('--strict', 'trainee mode: a phase cannot be left with required steps undone')
    .option('--projector', 'the screen is shown to a room: caller names, phones, addresses, notes and summaries are masked (also the projector setting)')
    .option('--softphone <address>', 'follow a softphone, e.g. baresip://127.0.0.1:4444 (its ctrl_tcp_listen); also the softphone setting')
    // commander's own errors repeat what was typed (an unknown option, a value not among the choices).
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (message, write) => write(printableLines(message)) })
    // Options of ringside itself go before a command, so `rules --pack` is the command's own.
    .enablePositionalOptions()
    .argument('[command]', 'train, history, stats, demo-data, follow-ups, export, score, replay, packs, rules, chart or config (none: the live screen)')
    .usage('[options] [command]')
    .showHelpAfterError('(ringside --help lists the commands and options)')
    .exitOverride()
    // Before any command reads or writes there.
    .hook('preAction', () => checkHome(paths))
    .action(async (command: string | undefined, options: { pack?: string; strict?: boolean; projector?: boolean; softphone?: string }) => {
      if (command !== undefined) {
        throw new UserError(`There is no command ${quoted(command)}. Commands: train, history, stats, demo-data, follow-ups, export, score, replay, packs, rules, chart, config (ringside --help says more).`);
      }
      await (await screens()).live(context, options);
    });

  program
    .command('follow-ups')
    .description('complaints and suggestions to call back (two working days), overdue first')
    .option('--json', 'print JSON')
    .option('--unmasked', 'show caller names, phones and the summary in full (masked by default)')
    .action(async (options: { json?: boolean; unmasked?: boolean }) => (await import('./commands/follow-ups.js')).followUps(context, options));

  program
    .command('export')
    .description('the call log (live calls) as CSV, JSON or JSON Lines; caller data masked unless --unmasked')
    .addOption(new Option('--format <format>', 'csv (opens in a spreadsheet), json or jsonl').choices(EXPORT_FORMATS).default('csv'))
    .option('--from <day>', 'the first day, YYYY-MM-DD')
    .option('--to <day>', 'the last day, YYYY-MM-DD (included)')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--unmasked', 'caller names, phones, addresses and summaries in full (needs --out: the file is made readable by you only)')
    .action(async (options: { format: ExportFormat; from?: string; to?: string; out?: string; unmasked?: boolean }) => (await import('./commands/export.js')).exportLog(context, options));

  const groupings = new Option('--by <grouping>', 'a row per day, reason, agent or pack');
  program
    .command('stats')
    .description('how the live calls went: answered in three rings, times, reasons, rules met, scores')
    .option('--from <day>', 'the first day, YYYY-MM-DD (default: the first day in the log)')
    .option('--to <day>', 'the last day, YYYY-MM-DD, included (default: the last day in the log)')
    .addOption(groupings)
    .option('--json', 'print JSON (times in milliseconds)')
    .action(async (options: { from?: string; to?: string; by?: StatsGrouping; json?: boolean }) => (await import('./commands/stats.js')).stats(context, options));

  program
    .command('demo-data')
    .description('fill an empty call log with realistic demo calls, to try stats, exports and follow-ups')
    .addOption(new Option('--calls <n>', 'how many calls').argParser(positiveInt).default(5000))
    .option('--pack <id>', 'the pack the calls are taken on (default: the configured one)')
    .action(async (options: { calls: number; pack?: string }) => (await import('./commands/demo-data.js')).demoData(context, options));

  program
    .command('history')
    .description('the latest calls in the log, newest first')
    .option('--json', 'print JSON, one object per call')
    .addOption(new Option('-n, --limit <n>', 'how many calls').argParser(positiveInt).default(20))
    .option('--unmasked', 'show caller names, phones, addresses, notes and summaries in full (they are masked by default)')
    .action(async (options: { json?: boolean; limit: number; unmasked?: boolean }) => (await import('./commands/history.js')).history(context, options));

  program
    .command('train [scenario]')
    .description('take a scripted call for practice, or step through one in class (--step); --list shows the scenarios')
    .option('-l, --list', 'list the training scenarios')
    .option('--step', 'class mode: time stands still; . plays the next step and says why')
    .addOption(new Option('--speed <n>', 'scenario time runs N times as fast (0.5 is half speed)').argParser(positiveNumber).default(1))
    .option('--strict', 'trainee mode: a phase cannot be left with required steps undone')
    .option('--projector', 'caller data typed in class shows masked (also the projector setting)')
    .option('--developer', "the developer's view: steps, the call map and events as the machine's states, events and guards")
    .option('--json', 'with --list: print JSON')
    .action(async (id: string | undefined, options: { list?: boolean; step?: boolean; speed: number; strict?: boolean; projector?: boolean; developer?: boolean; json?: boolean }) =>
      (await screens()).train(context, id, options),
    );

  program
    .command('score <call-id>')
    .description("a call's scorecard (items A-N, failures with their moments); a trainer marks the items only a person can judge")
    .option('--fail <items>', 'items the call showed, e.g. C,I', itemList)
    .option('--pass <items>', 'items it did not show (takes a trainer\'s mark back)', itemList)
    .option('--reviewed', 'the trainer listened: every item still to judge passes')
    .option('--json', 'print JSON')
    .action(async (idText: string, options: { fail?: string[]; pass?: string[]; reviewed?: boolean; json?: boolean }) => {
      const id = callId(idText);
      (await import('./commands/score.js')).score(context, id, options);
    });

  program
    .command('replay <call-id>')
    .description('play a logged call back on the screen for a debrief, caller data masked (--step: one event at a time)')
    .option('--step', 'one event per . key, with what it did and why')
    .addOption(new Option('--speed <n>', 'play N times as fast').argParser(positiveNumber).default(1))
    .option('--unmasked', 'show caller names, phones and addresses in full')
    .option('--developer', "the developer's view: steps, the call map and events as the machine's states, events and guards")
    .action(async (idText: string, options: { step?: boolean; speed: number; unmasked?: boolean; developer?: boolean }) => {
      const id = callId(idText);
      await (await screens()).replay(context, id, options);
    });

  const packs = program
    .command('packs')
    .description('list the call-script packs (built-in and yours), or check one')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => (await packCommands()).packs(context, options));
  packs
    .command('check <file>')
    .description('validate a pack file: problems are printed as file:line:column')
    .action(async (file: string) => (await packCommands()).checkPack(context, file));
  packs
    .command('show <id>')
    .description('a pack\'s lines, phase by phase, with their rule IDs; branches, ready lines and reasons')
    .action(async (id: string) => (await packCommands()).showPack(context, id));

  program
    .command('chart')
    .description('the call statechart, drawn from the machine itself: text, Mermaid (for slides) or JSON')
    .addOption(new Option('-f, --format <format>', 'text, mermaid or json').choices(['text', 'mermaid', 'json']).default('text'))
    .addOption(new Option('-l, --level <level>', "phases (for slides), steps (each phase's steps and the branches) or machine (states, events and guards)").choices(['phases', 'steps', 'machine']).default('steps'))
    .option('-p, --pack <id>', 'the pack whose phases, steps and branches are drawn, in its language (default: the configured pack)')
    .action(async (options: { format: 'text' | 'mermaid' | 'json'; level: 'phases' | 'steps' | 'machine'; pack?: string }) => (await packCommands()).chart(context, options));

  program
    .command('rules')
    .description('the rule IDs of the service standards, and which of them the pack covers')
    .option('-p, --pack <id>', 'the pack to look at (default: the configured one)')
    .action(async (options: { pack?: string }) => (await packCommands()).rules(context, options));

  const settings = program.command('config').description('settings: agent, company, pack, thresholds, strict mode, keys');
  settings.command('list').description('every setting and its value').action(config('list'));
  const forPack = 'company or hotline of this pack only (over the pack\'s own)';
  settings.command('get <name>').description('one setting (company, hotline: and what each pack says)').option('-p, --pack <id>', forPack).action(config('get'));
  settings.command('set <name> <value>').description('change a setting (numbers are seconds; keys as hold=p,answer=y)').option('-p, --pack <id>', forPack).action(config('set'));
  settings.command('unset <name>').description('a setting back to its default').option('-p, --pack <id>', forPack).action(config('unset'));
  settings.command('path').description('where the settings, your packs and the call log are').action(config('path'));

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
  const program = buildProgram(io);
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
    io.err(`ringside: something went wrong inside Ringside (${errorKind(error)}); its message is not shown, as it may hold caller data. Please report it with the command you ran.\n`);
    return 1;
  }
}
