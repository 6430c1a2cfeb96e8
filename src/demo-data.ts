/**
 * `ringside demo-data --calls N`: a log full of realistic calls, to try the stats, exports and
 * follow-ups on, and to measure them at scale. A pool of calls is taken through the real call
 * machine first (answered late or in time, held, with steps missed, complaints that open tickets,
 * callers who give up), each saved by the real store; the N calls are copies of the pool, each at
 * its own time (working hours over recent days, fewer at weekends), with its own agent and caller.
 * Seeded: the same N gives the same log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { CallDesk } from './call/desk.js';
import { resolveThresholds } from './call/session.js';
import type { Pack } from './pack/schema.js';
import { CallStore, type DemoCopy } from './store/db.js';
import { addWorkingDays } from './store/workdays.js';

/** mulberry32: small, fast and seeded, so demo logs can be compared run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱严赖覃洪武莫孔'];
const AGENTS: [string, string][] = [
  ['1001', '王敏'], ['1002', '李静'], ['1003', '张伟'], ['1004', '刘洋'], ['1005', '陈晨'], ['1006', '杨帆'],
  ['1007', '赵丽'], ['1008', '黄磊'], ['1009', '周婷'], ['1010', '吴昊'], ['1011', '徐佳'], ['1012', '孙悦'],
];
const SUMMARIES = {
  complaint: ['本月账单多扣了一笔费用,要求核实退还', '客服人员态度不好,要求处理', '报修三天仍未上门', '产品使用两天出现故障'],
  suggestion: ['建议增加夜间服务时段', '建议简化办理流程', '建议短信提醒到期'],
};

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** A whole number of milliseconds between lo and hi seconds, skewed towards lo. */
const seconds = (random: () => number, lo: number, hi: number) => Math.round(1000 * (lo + (hi - lo) * random() ** 2));

/** Reasons that go with a branch (a complaint is logged as a complaint). */
function reasonFor(pack: Pack, branch: string | null, random: () => number): string {
  const groups = pack.reasons;
  const codes = (prefix: string) => groups.flatMap((g) => g.reasons.map((r) => r.code)).filter((c) => c.startsWith(prefix));
  const byBranch: Record<string, string> = { complaint: 'COMPLAINT', suggestion: 'SUGGEST', 'wrong-number': 'OTHER-WRONG', 'find-person': 'OTHER-FIND', 'take-message': 'OTHER-FIND', 'out-of-scope': 'OTHER-OUT' };
  const fitting = branch && byBranch[branch] ? codes(byBranch[branch]) : [];
  if (fitting.length > 0) return pick(random, fitting);
  // Most calls are questions: the first group, its first reasons most often.
  const first = groups[0]!.reasons;
  return first[Math.min(first.length - 1, Math.floor(first.length * random() ** 1.6))]!.code;
}

/** One call through the machine, as an agent of a given care would take it. */
function takePoolCall(desk: CallDesk, clock: SimulatedClock, pack: Pack, random: () => number): void {
  const send = (type: string, extra: Record<string, unknown> = {}): boolean => desk.send({ type, ...extra } as Parameters<CallDesk['send']>[0]);
  const wait = (ms: number) => clock.increment(ms);
  send('RING', { number: '13800000000' });
  const roll = random();
  if (roll < 0.04) {
    // The caller gives up.
    wait(seconds(random, 15, 60));
    send('CALLER_HANG_UP');
    return;
  }
  // Most answered within three rings; some late.
  wait(roll < 0.8 ? seconds(random, 2, 12) : seconds(random, 12, 30));
  send('ANSWER');
  const care = 0.8 + 0.2 * random();
  const phase = () => desk.snapshot.context.phase;
  // The lines of a phase, each said with the agent's care; a line skipped leaves the rest unsaid.
  const sayPhase = (lo: number, hi: number) => {
    const start = phase();
    for (let i = 0; i < 8 && phase() === start; i++) {
      wait(seconds(random, lo, hi));
      if (random() >= care || !send('SAY')) break;
    }
    if (phase() === start) send('NEXT_PHASE');
  };
  sayPhase(1, 3);
  const branchRoll = random();
  const branch =
    branchRoll < 0.07 ? 'complaint' : branchRoll < 0.1 ? 'suggestion' : branchRoll < 0.13 ? 'wrong-number' : branchRoll < 0.17 ? 'find-person' : null;
  const known = branch && pack.branches.some((b) => b.id === branch) ? branch : null;
  if (known) send('CHOOSE_BRANCH', { branch: known });
  if (phase() === 'gathering') sayPhase(5, 40);
  if (random() < 0.18) {
    // Asked to wait (or not), held, thanked (or not).
    send('HOLD');
    send(random() < care ? 'SAY' : 'HOLD');
    wait(seconds(random, 10, 120));
    send('HOLD');
    if (random() < care) send('SAY');
  }
  if (phase() === 'answering') sayPhase(10, 90);
  if (phase() === 'closing') sayPhase(2, 6);
  wait(seconds(random, 1, 4));
  send(random() < 0.9 ? 'CALLER_HANG_UP' : 'AGENT_HANG_UP');
  wait(seconds(random, 5, 50));
  // The branch may have ticked its reason already (wrong number ...).
  if (desk.snapshot.context.reasons.length === 0) send('TOGGLE_REASON', { code: reasonFor(pack, known, random) });
  if (known === 'complaint' || known === 'suggestion') send('SET_SUMMARY', { text: pick(random, SUMMARIES[known]) });
  send('SAVE');
}

