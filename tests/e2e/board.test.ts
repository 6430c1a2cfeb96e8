/**
 * `ringside board` in a real terminal (tmux, 80×24) against a real PostgreSQL, fed by two desks
 * publishing through the desk's own publisher: the rows, the summary, an agent's call read-only,
 * the filter; the server killed (the last picture stays, with its age, no crash) and started again
 * (the board recovers by itself); a desk that falls silent shows as lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/team/board-read.js';
import { knownAgent, tempDir } from '../helpers.js';
import { startTeamCluster, type Cluster } from '../team/cluster.js';
import { publishingDesk } from '../team/desks.js';
import { Terminal, tmuxIsInstalled } from './tmux.js';

tmuxIsInstalled();

let cluster: Cluster;
const cleanup: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  cluster = await startTeamCluster();
});
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
  cluster?.remove();
});

function desk(number: string, name: string) {
  const made = publishingDesk(cluster.url(), { number, name }, cleanup, { heartbeatMs: 300 });
  made.publisher.start();
  return made;
}

/** Waits until the screen no longer shows `text`. */
async function waitGone(terminal: Terminal, text: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = terminal.screen();
    if (!screen.includes(text)) return screen;
    if (Date.now() > deadline) throw new Error(`the screen still shows ${text}:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the team board in a terminal', () => {
  it('shows both desks, a call read-only, the filter, the last picture while the server is away, and a silent desk as lost', async () => {
    const wang = desk('1024', '王敏');
    const han = desk('2002', '韩梅');
    wang.callDesk.send({ type: 'RING', number: '13812345678' });
    wang.clock.increment(2_000);
    wang.callDesk.send({ type: 'ANSWER' });
    cluster.psql(`INSERT INTO ringside.day_calls (day, agent_number, agent_name, pack_id, calls, answered, ring3_met) VALUES ('${localDay(Date.now())}', '1024', '王敏', 'zh-CN-general', 12, 12, 11)`);

    const home = tempDir();
    cleanup.push(home.remove);
    const terminal = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => terminal.kill());
    terminal.start('board', '--team', cluster.url(), '--lost-after', '3');
    let screen = await terminal.waitFor('通话中 1 · 空闲 1 · 话后 0 · 失联 0 · 共 2 人');
    expect(screen).toMatch(/›1024\s+王敏\s+通话中\s+0:0\d\s+12\s+11\/12\s+开场白（报号）/);
    expect(screen).toMatch(/ 2002\s+韩梅\s+空闲/);
    expect(screen).toContain('没有提醒。');

    // Enter: the selected agent's call, read-only, the caller masked.
    screen = await terminal.press('Enter', '（只读）');
    expect(screen).toContain('1024 王敏 · 通话中');
    expect(screen).toContain('138****5678');
    expect(screen).not.toContain('13812345678');
    expect(screen).toContain('礼貌步骤');
    expect(screen).toMatch(/›○ 开场白（报号）\s+R-OPEN/);
    screen = await terminal.press('Escape', '工号');

    // ↓ then Enter: the other agent.
    terminal.send('Down');
    await terminal.waitFor('›2002');
    screen = await terminal.press('Enter', '（只读）');
    expect(screen).toContain('2002 韩梅 · 空闲');
    expect(screen).toContain('两通电话之间。');
    await terminal.press('Escape', '工号');

    // `/` filters by name (or number, or state).
    terminal.send('/', '王');
    screen = await terminal.waitFor('筛选：王');
    expect(screen).toContain('1024');
    expect(screen).not.toContain('韩梅');
    terminal.send('Escape');
    await terminal.waitFor('韩梅');

    // The server killed: the last picture stays with its age; no crash.
    cluster.kill();
    screen = await terminal.waitFor(/数据停在 \d+秒前（连不上服务器，正在重连）/, 15_000);
    expect(screen).toContain('王敏');
    expect(screen).toContain('通话中 1 · 空闲 1');
    expect(screen).not.toContain('[exited');
    // Started again: the board recovers by itself.
    cluster.start();
    screen = await waitGone(terminal, '数据停在', 20_000);
    await terminal.waitFor('通话中 1 · 空闲 1 · 话后 0 · 失联 0', 15_000);

    // A desk whose heartbeats stop (its process gone) shows as lost.
    await han.publisher.stop();
    screen = await terminal.waitFor('失联 1', 15_000);
    expect(screen).toMatch(/2002\s+韩梅\s+失联/);

    terminal.send('q');
    await terminal.waitFor('[exited 0]');
  }, 90_000);

  it('the live screen with --team publishes its state as the agent works, the caller masked, and signs off as it quits', async () => {
    const home = tempDir();
    cleanup.push(home.remove);
    knownAgent(home.path, '3003');
    const terminal = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => terminal.kill());
    terminal.start('--team', cluster.url());
    await terminal.waitFor('等待来电');
    const stateOf = () => cluster.psql(`SELECT state || ' ' || detail::text FROM ringside.desk_state WHERE agent_number = '3003'`).trim();
    const until = async (ok: (row: string) => boolean) => {
      const deadline = Date.now() + 8_000;
      for (;;) {
        const row = stateOf();
        if (ok(row)) return row;
        if (Date.now() > deadline) throw new Error(`desk_state never got there: ${row}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await until((row) => row.startsWith('ready'));
    await terminal.press('c', '来电振铃中');
    await until((row) => row.startsWith('ringing'));
    await terminal.press('a', '▶ 您好！');
    await terminal.press('Space', '▶ 请问您贵姓？');
    await terminal.press('Space', '称呼（回车确认，Esc 取消）');
    terminal.send('张先生', 'Enter');
    const talking = await until((row) => row.startsWith('talking') && row.includes('张**'));
    expect(talking).not.toContain('张先生');
    await terminal.press('q', '再按 q 退出');
    await terminal.press('q', '[exited 0]');
    // Closed, not lost: the board shows it signed off.
    await until((row) => row.startsWith('off'));
  }, 60_000);
});
