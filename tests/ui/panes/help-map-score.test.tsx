/** The full-screen panes, each rendered alone: help, map, the score marks, the scorecard. */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { HelpPane } from '../../../src/ui/panes/HelpPane.js';
import { applyOverrides } from '../../../src/ui/keys/keymap.js';
import { MapPane } from '../../../src/ui/panes/MapPane.js';
import { ScorePane } from '../../../src/ui/panes/ScorePane.js';
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
  it('marks where the call is (▶) and where it has been (✓), and what can happen next', () => {
    const { session, snapshot } = callAfter('RING', 'ANSWER');
    const { lastFrame } = render(<MapPane snapshot={snapshot} visited={session.visited} text={zh} columns={100} rows={40} />);
    const frame = lastFrame() ?? '';
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
