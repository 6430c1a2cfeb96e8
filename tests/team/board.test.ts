/**
 * The live state from a desk to the board against a real PostgreSQL (a throwaway cluster): a desk
 * (logged in as an agent) publishes through its link, the board's reader (logged in as a lead)
 * sees the change woken by NOTIFY, a desk that falls silent shows as lost, one that closes as
 * signed off; and `ringside board` says what is wrong before any screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { boardModel } from '../../src/team/board-model.js';
import { BoardReader, connectBoard, type BoardRead } from '../../src/team/board-read.js';
import { BOARD_CHANNEL } from '../../src/team/schema.js';
import { runBin, tempDir } from '../helpers.js';
import { startTeamCluster, type Cluster } from './cluster.js';
import { publishingDesk } from './desks.js';

let cluster: Cluster;
const cleanup: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  cluster = await startTeamCluster();
  const admin = new pg.Client(cluster.url());
  await admin.connect();
  await admin.query(`CREATE ROLE desk_wang LOGIN PASSWORD 'wang-pw' IN ROLE ringside_agent; CREATE ROLE lead_li LOGIN PASSWORD 'li-pw' IN ROLE ringside_lead`);
  await admin.end();
});
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
  cluster?.remove();
});

/** A desk on a simulated clock (far from the server's: a desk's clock that is off must not matter), publishing as `user`. */
function desk(number: string, name: string, user: { user: string; password: string }, heartbeatMs = 5_000) {
  return publishingDesk(cluster.url(user), { number, name }, cleanup, { clockAt: Date.parse('2026-12-01T09:00:00+08:00'), heartbeatMs });
}

/** The board's reader as a lead; `until` waits for a read that satisfies it. */
async function board() {
  const url = cluster.url({ user: 'lead_li', password: 'li-pw' });
  const reads: BoardRead[] = [];
  const waiting = new Set<() => void>();
  const reader = new BoardReader(url, await connectBoard(url), {
    onRead: (read) => {
      reads.push(read);
      for (const check of waiting) check();
    },
  });
  reader.start();
  cleanup.push(() => reader.stop());
  const until = (ok: (read: BoardRead) => boolean, timeoutMs = 5_000) =>
    new Promise<BoardRead>((resolve, reject) => {
      const check = () => {
        const last = reads.at(-1);
        if (last && ok(last)) {
          waiting.delete(check);
          clearTimeout(timer);
          resolve(last);
        }
      };
      const timer = setTimeout(() => {
        waiting.delete(check);
        reject(new Error(`the board never saw it; it last read ${JSON.stringify(reads.at(-1)?.rows.map((r) => [r.agentNumber, r.state]))}`));
      }, timeoutMs);
      waiting.add(check);
      check();
    });
  return { until };
}

const stateOf = (read: BoardRead, deskId: string) => read.rows.find((row) => row.deskId === deskId)?.state;

