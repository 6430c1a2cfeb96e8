/**
 * `ringside demo-data --calls N`: a log that looks like a real team's month, so that what a lead
 * learns from it on stats, exports and follow-ups holds. Twelve agents, each with their own
 * habits (src/demo/agents.ts: late answers, lines left out, holds, hanging up first, slow
 * wrap-ups, call-backs late or never), take a pool of calls through the real call machine, scored with the instant-fail
 * set in force; every branch of the pack is taken (support with a hold, out of scope explained
 * three times and closed by the agent, a person found or a message taken, cross-region, wrong
 * numbers, complaints, suggestions), and callers give up, early or after three rings. The
 * complaints and suggestions are called back in the pack's call-back script: on time, late
 * after nobody answered or "not a good time", or not yet (overdue). The N calls are copies of
 * the pool, each at its own time with its own caller: seven days a week, weekends a third as
 * busy with four agents on duty in turn, each agent taking the calls when free. Nothing is later
 * than now. Seeded: the same N at the same moment gives the same log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { withinHours } from '../../machines/hours.js';
import { DEFAULT_INSTANT_FAIL } from '../../machines/scorecard.js';
import { CallDesk } from '../call/desk.js';
import { resolveThresholds } from '../call/session.js';
import { Agent, callBackResults, pick, shuffle, SURNAMES, TEAM, weighted, type CallBackKind, type CallKind, type Habits } from './agents.js';
import type { Branch, Pack } from '../pack/schema.js';
import type { DemoCopy } from '../store/demo.js';
import { CallStore } from '../store/sqlite.js';
import { addWorkingDays } from '../call/workdays.js';

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

/** At weekends and holidays this many agents are on duty, in turn week by week. */
export const WEEKEND_AGENTS = 4;
/** A weekend or holiday day has this share of a weekday's calls. */
const WEEKEND_SHARE = 1 / 3;

/** Of 100 calls an agent takes, how many of each kind (the rest are consultations). */
const CALL_MIX: Partial<Record<CallKind, number>> = {
  gaveUpSoon: 2,
  complaint: 8,
  suggestion: 3,
  support: 5,
  crossRegion: 4,
  wrongNumber: 3,
  findPerson: 2,
  takeMessage: 2,
  outOfScope: 2,
  silent: 1,
};
const POOL_PER_AGENT = 60;
/** Call-backs per agent in the pool, in the call-back hours, and at lunch for agents who call then. */
const CALL_BACK_MIX: Record<CallBackKind, number> = { resolved: 4, explained: 3, later: 2, notThem: 1, unreached: 3 };

/** Hours of the day 08:00-20:00, weighted: a morning peak, a lunch dip, an afternoon peak. */
const HOUR_WEIGHTS = [4, 9, 10, 8, 5, 4, 7, 9, 8, 6, 4, 3];
const DAY_START_HOUR = 8;
const BATCH = 20_000;

