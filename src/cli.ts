/**
 * The command line (commander): parses, reads settings, and hands plain values to the core.
 * Commands that draw no screen never load Ink or React (the live screen is imported lazily).
 * Exit codes: 0 done, 1 failed, 2 bad usage or bad input files.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { localMinute } from './local-time.js';
import type { Writable } from 'node:stream';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SettingsStore, SETTING_NAMES } from './config.js';
import { parseSoftphoneAddress } from './softphone/address.js';
import { errorKind, printable, printableLines, quoted, UserError } from './errors.js';
import { EXPORT_FORMATS, exportCalls, parseDay, progressBar, type ExportFormat } from './export.js';
import { formatFollowUps, followUpsJson } from './followups.js';
import { formatHistory, historyJson } from './history.js';
import { computeStats, formatStats, STATS_GROUPINGS, type StatsGrouping } from './stats.js';
import { formatPack } from './pack/show.js';
import { findPack, listPacks, loadPackFile, PackError } from './pack/load.js';
import { checkHome, ringsidePaths } from './paths.js';
import { writeFileInPlace } from './safe-fs.js';
import { lockCallLog } from './lock.js';
import { RULES } from './rules.js';
import { busyLogSentence, isBusy, replaceLog } from './store/open.js';
import { CallStore } from './store/sqlite.js';
import type { LogReads } from './store/store.js';
import { callMachine } from '../machines/call.js';
import { chartMermaid, chartOf, chartText } from '../machines/chart.js';
import { allSteps } from '../machines/steps.js';
import { callTime, ITEM_IDS, rescored } from '../machines/scorecard.js';
import { formatScorecard } from './score-text.js';
import { findScenario, listScenarios } from './train/scenario.js';

declare const RINGSIDE_VERSION: string | undefined;
const version = typeof RINGSIDE_VERSION === 'string' ? RINGSIDE_VERSION : '0.0.0-dev';

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0.1 || value > 100) throw new InvalidArgumentError('give a number from 0.1 to 100 (2 runs twice as fast).');
  return value;
}

/** Scorecard items from "C,I" (any case). */
function itemList(text: string): string[] {
  const items = text.split(',').map((part) => part.trim().toUpperCase()).filter(Boolean);
  const unknown = items.filter((item) => !ITEM_IDS.includes(item));
  if (unknown.length > 0) throw new InvalidArgumentError(`scorecard items are letters A to N, separated by commas; not ${unknown.join(', ')}.`);
  return items;
}

function positiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('give a whole number of 1 or more.');
  return value;
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
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
  const settings = () => new SettingsStore(paths.config);
  /** The screens read keys: refuse without a terminal, and make sure Ink draws live frames. */
  const needTerminal = (what: string) => {
    if (!io.stdinIsTTY || !io.stdoutIsTTY) {
      throw new UserError(
        `${what} needs a terminal to read keys from, and this input or output is not one. Run it in a terminal, or use \`ringside history\`, \`ringside packs\` or \`ringside config\` from scripts.`,
      );
    }
    // Ink reads CI when it loads and, under CI, draws nothing until it exits. This is a terminal
    // (checked above), so the screen must be live whatever the shell's CI says.
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
  };
  /**
   * The packs or the scenarios, a line each, then a sentence for what the folders held that was
   * not read; with --json, the entries as JSON and the sentences beside it on stderr. A broken
   * entry shows its file and its problems under it.
   */
  const listing = <T extends { file: string; error?: string }>(
    list: (skipped: (sentence: string) => void) => T[],
    json: boolean | undefined,
    line: (entry: T) => string,
    broken: string,
    footer: string,
  ) => {
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
      if (options.softphone) parseSoftphoneAddress(options.softphone);
      needTerminal('The live screen');
      const { runLive } = await import('./live.js');
      const all = settings().all;
      await runLive({ paths, settings: { ...all, projector: options.projector ?? all.projector }, packOption: options.pack, strict: options.strict, softphone: options.softphone });
    });

  program
    .command('follow-ups')
    .description('complaints and suggestions to call back (two working days), overdue first')
    .option('--json', 'print JSON')
    .option('--unmasked', 'show caller names, phones and the summary in full (masked by default)')
    .action(async (options: { json?: boolean; unmasked?: boolean }) => {
      const store: LogReads = new CallStore(paths.database);
      try {
        const list = await store.openFollowUps();
        const now = Date.now();
        io.out(
          options.json
            ? `${JSON.stringify(followUpsJson(list, now, !options.unmasked), null, 2)}\n`
            : formatFollowUps(list, now, !options.unmasked, process.stdout.columns ?? 100),
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('export')
    .description('the call log (live calls) as CSV, JSON or JSON Lines; caller data masked unless --unmasked')
    .addOption(new Option('--format <format>', 'csv (opens in a spreadsheet), json or jsonl').choices(EXPORT_FORMATS).default('csv'))
    .option('--from <day>', 'the first day, YYYY-MM-DD')
    .option('--to <day>', 'the last day, YYYY-MM-DD (included)')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--unmasked', 'caller names, phones, addresses and summaries in full (needs --out: the file is made readable by you only)')
    .action(async (options: { format: ExportFormat; from?: string; to?: string; out?: string; unmasked?: boolean }) => {
      const from = options.from ? parseDay(options.from, '--from') : 0;
      const to = options.to ? parseDay(options.to, '--to', true) : Number.MAX_SAFE_INTEGER;
      if (from >= to) throw new UserError(`--from ${options.from} is after --to ${options.to}.`);
      if (options.unmasked && !options.out) {
        throw new UserError('--unmasked writes caller names, phones and addresses: give --out FILE as well (it is created readable by you only).');
      }
      const store: LogReads = new CallStore(paths.database);
      try {
        const run = (out: Writable) =>
          exportCalls(store, {
            format: options.format,
            from,
            to,
            masked: !options.unmasked,
            out,
            progress: process.stderr.isTTY ? progressBar(process.stderr) : undefined,
          });
        if (!options.out) {
          await run(process.stdout);
          return;
        }
        // Never through a link or over another's file; the old file stays until the new one is whole.
        const written = await writeFileInPlace(options.out, { private: options.unmasked ?? false }, run);
        io.err(`${written} calls written to ${printable(options.out)}${options.unmasked ? ' (caller data in full: keep it private)' : ' (caller data masked)'}.\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('stats')
    .description('how the live calls went: answered in three rings, times, reasons, rules met, scores')
    .option('--from <day>', 'the first day, YYYY-MM-DD (default: the first day in the log)')
    .option('--to <day>', 'the last day, YYYY-MM-DD, included (default: the last day in the log)')
    .addOption(new Option('--by <grouping>', 'a row per day, reason, agent or pack').choices(STATS_GROUPINGS))
    .option('--json', 'print JSON (times in milliseconds)')
    .action(async (options: { from?: string; to?: string; by?: StatsGrouping; json?: boolean }) => {
      // Checked as days; the per-day totals are keyed by the day's text.
      if (options.from) parseDay(options.from, '--from');
      if (options.to) parseDay(options.to, '--to');
      if (options.from && options.to && options.from > options.to) throw new UserError(`--from ${options.from} is after --to ${options.to}.`);
      const store: LogReads = new CallStore(paths.database);
      try {
        const days = await store.statsDays();
        const from = options.from ?? days?.first ?? '';
        const to = options.to ?? days?.last ?? '';
        const stats = days ? await computeStats(store, from, to, options.by) : null;
        if (options.json) {
          io.out(`${JSON.stringify(stats ?? { from: options.from ?? null, to: options.to ?? null, calls: 0 }, null, 2)}\n`);
        } else if (!stats) {
          io.out(
            days
              ? `No live calls from ${from} to ${to}; the log has calls from ${days.first} to ${days.last}.\n`
              : 'No live calls in the log yet (training calls are not counted). Take calls with `ringside`, or see the figures on demo data: RINGSIDE_HOME=/tmp/demo ringside demo-data.\n',
          );
        } else {
          io.out(formatStats(stats, options.by, process.stdout.columns ?? 80));
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('demo-data')
    .description('fill an empty call log with realistic demo calls, to try stats, exports and follow-ups')
    .addOption(new Option('--calls <n>', 'how many calls').argParser(positiveInt).default(5000))
    .option('--pack <id>', 'the pack the calls are taken on (default: the configured one)')
    .action(async (options: { calls: number; pack?: string }) => {
      const pack = findPack(options.pack ?? settings().all.pack, paths.userPacks);
      // Real calls are never mixed with made-up ones; an old demo log is replaced.
      const refuseRealCalls = () => {
        const store = new CallStore(paths.database);
        try {
          const { calls, demo } = store.contents();
          if (calls > 0 && !demo) {
            throw new UserError(
              `The call log ${printable(paths.database)} already holds ${calls} calls; demo calls would mix with them. Give demo data its own folder: RINGSIDE_HOME=/tmp/ringside-demo ringside demo-data --calls ${options.calls}`,
            );
          }
        } finally {
          store.close();
        }
      };
      // No screen takes calls on the log while it is replaced, and no other demo-data fills it.
      const release = lockCallLog(paths.database, 'demo-data');
      // Built aside, then copied into the log in one transaction: killed halfway, the log is as it
      // was. Not renamed over it: a command reading or training on the log meanwhile (they take no
      // lock) would go on writing to the old file's -wal, which SQLite would then replay into the
      // new one; SQLite's backup writes into the log as any connection does.
      const building = join(paths.data, 'demo-data.sqlite');
      const removeBuilding = () => {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(building + suffix, { force: true });
      };
      try {
        refuseRealCalls();
        removeBuilding(); // left by a demo-data that was killed
        const { fillDemoData } = await import('./demo-data.js');
        const store = new CallStore(building);
        let filled: ReturnType<typeof fillDemoData>;
        try {
          filled = fillDemoData(store, {
            calls: options.calls,
            pack,
            holidays: settings().all.holidays,
            instantFail: settings().all.instantFail,
            onProgress: process.stderr.isTTY ? progressBar(process.stderr, 'filling') : undefined,
          });
        } finally {
          store.close();
        }
        // Copied in under the log's write lock, and checked again under it: a training call saved
        // meanwhile is a real call, and none can be saved between the check and the copy.
        await replaceLog(building, paths.database, refuseRealCalls);
        io.out(
          `${options.calls} demo calls on ${pack.id} from ${localMinute(filled.first).slice(0, 10)} to today in ${printable(paths.database)}, ${filled.tickets} tickets and ${filled.callBacks} call-backs. Try: ringside stats, ringside follow-ups, ringside export --out calls.csv\n`,
        );
      } finally {
        removeBuilding();
        release();
      }
    });

  program
    .command('history')
    .description('the latest calls in the log, newest first')
    .option('--json', 'print JSON, one object per call')
    .addOption(new Option('-n, --limit <n>', 'how many calls').argParser(positiveInt).default(20))
    .option('--unmasked', 'show caller names, phones, addresses, notes and summaries in full (they are masked by default)')
    .action(async (options: { json?: boolean; limit: number; unmasked?: boolean }) => {
      const store: LogReads = new CallStore(paths.database);
      try {
        const calls = await store.recentCalls(options.limit);
        // Reading the packs costs more than the calls: only when a call has a pack's own fields.
        let privateFields: Map<string, string[]> | null = null;
        const isPrivate = (packId: string, field: string) => {
          privateFields ??= new Map(listPacks(paths.userPacks).map((entry) => [entry.id, entry.privateFields]));
          return privateFields.get(packId)?.includes(field) ?? true;
        };
        io.out(
          options.json
            ? `${JSON.stringify(historyJson(calls, !options.unmasked, isPrivate), null, 2)}\n`
            : formatHistory(calls, !options.unmasked, isPrivate),
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('train [scenario]')
    .description('take a scripted call for practice, or step through one in class (--step); --list shows the scenarios')
    .option('-l, --list', 'list the training scenarios')
    .option('--step', 'class mode: time stands still; . plays the next step and says why')
    .addOption(new Option('--speed <n>', 'scenario time runs N times as fast (0.5 is half speed)').argParser(positiveNumber).default(1))
    .option('--strict', 'trainee mode: a phase cannot be left with required steps undone')
    .option('--projector', 'caller data typed in class shows masked (also the projector setting)')
    .option('--json', 'with --list: print JSON')
    .action(async (id: string | undefined, options: { list?: boolean; step?: boolean; speed: number; strict?: boolean; projector?: boolean; json?: boolean }) => {
      if (options.list || id === undefined) {
        listing(
          (skipped) => listScenarios(paths.userPacks, paths.userScenarios, skipped),
          options.json,
          (entry) => `  ${entry.id.padEnd(24)} ${entry.language.padEnd(6)} ${entry.title}\n`,
          '  (broken)              ',
          `\nringside train ID takes one; --step steps through it in class. Your own scenarios go in ${printable(paths.userScenarios)}\n`,
        );
        if (!options.list && !options.json) throw new UserError('Name a scenario to train on (the list is above).');
        return;
      }
      const loaded = findScenario(id, paths.userPacks, paths.userScenarios);
      needTerminal('Training');
      const { runTraining } = await import('./train.js');
      const all = settings().all;
      await runTraining({ paths, settings: { ...all, projector: options.projector ?? all.projector }, loaded, step: options.step ?? false, speed: options.speed, strict: options.strict ?? all.strict });
    });

  program
    .command('score <call-id>')
    .description("a call's scorecard (items A-N, failures with their moments); a trainer marks the items only a person can judge")
    .option('--fail <items>', 'items the call showed, e.g. C,I', itemList)
    .option('--pass <items>', 'items it did not show (takes a trainer\'s mark back)', itemList)
    .option('--reviewed', 'the trainer listened: every item still to judge passes')
    .option('--json', 'print JSON')
    .action((idText: string, options: { fail?: string[]; pass?: string[]; reviewed?: boolean; json?: boolean }) => {
      const id = /^[1-9]\d{0,15}$/.test(idText) ? Number(idText) : NaN;
      if (Number.isNaN(id)) throw new UserError(`${quoted(idText)} is not a call number; ringside history shows them.`);
      const store = new CallStore(paths.database);
      try {
        const call = store.getCall(id);
        if (!call || call.savedAt === null && call.outcome === null) throw new UserError(`There is no saved call ${id}; ringside history shows the calls.`);
        const card = call.scorecard ?? { items: [] };
        const both = (options.fail ?? []).filter((item) => options.pass?.includes(item));
        if (both.length > 0) throw new UserError(`${both.join(', ')} cannot both fail and pass.`);
        if (options.fail || options.pass || options.reviewed) {
          if (!call.scorecard) {
            throw new UserError(call.answeredAt === null ? `Call ${id} was not answered: there is nothing to score.` : `Call ${id} was saved before scorecards existed; it cannot be scored.`);
          }
          // A pass takes back a trainer's mark; what the call itself showed (a rule's verdict) stays.
          const shown = card.items.filter((item) => options.pass?.includes(item.item) && item.failures.some((failure) => failure.by !== 'trainer'));
          if (shown.length > 0) {
            const why = shown.map((item) => {
              const failure = item.failures.find((f) => f.by !== 'trainer')!;
              return `${item.item} failed on ${failure.rule ?? `the scenario (${failure.why})`}${failure.at !== null ? ` at ${callTime(failure.at, call.answeredAt ?? call.ringAt)}` : ''}`;
            });
            throw new UserError(`--pass takes back only a trainer's mark, and ${why.join('; ')}, which the call itself shows: nothing was changed. See ringside score ${id}.`);
          }
          store.rescore(id, (card) => rescored(card, { fail: options.fail ?? [], pass: options.pass ?? [], reviewed: options.reviewed ?? false }));
        }
        const now = store.getCall(id)!;
        io.out(options.json ? `${JSON.stringify({ id, mode: now.mode, scenarioId: now.scenarioId, ...now.scorecard }, null, 2)}\n` : formatScorecard(now));
      } finally {
        store.close();
      }
    });

  program
    .command('replay <call-id>')
    .description('play a logged call back on the screen for a debrief, caller data masked (--step: one event at a time)')
    .option('--step', 'one event per . key, with what it did and why')
    .addOption(new Option('--speed <n>', 'play N times as fast').argParser(positiveNumber).default(1))
    .option('--unmasked', 'show caller names, phones and addresses in full')
    .action(async (idText: string, options: { step?: boolean; speed: number; unmasked?: boolean }) => {
      const id = /^[1-9]\d{0,15}$/.test(idText) ? Number(idText) : NaN;
      if (Number.isNaN(id)) throw new UserError(`${quoted(idText)} is not a call number; ringside history shows them.`);
      needTerminal('A replay');
      const { runReplay } = await import('./replay.js');
      await runReplay({ paths, settings: settings().all, callId: id, step: options.step ?? false, speed: options.speed, unmasked: options.unmasked ?? false });
    });

  const packs = program
    .command('packs')
    .description('list the call-script packs (built-in and yours), or check one')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      // The settings are read once the folders are: a packs folder Ringside refuses is said first.
      let current: string | undefined;
      listing(
        (skipped) => listPacks(paths.userPacks, skipped),
        options.json,
        (entry) => `${entry.id === (current ??= settings().all.pack) ? '*' : ' '} ${entry.id.padEnd(18)} ${entry.language.padEnd(6)} ${entry.source.padEnd(9)} ${entry.name}\n`,
        '  (broken)            ',
        `\n* the default pack (ringside config set pack ID). Your own packs go in ${printable(paths.userPacks)}\n`,
      );
    });
  packs
    .command('check <file>')
    .description('validate a pack file: problems are printed as file:line:column')
    .action((file: string) => {
      const pack = loadPackFile(file);
      const steps = allSteps(pack).length;
      const reasons = pack.reasons.flatMap((group) => group.reasons).length;
      io.out(`${printable(file)}: pack ${pack.id} (${pack.name}) is valid: ${steps} steps, ${pack.branches.length} branches, ${reasons} reasons in ${pack.reasons.length} groups.\n`);
    });

  packs
    .command('show <id>')
    .description('a pack\'s lines, phase by phase, with their rule IDs; branches, ready lines and reasons')
    .action((id: string) => io.out(formatPack(findPack(id, paths.userPacks))));

  program
    .command('chart')
    .description('the call statechart, drawn from the machine itself: text, Mermaid (for slides) or JSON')
    .addOption(new Option('-f, --format <format>', 'text, mermaid or json').choices(['text', 'mermaid', 'json']).default('text'))
    .option('-p, --pack <id>', 'name the pack\'s branches under answering (default: the configured pack)')
    .action((options: { format: 'text' | 'mermaid' | 'json'; pack?: string }) => {
      const pack = findPack(options.pack ?? settings().all.pack, paths.userPacks);
      const chart = chartOf(callMachine);
      const notes = { 'live.phase.answering': `${pack.name}: ${pack.branches.map((b) => `${b.hotkey} ${b.label}`).join(' · ')}` };
      if (options.format === 'json') io.out(`${JSON.stringify({ ...chart, notes }, null, 2)}\n`);
      else io.out(options.format === 'mermaid' ? chartMermaid(chart, { notes }) : chartText(chart, { notes }));
    });

  program
    .command('rules')
    .description('the rule IDs of the service standards, and which of them the pack covers')
    .option('-p, --pack <id>', 'the pack to look at (default: the configured one)')
    .action((options: { pack?: string }) => {
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
    });

  const config = program.command('config').description('settings: agent, company, pack, thresholds, strict mode, keys');
  config
    .command('list')
    .description('every setting and its value')
    .action(() => {
      const all = settings().all as unknown as Record<string, unknown>;
      for (const name of SETTING_NAMES) io.out(`${name} = ${JSON.stringify(all[name] ?? null)}\n`);
    });
  config
    .command('get <name>')
    .description('one setting')
    .action((name: string) => {
      const value = settings().get(name);
      io.out(`${typeof value === 'string' ? value : JSON.stringify(value ?? null)}\n`);
    });
  config
    .command('set <name> <value>')
    .description('change a setting (numbers are seconds; keys as hold=p,answer=y)')
    .action((name: string, value: string) => {
      settings().set(name, value);
      io.out(`${name} = ${JSON.stringify(settings().get(name))}\n`);
    });
  config
    .command('unset <name>')
    .description('a setting back to its default')
    .action((name: string) => {
      settings().reset(name);
      io.out(`${name} = ${JSON.stringify(settings().get(name) ?? null)}\n`);
    });
  config
    .command('path')
    .description('where the settings, your packs and the call log are')
    .action(() => {
      io.out(`settings  ${printable(settings().path)}\npacks     ${printable(paths.userPacks)}\ncall log  ${printable(paths.database)}\n`);
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
    if (isBusy(error)) {
      io.err(`ringside: ${busyLogSentence(ringsidePaths(io.env).database)}\n`);
      return 1;
    }
    // The last resort: only the error's kind is said, never its message (it may quote caller data).
    io.err(`ringside: something went wrong inside Ringside (${errorKind(error)}); its message is not shown, as it may hold caller data. Please report it with the command you ran.\n`);
    return 1;
  }
}
