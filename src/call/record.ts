/**
 * What a finished call leaves in the log, decided here, not in the store: its figures, its
 * reasons with their words, the rules' verdicts, the scorecard, the ticket it opens (due two
 * working days after the save) and, for a call-back, its result and whether that closes the
 * ticket. Pure: the store only writes what this returns (src/store/calls.ts).
 */
import type { CallContext, HoldThanks } from '../../machines/call.js';
import { reasonGroups, ticketKind } from '../../machines/call.js';
import { judgeCall } from '../../machines/judge.js';
import { scoreCall, type Expectation, type Scorecard } from '../../machines/scorecard.js';
import { allSteps, type HeardEvidence } from '../../machines/steps.js';
import { addWorkingDays } from './workdays.js';

/** How a call is scored when it is saved. */
export interface SaveScoring {
  instantFail: readonly string[];
  /** A training scenario's expectations. */
  expect?: Expectation;
  /** A trainer listened: trainer items not marked pass. */
  reviewed?: boolean;
}

/** A finished call as the log keeps it: plain data, every decision already made. */
export interface CallRecord {
  outcome: string | null;
  ringAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  savedAt: number | null;
  ringMs: number | null;
  talkMs: number | null;
  holdMs: number;
  wrapUpMs: number | null;
  lateAnswer: boolean;
  hungUpBy: string | null;
  branches: string[];
  summary: string;
  flagged: boolean;
  /** The pack's own fields beyond name, phone, address and area code. */
  caller: { name: string; phone: string; address: string; areaCode: string; fields: Record<string, string> };
  /** In the order chosen, each with the words and group the pack (or its call-back results) gives it. */
  reasons: { code: string; label: string; group: string }[];
  holds: { startedAt: number; endedAt: number | null; askedToWait: boolean; thanks: HoldThanks; checkBacks: number }[];
  /** The steps the call touched, in the pack's order (`seq`: the step's place in the pack), with the rules each step serves. */
  steps: { seq: number; id: string; phase: string; status: string; at: number | null; count: number; rules: string[]; heard?: HeardEvidence }[];
  rules: { rule: string; outcome: string; at: number | null; why: string }[];
  notes: { at: number; text: string }[];
  /** Items A-N and the instant-fail set they were scored with; null for a call not answered, or a call-back. */
  scorecard: (Scorecard & { instantFailSet: string[] }) | null;
  /** The ticket the call opens (R-TICKET), due two working days after the save (R-FOLLOW-UP). */
  ticket: { kind: 'complaint' | 'suggestion'; summary: string; openedAt: number; dueAt: number } | null;
  /** A call-back: the ticket it worked, when, the result's words (or 'unreached'), and whether it closes the ticket. */
  callBack: { ticketId: number; at: number | null; result: string | null; closes: boolean } | null;
}

/** The record of a finished call (`holidays`: dates, YYYY-MM-DD, that are not working days). */
export function callRecord(ctx: CallContext, options: { holidays?: readonly string[]; scoring?: SaveScoring } = {}): CallRecord {
  const { name = '', phone = '', address = '', areaCode = '', ...fields } = ctx.fields;
  // A call-back's reasons are its results: they are logged with their own words too.
  const reasonInfo = new Map(
    reasonGroups(ctx).flatMap((group) => group.reasons.map((reason) => [reason.code, { label: reason.label, group: group.group }] as const)),
  );
  const rules = judgeCall(ctx);
  const scoring = options.scoring ?? { instantFail: [] };
  const kind = ticketKind(ctx);
  return {
    outcome: ctx.outcome,
    ringAt: ctx.ringAt,
    answeredAt: ctx.answeredAt,
    endedAt: ctx.endedAt,
    savedAt: ctx.savedAt,
    ringMs: ctx.ringAt === null ? null : (ctx.answeredAt ?? ctx.endedAt ?? ctx.ringAt) - ctx.ringAt,
    talkMs: ctx.answeredAt === null || ctx.endedAt === null ? null : ctx.endedAt - ctx.answeredAt,
    holdMs: ctx.holds.reduce((sum, h) => sum + ((h.endedAt ?? ctx.endedAt ?? h.startedAt) - h.startedAt), 0),
    wrapUpMs: ctx.endedAt === null || ctx.savedAt === null ? null : ctx.savedAt - ctx.endedAt,
    lateAnswer: ctx.lateAnswer,
    hungUpBy: ctx.hungUpBy,
    branches: [...ctx.branchIds],
    summary: ctx.summary,
    flagged: ctx.flagged,
    caller: { name, phone, address, areaCode, fields },
    reasons: ctx.reasons.map((code) => ({ code, ...(reasonInfo.get(code) ?? { label: code, group: '' }) })),
    holds: ctx.holds.map((h) => ({ startedAt: h.startedAt, endedAt: h.endedAt, askedToWait: h.askedToWait, thanks: h.thanks, checkBacks: h.checkBacks })),
    steps: allSteps(ctx.pack).flatMap((step, i) => {
      const done = ctx.steps[step.id];
      if (!done) return [];
      // A step the transcript ticked keeps what was heard: the evidence behind its tick.
      const heard = done.heard ? { heard: { ...done.heard } } : {};
      return [{ seq: i + 1, id: step.id, phase: done.phase, status: done.status, at: done.at, count: done.count, rules: [...step.rules], ...heard }];
    }),
    rules: rules.map((j) => ({ rule: j.rule, outcome: j.outcome, at: j.at, why: j.why })),
    notes: ctx.notes.map((n) => ({ at: n.at, text: n.text })),
    // A call nobody answered has nothing to score; the scorecard's items are about a call taken,
    // and a call-back is judged by its rules alone.
    scorecard:
      ctx.answeredAt !== null && !ctx.callback
        ? { ...scoreCall(ctx, { ...scoring, reviewed: scoring.reviewed ?? false, judgements: rules }), instantFailSet: [...scoring.instantFail] }
        : null,
    ticket: kind && ctx.savedAt !== null ? { kind, summary: ctx.summary, openedAt: ctx.savedAt, dueAt: addWorkingDays(ctx.savedAt, 2, options.holidays) } : null,
    callBack: ctx.callback ? callBackOf(ctx) : null,
  };
}

/** A call-back's result: reached and told what closes it (the pack's results say which), or not. */
function callBackOf(ctx: CallContext): CallRecord['callBack'] {
  const result = ctx.pack.callback?.results.find((r) => ctx.reasons.includes(r.code));
  return {
    ticketId: ctx.callback!.ticketId,
    at: ctx.savedAt ?? ctx.endedAt ?? ctx.ringAt,
    result: result?.label ?? (ctx.outcome === 'unreached' ? 'unreached' : null),
    closes: ctx.outcome === 'answered' && (result?.closes ?? false),
  };
}
