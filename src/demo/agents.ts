/**
 * The demo team: twelve agents, each with their own habits, and how one of them takes a call
 * through the real call machine (src/demo/data.ts fills a log with copies of such calls). The
 * habits are what a lead should find in the stats: late answers, lines left out, holds without
 * asking or thanks, hanging up first, slow wrap-ups, call-backs late or never.
 */
import type { SimulatedClock } from 'xstate';
import { currentStep, defaultBranch, visibleSteps } from '../../machines/steps.js';
import type { CallDesk } from '../call/desk.js';
import type { Branch, Pack, Step } from '../pack/schema.js';

/** How one agent works: what makes their figures theirs. */
export interface Habits {
  number: string;
  name: string;
  /** Share of the team's calls (a quick agent takes more). */
  weight: number;
  /** Of the calls answered, answered after three rings. */
  late: number;
  /** Of 100 calls, callers who gave up after three rings, and calls the agent rejected. */
  rangOut: number;
  rejected: number;
  /** How surely each required line is said... */
  care: number;
  /** ...unless it is one this agent often leaves out (step id → how often). */
  weak: Readonly<Record<string, number>>;
  /** The opening said more than ten seconds after the answer (R-OPEN-NOW). */
  slowOpen: number;
  /** Consultations with a hold; asked to wait first; thanked after; a long hold checked back on; its length in s. */
  hold: { share: number; ask: number; thanks: number; checkBack: number; seconds: readonly [number, number] };
  /** Hangs up before the caller (R-THEY-HANG-UP, an instant fail by default). */
  hangsUpFirst: number;
  /** Closes an out-of-scope call after two explanations instead of three. */
  shortOutOfScope: number;
  /** The answer takes this many seconds. */
  talk: readonly [number, number];
  /** Hang-up to saved, in s (over the wrap-up limit misses R-LOG-NOW). */
  wrapUp: readonly [number, number];
  /**
   * Call-backs: the first try after this many working days (weights for 0 to 4), never called
   * back, called at lunch (outside the pack's call-back hours).
   */
  followUp: { firstTry: readonly number[]; never: number; lunch: number };
}

const usualHold = { share: 0.18, ask: 0.93, thanks: 0.88, checkBack: 0.75, seconds: [15, 70] } as const;

