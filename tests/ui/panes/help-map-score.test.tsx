/** The full-screen panes, each rendered alone: help, map, the score marks, the scorecard. */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { HelpPane } from '../../../src/ui/panes/HelpPane.js';
import { applyOverrides } from '../../../src/ui/keys/keymap.js';
import { MapPane } from '../../../src/ui/panes/MapPane.js';
import { ScorePane } from '../../../src/ui/panes/ScorePane.js';
import { SimulatedClock } from 'xstate';
import { CallSession, resolveThresholds, type CallCommand } from '../../../src/call/session.js';
import { loadPackFile } from '../../../src/pack/load.js';
import { packPath, zhGeneral } from '../../helpers.js';
import { callAfter, en, linesOf, zh } from './panes.js';

describe('HelpPane', () => {
  it('lists every key with its label, the moved key as moved, and the menu digits; the labels start in one column', () => {
    const { lastFrame } = render(<HelpPane keymap={applyOverrides({ hold: 'p' })} language="zh-CN" text={zh} available={() => true} columns={100} rows={40} />);
    const lines = linesOf(lastFrame());
    expect(lines[0]).toContain('按键（任意键关闭）');
    expect(lines.some((line) => /^\s+p\s+保持$/.test(line))).toBe(true);
    expect(lines.some((line) => /^\s+h\s/.test(line))).toBe(false);
    expect(lines.some((line) => line.includes('1-9') && line.includes('在菜单中选择'))).toBe(true);
    // Key column padded by display width: every label starts at the same column.
    const keymap = applyOverrides({ hold: 'p' });
    const starts = keymap.map((entry) => {
      const line = lines.find((l) => l.endsWith(` ${entry.label['zh-CN']}`))!;
      return stringWidth(line.slice(0, line.lastIndexOf(entry.label['zh-CN'])));
    });
    expect(new Set(starts)).toEqual(new Set([15]));
  });

  it('lists the keys that act now first, in the keymap\'s order, and the others after them', () => {
    const keymap = applyOverrides({});
    const acting = new Set(['quit', 'hold', 'say']);
    const { lastFrame } = render(<HelpPane keymap={keymap} language="zh-CN" text={zh} available={(command) => acting.has(command)} columns={100} rows={60} />);
    const labels = linesOf(lastFrame()).slice(1).map((line) => keymap.find((entry) => line.trimEnd().endsWith(` ${entry.label['zh-CN']}`))?.command).filter(Boolean);
    const inKeymapOrder = keymap.map((entry) => entry.command).filter((command) => acting.has(command));
    expect(labels.slice(0, 3)).toEqual(inKeymapOrder);
    expect(labels).toHaveLength(keymap.length);
  });

  it('goes to two columns when the keys do not fit the height', () => {
    const { lastFrame } = render(<HelpPane keymap={applyOverrides({})} language="en" text={en} available={() => true} columns={100} rows={10} />);
    const lines = linesOf(lastFrame());
    expect(lines.length).toBeLessThan(20);
    expect(lines.some((line) => line.includes('call rings') && line.includes('quit'))).toBe(false);
    expect(lines.some((line) => /step.*\s{2,}.*(back|filter|summary|note|flag|save|map|score|help|quit|ready)/.test(line))).toBe(true);
  });
});

