/**
 * A call that rang on the phone and ended while another call was on screen (the caller gave up,
 * or the agent rejected it): the same machine takes its ring and its end on a clock of its own,
 * set to the real moments, so it is judged and saved like any call, without touching the call
 * on screen.
 */
import { SimulatedClock } from 'xstate';
import type { CallContext, CallEvent, HungUpBy } from '../../machines/call.js';
import type { Pack, Thresholds } from '../pack/schema.js';
import { CallSession } from './session.js';

/** A missed call, ready to be logged whole (opened, its events and its save in one transaction). */
export interface MissedCall {
  readonly packId: string;
  readonly settings: { strict: boolean; thresholds: Thresholds };
  readonly events: readonly CallEvent[];
  readonly context: CallContext;
}

/** What the phone said of a call that was never on screen. */
export interface UnansweredCall {
  readonly number: string;
  readonly name: string;
  readonly callId: string;
  readonly ringAt: number;
  readonly endedAt: number;
  readonly by: HungUpBy;
}

export function missedCall(call: UnansweredCall, settings: { pack: Pack; strict: boolean; thresholds: Thresholds }): MissedCall {
  const { pack, thresholds, strict } = settings;
  const clock = new SimulatedClock();
  clock.set(call.ringAt);
  const session = new CallSession({ pack, thresholds, strict, clock });
  const ring = session.take({ type: 'RING', number: call.number || undefined, name: call.name || undefined, callId: call.callId });
  clock.set(Math.max(call.ringAt, call.endedAt));
  const end = session.take(call.by === 'agent' ? { type: 'AGENT_HANG_UP', phone: true } : { type: 'CALLER_HANG_UP', line: call.by === 'line' || undefined });
  const events = [ring, end].filter((event): event is CallEvent => event !== null);
  const context = session.snapshot.context;
  session.stop();
  return { packId: pack.id, settings: { strict, thresholds }, events, context };
}
