/** `ringside stats`: how the live calls went, from the per-day totals. */
import { UserError } from '../errors.js';
import type { Words } from '../language.js';
import { parseDay } from '../reports/export.js';
import { computeStats, formatStats, type StatsGrouping } from '../reports/stats.js';
import type { LogReads } from '../store/store.js';
import type { CommandContext } from './context.js';
import { readsOf } from './reads.js';

const WORDS: Words<{
  fromAfterTo: (from: string, to: string) => string;
  noneInRange: (from: string, to: string, first: string, last: string) => string;
  noneYet: string;
}> = {
  'zh-CN': {
    fromAfterTo: (from, to) => `--from ${from} 晚于 --to ${to}。`,
    noneInRange: (from, to, first, last) => `${from} 至 ${to} 没有来电；记录里的来电在 ${first} 至 ${last} 之间。\n`,
    noneYet: '记录里还没有来电（培训通话不计）。用 `ringside` 接听来电，或先看演示数据的统计：RINGSIDE_HOME=/tmp/demo ringside demo-data\n',
  },
  en: {
    fromAfterTo: (from, to) => `--from ${from} is after --to ${to}.`,
    noneInRange: (from, to, first, last) => `No live calls from ${from} to ${to}; the log has calls from ${first} to ${last}.\n`,
    noneYet: 'No live calls in the log yet (training calls are not counted). Take calls with `ringside`, or see the figures on demo data: RINGSIDE_HOME=/tmp/demo ringside demo-data.\n',
  },
};

export async function stats(context: CommandContext, options: { from?: string; to?: string; by?: StatsGrouping; json?: boolean; team?: string | boolean }): Promise<void> {
  const { io } = context;
  const language = context.language;
  const words = WORDS[language];
  // Checked as days; the per-day totals are keyed by the day's text.
  if (options.from) parseDay(options.from, '--from', false, language);
  if (options.to) parseDay(options.to, '--to', false, language);
  if (options.from && options.to && options.from > options.to) throw new UserError(words.fromAfterTo(options.from, options.to));
  const store: LogReads = await readsOf(context, options.team);
  try {
    const days = await store.statsDays();
    const from = options.from ?? days?.first ?? '';
    const to = options.to ?? days?.last ?? '';
    const stats = days ? await computeStats(store, from, to, options.by) : null;
    if (options.json) {
      io.out(`${JSON.stringify(stats ?? { from: options.from ?? null, to: options.to ?? null, calls: 0 }, null, 2)}\n`);
    } else if (!stats) {
      io.out(days ? words.noneInRange(from, to, days.first, days.last) : words.noneYet);
    } else {
      io.out(formatStats(stats, options.by, language, process.stdout.columns ?? 80));
    }
  } finally {
    await store.close();
  }
}
