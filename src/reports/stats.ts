/**
 * `ringside stats`: how the live calls of a range of days went, for team leads. Read from the
 * store's per-day totals (a few thousand rows however long the log), so it answers at once.
 * Times are average and p90. A p90 is exact (nearest rank: nine calls in ten took at most this
 * long): the histogram says which step holds it and how many calls lie below, and the store
 * reads only the calls of that step to pick it. R-RING-3 (the header, the --by tables and the
 * rules table) is one figure, counted from the calls' verdicts (machines/judge.ts); R-FOLLOW-UP
 * is what became of the tickets, not whether the promise was said.
 */
import { RULES } from '../rules.js';
import type { DayTotals, LogReads, Measure, TimeMeasure } from '../store/store.js';
import { BUCKET_MS } from '../store/totals.js';
import { fitWidth, padDisplay, stringWidth } from '../width.js';

export type StatsGrouping = 'day' | 'reason' | 'agent' | 'pack';
export const STATS_GROUPINGS: readonly StatsGrouping[] = ['day', 'reason', 'agent', 'pack'];

export interface TimeFigure {
  /** How many calls the figure is over. */
  calls: number;
  averageMs: number | null;
  /** The exact 90th percentile (nearest rank): nine calls in ten took at most this long. */
  p90Ms: number | null;
}

/** R-RING-3 over the calls it judges: answered, or rang past the ring limit, or rejected. */
export interface RingFigure {
  met: number;
  /** Calls judged (met + missed); callers who gave up within the ring limit are not judged. */
  judged: number;
  percent: number | null;
}

/** What became of the tickets of the range's calls (R-FOLLOW-UP: called back within two working days). */
export interface FollowUpFigure {
  tickets: number;
  /** Closed by a call-back on or before the due time. */
  closedOnTime: number;
  closedLate: number;
  /** Open past the due time. */
  overdue: number;
  /** Open, not yet due: not judged yet. */
  open: number;
  /** Closed on time, of the tickets judged (closed, or open past due). */
  percentOnTime: number | null;
  /** The promise of a call-back said on the calls (the complaint's "two working days" line). */
  promiseSaid: { met: number; judged: number; percent: number | null };
}

/** One group's row in a `--by day|agent|pack` table. */
export interface GroupFigures {
  group: string;
  calls: number;
  answered: number;
  /** R-RING-3 met, of the group's calls judged. */
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
  /** Not answered: gave up, rejected or rang out. */
  missed: number;
  inThreeRings: RingFigure;
  tickets: number;
  followUps: FollowUpFigure;
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

/** Local midnight of a day (YYYY-MM-DD) plus `days`, in ms: the days of stats as moments. */
function dayStart(day: string, days = 0): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).getTime();
}

/**
 * The exact 90th percentile by nearest rank (the smallest value with nine in ten at or below
 * it): the histogram finds the step and the calls below it, the store reads the one value.
 */
