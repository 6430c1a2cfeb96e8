/**
 * `ringside stats`: how the live calls of a range of days went, for team leads. Read from the
 * store's per-day totals (a few thousand rows however long the log), so it answers at once.
 * Times are average and p90; a p90 is the upper edge of its histogram step (ring wait to the
 * second, the other times to 5 s): "nine calls in ten waited at most this long".
 */
import { RULES } from './rules.js';
import { BUCKET_MS, type CallStore, type DayTotals, type Measure } from './store/db.js';
import { fitWidth, padDisplay, stringWidth } from './width.js';

export type StatsGrouping = 'day' | 'reason' | 'agent' | 'pack';
export const STATS_GROUPINGS: readonly StatsGrouping[] = ['day', 'reason', 'agent', 'pack'];

export interface TimeFigure {
  /** How many calls the figure is over. */
  calls: number;
  averageMs: number | null;
  p90Ms: number | null;
}

/** One group's row in a `--by day|agent|pack` table. */
export interface GroupFigures {
  group: string;
  calls: number;
  answered: number;
  inThreeRingsPercent: number | null;
  averageMs: { ring: number | null; talk: number | null; hold: number | null; wrapUp: number | null };
  compliancePercent: number | null;
  averageScore: number | null;
}

export interface Stats {
  from: string;
  to: string;
  calls: number;
  answered: number;
  missed: number;
  inThreeRings: { calls: number; percent: number | null };
  tickets: number;
  /** Ring wait of answered calls, talk, hold of the calls held, wrap-up. */
  times: Record<'ring' | 'talk' | 'hold' | 'wrapUp', TimeFigure>;
  reasons: { code: string; label: string; calls: number; percent: number; averageTalkMs: number | null }[];
  /** Worst first: the courtesy steps that get missed most. */
  rules: { rule: string; title: string; met: number; missed: number; percent: number }[];
  scores: { calls: number; average: number | null; bands: { band: string; calls: number; percent: number }[] } | null;
  groups?: { by: Exclude<StatsGrouping, 'reason'>; rows: GroupFigures[] };
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);
const average = (sum: number, n: number) => (n === 0 ? null : Math.round(sum / n));

/** The upper edge of the histogram step that holds the 90th percentile. */
function p90(histogram: { bucket: number; n: number }[], step: number): number | null {
  const total = histogram.reduce((sum, h) => sum + h.n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const h of histogram) {
    seen += h.n;
    if (seen >= 0.9 * total) return (h.bucket + 1) * step;
  }
  return null;
}

const SCORE_BANDS: { band: string; min: number }[] = [
  { band: '90-100', min: 90 },
  { band: '80-89', min: 80 },
  { band: '70-79', min: 70 },
  { band: '60-69', min: 60 },
  { band: '0-59', min: 0 },
];

function groupFigures(row: DayTotals): GroupFigures {
  return {
    group: row.group,
    calls: row.calls,
    answered: row.answered,
    inThreeRingsPercent: percent(row.inThreeRings, row.calls),
    averageMs: {
      ring: average(row.ringSum, row.answered),
      talk: average(row.talkSum, row.answered),
      hold: average(row.holdSum, row.held),
      wrapUp: average(row.wrapUpSum, row.wrapUpN),
    },
    compliancePercent: percent(row.rulesMet, row.rulesMet + row.rulesMissed),
    averageScore: average(row.scoreSum, row.scored),
  };
}

