/**
 * The call map is drawn from the machine itself: every state the machine has is named in each
 * export, and every transition shows its event and a named guard.
 */
import { describe, expect, it } from 'vitest';
import { callMachine } from '../../machines/call.js';
import { allStates, chartMermaid, chartOf, chartText } from '../../machines/chart.js';

/** The machine's own state ids (XState's id map), as dotted paths without the machine id. */
const machineStates = [...(callMachine as unknown as { idMap: Map<string, unknown> }).idMap.keys()]
  .filter((id) => id !== 'call')
  .map((id) => id.replace(/^call\./, ''));

describe('call map', () => {
  const chart = chartOf(callMachine);

  it('names every state of the machine, in text, Mermaid and JSON', () => {
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

  it('shows the phases, the hold and the timers as the standards describe them', () => {
    const ids = allStates(chart).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['ringing', 'live.phase.greeting', 'live.phase.gathering', 'live.phase.answering', 'live.phase.closing', 'live.line.onHold.checkBackDue', 'wrapUp', 'logged']));
    const events = chart.transitions.map((t) => `${t.from} ${t.event}`);
    expect(events).toEqual(expect.arrayContaining(['ringing after RING_LIMIT', 'live.line.onHold.waiting after HOLD_CHECK_BACK', 'live after NON_BUSINESS_LIMIT', 'wrapUp after WRAP_UP_LIMIT']));
    expect(chart.transitions.find((t) => t.event === 'SAVE')).toMatchObject({ from: 'wrapUp', to: ['logged'], guard: 'readyToSave' });
    // Every guard has a name that says what it checks.
    for (const t of chart.transitions) expect(t.guard ?? '').not.toMatch(/(^|\W)guard(\W|$)/);
  });

  it('Mermaid: a stateDiagram-v2 with the parallel regions of a live call split by --', () => {
    const mermaid = chartMermaid(chart, { notes: { 'live.phase.answering': '1 咨询 · 2 投诉' } });
    expect(mermaid.split('\n')[0]).toBe('stateDiagram-v2');
    expect(mermaid).toMatch(/state live \{\n\s+state live_phase \{[\s\S]*\n\s+--\n\s+state live_line \{/);
    expect(mermaid).toContain('  [*] --> idle');
    expect(mermaid).toContain('  logged --> [*]');
    expect(mermaid).toContain('  ringing --> live : ANSWER');
    expect(mermaid).toContain('  note right of live_phase_answering : 1 咨询 · 2 投诉');
  });

  it('draws what the machine\'s public definition (toJSON) says: every transition with its targets, delays by name', () => {
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

  it('marks the states a call is in', () => {
    const text = chartText(chart, { current: ['live', 'live.phase', 'live.phase.gathering'] });
    expect(text).toMatch(/^▶ live \(parallel\) #live$/m);
    expect(text).toMatch(/^ {4}▶ gathering$/m);
    expect(text).toMatch(/^ {6}greeting$/m);
  });
});
