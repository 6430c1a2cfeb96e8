/**
 * What a desk tells the team board it is doing now (issue 18, item 3): a pure function of the
 * call's snapshot, the time on the call's clock and what was said before (a state keeps the moment
 * it began, an alert the moment it was raised). Caller data is masked here, before it leaves the
 * desk, as the board shows it (src/privacy.ts, output `board`): the team's server never holds a
 * live caller's name or number from this.
 *
 * Times in it are on the desk's clock (ms): the row carries the desk's time it was sent at, and
 * the reader converts (server time = seen_at - (deskNow - t)), so a desk's clock that is off does
 * not move the board's times.
 */
import { holdBackPending } from '../../machines/call.js';
import { currentBranch, currentStep } from '../../machines/steps.js';
import type { Phase } from '../../machines/phases.js';
import type { CallSnapshot } from '../call/session.js';
import { shown, shownCall } from '../privacy.js';
import { checklist, lineVariables, lineView, screenState, type DeskVariables } from '../ui/view.js';

/** What an agent is doing, as the board names it. */
export const DESK_STATES = ['ready', 'ringing', 'talking', 'hold', 'wrapUp', 'callBack'] as const;
export type DeskStateName = (typeof DESK_STATES)[number];

/** What the board warns a lead of, about one desk. */
export const ALERT_KINDS = ['holdOver', 'nonBusinessOver', 'wrapUpOver', 'followUpsOverdue', 'flagged'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Bounds on what one desk sends (a pack's long labels, a long call): the row stays small. */
export const LIVE_BOUNDS = { text: 200, checklist: 40, missed: 20 } as const;

export interface LiveTimer {
  kind: 'ring' | 'talk' | 'hold' | 'wrapUp';
  /** When it started and (if it has) stopped, on the desk's clock. */
  from: number;
  to: number | null;
  /** When it turns red (ms of running): the ring's three rings, the hold's check-back, wrap-up's limit. */
  limitMs: number | null;
}

export interface LiveDetail {
  packId: string;
  phase: Phase | null;
  /** The step to say now (its label), or null between calls. */
  step: string | null;
  /** The labels of the steps missed so far in this call. */
  missed: string[];
  /** The line on the agent's screen now, filled in with the caller's data masked. */
  line: string | null;
  caller: { name: string; phone: string } | null;
  branch: string | null;
  checklist: { label: string; rules: string[]; status: string; current: boolean }[];
  timers: LiveTimer[];
  /** Each alert raised now, with the moment it was raised (desk clock). */
  alerts: { kind: AlertKind; at: number }[];
  /** Follow-ups past their due time on this desk. */
  overdue: number;
}

export interface LiveState {
  state: DeskStateName;
  /** When the state began, on the desk's clock. */
  since: number;
  detail: LiveDetail;
}

/** What the desk knows besides the call: its settings (for the lines), its overdue follow-ups. */
export interface DeskFacts {
  variables: DeskVariables;
  overdueFollowUps: number;
}

const cut = (text: string) => (text.length > LIVE_BOUNDS.text ? `${text.slice(0, LIVE_BOUNDS.text - 1)}…` : text);

/** The state the board shows for a snapshot. */
export function deskStateName(snapshot: CallSnapshot): DeskStateName {
  const ctx = snapshot.context;
  switch (screenState(snapshot)) {
    case 'idle':
    case 'logged':
      return 'ready';
    case 'ringing':
      return 'ringing';
    case 'dialing':
      return 'callBack';
    case 'hold':
      return 'hold';
    case 'wrapUp':
      return 'wrapUp';
    default:
      return ctx.callback ? 'callBack' : 'talking';
  }
}

/** When the state the snapshot is in began, when the call says it (null: ready, which only the desk's history knows). */
function stateBegan(snapshot: CallSnapshot, state: DeskStateName): number | null {
  const ctx = snapshot.context;
  const lastHold = ctx.holds.at(-1);
  switch (state) {
    case 'ready':
      return null;
    case 'ringing':
      return ctx.ringAt;
    case 'hold':
      return lastHold?.startedAt ?? null;
    case 'wrapUp':
      return ctx.endedAt;
    case 'talking':
    case 'callBack':
      // Back from a hold: talking again since it ended; a call-back still dialling: since the dial.
      return lastHold?.endedAt ?? ctx.answeredAt ?? ctx.ringAt;
  }
}

/**
 * The desk's live state: `now` on the call's clock, `previous` what was worked out last time (a
 * state or an alert that goes on keeps its moment; one the call does not date begins now).
 */
export function liveState(snapshot: CallSnapshot, now: number, facts: DeskFacts, previous: LiveState | null = null): LiveState {
  const ctx = snapshot.context;
  const state = deskStateName(snapshot);
  const since = stateBegan(snapshot, state) ?? (previous?.state === state ? previous.since : now);
  const inCall = ctx.answeredAt !== null && ctx.endedAt === null;
  const nonBusiness = ctx.callback !== null || ctx.branchIds.some((id) => ctx.pack.branches.find((branch) => branch.id === id)?.nonBusiness);
  const raised: [AlertKind, boolean, number | null][] = [
    ['holdOver', snapshot.hasTag('checkBackDue'), null],
    ['nonBusinessOver', inCall && ctx.pastNonBusinessLimit && nonBusiness, ctx.answeredAt === null ? null : ctx.answeredAt + (ctx.callback && ctx.pack.callback ? ctx.pack.callback.limitMs : ctx.thresholds.nonBusinessMs)],
    ['wrapUpOver', state === 'wrapUp' && ctx.wrapUpOverdue, ctx.endedAt === null ? null : ctx.endedAt + ctx.thresholds.wrapUpMs],
    ['followUpsOverdue', facts.overdueFollowUps > 0, null],
    ['flagged', state !== 'ready' && ctx.flagged, null],
  ];
  const before = new Map(previous?.detail.alerts.map((alert) => [alert.kind, alert.at]));
  const alerts = raised.filter(([, on]) => on).map(([kind, , dated]) => ({ kind, at: dated ?? before.get(kind) ?? now }));

  const rows = checklist(ctx);
  const step = state === 'ready' ? null : (rows.find((row) => row.current)?.label ?? (holdBackPending(ctx) ? ctx.pack.hold.back.label ?? null : currentStep(ctx)?.label ?? null));
  // The line as the agent's screen fills it, the caller's data in it as the board shows it.
  const masked = shownCall('board', ctx, (id) => ctx.pack.fields.some((field) => field.id === id && field.private));
  const line = state === 'ready' ? null : lineView(snapshot, lineVariables(ctx.pack, facts.variables, masked.fields));
  const hold = ctx.holds.at(-1);
  const timers: LiveTimer[] = [];
  if (ctx.ringAt !== null) timers.push({ kind: 'ring', from: ctx.ringAt, to: ctx.answeredAt ?? ctx.endedAt, limitMs: ctx.callback ? null : ctx.thresholds.ringMs });
  if (ctx.answeredAt !== null) timers.push({ kind: 'talk', from: ctx.answeredAt, to: ctx.endedAt, limitMs: null });
  if (hold && state === 'hold') timers.push({ kind: 'hold', from: hold.startedAt, to: hold.endedAt, limitMs: ctx.thresholds.holdCheckBackMs });
  if (ctx.endedAt !== null && ctx.answeredAt !== null) timers.push({ kind: 'wrapUp', from: ctx.endedAt, to: ctx.savedAt, limitMs: ctx.thresholds.wrapUpMs });
  return {
    state,
    since,
    detail: {
      packId: ctx.pack.id,
      phase: state === 'ready' ? null : ctx.phase,
      step: step === null ? null : cut(step),
      missed: rows.filter((row) => row.status === 'missed').slice(0, LIVE_BOUNDS.missed).map((row) => cut(row.label)),
      line: line?.current ? cut(line.current) : null,
      caller:
        state === 'ready' || ctx.ringAt === null
          ? null
          : { name: shown('board', 'name', ctx.fields.name ?? ''), phone: shown('board', 'phone', ctx.fields.phone ?? '') },
      branch: state === 'ready' ? null : (currentBranch(ctx)?.label ?? null),
      checklist: state === 'ready' ? [] : rows.slice(0, LIVE_BOUNDS.checklist).map((row) => ({ label: cut(row.label), rules: row.rules.slice(0, 8), status: row.status, current: row.current })),
      timers: state === 'ready' ? [] : timers,
      alerts,
      overdue: facts.overdueFollowUps,
    },
  };
}

/** Whether two states would look the same on the board (nothing worth sending but a heartbeat). */
export function sameLiveState(a: LiveState | null, b: LiveState): boolean {
  return a !== null && a.state === b.state && a.since === b.since && JSON.stringify(a.detail) === JSON.stringify(b.detail);
}