/** The team: a few steady hands, one slow to pick up, two new, one curt, one who holds, one late on call-backs. */
export const TEAM: readonly Habits[] = [
  // Steady hands: in time, every line, prompt call-backs.
  { number: '1001', name: '王敏', weight: 1.2, late: 0.03, rangOut: 1, rejected: 0, care: 0.995, weak: {}, slowOpen: 0.01,
    hold: { share: 0.15, ask: 0.99, thanks: 0.97, checkBack: 0.95, seconds: [15, 50] }, hangsUpFirst: 0.005, shortOutOfScope: 0,
    talk: [25, 110], wrapUp: [8, 30], followUp: { firstTry: [0.55, 0.43, 0.02, 0, 0], never: 0, lunch: 0 } },
  { number: '1002', name: '李静', weight: 1.15, late: 0.05, rangOut: 1, rejected: 0, care: 0.99, weak: { remind: 0.06 }, slowOpen: 0.02,
    hold: { share: 0.16, ask: 0.97, thanks: 0.94, checkBack: 0.9, seconds: [15, 60] }, hangsUpFirst: 0.01, shortOutOfScope: 0,
    talk: [25, 100], wrapUp: [10, 35], followUp: { firstTry: [0.45, 0.5, 0.05, 0, 0], never: 0, lunch: 0 } },
  // Careful but slow to pick up: many calls ring past three rings, callers give up.
  { number: '1003', name: '张伟', weight: 0.9, late: 0.3, rangOut: 6, rejected: 0, care: 0.975, weak: {}, slowOpen: 0.04,
    hold: usualHold, hangsUpFirst: 0.01, shortOutOfScope: 0, talk: [30, 130], wrapUp: [15, 45],
    followUp: { firstTry: [0.35, 0.5, 0.12, 0.03, 0], never: 0.02, lunch: 0 } },
  // New: leaves out the restate and the reminders, holds without asking, slow wrap-ups.
  { number: '1004', name: '刘洋', weight: 0.8, late: 0.12, rangOut: 3, rejected: 0, care: 0.93, weak: { restate: 0.3, remind: 0.35, surname: 0.12 },
    slowOpen: 0.12, hold: { share: 0.25, ask: 0.6, thanks: 0.6, checkBack: 0.4, seconds: [20, 90] }, hangsUpFirst: 0.02, shortOutOfScope: 0.2,
    talk: [40, 160], wrapUp: [25, 110], followUp: { firstTry: [0.2, 0.4, 0.3, 0.1, 0], never: 0.03, lunch: 0.05 } },
  // Quick and curt: short calls, no "anything else?", hangs up first, closes out-of-scope early.
  { number: '1005', name: '陈晨', weight: 1.3, late: 0.03, rangOut: 1, rejected: 0, care: 0.96, weak: { 'anything-else': 0.25, reciprocate: 0.5, farewell: 0.12 },
    slowOpen: 0.01, hold: { share: 0.1, ask: 0.85, thanks: 0.8, checkBack: 0.7, seconds: [10, 40] }, hangsUpFirst: 0.1, shortOutOfScope: 0.5,
    talk: [15, 60], wrapUp: [5, 20], followUp: { firstTry: [0.3, 0.5, 0.2, 0, 0], never: 0.01, lunch: 0.25 } },
  // Holds a lot, forgets the thanks, leaves callers on hold past the check-back.
  { number: '1006', name: '杨帆', weight: 1, late: 0.06, rangOut: 2, rejected: 0, care: 0.98, weak: {}, slowOpen: 0.02,
    hold: { share: 0.4, ask: 0.85, thanks: 0.55, checkBack: 0.3, seconds: [25, 120] }, hangsUpFirst: 0.015, shortOutOfScope: 0,
    talk: [30, 120], wrapUp: [10, 40], followUp: { firstTry: [0.35, 0.5, 0.12, 0.03, 0], never: 0.02, lunch: 0 } },
  // Good on the phone, poor on call-backs: late, some never.
  { number: '1007', name: '赵丽', weight: 1, late: 0.05, rangOut: 1, rejected: 0, care: 0.985, weak: {}, slowOpen: 0.02,
    hold: usualHold, hangsUpFirst: 0.01, shortOutOfScope: 0, talk: [25, 110], wrapUp: [10, 35],
    followUp: { firstTry: [0, 0.15, 0.3, 0.35, 0.2], never: 0.15, lunch: 0.1 } },
  // Sometimes skips the opening (an instant fail), rejects a call now and then.
  { number: '1008', name: '黄磊', weight: 1, late: 0.08, rangOut: 2, rejected: 1, care: 0.975, weak: { open: 0.06 }, slowOpen: 0.05,
    hold: usualHold, hangsUpFirst: 0.03, shortOutOfScope: 0.1, talk: [20, 100], wrapUp: [10, 40],
    followUp: { firstTry: [0.2, 0.5, 0.2, 0.1, 0], never: 0.03, lunch: 0.05 } },
  // Steady.
  { number: '1009', name: '周婷', weight: 1.1, late: 0.04, rangOut: 1, rejected: 0, care: 0.99, weak: {}, slowOpen: 0.01,
    hold: { share: 0.18, ask: 0.98, thanks: 0.95, checkBack: 0.9, seconds: [15, 60] }, hangsUpFirst: 0.005, shortOutOfScope: 0,
    talk: [25, 100], wrapUp: [8, 30], followUp: { firstTry: [0.5, 0.45, 0.05, 0, 0], never: 0, lunch: 0 } },
  { number: '1010', name: '吴昊', weight: 1, late: 0.08, rangOut: 2, rejected: 0, care: 0.975, weak: { remind: 0.1 }, slowOpen: 0.03,
    hold: usualHold, hangsUpFirst: 0.02, shortOutOfScope: 0.05, talk: [25, 110], wrapUp: [10, 45],
    followUp: { firstTry: [0.25, 0.45, 0.2, 0.1, 0], never: 0.02, lunch: 0.02 } },
  { number: '1011', name: '徐佳', weight: 1, late: 0.07, rangOut: 2, rejected: 0, care: 0.98, weak: { surname: 0.08 }, slowOpen: 0.02,
    hold: usualHold, hangsUpFirst: 0.015, shortOutOfScope: 0, talk: [25, 110], wrapUp: [10, 40],
    followUp: { firstTry: [0.35, 0.5, 0.12, 0.03, 0], never: 0.02, lunch: 0 } },
  // New: late answers without the apology, slow openings, forgets the promise to call back.
  { number: '1012', name: '孙悦', weight: 0.85, late: 0.18, rangOut: 4, rejected: 0, care: 0.95, weak: { 'complaint-follow-up': 0.3, 'late-sorry': 0.3 },
    slowOpen: 0.15, hold: { share: 0.22, ask: 0.8, thanks: 0.75, checkBack: 0.5, seconds: [20, 90] }, hangsUpFirst: 0.03, shortOutOfScope: 0.1,
    talk: [35, 150], wrapUp: [20, 80], followUp: { firstTry: [0.1, 0.45, 0.3, 0.15, 0], never: 0.04, lunch: 0.05 } },
];

