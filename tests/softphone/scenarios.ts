/**
 * Calls on a followed phone, written once and run two ways: against a real pair of baresip
 * processes (real.test.ts, which also captures what baresip said), and against a fake server
 * replaying those captures (replay.test.ts). Either way the desk, the follower, the link and a
 * real SQLite log are the product's own; the desk's clock is XState's simulated one, so the
 * ring wait is exactly what the test says.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds, type CallCommand } from '../../src/call/session.js';
import { BaresipLink } from '../../src/softphone/baresip.js';
import { PhoneFollower } from '../../src/softphone/follow.js';
import { CallStore } from '../../src/store/sqlite.js';
import { tempDir, zhGeneral } from '../helpers.js';
import type { WireEntry } from './fake-baresip.js';
import { until, type CtrlClient } from './pair.js';

/** What the far side does: the caller's phone, or a rival client taking the agent phone's link. */
export interface FarSide {
  caller(action: 'dial' | 'hangup' | 'hold' | 'resume'): Promise<void>;
  /**
   * Someone else connects to the agent phone's ctrl_tcp (Ringside is dropped) and does `work`
   * meanwhile, on the phones directly (a replay has no phones: what Ringside missed is missed).
   */
  rival(work: (agentPhone: CtrlClient, callerPhone: CtrlClient) => Promise<void>): Promise<void>;
  /** Waits until the caller's phone has this audio direction (real phones; a replay has none to ask). */
  callerHears(direction: 'recvonly' | 'sendrecv'): Promise<void>;
}

/** A desk following the baresip at `port`, on a call log in `dir` (a fresh temp folder unless given). */
export function followingDesk(port: number, options: { strict?: boolean; dir?: string; retryMs?: number; requestTimeoutMs?: number; lostAfterMs?: number } = {}) {
  const temp = options.dir ? null : tempDir();
  const dir = { path: options.dir ?? temp!.path, remove: () => temp?.remove() };
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(Date.UTC(2026, 10, 24, 2, 0, 0)); // Tuesday 10:00 in Beijing
  const store = new CallStore(join(dir.path, 'calls.sqlite'));
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: options.strict ?? false, clock, store, agent: { name: '王敏', number: '1024' } });
  const transcript: WireEntry[] = [];
  // The retry waits long enough for a rival's work to finish before Ringside takes the link back.
  const link = new BaresipLink({
    host: '127.0.0.1',
    port,
    retryMs: options.retryMs ?? 300,
    maxRetryMs: 600,
    lostAfterMs: options.lostAfterMs ?? 5000,
    requestTimeoutMs: options.requestTimeoutMs,
    wire: (entry) => transcript.push(entry),
  });
  const phone = new PhoneFollower(desk, link);
  let resyncs = 0;
  link.subscribe((event) => {
    if (event.type === 'resync') resyncs++;
  });
  phone.start();
  const key = (type: CallCommand['type']) => desk.send({ type } as CallCommand);
  const state = () => desk.snapshot.value;
  const lastCall = () => store.recentCalls(1)[0]!;
  const stop = () => {
    phone.stop();
    desk.stop();
    store.close();
    dir.remove();
  };
  return { desk, phone, link, store, clock, transcript, key, state, lastCall, stop, resyncs: () => resyncs };
}

export type Following = ReturnType<typeof followingDesk>;

/** Where a scenario's capture of baresip's talk is kept. */
export const captureFile = (name: string) =>
  join(import.meta.dirname, 'captured', `${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.jsonl`);

export interface PhoneScenario {
  name: string;
  run(f: Following, far: FarSide): Promise<void>;
}

const ringing = (f: Following) => until(() => f.desk.snapshot.matches('ringing'), 'the call rings on the desk');
const live = (f: Following) => until(() => f.desk.snapshot.matches('live'), 'the call is live');
const wrapUp = (f: Following) => until(() => f.desk.snapshot.matches('wrapUp'), 'wrap-up');
const idleAgain = (f: Following) => until(() => f.desk.snapshot.matches('idle') && f.store.recentCalls(1).length > 0, 'the call logged and the desk idle');
const connected = (f: Following) => until(() => f.link.state === 'connected', 'the link connected');

/** Rings, with the caller's number and name in the caller fields; answered by the key after `ringMs`. */
async function ringAndAnswer(f: Following, far: FarSide, ringMs: number): Promise<void> {
  await connected(f);
  await far.caller('dial');
  await ringing(f);
  expect(f.desk.snapshot.context.fields).toMatchObject({ phone: '13800001111', name: 'Zhang San' });
  f.clock.increment(ringMs);
  expect(f.key('ANSWER')).toBe(true);
  // The key only asks the phone: the machine moves when the phone says the call is up.
  await live(f);
}