/** The figures for days [from, to] (YYYY-MM-DD, local), or null when no live call falls in them. */
export function computeStats(store: CallStore, from: string, to: string, by?: StatsGrouping): Stats | null {
  const [total] = store.statsTotals(from, to, 'all');
  if (!total) return null;
  const histograms = new Map<Measure, { bucket: number; n: number }[]>();
  for (const row of store.statsTimes(from, to)) {
    histograms.set(row.measure, [...(histograms.get(row.measure) ?? []), row]);
  }
  const time = (measure: 'ring' | 'talk' | 'hold' | 'wrapUp', sum: number, calls: number): TimeFigure => ({
    calls,
    averageMs: average(sum, calls),
    p90Ms: p90(histograms.get(measure) ?? [], BUCKET_MS[measure]),
  });
  const reasons = store.statsReasons(from, to);
  const reasonCalls = reasons.reduce((sum, r) => sum + r.calls, 0);
  const titles = new Map(RULES.map((rule) => [rule.id, rule.title]));
  const scoreHistogram = histograms.get('score') ?? [];
  const stats: Stats = {
    from,
    to,
    calls: total.calls,
    answered: total.answered,
    missed: total.calls - total.answered,
    inThreeRings: { calls: total.inThreeRings, percent: percent(total.inThreeRings, total.calls) },
    tickets: total.tickets,
    times: {
      ring: time('ring', total.ringSum, total.answered),
      talk: time('talk', total.talkSum, total.answered),
      hold: time('hold', total.holdSum, total.held),
      wrapUp: time('wrapUp', total.wrapUpSum, total.wrapUpN),
    },
    reasons: reasons.map((r) => ({
      code: r.code,
      label: r.label,
      calls: r.calls,
      percent: percent(r.calls, reasonCalls) ?? 0,
      averageTalkMs: average(r.talkSum, r.talkN),
    })),
    rules: store
      .statsRules(from, to)
      .map((r) => ({ rule: r.rule, title: titles.get(r.rule) ?? '', met: r.met, missed: r.missed, percent: percent(r.met, r.met + r.missed) ?? 0 }))
      .sort((a, b) => a.percent - b.percent || a.rule.localeCompare(b.rule)),
    scores:
      total.scored === 0
        ? null
        : {
            calls: total.scored,
            average: average(total.scoreSum, total.scored),
            bands: SCORE_BANDS.map(({ band, min }, i) => {
              const below = i === 0 ? Infinity : SCORE_BANDS[i - 1]!.min;
              const calls = scoreHistogram.filter((h) => h.bucket >= min && h.bucket < below).reduce((sum, h) => sum + h.n, 0);
              return { band, calls, percent: percent(calls, total.scored) ?? 0 };
            }),
          },
  };
  if (by && by !== 'reason') stats.groups = { by, rows: store.statsTotals(from, to, by).map(groupFigures) };
  return stats;
}

/** 42s, 3m05s, 1h02m. */
export function shortDuration(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const count = (n: number) => n.toLocaleString('en-US');
const pct = (p: number | null) => (p === null ? '-' : `${p.toFixed(1)}%`);

/**
 * A bar of eighths, `width` columns at 100%. Bars end their lines: block characters are
 * ambiguous-width, and a terminal set to draw them double must not push a column out of line.
 */
export function bar(fraction: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, fraction)) * width * 8);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8]!;
  return '█'.repeat(Math.floor(eighths / 8)) + partial;
}

const right = (text: string, width: number) => ' '.repeat(Math.max(0, width - stringWidth(text))) + text;

