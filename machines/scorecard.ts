/**
 * The scorecard of seed 001's quality checklist: items A to N, each something a reviewed call
 * must not show. The automatic items are judged from the call's rule verdicts (machines/judge.ts),
 * so each failure keeps its rule ID and the moment in the call; the trainer items are marked by
 * a trainer (keys on the screen, or `ringside score` afterwards). Pure: no IO, no clock.
 */
import type { CallContext } from './call.js';
import { ticketKind } from './call.js';
import { judgeCall, type RuleJudgement } from './judge.js';
import { because } from './why.js';

export { whyIn } from './why.js';

export interface ScoreItem {
  id: string;
  /** `auto` items are judged from the call; `trainer` items need a person, though some rules feed them too. */
  judged: 'auto' | 'trainer';
  /** The rule IDs whose verdicts decide (or inform) the item. */
  rules: readonly string[];
  label: { 'zh-CN': string; en: string };
}

/** Items A to N, in the seed's order. Which rules feed which item, and why, is in docs/training.md. */
export const SCORE_ITEMS: readonly ScoreItem[] = [
  { id: 'A', judged: 'trainer', rules: [], label: { 'zh-CN': '语调低沉，缺乏热情', en: 'low, flat voice, no warmth' } },
  { id: 'B', judged: 'trainer', rules: [], label: { 'zh-CN': '音量忽高忽低，语气生硬', en: 'volume up and down, stiff tone' } },
  { id: 'C', judged: 'trainer', rules: [], label: { 'zh-CN': '不耐烦', en: 'impatience' } },
  { id: 'D', judged: 'trainer', rules: [], label: { 'zh-CN': '反问、推诿、与客户争辩', en: 'rhetorical questions, shirking, contradicting' } },
  {
    id: 'E',
    judged: 'auto',
    rules: ['R-RING-3', 'R-LATE-SORRY', 'R-OPEN', 'R-OPEN-NOW', 'R-FAREWELL', 'R-HOLIDAY'],
    label: { 'zh-CN': '开场白/结束语缺失或不规范，未报工号', en: 'missing or non-standard opening/closing, no agent number' },
  },
  {
    id: 'F',
    judged: 'auto',
    rules: ['R-SURNAME', 'R-POLITE', 'R-REPEAT', 'R-HOLD-ASK', 'R-HOLD-BACK'],
    label: { 'zh-CN': '未用“您/请”，未请客户重复', en: 'no polite "you" or "please", no "could you repeat that"' },
  },
  { id: 'G', judged: 'auto', rules: ['R-RECIPROCATE'], label: { 'zh-CN': '客户致谢或道别时未回应', en: 'no reply when the caller thanks or says goodbye' } },
  { id: 'H', judged: 'auto', rules: ['R-ANYTHING-ELSE', 'R-THEY-HANG-UP'], label: { 'zh-CN': '挂机过快，未问“还有什么需要”', en: 'hanging up too fast, no "anything else?"' } },
  { id: 'I', judged: 'trainer', rules: ['R-NO-INTERRUPT'], label: { 'zh-CN': '打断客户说话', en: 'interrupting the caller' } },
  { id: 'J', judged: 'auto', rules: ['R-REMIND'], label: { 'zh-CN': '未提醒客户注意事项', en: 'not reminding the caller of notes' } },
  {
    id: 'K',
    judged: 'trainer',
    rules: ['R-SUPPORT', 'R-CROSS-REGION', 'R-OUT-OF-SCOPE', 'R-WRONG-NUMBER', 'R-FIND-PERSON', 'R-NON-BUSINESS-3MIN'],
    label: { 'zh-CN': '答复错误或答非所问', en: 'wrong or off-topic answer' },
  },
  { id: 'L', judged: 'trainer', rules: ['R-ESCALATE', 'R-FIRST-ASK'], label: { 'zh-CN': '一般问题不能独立处理', en: 'cannot handle an ordinary question alone' } },
  { id: 'M', judged: 'auto', rules: ['R-RESTATE'], label: { 'zh-CN': '未核实订单/账户信息', en: 'order/account details not verified' } },
  {
    id: 'N',
    judged: 'auto',
    rules: ['R-REASON', 'R-LOG', 'R-LOG-NOW', 'R-TICKET', 'R-FOLLOW-UP'],
    label: { 'zh-CN': '未记录客户反馈', en: 'feedback not recorded' },
  },
];

export const ITEM_IDS = SCORE_ITEMS.map((item) => item.id);