export interface DemoOptions {
  calls: number;
  pack: Pack;
  holidays?: readonly string[];
  /** Rule IDs or items that score a call 0 (the `instantFail` setting); the default set when not given. */
  instantFail?: readonly string[];
  now?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A call of the pool and what its copies need to know of it. */
interface PoolCall {
  id: number;
  /** Ring to saved (or to the end, for a call nobody answered). */
  saveOffset: number;
  ticket: boolean;
  /** The caller's name was asked: its copies have one. */
  named: boolean;
}

interface AgentPool {
  habits: Habits;
  inbound: PoolCall[];
  /** Call-backs by what became of them, in the call-back hours and at lunch. */
  callBacks: Map<CallBackKind, PoolCall[]>;
  lunchCallBacks: Map<CallBackKind, PoolCall[]>;
  busyUntil: number;
}

/** Local midnight of the day a moment falls on. */
function midnight(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}
function isoDay(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Fills an empty log with `calls` demo calls that came in, ending now (up to 900 a weekday, a
 * third as many at weekends and holidays, the days going back as far as that needs), and the
 * call-backs their tickets were worked with. Returns when they start, the tickets and the call-backs.
 */
export function fillDemoData(store: CallStore, options: DemoOptions): { first: number; last: number; tickets: number; callBacks: number } {
  const now = options.now ?? Date.now();
  const random = seededRandom(options.seed ?? 20261124);
  const pack = options.pack;
  const holidays = options.holidays ?? [];
  const folder = mkdtempSync(join(tmpdir(), 'ringside-demo-'));
  try {
    const poolPath = join(folder, 'pool.sqlite');
    const agents = takePool(poolPath, pack, options.instantFail ?? DEFAULT_INSTANT_FAIL, random);

    // Calls per day: weekends and holidays a third of a weekday's; a short run fills about a week.
    const perWeekday = Math.max(1, Math.min(900, Math.round(options.calls / (5 + 2 * WEEKEND_SHARE))));
    const totalWeight = HOUR_WEIGHTS.reduce((sum, w) => sum + w, 0);
    const days: { start: number; calls: number; onDuty: AgentPool[]; end: number }[] = [];
    for (let back = 0, left = options.calls; left > 0; back++) {
      const day = new Date(now);
      day.setHours(0, 0, 0, 0);
      day.setDate(day.getDate() - back);
      const restDay = day.getDay() === 0 || day.getDay() === 6 || holidays.includes(isoDay(day.getTime()));
      const start = day.getTime() + DAY_START_HOUR * 3_600_000;
      // Today only up to now, by the hours' weights.
      const hoursIn = (now - start) / 3_600_000;
      const share = back > 0 ? 1 : HOUR_WEIGHTS.reduce((sum, w, h) => sum + w * Math.max(0, Math.min(1, hoursIn - h)), 0) / totalWeight;
      const busy = (restDay ? WEEKEND_SHARE : day.getDay() === 1 ? 1.15 : 1) * (0.85 + 0.3 * random());
      const calls = Math.min(left, Math.round(perWeekday * busy * share));
      // A weekend rota: four agents, a different four each week.
      const week = Math.floor(day.getTime() / (7 * 86_400_000));
      const onDuty = restDay ? Array.from({ length: WEEKEND_AGENTS }, (_, i) => agents[(week * WEEKEND_AGENTS + i) % agents.length]!) : agents;
      days.push({ start, calls, onDuty, end: back === 0 ? now : start + HOUR_WEIGHTS.length * 3_600_000 });
      left -= calls;
    }
    days.reverse();

    const results = callBackResults(pack);
    const lunchIsOutside = pack.callback ? [5, 45, 85].every((m) => !withinHours(pack.callback!.hours, new Date(2020, 0, 6, 12, m).getTime())) : false;
    const windows = (pack.callback?.hours ?? []).map((range) => range.split('-').map((hm) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5))) as [number, number]);
    /** A moment on that day to call back at: in the call-back hours, or at lunch. */
    const callBackTime = (day: number, lunch: boolean): number => {
      if (lunch) return day + (12 * 60 + 5 + random() * 80) * 60_000;
      const [from, to] = pick(random, windows);
      return day + (from + random() * Math.max(1, to - from - 20)) * 60_000;
    };

    let tickets = 0;
    let callBacks = 0;
    type PlannedCallBack = Omit<DemoCopy, 'id'> & { owner: AgentPool };
    /** Call-backs planned, by the day they are made on, in order of time. */
    const planned = new Map<number, PlannedCallBack[]>();
    const callBacksOn = (day: number): PlannedCallBack[] => {
      let list = planned.get(day);
      if (!list) planned.set(day, (list = []));
      return list;
    };
    /** In its day's list by its time (a same-day call-back lands after the calls already made). */
    const schedule = (copy: PlannedCallBack) => {
      const list = callBacksOn(midnight(copy.ringAt));
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.ringAt <= copy.ringAt) lo = mid + 1;
        else hi = mid;
      }
      list.splice(lo, 0, copy);
    };
    /**
     * What becomes of a ticket: its owner calls back after some working days (or never),
     * nobody answers or it is not a good time, and they try again the next working day, up to
     * three tries; a result that closes it closes it. Only what happened before now is kept.
     */
    const planFollowUp = (ticketId: number, savedAt: number, owner: AgentPool, caller: { name: string; phone: string }) => {
      const { followUp } = owner.habits;
      const state = { ticketStatus: 'open' as 'open' | 'closed', closedAt: null as number | null, result: null as string | null, attempts: 0 };
      if (!pack.callback || owner.callBacks.size === 0 || random() < followUp.never) return state;
      const restDay = (at: number) => [0, 6].includes(new Date(at).getDay()) || holidays.includes(isoDay(at));
      let daysOn = weighted(random, followUp.firstTry);
      let after = savedAt + 15 * 60_000;
      for (let attempt = 0; attempt < 3; attempt++) {
        const lunch = lunchIsOutside && random() < followUp.lunch;
        let ringAt = callBackTime(midnight(daysOn === 0 ? savedAt : addWorkingDays(savedAt, daysOn, holidays)), lunch);
        // The next working day when that day is a rest day or its time has passed.
        for (let tries = 0; (ringAt < after || restDay(ringAt)) && tries < 10; tries++) {
          daysOn++;
          ringAt = callBackTime(midnight(addWorkingDays(savedAt, daysOn, holidays)), lunch);
        }
        const roll = random();
        const kind: CallBackKind = roll < 0.15 ? 'unreached' : roll < 0.23 ? 'later' : roll < 0.27 ? 'notThem' : roll < 0.7 ? 'resolved' : 'explained';
        const source = pick(random, (lunch ? owner.lunchCallBacks : owner.callBacks).get(kind)!);
        if (ringAt + source.saveOffset >= now) break;
        const closes = kind === 'resolved' || kind === 'explained';
        const copy = {
          poolId: source.id,
          ringAt,
          agentNumber: owner.habits.number,
          agentName: owner.habits.name,
          callerName: caller.name,
          callerPhone: caller.phone,
          ticketId: null,
          dueAt: null,
          ticketStatus: null,
          closedAt: null,
          result: null,
          attempts: 0,
          callbackTicket: ticketId,
          closesTicket: closes ? 1 : 0,
          owner,
        } satisfies Omit<DemoCopy, 'id'> & { owner: AgentPool };
        schedule(copy);
        callBacks++;
        state.attempts++;
        // As the store records a call-back: the result's words, or that nobody answered.
        state.result = kind === 'unreached' ? 'unreached' : results[kind].label;
        if (closes) {
          state.ticketStatus = 'closed';
          state.closedAt = ringAt + source.saveOffset;
          break;
        }
        // Nobody answered, or not a good time: again later that day or the next working day.
        after = ringAt + source.saveOffset + 3_600_000;
        if (kind === 'notThem' || random() < 0.5) daysOn++;
      }
      return state;
    };

    function* batches(): Generator<DemoCopy[]> {
      let id = 0;
      let rows: DemoCopy[] = [];
      const emit = function* (row: Omit<DemoCopy, 'id'>) {
        rows.push({ ...row, id: ++id });
        if (rows.length === BATCH) {
          yield rows;
          rows = [];
        }
      };
      for (const day of days) {
        const span = day.end - day.start;
        const times = Array.from({ length: day.calls }, () => {
          // An hour by its weight, a moment in it; today's calls all rang before now.
          for (let tries = 0; ; tries++) {
            const at = day.start + (weighted(random, HOUR_WEIGHTS) + random()) * 3_600_000;
            if (at < day.end || tries > 20) return Math.min(at, day.start + random() * span);
          }
        }).sort((a, b) => a - b);
        // Today's list grows as today's tickets are called back the same day.
        const callBacksToday = callBacksOn(midnight(day.start));
        let next = 0;
        for (const time of times) {
          while (next < callBacksToday.length && callBacksToday[next]!.ringAt <= time) {
            const { owner, ...callBack } = callBacksToday[next++]!;
            owner.busyUntil = Math.max(owner.busyUntil, callBack.ringAt + 5 * 60_000);
            yield* emit(callBack);
          }
          // The call goes to an agent on duty who is free, the quicker ones more often.
          const free = day.onDuty.filter((agent) => agent.busyUntil <= time);
          const agent = free.length > 0 ? free[weighted(random, free.map((a) => a.habits.weight))]! : day.onDuty.reduce((a, b) => (b.busyUntil < a.busyUntil ? b : a));
          // Saved before now: a call that would still be going on rings earlier that day; just
          // after the day opened, only a call short enough to be over (the shortest at worst).
          let source = pick(random, agent.inbound);
          for (let tries = 0; day.start + source.saveOffset >= now - 1_000 && tries < 20; tries++) source = pick(random, agent.inbound);
          if (day.start + source.saveOffset >= now - 1_000) source = agent.inbound.reduce((a, b) => (b.saveOffset < a.saveOffset ? b : a));
          const ringAt = Math.max(Math.min(time, now - 1_000 - source.saveOffset), Math.min(day.start, now - 1_000 - source.saveOffset));
          agent.busyUntil = Math.max(agent.busyUntil, ringAt + source.saveOffset);
          const caller = {
            name: source.named ? `${pick(random, SURNAMES)}${random() < 0.5 ? '先生' : '女士'}` : '',
            phone: `1${pick(random, ['38', '39', '58', '59', '86', '87', '35', '36'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
          };
          let ticket: Pick<DemoCopy, 'ticketId' | 'dueAt' | 'ticketStatus' | 'closedAt' | 'result' | 'attempts'> = {
            ticketId: null, dueAt: null, ticketStatus: null, closedAt: null, result: null, attempts: 0,
          };
          if (source.ticket) {
            const ticketId = ++tickets;
            const savedAt = ringAt + source.saveOffset;
            ticket = { ticketId, dueAt: addWorkingDays(savedAt, 2, holidays), ...planFollowUp(ticketId, savedAt, agent, caller) };
          }
          yield* emit({
            poolId: source.id,
            ringAt,
            agentNumber: agent.habits.number,
            agentName: agent.habits.name,
            callerName: caller.name,
            callerPhone: caller.phone,
            ...ticket,
            callbackTicket: null,
            closesTicket: 0,
          });
        }
        for (const { owner: _owner, ...callBack } of callBacksToday.slice(next)) yield* emit(callBack);
        planned.delete(midnight(day.start));
      }
      if (rows.length > 0) yield rows;
    }
    const total = options.calls;
    store.copyDemoCalls(poolPath, batches(), (done) => options.onProgress?.(Math.min(done, total), total));
    return { first: days[0]?.start ?? now, last: now, tickets, callBacks };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Each agent takes their own pool of calls through the machine, saved into a temporary log. */
function takePool(poolPath: string, pack: Pack, instantFail: readonly string[], random: () => number): AgentPool[] {
  const pool = new CallStore(poolPath);
  try {
    const clock = new SimulatedClock();
    const desk = new CallDesk({
      pack,
      thresholds: resolveThresholds(pack),
      strict: false,
      clock,
      store: pool,
      agent: { name: '', number: '' },
      scoring: () => ({ instantFail }),
    });
    const kinds = new Set(pack.branches.map((b) => b.kind));
    // The pool's calls each at their own time, one after another: calls in by the hour from
    // 6 January 2020, call-backs a day apart from 1 June (their hour of the day is judged).
    let hour = 0;
    let callBackDay = 0;
    /** One call taken at its moment: its id in the pool, or null if it was not saved. */
    const take = (at: number, work: () => void): number | null => {
      clock.set(at);
      desk.lastSaved = null;
      work();
      const saved = desk.lastSaved as { id: number } | null;
      desk.nextCall();
      return saved?.id ?? null;
    };
    type Taken = { habits: Habits; inbound: number[]; callBacks: Map<CallBackKind, number[]>; lunchCallBacks: Map<CallBackKind, number[]> };
    // One commit for the whole pool: its file is thrown away after the copy.
    const taken = pool.batch(() => {
      const agents = TEAM.map((habits): Taken => {
        const agent = new Agent(desk, clock, pack, habits, random);
        const deck: CallKind[] = [];
        const mix: Partial<Record<CallKind, number>> = { ...CALL_MIX, rangOut: habits.rangOut, rejected: habits.rejected };
        for (const [kind, per100] of Object.entries(mix) as [CallKind, number][]) {
          const known = kind === 'gaveUpSoon' || kind === 'rangOut' || kind === 'rejected' || kinds.has(kind as Branch['kind']);
          // Every kind at least once in each agent's pool, in its share.
          const n = per100 === 0 ? 0 : Math.max(1, Math.round((per100 * POOL_PER_AGENT) / 100));
          for (let i = 0; i < n; i++) deck.push(known ? kind : 'consultation');
        }
        while (deck.length < POOL_PER_AGENT) deck.push('consultation');
        const inbound = shuffle(random, deck)
          .map((kind) => take(Date.UTC(2020, 0, 6) + hour++ * 3_600_000, () => agent.takeCall(kind)))
          .filter((id): id is number => id !== null);
        return { habits, inbound, callBacks: new Map(), lunchCallBacks: new Map() };
      });
      // Call-backs need a ticket to work: any of the pool's will do, its copies get their own.
      const [ticket] = pool.openFollowUps();
      if (pack.callback && ticket) {
        const results = callBackResults(pack);
        for (const entry of agents) {
          const agent = new Agent(desk, clock, pack, entry.habits, random);
          for (const [kind, n] of Object.entries(CALL_BACK_MIX) as [CallBackKind, number][]) {
            // In the call-back hours (10:00), and at lunch (12:30) for an agent who calls then.
            for (const [hours, into, count] of [[10, entry.callBacks, n], [12.5, entry.lunchCallBacks, entry.habits.followUp.lunch > 0 ? 1 : 0]] as const) {
              for (let i = 0; i < count; i++) {
                const at = new Date(2020, 5, 1 + callBackDay++, Math.floor(hours), (hours % 1) * 60).getTime();
                const id = take(at, () => agent.callBack(kind, { id: ticket.ticketId, openedAt: ticket.openedAt }, results));
                if (id !== null) into.set(kind, [...(into.get(kind) ?? []), id]);
              }
            }
          }
        }
      }
      return agents;
    });
    // What the copies need of each pool call, read in one pass.
    const calls = new Map<number, PoolCall>();
    for (const row of pool.exportRows(0, Number.MAX_SAFE_INTEGER)) {
      const savedAt = (row.ended_at ?? row.ring_at) + (row.wrap_up_ms ?? 0);
      calls.set(row.id, { id: row.id, saveOffset: savedAt - row.ring_at, ticket: row.ticket_kind !== null, named: row.caller_name !== '' });
    }
    const lookUp = (ids: number[]) => ids.map((id) => calls.get(id)!);
    const byKind = (map: Map<CallBackKind, number[]>) => new Map([...map].map(([kind, ids]) => [kind, lookUp(ids)]));
    const agents = taken.map((entry) => ({
      habits: entry.habits,
      inbound: lookUp(entry.inbound),
      callBacks: byKind(entry.callBacks),
      lunchCallBacks: byKind(entry.lunchCallBacks),
      busyUntil: 0,
    }));
    if (agents.some((agent) => agent.inbound.length === 0)) throw new Error('the demo calls did not reach the log');
    return agents;
  } finally {
    pool.close();
  }
}
