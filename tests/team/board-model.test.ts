/**
 * The team board's picture (src/team/board-model.ts), pure: rows in, the agents, the summary and
 * the alerts out, at a given time on the server's clock.
 */
import { describe, expect, it } from 'vitest';
import { boardColours, boardModel, filterAgents, type DeskRow } from '../../src/team/board-model.js';

const NOW = 1_800_000_000_000;
const settings = { colours: [10_000, 60_000, 300_000] as const, lostMs: 16_000 };

function row(number: string, state: string, inStateMs: number, extra: Partial<DeskRow> = {}): DeskRow {
  return {
    deskId: `desk-${number}-${state}`,
    agentNumber: number,
    agentName: `坐席${number}`,
    state,
    since: NOW - inStateMs,
    seenAt: NOW - 1_000,
    deskNow: 5_000_000,
    detail: {},
    callsToday: 0,
    answeredToday: 0,
    ring3Today: 0,
    ...extra,
  };
}

describe('the board model', () => {
  it('sorts agents by number, counts the summary, and colours time in state at 10 s, 1 min and 5 min', () => {
    const model = boardModel(
      [row('1003', 'wrapUp', 61_000), row('1001', 'talking', 9_999), row('1002', 'ready', 10_000), row('1004', 'hold', 300_000), row('1005', 'off', 5_000), row('1006', 'ringing', 1_000)],
      NOW,
      settings,
    );
    expect(model.agents.map((agent) => [agent.number, agent.state, agent.tier])).toEqual([
      ['1001', 'talking', 0],
      ['1002', 'ready', 1],
      ['1003', 'wrapUp', 2],
      ['1004', 'hold', 3],
      ['1005', 'off', 0],
      ['1006', 'ringing', 0],
    ]);
    expect(model.summary).toEqual({ inCalls: 3, ready: 1, wrapUp: 1, lost: 0, total: 5 });
    // Thresholds of the lead's own (the boardColours setting).
    const own = boardModel([row('1001', 'talking', 25_000)], NOW, { ...settings, colours: boardColours('5,20,30') });
    expect(own.agents[0]!.tier).toBe(2);
  });

  it('shows a desk not heard from for longer than the lost threshold as lost, timed from when it was last heard', () => {
    const silent = row('1001', 'talking', 100_000, { seenAt: NOW - 16_001 });
    const model = boardModel([silent, row('1002', 'ready', 1_000)], NOW, settings);
    expect(model.agents[0]).toMatchObject({ state: 'lost', inStateMs: 16_001 });
    expect(model.summary).toEqual({ inCalls: 0, ready: 1, wrapUp: 0, lost: 1, total: 2 });
    // Just within the threshold it is still what it said.
    expect(boardModel([{ ...silent, seenAt: NOW - 16_000 }], NOW, settings).agents[0]!.state).toBe('talking');
  });

  it("gives each alert its age on the server's clock, the desk's own clock set apart", () => {
    // The desk's clock says 5,000,000 when the server said NOW - 1000: the hold went over 40 s before that.
    const held = row('1001', 'hold', 80_000, { detail: { alerts: [{ kind: 'holdOver', at: 5_000_000 - 40_000 }], step: '请稍等' } });
    const model = boardModel([held, row('1002', 'ready', 1_000, { detail: { alerts: [{ kind: 'followUpsOverdue', at: 5_000_000 - 2_000 }], overdue: 3 } })], NOW, settings);
    expect(model.alerts).toEqual([
      { kind: 'holdOver', deskId: held.deskId, number: '1001', name: '坐席1001', ageMs: 41_000 },
      { kind: 'followUpsOverdue', deskId: 'desk-1002-ready', number: '1002', name: '坐席1002', ageMs: 3_000 },
    ]);
    expect(model.agents[0]!.step).toBe('请稍等');
  });

  it('warns of two desks at work under one agent number, but not of a desk signed off or lost', () => {
    const a = row('1001', 'talking', 30_000);
    const b = { ...row('1001', 'ready', 20_000), deskId: 'desk-b' };
    expect(boardModel([a, b], NOW, settings).alerts).toMatchObject([{ kind: 'sameNumber', number: '1001', ageMs: 20_000 }]);
    expect(boardModel([a, { ...b, state: 'off' }], NOW, settings).alerts).toEqual([]);
    expect(boardModel([a, { ...b, seenAt: NOW - 60_000 }], NOW, settings).alerts).toEqual([]);
  });

  it("takes only what it knows from a desk's detail, within bounds", () => {
    const hostile = row('1001', 'talking', 1_000, {
      detail: { step: 'x'.repeat(10_000), missed: Array.from({ length: 1000 }, () => '漏'), alerts: [{ kind: 'rm -rf', at: 1 }, { kind: 'flagged', at: 'soon' }], timers: [{ kind: 'talk', from: 'x' }], checklist: 'no', caller: { name: 7 } },
    });
    const agent = boardModel([hostile, row('1002', 'dancing', 1_000)], NOW, settings).agents;
    expect(agent[0]!.step!.length).toBe(200);
    expect(agent[0]!.missed.length).toBe(20);
    expect(agent[0]!.detail.alerts).toEqual([]);
    expect(agent[0]!.detail.timers).toEqual([]);
    expect(agent[0]!.detail.checklist).toEqual([]);
    expect(agent[0]!.detail.caller).toEqual({ name: '', phone: '' });
    // A state no Ringside sends is not believed.
    expect(agent[1]!.state).toBe('lost');
  });

  it('filters by agent number, name or state as shown', () => {
    const agents = boardModel([row('1001', 'talking', 1_000), row('2002', 'ready', 1_000, { agentName: '王敏' })], NOW, settings).agents;
    const label = (state: string) => ({ talking: '通话中', ready: '空闲' })[state] ?? state;
    expect(filterAgents(agents, '100', label).map((a) => a.number)).toEqual(['1001']);
    expect(filterAgents(agents, '王', label).map((a) => a.number)).toEqual(['2002']);
    expect(filterAgents(agents, '通话', label).map((a) => a.number)).toEqual(['1001']);
    expect(filterAgents(agents, '', label)).toHaveLength(2);
  });

  it('keeps the default thresholds for a colour setting it cannot read', () => {
    expect(boardColours(undefined)).toEqual([10_000, 60_000, 300_000]);
    expect(boardColours('1,x,3')).toEqual([10_000, 60_000, 300_000]);
  });
});