describe('a desk publishing its state to the board', () => {
  it("reaches the board within a second of the change, dated by the server's clock", async () => {
    const wang = desk('1024', '王敏', { user: 'desk_wang', password: 'wang-pw' });
    wang.publisher.start();
    const lead = await board();
    await lead.until((read) => stateOf(read, wang.deskId) === 'ready');
    // The board polls every 2 s: a change seen well within that was woken by NOTIFY.
    const changed = Date.now();
    wang.callDesk.send({ type: 'RING', number: '13812345678' });
    const seen = await lead.until((read) => stateOf(read, wang.deskId) === 'ringing');
    const latency = Date.now() - changed;
    console.log(`state change to the board's reader: ${latency} ms`);
    expect(latency).toBeLessThan(1_000);
    const row = seen.rows.find((r) => r.deskId === wang.deskId)!;
    // The desk's clock says 2026; the board's times are the server's.
    expect(Math.abs(row.since - seen.serverNow)).toBeLessThan(2_000);

    wang.clock.increment(3_000);
    wang.callDesk.send({ type: 'ANSWER' });
    wang.clock.increment(40_000);
    const talking = await lead.until((read) => stateOf(read, wang.deskId) === 'talking');
    const model = boardModel(talking.rows, talking.serverNow, { colours: [10_000, 60_000, 300_000], lostMs: 16_000 });
    const agent = model.agents.find((a) => a.deskId === wang.deskId)!;
    expect(agent).toMatchObject({ number: '1024', name: '王敏', step: '开场白（报号）' });
    expect(agent.detail.caller).toEqual({ name: '', phone: '138****5678' });
    expect(JSON.stringify(talking.rows)).not.toContain('13812345678');
  });

  it('shows a desk whose heartbeats stop as lost, and one that closes as signed off', async () => {
    const quiet = desk('2001', '李雷', { user: 'postgres', password: 'ringside-test-owner' }, 200);
    const leaving = desk('2002', '韩梅', { user: 'postgres', password: 'ringside-test-owner' }, 200);
    quiet.publisher.start();
    leaving.publisher.start();
    const lead = await board();
    const both = await lead.until((read) => stateOf(read, quiet.deskId) === 'ready' && stateOf(read, leaving.deskId) === 'ready');
    const settings = { colours: [10_000, 60_000, 300_000] as const, lostMs: 1_000 };
    const mine = (read: BoardRead) => read.rows.filter((row) => [quiet.deskId, leaving.deskId].includes(row.deskId));
    expect(boardModel(mine(both), both.serverNow, settings).summary).toMatchObject({ ready: 2, lost: 0 });
    // Heartbeats go on: still there after more than the lost threshold.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const later = await lead.until(() => true);
    expect(boardModel(later.rows, later.serverNow, settings).agents.filter((a) => a.number.startsWith('200')).map((a) => a.state)).toEqual(['ready', 'ready']);
    // One falls silent (its process gone: no goodbye), the other closes its screen.
    await quiet.publisher.stop();
    await leaving.publisher.stop({ signOff: true });
    const after = await lead.until((read) => stateOf(read, leaving.deskId) === 'off' && boardModel(read.rows, read.serverNow, settings).agents.some((a) => a.deskId === quiet.deskId && a.state === 'lost'), 8_000);
    expect(boardModel(mine(after), after.serverNow, settings).summary).toEqual({ inCalls: 0, ready: 0, wrapUp: 0, lost: 1, total: 1 });
  });

  it('wakes the boards on a change, not on a heartbeat', async () => {
    const listener = new pg.Client(cluster.url());
    await listener.connect();
    cleanup.push(() => listener.end());
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query(`LISTEN ${BOARD_CHANNEL}`);
    const beating = desk('3001', '周', { user: 'postgres', password: 'ringside-test-owner' }, 100);
    beating.publisher.start();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(heard.filter((id) => id === beating.deskId)).toHaveLength(1);
    beating.callDesk.send({ type: 'RING' });
    const deadline = Date.now() + 3_000;
    while (heard.filter((id) => id === beating.deskId).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard.filter((id) => id === beating.deskId)).toHaveLength(2);
  });
});

describe('ringside board before its screen', () => {
  const home = tempDir();
  afterAll(() => home.remove());

  it('says a bad address, a refused login and a server without the schema in one sentence each', async () => {
    const bad = runBin(home.path, 'board', '--team', 'http://example.com/db');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^ringside: 团队服务器地址 .* 不对/);
    const refused = runBin(home.path, 'board', '--team', cluster.url({ user: 'lead_li', password: 'wrong-pw' }));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('拒绝了登录');
    expect(refused.err).not.toContain('wrong-pw');
    cluster.psql('CREATE DATABASE empty');
    const empty = runBin(home.path, 'board', '--team', cluster.url({ database: 'empty' }));
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('ringside team init');
    for (const result of [bad, refused, empty]) expect(result.err.trim().split('\n')).toHaveLength(1);
  });
});
