/** `ringside stats`: how the live calls went, from the per-day totals. */
import { UserError } from '../errors.js';
import { parseDay } from '../reports/export.js';
import { computeStats, formatStats, type StatsGrouping } from '../reports/stats.js';
import { CallStore } from '../store/sqlite.js';
import type { LogReads } from '../store/store.js';
import type { CommandContext } from './context.js';

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
