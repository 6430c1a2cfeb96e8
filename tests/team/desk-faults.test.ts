/**
 * Desks in real terminals (the built bin in tmux) with a team on a real PostgreSQL that the tests
 * stop and start: the server down when the desk starts, the server killed mid-call and started
 * again, a refused login. The desk works on; its header says how the team link stands; and each
 * test counts what reached the team: every call the desk saved, once, and the team's per-day
 * totals equal to the desk's own stats.
 */
import { join } from 'node:path';
import stringWidth from 'string-width';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateTeam } from '../../src/team/schema.js';
import { runBin, tempDir, withSettings } from '../helpers.js';
import { haveTmux, Terminal, tmuxIsInstalled } from '../e2e/tmux.js';
import { startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
let admin: pg.Client | null = null;

beforeAll(async () => {
  cluster = await startCluster();
  admin = await adminClient();
  await migrateTeam(admin);
  cluster.psql(`CREATE ROLE desk_login LOGIN PASSWORD 'the-right-one' IN ROLE ringside_agent`);
});
afterAll(async () => {
  await admin?.end().catch(() => {});
  cluster?.remove();
});

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

/** The administrator's connection (made again after the server was stopped). */
async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client(cluster.url());
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Asks the server as its administrator; connects again if the server was restarted meanwhile. */
async function ask(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  try {
    return await admin!.query(sql, params);
  } catch {
    await admin?.end().catch(() => {});
    admin = await adminClient();
    return admin.query(sql, params);
  }
}

/** A desk in its own home and terminal, agent `number`, the team set to `team`. */
function newDesk(number: string, team: string) {
  const home = tempDir();
  withSettings(home.path, { agentNumber: number, agentName: '王敏', team });
  const term = new Terminal({ RINGSIDE_HOME: home.path });
  cleanup.push(() => term.kill(), () => home.remove());
  const log = join(home.path, 'data', 'calls.sqlite');
  const read = <T,>(sql: string): T[] => {
    const db = new Database(log, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  return {
    home: home.path,
    term,
    number,
    deskId: () => read<{ value: string }>(`SELECT value FROM meta WHERE key = 'team_desk'`)[0]!.value,
    saved: () => read<{ id: number }>(`SELECT id FROM calls WHERE status = 'saved' ORDER BY id`).map((row) => row.id),
  };
}
type Desk = ReturnType<typeof newDesk>;

/** Rings, answers, the caller hangs up, a reason in two keys, saved: the `n`th call of the desk. */
async function takeCall(term: Terminal, n: number): Promise<string> {
  await term.press('c', '振铃中');
  await term.press('a', '通话中');
  await term.press('e', '话后处理');
  await term.press('1', '业务咨询');
  term.send('1');
  return term.press('s', `已保存第 ${n} 通`);
}

/** Polls until `ready` holds, failing at the deadline (real processes take real time). */
async function until(ready: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The desk's calls on the team's server, by number. */
async function arrived(desk: Desk): Promise<number[]> {
  return (await ask(`SELECT call_id FROM ringside.calls WHERE desk_id = $1 ORDER BY call_id`, [desk.deskId()])).rows.map((row) => Number(row.call_id));
}

/** Nothing lost, nothing twice: every saved call once, and the team's per-day totals the desk's own `stats --by day`. */
async function expectAllOnce(desk: Desk) {
  expect(await arrived(desk)).toEqual(desk.saved());
  const own = JSON.parse(runBin(desk.home, 'stats', '--json', '--by', 'day').out) as { groups: { rows: { group: string; calls: number; answered: number }[] } };
  const team = (
    await ask(`SELECT day, sum(calls)::int AS calls, sum(answered)::int AS answered FROM ringside.day_calls WHERE agent_number = $1 GROUP BY day HAVING sum(calls) <> 0 ORDER BY day`, [desk.number])
  ).rows;
  expect(team).toEqual(own.groups.rows.map((day) => ({ day: day.group, calls: day.calls, answered: day.answered })));
}

/** The header: the screen's first line, within 80 columns. */
function header(screen: string): string {
  const line = screen.split('\n')[0]!;
  expect(stringWidth(line)).toBeLessThanOrEqual(80);
  return line;
}

describe('--team on the live screen', () => {
  it('a team address that is not one: one sentence without its password, exit 2, before any screen', () => {
    const home = tempDir();
    cleanup.push(home.remove);
    const bad = runBin(home.path, '--team', 'http://user:secret@host/db');
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('团队服务器地址');
    expect(bad.err).not.toContain('secret');
  });
});

tmuxIsInstalled();
describe.runIf(haveTmux)('a desk with a team, in a real terminal, the server failing', () => {
  it('the server down when the desk starts: the desk works, says offline with the calls waiting, and they arrive once the server is up', async () => {
    const desk = newDesk('5001', cluster.url());
    cluster.stop();
    try {
      desk.term.start();
      expect(header(await desk.term.waitFor('团队离线'))).toContain('团队离线');
      await takeCall(desk.term, 1);
      await takeCall(desk.term, 2);
      expect(header(await desk.term.waitFor('团队离线 · 2 通待传'))).toMatch(/^ Ringside · .* 团队离线 · 2 通待传 +空闲/);
    } finally {
      cluster.start();
    }
    // By itself, with no key pressed: the desk tries again and catches up.
    expect(header(await desk.term.waitFor('团队 ✓', 15_000))).not.toContain('待传');
    await expectAllOnce(desk);
    // And the next call goes up as it is saved.
    await takeCall(desk.term, 3);
    await until(async () => (await arrived(desk)).length === 3, 'the third call arrived');
    await desk.term.press('q', '[exited 0]');
    await expectAllOnce(desk);
  });

  it('the server killed mid-call and started again: the call is saved on the desk and arrives once', async () => {
    const desk = newDesk('5002', cluster.url());
    desk.term.start();
    await desk.term.waitFor('团队 ✓');
    await takeCall(desk.term, 1);
    await until(async () => (await arrived(desk)).length === 1, 'the first call arrived');
    // A call on the line when the server dies.
    await desk.term.press('c', '振铃中');
    await desk.term.press('a', '通话中');
    cluster.kill();
    try {
      await desk.term.press('e', '话后处理');
      await desk.term.press('1', '业务咨询');
      desk.term.send('1');
      await desk.term.press('s', '已保存第 2 通');
      expect(header(await desk.term.waitFor('团队离线 · 1 通待传'))).toContain('团队离线 · 1 通待传');
    } finally {
      cluster.start();
    }
    await desk.term.waitFor('团队 ✓', 15_000);
    await desk.term.press('q', '[exited 0]');
    await expectAllOnce(desk);
  });

  it('a refused login: one sentence from team sync (exit 2), and on the screen offline with the sentence; quitting does not wait', async () => {
    const wrong = cluster.url({ user: 'desk_login', password: 'not-the-one' });
    const desk = newDesk('5003', wrong);
    const sync = runBin(desk.home, 'team', 'sync');
    expect(sync.code).toBe(2);
    expect(sync.err.trim().split('\n')).toHaveLength(1);
    expect(sync.err).toContain('拒绝了登录');
    expect(sync.err).not.toContain('not-the-one');

    desk.term.start();
    const screen = await desk.term.waitFor('拒绝了登录');
    expect(header(screen)).toContain('团队离线');
    expect(screen).not.toContain('not-the-one');
    await takeCall(desk.term, 1);
    await desk.term.waitFor('团队离线 · 1 通待传');
    const quitting = Date.now();
    await desk.term.press('q', '[exited 0]');
    expect(Date.now() - quitting).toBeLessThan(3_000);
    expect(await arrived(desk)).toEqual([]);

    // With the right password the same desk's call goes up, once.
    const right = cluster.url({ user: 'desk_login', password: 'the-right-one' });
    const again = runBin(desk.home, 'team', 'sync', '--team', right);
    expect(again.err).toBe('');
    expect(again.out).toContain('已上传 1 通来电');
    await expectAllOnce(desk);
  });
});
