/**
 * A page of calls read back (history): every call with its own parts, in their order, however
 * many calls the page holds; and the history table laid out for a page of any length.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { formatHistory, historyRow } from '../../src/reports/history.js';
import { CallStore } from '../../src/store/sqlite.js';
import type { SavedCall } from '../../src/store/store.js';
import { tempDir, zhGeneral } from '../helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('a page of calls', () => {
  it('each call comes back with its own reasons, holds, notes, steps, rules and ticket, in their order', () => {
    const clock = new SimulatedClock();
    clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
    const pack = zhGeneral();
    const store = new CallStore(join(dir.path, 'calls.sqlite'));
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
    const held: number[] = [];
    const take = (i: number) => {
      desk.send({ type: 'RING', number: `1380000000${i}` });
      clock.increment(2_000 + i * 1_000);
      desk.send({ type: 'ANSWER' });
      for (let n = 0; n < i; n++) {
        desk.send({ type: 'HOLD' });
        clock.increment(5_000);
        desk.send({ type: 'HOLD' });
        desk.send({ type: 'ADD_NOTE', text: `第${i}通电话的备注${n}` });
        clock.increment(1_000);
      }
      desk.send({ type: 'SAY' });
      clock.increment(20_000);
      desk.send({ type: 'CALLER_HANG_UP' });
      // Chosen in an order of their own: the page keeps it.
      for (const code of i % 2 ? ['INFO-PRICE', 'INFO-PRODUCT'] : ['INFO-PROCESS']) desk.send({ type: 'TOGGLE_REASON', code });
      held.unshift(desk.snapshot.context.holds.length);
      expect(desk.send({ type: 'SAVE' })).toBe(true);
      clock.increment(60_000);
    };
    for (let i = 0; i < 4; i++) take(i);
    const page = store.recentCalls(10);
    expect(page.map((call) => call.id)).toEqual([4, 3, 2, 1]);
    // The same calls read one by one: nothing of one call on another, nothing lost or reordered.
    expect(page).toEqual([4, 3, 2, 1].map((id) => store.getCall(id)));
    expect(page.map((call) => call.caller.phone)).toEqual(['13800000003', '13800000002', '13800000001', '13800000000']);
    expect(page.map((call) => call.holds.length)).toEqual(held);
    expect(held[0]).toBeGreaterThan(1);
    expect(page[0]!.notes.map((note) => note.text)).toEqual(['第3通电话的备注0', '第3通电话的备注1', '第3通电话的备注2']);
    expect(page.map((call) => call.reasons.map((reason) => reason.code))).toEqual([
      ['INFO-PRICE', 'INFO-PRODUCT'],
      ['INFO-PROCESS'],
      ['INFO-PRICE', 'INFO-PRODUCT'],
      ['INFO-PROCESS'],
    ]);
    for (const call of page) {
      expect(call.rules.map((rule) => rule.rule)).toEqual([...call.rules.map((rule) => rule.rule)].sort());
      expect(call.steps.length).toBeGreaterThan(0);
      expect(call.scorecard!.items.map((item) => item.item)).toEqual([...'ABCDEFGHIJKLMN']);
    }
    expect(store.recentCalls(2).map((call) => call.id)).toEqual([4, 3]);
    store.close();
  });

  it('the history table lays out a page of 300,000 calls, the call numbers never cut', () => {
    const call: SavedCall = {
      id: 1, packId: 'zh-CN-general', agentName: '王敏', agentNumber: '1024', outcome: 'answered', ringAt: Date.UTC(2026, 10, 24, 2, 0, 0),
      answeredAt: null, endedAt: null, savedAt: null, ringMs: 3_000, talkMs: 30_000, holdMs: 0, wrapUpMs: 5_000, lateAnswer: false, hungUpBy: 'caller',
      branches: [], summary: '', flagged: false, caller: { name: '张三', phone: '13812345678', address: '', areaCode: '', fields: {} },
      reasons: [{ code: 'INFO-PRICE', label: '咨询资费', group: '咨询' }], holds: [], steps: [], rules: [], notes: [], ticket: null,
      mode: 'live', callbackTicket: null, scenarioId: null, scorecard: null,
    };
    const calls = Array.from({ length: 300_000 }, (_, i) => ({ ...call, id: 300_000 - i + 1_000_000 }));
    const lines = formatHistory(calls.map(historyRow), true, 'en').split('\n');
    expect(lines).toHaveLength(300_002);
    expect(lines[0]).toMatch(/^# {7}time/);
    expect(lines[1]).toMatch(/^1300000 .* 张\* 138\*\*\*\*5678 +咨询资费$/);
    expect(lines[300_000]).toMatch(/^1000001 /);
  }, 60_000);
});
