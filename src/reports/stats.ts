/**
 * `ringside stats`: how the live calls of a range of days went, for team leads. Read from the
 * store's per-day totals (a few thousand rows however long the log), so it answers at once.
 * Times are average and p90. A p90 is exact (nearest rank: nine calls in ten took at most this
 * long): the histogram says which step holds it and how many calls lie below, and the store
 * reads only the calls of that step to pick it. R-RING-3 (the header, the --by tables and the
 * rules table) is one figure, counted from the calls' verdicts (machines/judge.ts); R-FOLLOW-UP
 * is what became of the tickets, not whether the promise was said.
 */
import { formatCount, formatDay, formatDuration, formatNumber, formatPercent, type Language, type Words } from '../language.js';
import { ruleTitle } from '../rules.js';
import type { DayTotals, LogReads, Measure, TimeMeasure } from '../store/store.js';
import { BUCKET_MS } from '../store/totals.js';
import { wrapText } from '../typography.js';
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
      .map((r) => ({ rule: r.rule, title: ruleTitle(r.rule, 'en'), met: r.met, missed: r.missed, percent: percent(r.met, r.met + r.missed) ?? 0 }))
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

interface StatsWords {
  heading: (from: string, to: string) => string;
  /** The days of the heading, as the language writes a day. */
  day: (day: string) => string;
  /** The header's labels, padded to one column. */
  calls: string;
  answered: (answered: string, missed: string) => string;
  inThreeRings: string;
  ringJudged: (met: string, judged: string) => string;
  tickets: string;
  ticketsAre: string;
  calledBack: string;
  calledBackIn: string;
  fates: (onTime: string, late: string, overdue: string, open: string) => string;
  times: string;
  average: string;
  p90: string;
  timeNames: Record<'ring' | 'talk' | 'hold' | 'wrapUp', string>;
  answeredCalls: string;
  held: (calls: number) => string;
  wrapUpIs: string;
  /** A time in a column: short. */
  duration: (ms: number | null) => string;
  whyTheyCalled: string;
  reasonColumns: { calls: string; share: string; talk: string };
  more: (n: string) => string;
  noReasons: string;
  groups: Record<Exclude<StatsGrouping, 'reason'>, string>;
  /** The --by table's headings and widths after the group: calls, 3-ring, ring, talk, hold, wrap, rules, score. */
  groupColumns: readonly [string, number][];
  groupNote: string;
  rulesHead: { rules: string; met: string; callsMet: string; judged: string; order: string };
  noneJudged: string;
  scores: (calls: number, average: number | null) => string;
  notes: (promise: { met: string; judged: string; percent: string } | null) => string[];
}

