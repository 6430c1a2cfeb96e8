/**
 * The team board's picture (issue 18, item 4), pure: the rows read from the server and the time
 * now (on the server's clock) in; one row per desk, the summary line and the alerts out. What a
 * desk sent is checked and bounded here (a desk is another process: its detail may be anything).
 */
import { PHASES, type Phase } from '../../machines/phases.js';
import { ALERT_KINDS, DESK_STATES, LIVE_BOUNDS, type AlertKind, type DeskStateName, type LiveDetail, type LiveTimer } from './live-state.js';

/** One desk as the board reads it (src/team/board-read.ts): times in ms on the server's clock, bar `deskNow`. */
export interface DeskRow {
  deskId: string;
  agentNumber: string;
  agentName: string;
  state: string;
  since: number;
  seenAt: number;
  /** The desk's own clock when it sent the row: the detail's times are on it. */
  deskNow: number;
  detail: unknown;
  callsToday: number;
  answeredToday: number;
  ring3Today: number;
}

/** A desk's state on the board: what it said, or lost (not heard from), or signed off. */
export type BoardState = DeskStateName | 'lost' | 'off';

/** Time in state is coloured at three thresholds (VICIdial's 10 s, 1 min, 5 min by default). */
export interface BoardSettings {
  /** The thresholds in ms, rising. */
  colours: readonly [number, number, number];
  /** A desk not heard from for this long is lost. */
  lostMs: number;
}

export const DEFAULT_BOARD_COLOURS: readonly [number, number, number] = [10_000, 60_000, 300_000];
/** Three heartbeats missed (src/team/publish.ts HEARTBEAT_MS) and a little more. */
export const DEFAULT_LOST_MS = 16_000;

export interface AgentRow {
  deskId: string;
  number: string;
  name: string;
  state: BoardState;
  /** Time in the state (lost: since the desk was last heard from). */
  inStateMs: number;
  /** 0 below the first threshold, then 1, 2, 3. */
  tier: 0 | 1 | 2 | 3;
  callsToday: number;
  answeredToday: number;
  ring3Today: number;
  step: string | null;
  missed: string[];
  /** The call as the desk last sent it, its times on the server's clock (null between calls). */
  detail: LiveDetail;
}

export type BoardAlertKind = AlertKind | 'sameNumber';

export interface BoardAlert {
  kind: BoardAlertKind;
  deskId: string;
  number: string;
  name: string;
  ageMs: number;
}

export interface BoardSummary {
  inCalls: number;
  ready: number;
  wrapUp: number;
  lost: number;
  /** Desks on the board that have not signed off. */
  total: number;
}

export interface BoardModel {
  agents: AgentRow[];
  summary: BoardSummary;
  alerts: BoardAlert[];
}

const IN_CALL: ReadonlySet<BoardState> = new Set(['ringing', 'talking', 'hold', 'callBack']);

/** The board's picture at `now` (server clock). */
export function boardModel(rows: readonly DeskRow[], now: number, settings: BoardSettings): BoardModel {
  const agents = rows.map((row) => agentRow(row, now, settings));
  agents.sort((a, b) => a.number.localeCompare(b.number) || a.name.localeCompare(b.name) || a.deskId.localeCompare(b.deskId));
  const summary: BoardSummary = { inCalls: 0, ready: 0, wrapUp: 0, lost: 0, total: 0 };
  const alerts: BoardAlert[] = [];
  const byNumber = new Map<string, AgentRow[]>();
  for (const agent of agents) {
    if (agent.state === 'off') continue;
    summary.total++;
    if (agent.state === 'lost') summary.lost++;
    else if (agent.state === 'ready') summary.ready++;
    else if (agent.state === 'wrapUp') summary.wrapUp++;
    else if (IN_CALL.has(agent.state)) summary.inCalls++;
    if (agent.state === 'lost') continue;
    for (const alert of agent.detail.alerts) alerts.push({ kind: alert.kind, deskId: agent.deskId, number: agent.number, name: agent.name, ageMs: Math.max(0, now - alert.at) });
    if (agent.number !== '') byNumber.set(agent.number, [...(byNumber.get(agent.number) ?? []), agent]);
  }
  // Two desks at work under one agent number: whose calls are whose cannot be told.
  for (const [number, desks] of byNumber) {
    if (desks.length < 2) continue;
    // At least as long as the later desk has been in its state (when it began is not known better).
    const age = Math.min(...desks.map((desk) => desk.inStateMs));
    alerts.push({ kind: 'sameNumber', deskId: desks[1]!.deskId, number, name: desks.map((desk) => desk.name).join('/'), ageMs: age });
  }
  alerts.sort((a, b) => b.ageMs - a.ageMs || a.number.localeCompare(b.number));
  return { agents, summary, alerts };
}

