/**
 * The board's view (src/ui/board/Board.tsx) with more agents than rows: the frame stays within
 * the terminal's 24 rows, says how many agents are below, and scrolls with the selection.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Board } from '../../src/ui/board/Board.js';
import type { DeskRow } from '../../src/team/board-model.js';

const NOW = 1_800_000_000_000;
const rows = (n: number): DeskRow[] =>
  Array.from({ length: n }, (_, i) => ({
    deskId: `desk-${i}`,
    agentNumber: String(1000 + i),
    agentName: `坐席${i}`,
    state: i % 3 === 0 ? 'talking' : 'ready',
    since: NOW - 5_000,
    seenAt: NOW - 500,
    deskNow: NOW,
    detail: {},
    callsToday: i,
    answeredToday: i,
    ring3Today: i,
  }));

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the board with more agents than rows', () => {
  it('keeps to the terminal, says how many are below, and scrolls with the selection', async () => {
    const read = { rows: rows(500), serverNow: NOW, at: Date.now() };
    const board = render(<Board read={read} status={{ state: 'connected', problem: null }} settings={{ colours: [10_000, 60_000, 300_000], lostMs: 16_000 }} language="zh-CN" server="127.0.0.1:5432/team" />);
    await tick();
    let frame = board.lastFrame()!;
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(frame).toContain('共 500 人');
    expect(frame).toMatch(/↓ 还有 48\d 人/);
    expect(frame).toContain('›1000');
    for (let i = 0; i < 30; i++) {
      board.stdin.write('\u001B[B');
      await tick();
    }
    frame = board.lastFrame()!;
    expect(frame).toContain('›1030');
    expect(frame).not.toContain(' 1000 ');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    board.unmount();
  });
});