/** What one pool call is: a caller who gave up early or after three rings, a rejected call, or a call on a branch of this kind. */
export type CallKind = 'gaveUpSoon' | 'rangOut' | 'rejected' | Branch['kind'];
/** What became of one call-back: its result closes the ticket, keeps it open, or nobody answered. */
export type CallBackKind = 'resolved' | 'explained' | 'later' | 'notThem' | 'unreached';
export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱严赖覃洪武莫孔'];
const SUMMARIES = {
  'zh-CN': {
    complaint: ['本月账单多扣了一笔费用，要求核实退还', '客服人员态度不好，要求处理', '报修三天仍未上门', '产品使用两天出现故障'],
    suggestion: ['建议增加夜间服务时段', '建议简化办理流程', '建议短信提醒到期'],
    message: ['请回电，合同已改好', '请尽快回电确认发货时间', '明天上午的会议改到下午三点'],
  },
  en: {
    complaint: ['Charged twice this month, wants the extra refunded', 'Rude answer on an earlier call', 'Repair booked three days ago, nobody came', 'New product failed after two days'],
    suggestion: ['Open the line in the evening too', 'Fewer forms to apply', 'Send a reminder before renewal'],
    message: ['Please call back: the contract is ready', 'Call back about the delivery date', "Tomorrow's meeting moved to 3 pm"],
  },
};
export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const between = (random: () => number, lo: number, hi: number) => lo + (hi - lo) * random();
/** An index drawn by weights. */
export function weighted(random: () => number, weights: readonly number[]): number {
  let r = random() * weights.reduce((sum, w) => sum + w, 0);
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
  return weights.length - 1;
}
export function shuffle<T>(random: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The reason a call of this branch is logged with (a branch with its own reason ticks it itself). */
function reasonFor(pack: Pack, branch: Branch, random: () => number): string {
  const group = pack.reasons.find((g) => g.hotkey === branch.reasonGroup) ?? pack.reasons[0]!;
  // A question is sometimes about what another group of the pack covers (telecom: 业务办理):
  // a group no branch files under, holding more than the reasons branches tick themselves.
  const own = new Set(pack.branches.map((b) => b.reason));
  const filed = new Set(pack.branches.map((b) => b.reasonGroup));
  const others = pack.reasons.filter((g) => !filed.has(g.hotkey) && g.reasons.filter((r) => !own.has(r.code)).length > 1);
  const from = branch.kind === 'consultation' && others.length > 0 && random() < 0.3 ? pick(random, others) : group;
  const open = from.reasons.filter((r) => !own.has(r.code));
  const reasons = open.length > 0 ? open : from.reasons;
  // The first reasons of a group most often.
  return reasons[Math.min(reasons.length - 1, Math.floor(reasons.length * random() ** 1.6))]!.code;
}

/** The result a call-back is saved with (its code) and recorded on the ticket with (its words), by what became of the call. */
export function callBackResults(pack: Pack): Record<Exclude<CallBackKind, 'unreached'>, { code: string; label: string }> {
  const results = pack.callback?.results ?? [];
  const closing = results.filter((r) => r.closes);
  const open = results.filter((r) => !r.closes);
  const result = (list: typeof results, i: number) => {
    const chosen = list[i] ?? list[0];
    return { code: chosen?.code ?? '', label: chosen?.label ?? '' };
  };
  return { resolved: result(closing, 0), explained: result(closing, 1), later: result(open, 0), notThem: result(open, 1) };
}


/** One agent at the desk of the pool: the machine takes their keys at their pace. */
export class Agent {
  private readonly send: (type: string, extra?: Record<string, unknown>) => boolean;

  constructor(
    private readonly desk: CallDesk,
    private readonly clock: SimulatedClock,
    private readonly pack: Pack,
    private readonly habits: Habits,
    private readonly random: () => number,
  ) {
    this.send = (type, extra = {}) => desk.send({ type, ...extra } as Parameters<CallDesk['send']>[0]);
  }

  private get ctx() {
    return this.desk.snapshot.context;
  }

  private wait(seconds: number): void {
    this.clock.increment(Math.round(seconds * 1000));
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  /** Whether this agent leaves out this line on this call. */
  private leavesOut(step: Step): boolean {
    if (step.required === false) return this.chance(this.habits.weak[step.id] ?? 0.3);
    return this.chance((this.habits.weak[step.id] ?? 0) + (1 - this.habits.care));
  }

  /** A field the line asked for, typed in (how to address the caller, their company ...). */
  private fill(step: Step): void {
    const values: Record<string, () => string> = {
      name: () => `${pick(this.random, SURNAMES)}${this.chance(0.5) ? '先生' : '女士'}`,
      callerCompany: () => pick(this.random, ['华信公司', '东方贸易', '市第一医院', '新星科技']),
      areaCode: () => pick(this.random, ['010', '021', '020', '0571', '028', '027']),
      phone: () => `139${String(Math.floor(this.random() * 1e8)).padStart(8, '0')}`,
    };
    if (step.asks && values[step.asks]) this.send('SET_FIELD', { field: step.asks, value: values[step.asks]!() });
  }

  /**
   * The lines of the current phase, each said after `pace` seconds unless the agent leaves it
   * out (→ to the next line); Tab when the phase is still open after that.
   */
  private sayPhase(pace: (step: Step) => number): void {
    const start = this.ctx.phase;
    if (!start) return;
    const left = new Set<string>();
    for (let i = 0; i < 16 && this.ctx.phase === start; i++) {
      const step = currentStep(this.ctx);
      if (!step || step.judge) break;
      if (this.ctx.steps[step.id]?.status !== 'todo' && !step.repeat) break;
      if (left.has(step.id) || this.leavesOut(step)) {
        left.add(step.id);
        const next = visibleSteps(this.ctx, start).find((s) => !s.judge && this.ctx.steps[s.id]?.status === 'todo' && !left.has(s.id));
        for (let j = 0; j < 8 && next && currentStep(this.ctx)?.id !== next.id; j++) if (!this.send('NEXT_LINE')) break;
        if (!next || currentStep(this.ctx)?.id !== next.id) break;
        continue;
      }
      this.wait(pace(step));
      if (!this.send('SAY')) break;
      this.fill(step);
    }
    if (this.ctx.phase === start) this.send('NEXT_PHASE');
  }

  /** A hold: asked to wait (or not; a line that asked counts), a check-back on a long one, thanks after (or not). */
  private hold(afterAskingLine: boolean): void {
    const { hold } = this.habits;
    this.send('HOLD');
    this.send(afterAskingLine || !this.chance(hold.ask) ? 'HOLD' : 'SAY');
    const length = between(this.random, hold.seconds[0], hold.seconds[1]);
    const limit = this.ctx.thresholds.holdCheckBackMs / 1000;
    if (length > limit && this.chance(hold.checkBack)) {
      this.wait(limit - between(this.random, 1, 5));
      this.send('SAY');
      this.wait(length - limit + 3);
    } else this.wait(length);
    this.send('HOLD');
    this.send(this.chance(hold.thanks) ? 'SAY' : 'NEXT_LINE');
  }

  private hangUp(): void {
    this.wait(between(this.random, 1, 3));
    this.send(this.chance(this.habits.hangsUpFirst) ? 'AGENT_HANG_UP' : 'CALLER_HANG_UP');
  }

  private wrapUp(reason: (() => string) | null, summary: string | null): void {
    this.wait(between(this.random, this.habits.wrapUp[0], this.habits.wrapUp[1]));
    if (this.ctx.reasons.length === 0 && reason) this.send('TOGGLE_REASON', { code: reason() });
    if (summary) this.send('SET_SUMMARY', { text: summary });
    this.send('SAVE');
  }

  /** One call that comes in, of the given kind. */
  takeCall(kind: CallKind): void {
    const { habits, pack, random } = this;
    this.send('RING', { number: '13800000000' });
    const ringLimit = this.ctx.thresholds.ringMs / 1000;
    if (kind === 'gaveUpSoon' || kind === 'rangOut' || kind === 'rejected') {
      this.wait(kind === 'gaveUpSoon' ? between(random, 3, ringLimit - 2) : kind === 'rangOut' ? between(random, ringLimit + 1, 50) : between(random, 1, 8));
      this.send(kind === 'rejected' ? 'AGENT_HANG_UP' : 'CALLER_HANG_UP');
      return;
    }
    this.wait(this.chance(habits.late) ? between(random, ringLimit + 0.5, ringLimit + 20) : between(random, 1.5, ringLimit - 2));
    this.send('ANSWER');
    const branch = pack.branches.find((b) => b.kind === kind) ?? defaultBranch(pack);
    const text = SUMMARIES[pack.language === 'zh-CN' ? 'zh-CN' : 'en'];
    const slowOpen = this.chance(habits.slowOpen);
    this.sayPhase((step) => (step.rules.includes('R-OPEN-NOW') && slowOpen ? between(random, 10.5, 16) : between(random, 1, 3)));
    const talk = () => between(random, habits.talk[0], habits.talk[1]);
    const reason = () => reasonFor(pack, branch, random);

    if (branch.kind === 'findPerson' || branch.kind === 'takeMessage') {
      // Asked for a person: who, and who is calling; a hold to look; found, or a message taken.
      const find = pack.branches.find((b) => b.kind === 'findPerson');
      this.send('CHOOSE_BRANCH', { branch: (find ?? branch).id });
      this.sayPhase(() => between(random, 3, 8));
      this.hold(true);
      const message = branch.kind === 'takeMessage';
      if (message) {
        this.send('CHOOSE_BRANCH', { branch: branch.id });
        this.sayPhase(() => between(random, 4, 12));
      } else if (this.ctx.phase === 'answering') this.send('NEXT_PHASE');
      this.sayPhase(() => between(random, 2, 5));
      this.hangUp();
      this.wrapUp(reason, message ? pick(random, text.message) : null);
      return;
    }
    if (branch.kind === 'wrongNumber') {
      this.send('CHOOSE_BRANCH', { branch: branch.id });
      this.sayPhase(() => between(random, 2, 5));
      this.wait(between(random, 1, 3));
      this.send('CALLER_HANG_UP');
      this.wrapUp(reason, null);
      return;
    }
    if (branch.kind === 'outOfScope' || branch.kind === 'silent') {
      // Explained (or, on a silent line, asked) the count the branch asks (three), then closed by
      // the agent; a hurried agent closes after two.
      const surname = currentStep(this.ctx);
      if (branch.kind === 'outOfScope' && surname?.asks === 'name' && this.chance(0.5)) {
        // The surname asked first.
        this.wait(between(random, 3, 8));
        this.send('SAY');
        this.fill(surname);
      }
      this.send('CHOOSE_BRANCH', { branch: branch.id });
      const times = this.chance(habits.shortOutOfScope) ? 2 : (branch.explainTimes ?? 3);
      for (let i = 0; i < times; i++) {
        this.wait(branch.kind === 'silent' ? between(random, 3, 6) : between(random, 12, 40));
        this.send('SAY');
      }
      if (times >= (branch.explainTimes ?? 3)) this.sayPhase(() => between(random, 4, 10));
      this.wait(between(random, 1, 3));
      this.send('AGENT_HANG_UP');
      this.wrapUp(reason, null);
      return;
    }
    // A business call: the branch heard in the greeting waits for the restate.
    if (branch.kind !== 'consultation') this.send('CHOOSE_BRANCH', { branch: branch.id });
    this.sayPhase(() => between(random, 5, 25));
    if (this.ctx.phase === 'answering') {
      const asksSupport = branch.kind === 'support';
      if (asksSupport) {
        // "I need to check with a colleague, please wait": the hold follows the line that asked.
        this.wait(between(random, 3, 8));
        this.send('SAY');
        this.hold(true);
      } else if (branch.kind === 'consultation' && this.chance(habits.hold.share)) {
        this.hold(false);
      }
      let first = true;
      this.sayPhase(() => {
        const seconds = first ? talk() : talk() / 3;
        first = false;
        return seconds;
      });
    }
    this.sayPhase(() => between(random, 2, 5));
    this.hangUp();
    const summary = branch.ticket ? pick(random, branch.kind === 'suggestion' ? text.suggestion : text.complaint) : null;
    this.wrapUp(reason, summary);
  }

  /** One call-back on a ticket, in the pack's call-back script. */
  callBack(kind: CallBackKind, ticket: { id: number; openedAt: number }, results: ReturnType<typeof callBackResults>): void {
    const { random } = this;
    this.send('DIAL', { ticketId: ticket.id, number: '13800000000', name: '张先生', about: '费用争议', openedAt: ticket.openedAt });
    if (kind === 'unreached') {
      this.wait(between(random, 20, 45));
      this.send('AGENT_HANG_UP');
      return;
    }
    this.wait(between(random, 4, 15));
    this.send('ANSWER');
    this.wait(between(random, 2, 4));
    this.send('SAY'); // introduced
    if (kind === 'notThem') {
      // Someone else answered: the script stops after the introduction.
      this.send('NEXT_PHASE');
      this.send('NEXT_PHASE');
    } else if (kind === 'later') {
      // Not a good time: asked, declined.
      this.wait(between(random, 4, 10));
      this.send('SAY');
      this.send('NEXT_PHASE');
    } else {
      this.wait(between(random, 4, 10));
      this.send('SAY'); // consent
      this.wait(between(random, 20, 70));
      this.send('SAY'); // what was done, sorry
      this.wait(between(random, 5, 25));
      this.send('SAY'); // satisfied?
    }
    this.wait(between(random, 2, 5));
    this.send('SAY'); // goodbye
    if (kind === 'resolved' || kind === 'explained') this.hangUp();
    else {
      this.wait(between(random, 1, 3));
      this.send('CALLER_HANG_UP');
    }
    this.wrapUp(() => results[kind].code, null);
  }
}