describe('MapPane', () => {
  const mapOf = (developer: boolean, language: 'zh-CN' | 'en', ...events: Parameters<typeof callAfter>) => {
    const pack = language === 'en' ? loadPackFile(packPath('en/hotline.yaml')) : zhGeneral();
    const clock = new SimulatedClock();
    clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
    const session = new CallSession({ pack, thresholds: resolveThresholds(pack), clock });
    for (const event of events) session.send(typeof event === 'string' ? ({ type: event } as CallCommand) : event);
    const snapshot = session.snapshot;
    const props = { snapshot, visited: session.visited, keymap: applyOverrides({}), can: (command: Parameters<typeof session.can>[0]) => session.can(command), now: clock.now() };
    return render(<MapPane {...props} text={language === 'en' ? en : zh} language={language} developer={developer} columns={100} rows={40} />).lastFrame() ?? '';
  };

  it('in class: the pack\'s phases with their steps, where the call is, and what the keys do next, with no state id, event or guard', () => {
    const frame = mapOf(false, 'zh-CN', 'RING', 'ANSWER');
    expect(frame).toContain('通话地图：▶ 当前  ✓ 已经过（任意键关闭）');
    expect(frame).toMatch(/✓ 振铃中/);
    expect(frame).toMatch(/▶ 问候 +○ 开场白（报号）/);
    expect(frame).toMatch(/ {3}信息收集 +○ 请问贵姓 · ○ 复述确认/);
    expect(frame).toMatch(/ {3}解答 +分支：1 咨询 · 2 投诉/);
    expect(frame).toContain('接下来可能：');
    expect(frame).toContain('空格 已说 → 问候 → 信息收集 · ✓ 开场白（报号） R-OPEN');
    expect(frame).toContain('e 客户挂机 → 问候 → 话后处理');
    expect(frame).not.toMatch(/live|phase\.|NEXT_PHASE|ANSWER|SAY|\[talking|mayLeavePhase|#/);
    // On hold: the phase says so, and h takes the caller back.
    const held = mapOf(false, 'zh-CN', 'RING', 'ANSWER', 'SAY', 'HOLD', 'SAY');
    expect(held).toMatch(/▶ 信息收集（保持中）|▶ 信息收集（保持中）/);
    expect(held).toContain('h 保持 → 保持中 → 信息收集');
  });

  it('in class on an English desk: the English phases and steps', () => {
    const frame = mapOf(false, 'en', 'RING', 'ANSWER');
    expect(frame).toMatch(/▶ Greeting +○ /);
    expect(frame).toContain('space said it → Greeting → Gathering · ✓ ');
    expect(frame).not.toMatch(/\p{Script=Han}|live\b|NEXT_PHASE/u);
    // A branch's steps after its label, joined as English joins them.
    const branched = mapOf(false, 'en', 'RING', 'ANSWER', 'SAY', 'NEXT_PHASE', 'NEXT_PHASE', { type: 'CHOOSE_BRANCH', branch: 'consultation' });
    expect(branched).toMatch(/Enquiry: [○✓✗] /);
    expect(branched).not.toContain('：');
    expect(mapOf(false, 'zh-CN', 'RING', 'ANSWER', 'SAY', 'NEXT_PHASE', 'NEXT_PHASE', { type: 'CHOOSE_BRANCH', branch: 'complaint' })).toMatch(/投诉：[○✓✗] /);
  });

  it('for a developer: the statechart with where the call is (▶), where it has been (✓), and what can happen next', () => {
    const frame = mapOf(true, 'zh-CN', 'RING', 'ANSWER');
    expect(frame).toContain('通话地图：▶ 当前  ✓ 已经过（任意键关闭）');
    expect(frame).toMatch(/▶\s*live/);
    expect(frame).toMatch(/✓\s*ringing/);
    // A call that came in never dials.
    expect(frame).not.toMatch(/^\s+dialing\b/m);
    expect(frame).toContain('接下来可能：');
  });
});

describe('ScorePane', () => {
  it('lists items a to n; a marked fault shows ✗ with its moment on the talk clock; labels line up', () => {
    const { ctx } = callAfter('RING', 'ANSWER', { type: 'TOGGLE_FAULT', item: 'D' });
    const { lastFrame } = render(<ScorePane ctx={ctx} language="zh-CN" text={zh} columns={100} />);
    const lines = linesOf(lastFrame());
    expect(lines[0]).toContain('评分表');
    const items = lines.slice(1).filter(Boolean);
    expect(items).toHaveLength(14);
    expect(items[3]).toMatch(/^\s+d ✗ 00:00 /);
    // The item labels start at the same display column, marked or not.
    const labelStart = (line: string) => stringWidth(line.match(/^\s+[a-n](?: ✗ \d\d:\d\d | {9})/)![0]);
    expect(new Set(items.map(labelStart)).size).toBe(1);
  });
});