const WORDS: Words<StatsWords> = {
  'zh-CN': {
    heading: (from, to) => `来电统计：${from} 至 ${to}`,
    day: (day) => formatDay('zh-CN', dayStart(day)),
    calls: '来电',
    answered: (answered, missed) => `已接 ${answered}，未接 ${missed}`,
    inThreeRings: '三声内接听',
    ringJudged: (met, judged) => `已评 ${judged} 通，达标 ${met} 通（R-RING-3，见下文）`,
    tickets: '工单',
    ticketsAre: '需要回访的投诉和建议',
    calledBack: '按时回访',
    calledBackIn: '两个工作日内（R-FOLLOW-UP，见下文）：',
    fates: (onTime, late, overdue, open) => `按时 ${onTime}，迟了 ${late}，已逾期 ${overdue}，未到期 ${open}`,
    times: '时长',
    average: '平均',
    p90: '90分位',
    timeNames: { ring: '振铃等待', talk: '通话', hold: '保持', wrapUp: '话后处理' },
    answeredCalls: '已接来电',
    held: (calls) => `${formatNumber('zh-CN', calls)} 通有保持`,
    wrapUpIs: '从挂机到保存',
    duration: (ms) => (ms === null ? '-' : formatDuration('zh-CN', ms)),
    whyTheyCalled: '来电原因',
    reasonColumns: { calls: '来电', share: '占比', talk: '通话' },
    more: (n) => `… 另有 ${n} 项（--by reason 列出全部）`,
    noReasons: '没有记录来电原因',
    groups: { day: '日期', agent: '坐席', pack: '话术包' },
    groupColumns: [['来电', 9], ['三声内', 6], ['振铃', 7], ['通话', 7], ['保持', 7], ['话后', 7], ['规范', 6], ['评分', 5]],
    groupNote: '（均为平均值；三声内：R-RING-3 在已评来电中的达标率；规范：各规则的达标率）',
    rulesHead: { rules: '服务规范', met: '达标率', callsMet: '达标', judged: '已评', order: '漏得最多的在前' },
    noneJudged: '没有已评的来电',
    scores: (calls, average) => `评分（已接来电 ${formatNumber('zh-CN', calls)} 通），平均 ${average ?? '-'} 分`,
    notes: (promise) => [
      'R-RING-3：已接来电在三声（响铃时限）内接起为达标，超过时限才接起为未达标；响铃超过时限无人接听或被拒接的来电也为未达标；客户在时限内挂断的不评。',
      `R-FOLLOW-UP：这些来电的工单在到期前（两个工作日，周末和节假日不计）回访结案为达标，晚于到期结案或过期仍未结案为未达标；未到期的工单不评。${promise ? `需要承诺回访的 ${promise.judged} 通来电中，${promise.met} 通说了回访承诺（${promise.percent}）。` : ''}`,
      '90分位：精确值（就近取秩），九成来电不超过这个时长。',
    ],
  },
  en: {
    heading: (from, to) => `Live calls ${from} to ${to}`,
    day: (day) => day,
    calls: 'calls',
    answered: (answered, missed) => `answered ${answered}, unanswered ${missed}`,
    inThreeRings: 'within 3 rings',
    ringJudged: (met, judged) => `${met} of ${judged} judged (R-RING-3, see below)`,
    tickets: 'tickets',
    ticketsAre: 'complaints and suggestions to call back',
    calledBack: 'called back',
    calledBackIn: 'in two working days (R-FOLLOW-UP, see below):',
    fates: (onTime, late, overdue, open) => `on time ${onTime}, late ${late}, overdue ${overdue}, not yet due ${open}`,
    times: 'times',
    average: 'average',
    p90: 'p90',
    timeNames: { ring: 'ring wait', talk: 'talk', hold: 'hold', wrapUp: 'wrap-up' },
    answeredCalls: 'answered calls',
    held: (calls) => formatCount('en', calls, { one: 'call held', other: 'calls held' }),
    wrapUpIs: 'hang-up to saved',
    duration: shortDuration,
    whyTheyCalled: 'why they called',
    reasonColumns: { calls: 'calls', share: 'share', talk: 'talk' },
    more: (n) => `… ${n} more (--by reason lists them all)`,
    noReasons: 'no reasons logged',
    groups: { day: 'day', agent: 'agent', pack: 'pack' },
    groupColumns: [['calls', 9], ['3-ring', 6], ['ring', 5], ['talk', 6], ['hold', 6], ['wrap', 5], ['rules', 6], ['score', 5]],
    groupNote: '(averages; 3-ring: R-RING-3 met of calls judged; rules: rule verdicts met)',
    rulesHead: { rules: 'courtesy rules', met: '% met', callsMet: 'calls met', judged: 'judged', order: 'most missed first' },
    noneJudged: 'no calls judged',
    scores: (calls, average) => `scores (${formatCount('en', calls, { one: 'answered call', other: 'answered calls' })}), average ${average}`,
    notes: (promise) => [
      'R-RING-3: judged on answered calls (met when answered within three rings, the ring limit) and on calls that rang past the limit unanswered or were rejected (missed); a caller who gave up within the limit is not judged.',
      `R-FOLLOW-UP: the tickets of these calls, met when a call-back closed them by their due time (two working days, weekends and holidays skipped), missed when closed later or still open past it; tickets not yet due are not judged.${promise ? ` The promise to call back was said on ${promise.met} of the ${promise.judged} calls that needed it (${promise.percent}).` : ''}`,
      'p90: exact (nearest rank): nine calls in ten took at most this long.',
    ],
  },
};