/** Rules judged from a transcript that pass a trainer's item when met (I: interrupting). */
export const HEARD_RULES: readonly string[] = ['R-NO-INTERRUPT'];

/** Items only a person can judge from listening: they are marked, never computed. */
export function isTrainerItem(item: string): boolean {
  return SCORE_ITEMS.some((entry) => entry.id === item && entry.judged === 'trainer');
}

/** The item a rule's verdict counts towards, if any. */
export function itemOfRule(rule: string): string | null {
  return SCORE_ITEMS.find((item) => item.rules.includes(rule))?.id ?? null;
}

/** What a training scenario expects of the call, beyond the rules every call is judged on. */
export interface Expectation {
  /** The branch the call should have taken (K: a wrong answer otherwise). */
  branch?: string;
  /** The call reason should be one of these (N). */
  reasons?: readonly string[];
  /** The ticket the call should open, or none (N). */
  ticket?: 'complaint' | 'suggestion' | 'none';
  /** Rules that must be met, each from a moment (a caller's thanks makes R-RECIPROCATE due). */
  rules?: readonly { rule: string; since: number | null }[];
  /** Rules the scenario made impossible to meet (a drill that keeps the phone ringing: R-RING-3). */
  excused?: readonly string[];
}

export type Verdict = 'pass' | 'fail' | 'n/a' | 'unreviewed';

export interface ScoreFailure {
  item: string;
  /** Who found it: a rule's verdict, a training scenario's expectation, or a trainer's mark. */
  by: 'rule' | 'scenario' | 'trainer';
  /** The rule ID behind the failure, if there is one. */
  rule: string | null;
  /** The moment in the call (ms since the epoch), when there is one. */
  at: number | null;
  why: string;
}

export interface ItemVerdict {
  item: string;
  verdict: Verdict;
  failures: ScoreFailure[];
}

export interface Scorecard {
  items: ItemVerdict[];
  passed: number;
  judged: number;
  /** 0 to 100: the share of judged items passed; 0 when an instant-fail rule or item failed. */
  total: number;
  /** The instant-fail rule IDs or items this call failed on. */
  instantFail: string[];
}

export interface ScoreOptions {
  /** Rule IDs or item letters that fail the whole call when they fail. */
  instantFail: readonly string[];
  expect?: Expectation;
  /** A trainer listened to the call: trainer items not marked count as passed. */
  reviewed: boolean;
  judgements?: RuleJudgement[];
}

/** Every item's verdict for a finished call, with each failure's rule ID and moment. */
export function scoreCall(ctx: CallContext, options: ScoreOptions): Scorecard {
  const judgements = options.judgements ?? judgeCall(ctx);
  const failures: ScoreFailure[] = [];
  const passes = new Set<string>();
  const note = (rule: string, met: boolean, at: number | null, why: string, by: ScoreFailure['by'] = 'rule') => {
    const item = itemOfRule(rule);
    if (!item) return;
    // A trainer item is only ever failed by a rule: passing it takes someone who listened.
    if (met) {
      // A transcript heard the whole call: what it judged, it judged for the trainer too.
      if (!isTrainerItem(item) || HEARD_RULES.includes(rule)) passes.add(item);
    } else failures.push({ item, by, rule, at, why });
  };
  for (const judgement of judgements) {
    if (options.expect?.excused?.includes(judgement.rule)) continue;
    if (judgement.outcome !== 'n/a') note(judgement.rule, judgement.outcome === 'met', judgement.at, judgement.why);
  }
  const expect = options.expect;
  if (expect) {
    for (const { rule, since } of expect.rules ?? []) {
      const judged = judgements.find((j) => j.rule === rule);
      // Met or missed, the call's own verdict has already been counted.
      if (!judged || judged.outcome === 'n/a') note(rule, false, since, because('expectedNotDone'), 'scenario');
    }
    if (expect.branch !== undefined) {
      if (!ctx.branchIds.includes(expect.branch)) {
        failures.push({ item: 'K', by: 'scenario', rule: null, at: ctx.endedAt, why: because('wrongBranch', expect.branch, ctx.branchIds.join(', ') || 'none') });
      }
    }
    if (expect.reasons && expect.reasons.length > 0) {
      const right = ctx.reasons.some((code) => expect.reasons!.includes(code));
      if (right) passes.add('N');
      else failures.push({ item: 'N', by: 'scenario', rule: 'R-REASON', at: ctx.savedAt, why: because('wrongReason', expect.reasons.join(' or '), ctx.reasons.join(', ') || 'none') });
    }
    if (expect.ticket !== undefined) {
      const kind = ticketKind(ctx) ?? 'none';
      if (kind === expect.ticket) passes.add('N');
      else failures.push({ item: 'N', by: 'scenario', rule: 'R-TICKET', at: ctx.savedAt, why: because('wrongTicket', expect.ticket, kind) });
    }
  }
  for (const fault of ctx.faults) failures.push({ item: fault.item, by: 'trainer', rule: null, at: fault.at, why: because('markedByTrainer') });

  const items = SCORE_ITEMS.map((item): ItemVerdict => {
    const own = failures.filter((failure) => failure.item === item.id).sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity));
    const verdict: Verdict =
      own.length > 0 ? 'fail' : passes.has(item.id) ? 'pass' : item.judged === 'trainer' ? (options.reviewed ? 'pass' : 'unreviewed') : 'n/a';
    return { item: item.id, verdict, failures: own };
  });
  return totalOf(items, options.instantFail);
}