export const PHONE_SCENARIOS: PhoneScenario[] = [
  {
    name: 'answered by key, late: the caller hangs up first',
    async run(f, far) {
      await ringAndAnswer(f, far, 16_000);
      expect(f.desk.snapshot.context.lateAnswer).toBe(true); // past three rings: the apology is due (R-LATE-SORRY)
      f.key('SAY');
      await far.caller('hangup');
      await wrapUp(f);
      const ctx = f.desk.snapshot.context;
      expect(ctx.hungUpBy).toBe('caller');
      expect(ctx.steps['they-hang-up']?.status).toBe('done'); // R-THEY-HANG-UP, from the phone
      expect(ctx.answeredAt! - ctx.ringAt!).toBe(16_000);
    },
  },
  {
    name: 'the agent hangs up first',
    async run(f, far) {
      await ringAndAnswer(f, far, 2000);
      expect(f.key('AGENT_HANG_UP')).toBe(true);
      await wrapUp(f);
      expect(f.desk.snapshot.context.hungUpBy).toBe('agent');
      expect(f.desk.snapshot.context.steps['they-hang-up']?.status).toBe('missed');
    },
  },
  {
    name: 'rejected while ringing',
    async run(f, far) {
      await connected(f);
      await far.caller('dial');
      await ringing(f);
      f.clock.increment(3000);
      f.key('AGENT_HANG_UP');
      await idleAgain(f);
      expect(f.lastCall()).toMatchObject({ outcome: 'rejected', hungUpBy: 'agent', ringMs: 3000, caller: { phone: '13800001111', name: 'Zhang San' } });
    },
  },
  {
    name: 'missed: the caller gives up after 20 s of ringing',
    async run(f, far) {
      await connected(f);
      await far.caller('dial');
      await ringing(f);
      f.clock.increment(20_000);
      await far.caller('hangup');
      await idleAgain(f);
      const call = f.lastCall();
      expect(call).toMatchObject({ outcome: 'missed', hungUpBy: 'caller', ringMs: 20_000, caller: { phone: '13800001111' } });
    },
  },
  {
    name: 'hold and resume, by the agent and by the caller',
    async run(f, far) {
      await ringAndAnswer(f, far, 1000);
      f.key('HOLD');
      f.key('SAY'); // "please hold": the hold starts, and the phone holds the call
      expect(f.desk.snapshot.hasTag('onHold')).toBe(true);
      await far.callerHears('recvonly'); // the agent's phone sends only: the caller is on hold
      f.key('HOLD'); // back to the caller
      await far.callerHears('sendrecv');
      await far.caller('hold');
      await until(() => f.desk.snapshot.context.callerHolds.at(-1)?.endedAt === null, "the caller's hold seen");
      await far.caller('resume');
      await until(() => f.desk.snapshot.context.callerHolds.at(-1)?.endedAt != null, "the caller's resume seen");
      await far.caller('hangup');
      await wrapUp(f);
      const ctx = f.desk.snapshot.context;
      expect(ctx.holds).toHaveLength(1);
      expect(ctx.holds[0]).toMatchObject({ askedToWait: true });
      expect(ctx.callerHolds).toHaveLength(1);
    },
  },
  {
    name: 'the link drops mid-call and comes back: the call goes on and ends as the phone says',
    async run(f, far) {
      await ringAndAnswer(f, far, 1000);
      await far.rival(async () => {});
      await until(() => f.link.state === 'reconnecting', 'the link seen down');
      // Meanwhile the agent carries on by keyboard: the line said is kept.
      f.key('SAY');
      await until(() => f.resyncs() === 2, 'back and resynced');
      expect(f.desk.snapshot.matches('live')).toBe(true);
      expect(f.desk.snapshot.context.steps['open']?.status).toBe('done');
      await far.caller('hangup');
      await wrapUp(f);
      expect(f.desk.snapshot.context.hungUpBy).toBe('caller');
    },
  },
  {
    name: 'answered on the phone while the link was down: the resync puts the call live',
    async run(f, far) {
      await connected(f);
      await far.caller('dial');
      await ringing(f);
      await far.rival(async (agentPhone) => {
        await agentPhone.command('accept');
        await until(() => agentPhone.events.some((e) => e.type === 'CALL_ESTABLISHED'), 'answered by the rival');
      });
      await live(f);
      await far.caller('hangup');
      await wrapUp(f);
      expect(f.desk.snapshot.context.hungUpBy).toBe('caller');
    },
  },
  {
    name: 'the call ended while the link was down: it ends, and who hung up first is not judged',
    async run(f, far) {
      await ringAndAnswer(f, far, 1000);
      await far.rival(async (agentPhone, callerPhone) => {
        await callerPhone.command('hangup');
        await until(() => agentPhone.events.some((e) => e.type === 'CALL_CLOSED'), 'the caller gone');
      });
      await wrapUp(f);
      expect(f.phone.notice).toEqual({ kind: 'endedUnseen' });
      // Nobody knows who hung up first: not judged either way (R-THEY-HANG-UP).
      expect(f.desk.snapshot.context.hungUpBy).toBe('line');
      expect(f.desk.snapshot.context.steps['they-hang-up']?.status).toBe('skipped');
    },
  },
];