/** The figures as a report in the desk's language, `width` columns wide at most. */
export function formatStats(stats: Stats, by: StatsGrouping | undefined, language: Language, width = 80): string {
  const words = WORDS[language];
  const count = (n: number) => formatNumber(language, n);
  const pct = (p: number | null) => (p === null ? '-' : formatPercent(language, p / 100));
  const duration = words.duration;
  const lines: string[] = [];
  const out = (line = '') => lines.push(line.trimEnd());
  // One column spare: a line as wide as the terminal wraps in some of them.
  const w = Math.max(60, Math.min(width, 120)) - 1;
  out(words.heading(words.day(stats.from), words.day(stats.to)));
  out();
  const ring = stats.inThreeRings;
  const followUps = stats.followUps;
  const label = (text: string) => padDisplay(text, 15);
  out(`  ${label(words.calls)} ${right(count(stats.calls), 9)}   ${words.answered(count(stats.answered), count(stats.missed))}`);
  out(`  ${label(words.inThreeRings)} ${right(pct(ring.percent), 9)}   ${words.ringJudged(count(ring.met), count(ring.judged))}`);
  out(`  ${label(words.tickets)} ${right(count(stats.tickets), 9)}   ${words.ticketsAre}`);
  out(`  ${label(words.calledBack)} ${right(pct(followUps.percentOnTime), 9)}   ${words.calledBackIn}`);
  const fates = words.fates(count(followUps.closedOnTime), count(followUps.closedLate), count(followUps.overdue), count(followUps.open));
  // Under the figure when it fits; a log with many tickets starts it further left.
  out(`${' '.repeat(30 + stringWidth(fates) <= w ? 30 : 4)}${fates}`);
  out();
  out(`  ${padDisplay(words.times, 14)} ${right(words.average, 9)} ${right(words.p90, 8)}`);
  const times: [string, TimeFigure, string][] = [
    [words.timeNames.ring, stats.times.ring, words.answeredCalls],
    [words.timeNames.talk, stats.times.talk, words.answeredCalls],
    [words.timeNames.hold, stats.times.hold, words.held(stats.times.hold.calls)],
    [words.timeNames.wrapUp, stats.times.wrapUp, words.wrapUpIs],
  ];
  for (const [name, figure, over] of times) {
    out(`  ${padDisplay(name, 14)} ${right(duration(figure.averageMs), 9)} ${right(duration(figure.p90Ms), 8)}   ${over}`);
  }

  if (by === 'reason' || !by) {
    out();
    const heads = words.reasonColumns;
    // The talk column as wide as its widest time (a Chinese time is wider than "3m05s").
    const talkWidth = Math.max(7, ...stats.reasons.map((r) => stringWidth(duration(r.averageTalkMs))));
    out(by === 'reason' ? `  ${padDisplay(words.whyTheyCalled, 18)} ${right(heads.calls, 9)} ${right(heads.share, 6)} ${right(heads.talk, talkWidth)}` : `  ${words.whyTheyCalled}`);
    const labelWidth = Math.min(24, Math.max(8, ...stats.reasons.map((r) => stringWidth(r.label))));
    const most = Math.max(1, ...stats.reasons.map((r) => r.calls));
    const reasons = by === 'reason' ? stats.reasons : stats.reasons.slice(0, 10);
    for (const r of reasons) {
      if (by === 'reason') {
        out(`  ${padDisplay(r.label, 18)} ${right(count(r.calls), 9)} ${right(pct(r.percent), 6)} ${right(duration(r.averageTalkMs), talkWidth)} ${bar(r.calls / most, w - 40 - talkWidth)}`);
      } else {
        const fixed = 2 + labelWidth + 1 + 9 + 1 + 6 + 1;
        out(`  ${padDisplay(r.label, labelWidth)} ${right(count(r.calls), 9)} ${right(pct(r.percent), 6)} ${bar(r.calls / most, w - fixed)}`);
      }
    }
    if (reasons.length < stats.reasons.length) out(`  ${words.more(count(stats.reasons.length - reasons.length))}`);
    if (stats.reasons.length === 0) out(`  ${words.noReasons}`);
  }

  if (stats.groups) {
    const { by: groupBy, rows } = stats.groups;
    const groupName = words.groups[groupBy];
    const groupWidth = Math.min(16, Math.max(5, stringWidth(groupName), ...rows.map((r) => stringWidth(r.group))));
    const widths = words.groupColumns.map(([, width]) => width);
    out();
    out(`  ${[padDisplay(groupName, groupWidth), ...words.groupColumns.map(([name, width]) => right(name, width))].join(' ')}`);
    for (const r of rows) {
      const cells = [
        count(r.calls),
        pct(r.inThreeRingsPercent),
        duration(r.averageMs.ring),
        duration(r.averageMs.talk),
        duration(r.averageMs.hold),
        duration(r.averageMs.wrapUp),
        pct(r.compliancePercent),
        r.averageScore === null ? '-' : String(r.averageScore),
      ];
      out(`  ${[padDisplay(r.group, groupWidth), ...cells.map((cell, i) => right(cell, widths[i]!))].join(' ')}`);
    }
    for (const line of wrapText(words.groupNote, w - 2)) out(`  ${line}`);
  }

  out();
  // Header and rows share their widths: a count of a million calls still fits its column.
  const head = words.rulesHead;
  out(`  ${padDisplay(head.rules, 19)} ${right(head.met, 6)} ${right(head.callsMet, 9)} ${right(head.judged, 9)}   ${head.order}`);
  for (const r of stats.rules) {
    const start = `  ${padDisplay(r.rule, 19)} ${right(pct(r.percent), 6)} ${right(count(r.met), 9)} ${right(count(r.met + r.missed), 9)} `;
    const room = w - stringWidth(start);
    const titleWidth = Math.max(0, room - 12);
    out(`${start}${padDisplay(fitWidth(ruleTitle(r.rule, language) || r.title, titleWidth), titleWidth)} ${bar(r.percent / 100, room - titleWidth - 1)}`);
  }
  if (stats.rules.length === 0) out(`  ${words.noneJudged}`);

  if (stats.scores) {
    out();
    out(`  ${words.scores(stats.scores.calls, stats.scores.average)}`);
    const most = Math.max(1, ...stats.scores.bands.map((b) => b.calls));
    for (const b of stats.scores.bands) {
      out(`  ${padDisplay(b.band, 8)} ${right(count(b.calls), 9)} ${right(pct(b.percent), 6)} ${bar(b.calls / most, w - 29)}`);
    }
  }

  out();
  const promise = followUps.promiseSaid;
  const notes = words.notes(promise.judged > 0 ? { met: count(promise.met), judged: count(promise.judged), percent: pct(promise.percent) } : null);
  for (const note of notes) wrapText(note, w - 4).forEach((line, i) => out(`${i === 0 ? '  ' : '    '}${line}`));
  return `${lines.join('\n')}\n`;
}