function agentRow(row: DeskRow, now: number, settings: BoardSettings): AgentRow {
  const said = (DESK_STATES as readonly string[]).includes(row.state) ? (row.state as DeskStateName) : row.state === 'off' ? 'off' : null;
  const lost = said !== 'off' && (said === null || now - row.seenAt > settings.lostMs);
  const state: BoardState = lost ? 'lost' : (said as DeskStateName | 'off');
  const inStateMs = Math.max(0, now - (lost ? row.seenAt : row.since));
  const [first, second, third] = settings.colours;
  const detail = state === 'off' ? emptyDetail() : parseDetail(row.detail, row.seenAt - row.deskNow);
  return {
    deskId: row.deskId,
    number: row.agentNumber,
    name: row.agentName,
    state,
    inStateMs,
    tier: inStateMs >= third ? 3 : inStateMs >= second ? 2 : inStateMs >= first ? 1 : 0,
    callsToday: row.callsToday,
    answeredToday: row.answeredToday,
    ring3Today: row.ring3Today,
    step: detail.step,
    missed: detail.missed,
    detail,
  };
}

function emptyDetail(): LiveDetail {
  return { packId: '', phase: null, step: null, missed: [], line: null, caller: null, branch: null, checklist: [], timers: [], alerts: [], overdue: 0 };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? (value.length > LIVE_BOUNDS.text ? `${value.slice(0, LIVE_BOUNDS.text - 1)}…` : value) : null);
const time = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const list = (value: unknown, most: number): unknown[] => (Array.isArray(value) ? value.slice(0, most) : []);

/**
 * A desk's detail as the board takes it: only what it knows, each within its bounds, times moved
 * onto the server's clock by `offset`; anything else is left out, never shown raw.
 */
export function parseDetail(raw: unknown, offset: number): LiveDetail {
  const detail = emptyDetail();
  if (!isObject(raw)) return detail;
  const at = (value: unknown) => {
    const t = time(value);
    return t === null ? null : t + offset;
  };
  detail.packId = text(raw.packId) ?? '';
  detail.phase = (PHASES as readonly string[]).includes(raw.phase as string) ? (raw.phase as Phase) : null;
  detail.step = text(raw.step);
  detail.missed = list(raw.missed, LIVE_BOUNDS.missed).map(text).filter((item): item is string => item !== null);
  detail.line = text(raw.line);
  if (isObject(raw.caller)) detail.caller = { name: text(raw.caller.name) ?? '', phone: text(raw.caller.phone) ?? '' };
  detail.branch = text(raw.branch);
  detail.checklist = list(raw.checklist, LIVE_BOUNDS.checklist)
    .filter(isObject)
    .map((row) => ({
      label: text(row.label) ?? '',
      rules: list(row.rules, 8).map(text).filter((rule): rule is string => rule !== null),
      status: ['todo', 'done', 'missed', 'skipped'].includes(row.status as string) ? (row.status as string) : 'todo',
      current: row.current === true,
    }));
  detail.timers = list(raw.timers, 4)
    .filter(isObject)
    .flatMap((timer): LiveTimer[] => {
      const from = at(timer.from);
      if (!['ring', 'talk', 'hold', 'wrapUp'].includes(timer.kind as string) || from === null) return [];
      return [{ kind: timer.kind as LiveTimer['kind'], from, to: at(timer.to), limitMs: time(timer.limitMs) }];
    });
  detail.alerts = list(raw.alerts, ALERT_KINDS.length)
    .filter(isObject)
    .flatMap((alert) => {
      const when = at(alert.at);
      return (ALERT_KINDS as readonly string[]).includes(alert.kind as string) && when !== null ? [{ kind: alert.kind as AlertKind, at: when }] : [];
    });
  detail.overdue = time(raw.overdue) ?? 0;
  return detail;
}

/** The agents a filter keeps: its words found in the agent number, the name or the state as shown (any case). */
export function filterAgents(agents: readonly AgentRow[], filter: string, stateLabel: (state: BoardState) => string): AgentRow[] {
  const wanted = filter.trim().toLowerCase();
  if (wanted === '') return [...agents];
  return agents.filter((agent) => [agent.number, agent.name, stateLabel(agent.state), agent.state].some((field) => field.toLowerCase().includes(wanted)));
}

/** The thresholds from the `boardColours` setting ("10,60,300", seconds); the defaults when unset. */
export function boardColours(setting: string | undefined): readonly [number, number, number] {
  const values = (setting ?? '').split(',').map((part) => Number(part.trim()) * 1000);
  if (values.length !== 3 || values.some((value) => !Number.isFinite(value) || value <= 0)) return DEFAULT_BOARD_COLOURS;
  const [a, b, c] = values.sort((x, y) => x - y);
  return [a!, b!, c!];
}