async function p90(
  store: LogReads,
  measure: TimeMeasure,
  histogram: { bucket: number; n: number }[],
  range: { from: number; to: number },
): Promise<number | null> {
  const total = histogram.reduce((sum, h) => sum + h.n, 0);
  if (total === 0) return null;
  const rank = Math.ceil((9 * total) / 10);
  const step = BUCKET_MS[measure];
  let below = 0;
  for (const h of histogram) {
    if (below + h.n >= rank) {
      const lo = h.bucket * step;
      // A log whose days were counted under another time zone may not match the moments read
      // now: then the step's upper edge, never above the true value by more than one step.
      return (await store.timeAtRank(measure, range.from, range.to, lo, lo + step, rank - below)) ?? lo + step;
    }
    below += h.n;
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
    inThreeRingsPercent: percent(row.ring3Met, row.ring3Met + row.ring3Missed),
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

/**
 * The figures for days [from, to] (YYYY-MM-DD, local), or null when no live call falls in them.
 * `now` decides which open tickets are overdue.
 */
export async function computeStats(store: LogReads, from: string, to: string, by?: StatsGrouping, now = Date.now()): Promise<Stats | null> {
  const [total] = await store.statsTotals(from, to, 'all');
  if (!total) return null;
  const range = { from: dayStart(from), to: dayStart(to, 1) };
  const histograms = new Map<Measure, { bucket: number; n: number }[]>();
  for (const row of await store.statsTimes(from, to)) {
    histograms.set(row.measure, [...(histograms.get(row.measure) ?? []), row]);
  }
  const time = async (measure: TimeMeasure, sum: number, calls: number): Promise<TimeFigure> => ({
    calls,
    averageMs: average(sum, calls),
    p90Ms: await p90(store, measure, histograms.get(measure) ?? [], range),
  });
  const reasons = await store.statsReasons(from, to);
  const reasonCalls = reasons.reduce((sum, r) => sum + r.calls, 0);
  const titles = new Map(RULES.map((rule) => [rule.id, rule.title]));
  const scoreHistogram = histograms.get('score') ?? [];
  const ruleRows = await store.statsRules(from, to);
  // R-RING-3 everywhere is the calls' verdicts as the per-day totals count them.
  const ring = { met: total.ring3Met, missed: total.ring3Missed };
  // R-FOLLOW-UP is judged on the tickets; the line said on the call is the promise.
  const promise = ruleRows.find((r) => r.rule === 'R-FOLLOW-UP') ?? { met: 0, missed: 0 };
  const open = await store.openTicketFigures(range.from, range.to, now);
  const tickets = { tickets: total.tickets, closedOnTime: total.ticketsOnTime, closedLate: total.ticketsLate, ...open };
  const followUp = { met: tickets.closedOnTime, missed: tickets.closedLate + tickets.overdue };
  const rules = [
    ...ruleRows.filter((r) => r.rule !== 'R-RING-3' && r.rule !== 'R-FOLLOW-UP'),
    ...(ring.met + ring.missed > 0 ? [{ rule: 'R-RING-3', ...ring }] : []),
    ...(followUp.met + followUp.missed > 0 ? [{ rule: 'R-FOLLOW-UP', ...followUp }] : []),
  ];
  const stats: Stats = {
    from,
    to,
    calls: total.calls,
    answered: total.answered,
    missed: total.calls - total.answered,
    inThreeRings: { met: ring.met, judged: ring.met + ring.missed, percent: percent(ring.met, ring.met + ring.missed) },
    tickets: total.tickets,
    followUps: {
      ...tickets,
      percentOnTime: percent(followUp.met, followUp.met + followUp.missed),
      promiseSaid: { met: promise.met, judged: promise.met + promise.missed, percent: percent(promise.met, promise.met + promise.missed) },
    },
    times: {
      ring: await time('ring', total.ringSum, total.answered),
      talk: await time('talk', total.talkSum, total.answered),
      hold: await time('hold', total.holdSum, total.held),
      wrapUp: await time('wrapUp', total.wrapUpSum, total.wrapUpN),
    },
    reasons: reasons.map((r) => ({
      code: r.code,
      label: r.label,
      calls: r.calls,
      percent: percent(r.calls, reasonCalls) ?? 0,
      averageTalkMs: average(r.talkSum, r.talkN),
    })),
    rules: rules
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
  if (by && by !== 'reason') stats.groups = { by, rows: (await store.statsTotals(from, to, by)).map(groupFigures) };
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
  const ring = stats.inThreeRings;
  const followUps = stats.followUps;
  out(`  calls           ${right(count(stats.calls), 9)}   answered ${count(stats.answered)}, unanswered ${count(stats.missed)}`);
  out(`  within 3 rings  ${right(pct(ring.percent), 9)}   ${count(ring.met)} of ${count(ring.judged)} judged (R-RING-3, see below)`);
  out(`  tickets         ${right(count(stats.tickets), 9)}   complaints and suggestions to call back`);
  out(`  called back     ${right(pct(followUps.percentOnTime), 9)}   in two working days (R-FOLLOW-UP, see below):`);
  const fates = `on time ${count(followUps.closedOnTime)}, late ${count(followUps.closedLate)}, overdue ${count(followUps.overdue)}, not yet due ${count(followUps.open)}`;
  // Under the figure when it fits; a log with many tickets starts it further left.
  out(`${' '.repeat(30 + stringWidth(fates) <= w ? 30 : 4)}${fates}`);
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
    out(`  (averages; 3-ring: R-RING-3 met of calls judged; rules: rule verdicts met)`);
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

  out();
  const promise = followUps.promiseSaid;
  const notes = [
    'R-RING-3: judged on answered calls (met when answered within three rings, the ring limit) and on calls that rang past the limit unanswered or were rejected (missed); a caller who gave up within the limit is not judged.',
    `R-FOLLOW-UP: the tickets of these calls, met when a call-back closed them by their due time (two working days, weekends and holidays skipped), missed when closed later or still open past it; tickets not yet due are not judged.${promise.judged > 0 ? ` The promise to call back was said on ${count(promise.met)} of the ${count(promise.judged)} calls that needed it (${pct(promise.percent)}).` : ''}`,
    'p90: exact (nearest rank): nine calls in ten took at most this long.',
  ];
  for (const note of notes) wrap(note, w - 4).forEach((line, i) => out(`${i === 0 ? '  ' : '    '}${line}`));
  return `${lines.join('\n')}\n`;
}

/** Words wrapped to `width` columns (the notes are English: one column a character). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