export function formatStats(stats: Stats, by: StatsGrouping | undefined, width = 80): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line.trimEnd());
  // One column spare: a line as wide as the terminal wraps in some of them.
  const w = Math.max(60, Math.min(width, 120)) - 1;
  out(`Live calls ${stats.from} to ${stats.to}`);
  out();
  out(`  calls           ${right(count(stats.calls), 9)}   answered ${count(stats.answered)}, missed ${count(stats.missed)}`);
  out(`  within 3 rings  ${right(pct(stats.inThreeRings.percent), 9)}   ${count(stats.inThreeRings.calls)} calls answered in time (R-RING-3)`);
  out(`  tickets         ${right(count(stats.tickets), 9)}   complaints and suggestions to call back`);
  out();
  out(`  ${padDisplay('times', 14)} ${right('average', 9)} ${right('p90', 8)}`);
  const times: [string, TimeFigure, string][] = [
    ['ring wait', stats.times.ring, 'answered calls'],
    ['talk', stats.times.talk, 'answered calls'],
    ['hold', stats.times.hold, `${count(stats.times.hold.calls)} calls held`],
    ['wrap-up', stats.times.wrapUp, 'hang-up to saved'],
  ];
  for (const [name, figure, over] of times) {
    out(`  ${padDisplay(name, 14)} ${right(shortDuration(figure.averageMs), 9)} ${right(shortDuration(figure.p90Ms), 8)}   ${over}`);
  }

  if (by === 'reason' || !by) {
    out();
    out(by === 'reason' ? `  ${padDisplay('why they called', 18)} ${right('calls', 9)} ${right('share', 6)} ${right('talk', 7)}` : '  why they called');
    const labelWidth = Math.min(24, Math.max(8, ...stats.reasons.map((r) => stringWidth(r.label))));
    const most = Math.max(1, ...stats.reasons.map((r) => r.calls));
    const reasons = by === 'reason' ? stats.reasons : stats.reasons.slice(0, 10);
    for (const r of reasons) {
      if (by === 'reason') {
        out(`  ${padDisplay(r.label, 18)} ${right(count(r.calls), 9)} ${right(pct(r.percent), 6)} ${right(shortDuration(r.averageTalkMs), 7)} ${bar(r.calls / most, w - 47)}`);
      } else {
        const fixed = 2 + labelWidth + 1 + 9 + 1 + 6 + 1;
        out(`  ${padDisplay(r.label, labelWidth)} ${right(count(r.calls), 9)} ${right(pct(r.percent), 6)} ${bar(r.calls / most, w - fixed)}`);
      }
    }
    if (reasons.length < stats.reasons.length) out(`  … ${stats.reasons.length - reasons.length} more (--by reason lists them all)`);
    if (stats.reasons.length === 0) out('  no reasons logged');
  }

  if (stats.groups) {
    const { by: groupBy, rows } = stats.groups;
    const groupWidth = Math.min(16, Math.max(5, ...rows.map((r) => stringWidth(r.group))));
    const header = [padDisplay(groupBy, groupWidth), right('calls', 9), right('3-ring', 6), right('ring', 5), right('talk', 6), right('hold', 6), right('wrap', 5), right('rules', 6), right('score', 5)];
    out();
    out(`  ${header.join(' ')}`);
    for (const r of rows) {
      out(
        `  ${[
          padDisplay(r.group, groupWidth),
          right(count(r.calls), 9),
          right(pct(r.inThreeRingsPercent), 6),
          right(shortDuration(r.averageMs.ring), 5),
          right(shortDuration(r.averageMs.talk), 6),
          right(shortDuration(r.averageMs.hold), 6),
          right(shortDuration(r.averageMs.wrapUp), 5),
          right(pct(r.compliancePercent), 6),
          right(r.averageScore === null ? '-' : String(r.averageScore), 5),
        ].join(' ')}`,
      );
    }
    out(`  (averages; 3-ring: answered in three rings; rules: courtesy rules met)`);
  }

  out();
  // Header and rows share their widths: a count of a million calls still fits its column.
  out(`  ${padDisplay('courtesy rules', 19)} ${right('% met', 6)} ${right('calls met', 9)} ${right('judged', 9)}   most missed first`);
  for (const r of stats.rules) {
    const head = `  ${padDisplay(r.rule, 19)} ${right(pct(r.percent), 6)} ${right(count(r.met), 9)} ${right(count(r.met + r.missed), 9)} `;
    const room = w - stringWidth(head);
    const titleWidth = Math.max(0, room - 12);
    out(`${head}${padDisplay(fitWidth(r.title, titleWidth), titleWidth)} ${bar(r.percent / 100, room - titleWidth - 1)}`);
  }
  if (stats.rules.length === 0) out('  no calls judged');

  if (stats.scores) {
    out();
    out(`  scores (${count(stats.scores.calls)} answered calls), average ${stats.scores.average}`);
    const most = Math.max(1, ...stats.scores.bands.map((b) => b.calls));
    for (const b of stats.scores.bands) {
      out(`  ${padDisplay(b.band, 8)} ${right(count(b.calls), 9)} ${right(pct(b.percent), 6)} ${bar(b.calls / most, w - 29)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
