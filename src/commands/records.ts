/** The commands that read (and score) the call log: history, follow-ups, stats, export, score. */
import type { Writable } from 'node:stream';
import { printable, UserError } from '../errors.js';
import { exportCalls, parseDay, progressBar, type ExportFormat } from '../reports/export.js';
import { formatFollowUps, followUpsJson } from '../reports/followups.js';
import { formatHistory, historyJson, jsonArrayPieces } from '../reports/history.js';
import { computeStats, formatStats, type StatsGrouping } from '../reports/stats.js';
import { writeFileInPlace } from '../safe-fs.js';
import { CallStore } from '../store/sqlite.js';
import type { LogReads } from '../store/store.js';
import { callTime, rescored } from '../../machines/scorecard.js';
import { formatScorecard } from '../reports/score-text.js';
import type { CommandContext } from './context.js';

export async function history({ io, paths }: CommandContext, options: { json?: boolean; limit: number; unmasked?: boolean }): Promise<void> {
  const store: LogReads = new CallStore(paths.database);
  try {
    if (!options.json) {
      // The table shows a few figures of each call: read those, not the calls whole.
      io.out(formatHistory(await store.historyRows(options.limit), !options.unmasked));
      return;
    }
    const calls = await store.recentCalls(options.limit);
    // Reading the packs costs more than the calls: only when a call has a pack's own fields.
    // (Loaded only then: the parser of user packs is most of what a start would cost.)
    let privateFields: Map<string, string[]> | null = null;
    const packs = calls.some((call) => Object.keys(call.caller.fields).length > 0) ? await import('../pack/load.js') : null;
    const isPrivate = (packId: string, field: string) => {
      if (!packs) return true; // no call has a pack's own field
      privateFields ??= new Map(packs.listPacks(paths.userPacks).map((entry) => [entry.id, entry.privateFields]));
      return privateFields.get(packId)?.includes(field) ?? true;
    };
    // A piece at a time: a long page's JSON is longer than one string can be.
    for (const piece of jsonArrayPieces(historyJson(calls, !options.unmasked, isPrivate))) io.out(piece);
  } finally {
    await store.close();
  }
}

export async function followUps({ io, paths }: CommandContext, options: { json?: boolean; unmasked?: boolean }): Promise<void> {
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
}

export async function exportLog(
  { io, paths }: CommandContext,
  options: { format: ExportFormat; from?: string; to?: string; out?: string; unmasked?: boolean },
): Promise<void> {
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
}

export async function stats({ io, paths }: CommandContext, options: { from?: string; to?: string; by?: StatsGrouping; json?: boolean }): Promise<void> {
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
}

export function score({ io, paths }: CommandContext, id: number, options: { fail?: string[]; pass?: string[]; reviewed?: boolean; json?: boolean }): void {
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
}