/** The total of a set of item verdicts (also used when a trainer re-scores a saved call). */
export function totalOf(items: ItemVerdict[], instantFailSet: readonly string[]): Scorecard {
  const passed = items.filter((item) => item.verdict === 'pass').length;
  const judged = items.filter((item) => item.verdict === 'pass' || item.verdict === 'fail').length;
  const instantFail = [
    ...new Set(
      items.flatMap((item) =>
        item.failures.flatMap((failure) =>
          [failure.rule, item.item].filter((key): key is string => key !== null && instantFailSet.includes(key)),
        ),
      ),
    ),
  ];
  const total = instantFail.length > 0 || judged === 0 ? 0 : Math.round((100 * passed) / judged);
  return { items, passed, judged, total, instantFail };
}

/** A trainer's marks on a saved call's items afterwards (`ringside score`). */
export interface TrainerMarks {
  /** Items the call showed. */
  fail: readonly string[];
  /** Items it did not show: takes the trainer's marks back. */
  pass: readonly string[];
  /** The trainer listened: every trainer item nobody judged yet passes. */
  reviewed: boolean;
}

/**
 * A saved scorecard with a trainer's marks: `fail` marks an item as shown, `pass` takes the
 * trainer's marks off, `reviewed` passes the trainer items nobody judged yet. The automatic
 * failures stay: they come from the call itself. Totalled with the instant-fail set the call was
 * saved with.
 */
export function rescored(card: Pick<Scorecard, 'items'> & { instantFailSet: readonly string[] }, marks: TrainerMarks): Scorecard {
  const items = card.items.map((verdict): ItemVerdict => {
    let failures = verdict.failures;
    if (marks.pass.includes(verdict.item)) failures = failures.filter((failure) => failure.by !== 'trainer');
    if (marks.fail.includes(verdict.item) && !failures.some((failure) => failure.by === 'trainer')) {
      failures = [...failures, { item: verdict.item, by: 'trainer', rule: null, at: null, why: because('markedByTrainer') }];
    }
    const judgedNow = marks.pass.includes(verdict.item) || (marks.reviewed && verdict.verdict === 'unreviewed');
    // A fail whose marks were all taken back, or an item the trainer now passes, passes.
    const verdictNow = failures.length > 0 ? 'fail' : judgedNow || verdict.verdict === 'fail' ? 'pass' : verdict.verdict;
    return { item: verdict.item, verdict: verdictNow, failures };
  });
  return totalOf(items, card.instantFailSet);
}

/**
 * What cost a call its points, in the scorecard's order: each failed item with the rule IDs that
 * failed it (none: a trainer's mark or a scenario's expectation without a rule).
 */
export function costsOf(card: Pick<Scorecard, 'items'>): { item: string; rules: string[] }[] {
  return card.items
    .filter((item) => item.verdict === 'fail')
    .map((item) => ({ item: item.item, rules: [...new Set(item.failures.flatMap((failure) => (failure.rule ? [failure.rule] : [])))] }));
}

/** The instant-fail set when none is configured: no opening line, the agent hung up first. */
export const DEFAULT_INSTANT_FAIL: readonly string[] = ['R-OPEN', 'R-THEY-HANG-UP'];

/** A moment as minutes and seconds since `since` (the answer: what the talk timer showed then). */
export function callTime(at: number | null, since: number): string {
  if (at === null) return '  -  ';
  const seconds = Math.max(0, Math.round((at - since) / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