export interface DemoOptions {
  calls: number;
  pack: Pack;
  holidays?: readonly string[];
  now?: number;
  seed?: number;
  /** How many different calls the machine takes before they are copied. */
  poolSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Working hours, 08:00 to 20:00: the calls of a day spread over them. */
const DAY_START_HOUR = 8;
const DAY_HOURS = 12;
const BATCH = 20_000;

/**
 * Fills an empty log with `calls` demo calls ending now: up to 900 a working day, a third as many at
 * weekends, the days going back as far as that needs. Returns when they start and the tickets.
 */
export function fillDemoData(store: CallStore, options: DemoOptions): { first: number; last: number; tickets: number } {
  const now = options.now ?? Date.now();
  const random = seededRandom(options.seed ?? 20261124);
  const folder = mkdtempSync(join(tmpdir(), 'ringside-demo-'));
  try {
    const poolPath = join(folder, 'pool.sqlite');
    const pool = new CallStore(poolPath);
    const clock = new SimulatedClock();
    const pack = options.pack;
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store: pool, agent: { name: '', number: '' } });
    const poolSize = options.poolSize ?? 500;
    const poolCalls: { id: number; saveOffset: number; ticket: boolean }[] = [];
    const base = Date.UTC(2020, 0, 6, 1);
    for (let i = 0; i < poolSize; i++) {
      clock.set(base + i * 3_600_000);
      takePoolCall(desk, clock, pack, random);
      const saved = desk.lastSaved;
      if (saved && saved.id !== poolCalls.at(-1)?.id) {
        const call = pool.getCall(saved.id)!;
        poolCalls.push({ id: call.id, saveOffset: (call.savedAt ?? call.endedAt ?? call.ringAt) - call.ringAt, ticket: call.ticket !== null });
      }
      desk.nextCall();
    }
    pool.close();
    if (poolCalls.length === 0) throw new Error('the demo calls did not reach the log');

    // Calls per day: a weekend day has a third of a weekday's; a short run fills about a week.
    const perWeekday = Math.max(1, Math.min(900, Math.round(options.calls / (5 + 2 / 3))));
    const days: { start: number; calls: number }[] = [];
    for (let back = 0, left = options.calls; left > 0; back++) {
      const day = new Date(now);
      day.setHours(0, 0, 0, 0);
      day.setDate(day.getDate() - back);
      const weekend = day.getDay() === 0 || day.getDay() === 6;
      // Today only up to now.
      const share = back === 0 ? Math.max(0, Math.min(1, ((now - day.getTime()) / 3_600_000 - DAY_START_HOUR) / DAY_HOURS)) : 1;
      const calls = Math.min(left, Math.round((weekend ? perWeekday / 3 : perWeekday) * share * (0.85 + 0.3 * random())));
      const start = day.getTime() + DAY_START_HOUR * 3_600_000;
      days.push({ start, calls });
      left -= calls;
    }
    days.reverse();

    let tickets = 0;
    const recent = now - 3 * 86_400_000;
    const result = pack.callback?.results.find((r) => r.closes)?.label ?? 'called back';
    function* batches(): Generator<DemoCopy[]> {
      let id = 0;
      let rows: DemoCopy[] = [];
      for (const day of days) {
        // Today's calls all rang before now.
        const span = Math.min(DAY_HOURS * 3_600_000, Math.max(0, now - 60_000 - day.start));
        const times = Array.from({ length: day.calls }, () => day.start + Math.floor(random() * span)).sort((a, b) => a - b);
        for (const ringAt of times) {
          const source = pick(random, poolCalls);
          const [agentNumber, agentName] = pick(random, AGENTS);
          let due: Pick<DemoCopy, 'dueAt' | 'ticketStatus' | 'closedAt' | 'result'> = { dueAt: null, ticketStatus: null, closedAt: null, result: null };
          if (source.ticket) {
            tickets++;
            const savedAt = ringAt + source.saveOffset;
            const dueAt = addWorkingDays(savedAt, 2, options.holidays);
            // Older promises were kept (a few were not: overdue); the last days' are still open.
            const open = savedAt > recent || random() < 0.02;
            due = open
              ? { dueAt, ticketStatus: 'open', closedAt: null, result: null }
              : { dueAt, ticketStatus: 'closed', closedAt: Math.min(dueAt, savedAt + Math.floor(random() * (dueAt - savedAt))), result };
          }
          rows.push({
            id: ++id,
            poolId: source.id,
            ringAt,
            agentNumber,
            agentName,
            callerName: `${pick(random, SURNAMES)}${random() < 0.5 ? '先生' : '女士'}`,
            callerPhone: `1${pick(random, ['38', '39', '58', '59', '86', '87', '35', '36'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
            ...due,
          });
          if (rows.length === BATCH) {
            yield rows;
            rows = [];
          }
        }
      }
      if (rows.length > 0) yield rows;
    }
    store.copyDemoCalls(poolPath, batches(), (done) => options.onProgress?.(done, options.calls));
    return { first: days[0]?.start ?? now, last: now, tickets };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
