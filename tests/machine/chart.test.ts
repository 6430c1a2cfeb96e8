/**
 * The call map is drawn from the machine itself: every state the machine has is named in each
 * export, and every transition shows its event and a named guard.
 */
import { describe, expect, it } from 'vitest';
import { callMachine } from '../../machines/call.js';
import { allStates, chartMermaid, chartOf, chartText } from '../../machines/chart.js';
import { loadPackFile } from '../../src/pack/load.js';
import { classChart, classChartMermaid, classChartText } from '../../src/pack/chart.js';
import { packPath, zhGeneral } from '../helpers.js';
import { mermaidProblem } from './mermaid.js';

/** The machine's own state ids (XState's id map), as dotted paths without the machine id. */
const machineStates = [...(callMachine as unknown as { idMap: Map<string, unknown> }).idMap.keys()]
  .filter((id) => id !== 'call')
  .map((id) => id.replace(/^call\./, ''));

describe('call map', () => {
  const chart = chartOf(callMachine);

  it('names every state of the machine, in text, Mermaid and JSON', async () => {
    expect(machineStates.length).toBeGreaterThanOrEqual(16);
    expect(allStates(chart).map((s) => s.id).sort()).toEqual([...machineStates].sort());
    const text = chartText(chart);
    const mermaid = chartMermaid(chart);
    const json = JSON.stringify(chart);
    for (const id of machineStates) {
      expect(text).toMatch(new RegExp(`^ *${id.split('.').at(-1)}\\b`, 'm'));
      expect(mermaid).toContain(id.replace(/\./g, '_'));
      expect(json).toContain(`"id":"${id}"`);
    }
  });

  it('shows the phases, the hold and the timers as the standards describe them', async () => {
    const ids = allStates(chart).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['ringing', 'live.phase.greeting', 'live.phase.gathering', 'live.phase.answering', 'live.phase.closing', 'live.line.onHold.checkBackDue', 'wrapUp', 'logged']));
    const events = chart.transitions.map((t) => `${t.from} ${t.event}`);
    expect(events).toEqual(expect.arrayContaining(['ringing after RING_LIMIT', 'live.line.onHold.waiting after HOLD_CHECK_BACK', 'live after NON_BUSINESS_LIMIT', 'wrapUp after WRAP_UP_LIMIT']));
    expect(chart.transitions.find((t) => t.event === 'SAVE')).toMatchObject({ from: 'wrapUp', to: ['logged'], guard: 'readyToSave' });
    // Every guard has a name that says what it checks.
    for (const t of chart.transitions) expect(t.guard ?? '').not.toMatch(/(^|\W)guard(\W|$)/);
  });

  it('Mermaid: a stateDiagram-v2 with the parallel regions of a live call split by --', async () => {
    const mermaid = chartMermaid(chart, { notes: { 'live.phase.answering': '1 咨询 · 2 投诉' } });
    expect(await mermaidProblem(mermaid)).toBeNull();
    expect(mermaid.split('\n')[0]).toBe('stateDiagram-v2');
    expect(mermaid).toMatch(/state live \{\n\s+state live_phase \{[\s\S]*\n\s+--\n\s+state live_line \{/);
    expect(mermaid).toContain('  [*] --> idle');
    expect(mermaid).toContain('  logged --> [*]');
    expect(mermaid).toContain('  ringing --> live : ANSWER');
    expect(mermaid).toContain('  note right of live_phase_answering : 1 咨询 · 2 投诉');
  });

  it('draws what the machine\'s public definition (toJSON) says: every transition with its targets, delays by name', async () => {
    interface Json { key: string; states: Record<string, Json>; transitions: { eventType: string; delay?: string; target?: string[] }[] }
    const said: string[] = [];
    const visit = (state: Json, path: string[]) => {
      for (const t of state.transitions) {
        const to = (t.target ?? []).map((target) => target.replace(/^#call\./, '')).join(',');
        said.push(`${path.join('.')} ${t.delay === undefined ? t.eventType : `after ${t.delay}`} ${to}`);
      }
      for (const [key, child] of Object.entries(state.states)) visit(child, [...path, key]);
    };
    const json = JSON.parse(JSON.stringify(callMachine)) as Json;
    for (const [key, child] of Object.entries(json.states)) visit(child, [key]);
    const drawn = chart.transitions.filter((t) => t.event !== 'always').map((t) => `${t.from} ${t.event} ${t.to.join(',')}`);
    expect(drawn).toEqual(said);
    // The phases move on by themselves once complete (eventless transitions, which the definition leaves out).
    expect(chart.transitions.filter((t) => t.event === 'always').map((t) => `${t.from} → ${t.to.join(',')} [${t.guard}]`)).toEqual([
      'live.phase.greeting → live.phase.gathering [phaseComplete]',
      'live.phase.gathering → live.phase.answering [phaseComplete]',
      'live.phase.answering → live.phase.closing [phaseComplete]',
    ]);
  });

  it('marks the states a call is in', async () => {
    const text = chartText(chart, { current: ['live', 'live.phase', 'live.phase.gathering'] });
    expect(text).toMatch(/^▶ live \(parallel\) #live$/m);
    expect(text).toMatch(/^ {4}▶ gathering$/m);
    expect(text).toMatch(/^ {6}greeting$/m);
  });
});

describe('the chart in the pack\'s language (ringside chart --level phases|steps)', () => {
  const chart = chartOf(callMachine);
  const zh = zhGeneral();
  const en = loadPackFile(packPath('en/hotline.yaml'));
  /** What only a developer reads: state ids, event names, guards. */
  const MACHINE_WORDS = /live\.|live_|NEXT_PHASE|CHOOSE_BRANCH|ANSWER|HANG_UP|\bSAY\b|mayLeavePhase|phaseComplete|\[talking|always|after [A-Z]/;

  it('phases: a slide of the call in Chinese, every move the machine has between its places, and valid Mermaid', async () => {
    const drawn = classChart(chart, zh, 'phases', 'zh-CN');
    const text = classChartText(drawn);
    expect(text.split('\n')[0]).toBe('通用客服热线：通话的阶段');
    expect(text).toMatch(/^振铃中\n {2}接听 → 通话中$/m);
    expect(text).toMatch(/^ {2}问候\n(?: {4}.*\n)* {4}下一阶段 \/ 必做步骤说完 → 信息收集$/m);
    expect(text).toContain('  客户挂机 / 我挂机 → 话后处理');
    expect(text).toMatch(/^保持中\n {2}恢复通话 → 通话中$/m);
    expect(text).not.toMatch(MACHINE_WORDS);
    const mermaid = classChartMermaid(drawn);
    expect(await mermaidProblem(mermaid)).toBeNull();
    expect(mermaid).toContain('  state "通话中" as live{');
    expect(mermaid).toContain('    greeting --> gathering : 下一阶段 / 必做步骤说完');
    expect(mermaid).toContain('  ringing --> live : 接听');
    expect(mermaid).not.toMatch(MACHINE_WORDS);
    // A slide: the phases only, no step.
    expect(mermaid).not.toContain('开场白');
    // Only the moves between places a class sees: the 51 edges of the machine become a handful.
    expect(drawn.moves.length).toBeLessThan(20);
  });

  it('steps: each phase\'s steps in order with their first rule, the branches with their keys, and valid Mermaid', async () => {
    const drawn = classChart(chart, zh, 'steps', 'zh-CN');
    const text = classChartText(drawn);
    expect(text).toMatch(/^ {4}开场白（报号） R-OPEN$/m);
    expect(text).toMatch(/^ {4}2 投诉\n {6}受理投诉 R-TICKET\n {6}承诺回复时限 R-FOLLOW-UP$/m);
    const mermaid = classChartMermaid(drawn);
    expect(await mermaidProblem(mermaid)).toBeNull();
    expect(mermaid).toContain('state "开场白（报号）" as s_greeting_open');
    expect(mermaid).toContain('state "2 投诉" as b_complaint{');
    expect(mermaid).toContain('s_complaint_complaint_accept --> s_complaint_complaint_follow_up');
    expect(mermaid).not.toMatch(MACHINE_WORDS);
  });

  it('reads English for an English pack', async () => {
    for (const level of ['phases', 'steps'] as const) {
      const drawn = classChart(chart, en, level, 'en');
      const text = classChartText(drawn);
      expect(text).toContain('ringing\n  answer → on call');
      expect(text).not.toMatch(/\p{Script=Han}/u);
      expect(await mermaidProblem(classChartMermaid(drawn))).toBeNull();
    }
  });

  it('keeps a pack\'s hostile labels from breaking the Mermaid: quotes, colons, %% and braces', async () => {
    const hostile = { ...zh, name: 'A "pack": 100%%', phases: { ...zh.phases, greeting: zh.phases.greeting.map((step) => ({ ...step, label: '说 "您好": {1}; %% #' })) } };
    const mermaid = classChartMermaid(classChart(chart, hostile, 'steps', 'zh-CN'));
    expect(await mermaidProblem(mermaid)).toBeNull();
    expect(mermaid).toContain('state "说 ＂您好＂： ｛1｝； ％％ ＃" as s_greeting_open');
    // The check itself finds what Mermaid would refuse.
    expect(await mermaidProblem('stateDiagram-v2\n  state "a" as a{\n  state "x"y" as d\n')).toMatch(/Parse error/);
  });
});
