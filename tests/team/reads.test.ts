/**
 * Team reads against a real PostgreSQL (a throwaway cluster): two desks, each with its own
 * RINGSIDE_HOME and login (agents a1 and a2), send their calls up with `ringside team sync`;
 * a lead's `stats`, `history`, `follow-ups` and `export` with `--team` read the whole team as
 * each desk reads its own; row-level security keeps an agent to its own calls and the tickets
 * given to it, and lets only a lead reassign a follow-up.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/sqlite.js';
import { migrateTeam } from '../../src/team/schema.js';
import { TeamLink } from '../../src/team/link.js';
import { TeamStore } from '../../src/team/store.js';
import { TeamTickets } from '../../src/team/team-tickets.js';
import { knownAgent, runBin, tempDir, withSettings, zhGeneral } from '../helpers.js';
import { startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
let admin: pg.Client;
const cleanup: (() => void)[] = [];
const PASSWORD = { a1: 'agent-one-pw', a2: 'agent-two-pw', lead1: 'lead-pw' } as const;
type Login = keyof typeof PASSWORD;
const urlOf = (user: Login) => cluster.url({ user, password: PASSWORD[user] });

/** Monday 16 November 2026, 10:00 local. */
const MONDAY = new Date(2026, 10, 16, 10, 0, 0).getTime();

/**
 * A desk's log in `home`, its calls taken through the real desk on a simulated clock (whole ms):
 * answered calls with and without a hold, a late answer, a caller who gave up, two complaints
 * (tickets), one of them called back and closed. `phone`: the callers' number.
 */
function fillDesk(home: string, agent: { number: string; name: string }, start: number, phone: string): void {
  mkdirSync(join(home, 'data'), { recursive: true, mode: 0o700 });
  knownAgent(home, agent.number);
  withSettings(home, { agentName: agent.name });
  const store = new CallStore(join(home, 'data', 'calls.sqlite'));
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent });
  const answered = (at: number, times: { ring: number; talk: number; hold?: number; wrapUp: number; summary?: string }) => {
    clock.set(at);
    desk.send({ type: 'RING', number: phone });
    clock.increment(times.ring);
    desk.send({ type: 'ANSWER' });
    desk.send({ type: 'SAY' });
    if (times.hold) {
      desk.send({ type: 'HOLD' });
      desk.send({ type: 'SAY' });
      clock.increment(times.hold);
      desk.send({ type: 'HOLD' });
      desk.send({ type: 'SAY' });
    }
    if (times.summary) {
      desk.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
      for (let i = 0; i < 4; i++) desk.send({ type: 'SAY' });
    }
    clock.increment(times.talk);
    desk.send({ type: 'CALLER_HANG_UP' });
    clock.increment(times.wrapUp);
    desk.send({ type: 'TOGGLE_REASON', code: times.summary ? 'COMPLAINT-BILLING' : 'INFO-PRODUCT' });
    if (times.summary) desk.send({ type: 'SET_SUMMARY', text: times.summary });
    expect(desk.send({ type: 'SAVE' })).toBe(true);
  };
  answered(start, { ring: 2_000, talk: 61_000, wrapUp: 9_000 });
  answered(start + 600_000, { ring: 18_000, talk: 95_000, hold: 41_000, wrapUp: 12_000 });
  answered(start + 1_200_000, { ring: 4_000, talk: 130_000, wrapUp: 30_000, summary: '多扣了五十元' });
  clock.set(start + 1_800_000);
  desk.send({ type: 'RING', number: phone });
  clock.increment(21_000);
  desk.send({ type: 'CALLER_HANG_UP' });
  desk.nextCall();
  answered(start + 2_400_000, { ring: 7_000, talk: 44_000, wrapUp: 15_000, summary: '宽带断了三天' });
  answered(start + 3_000_000, { ring: 3_000, talk: 75_000, hold: 12_000, wrapUp: 7_000 });
  // The first complaint called back the next day and closed.
  const [ticket] = store.openFollowUps();
  clock.set(start + 86_400_000);
  desk.send({ type: 'DIAL', ticketId: ticket!.ticketId, number: phone, about: '费用争议', openedAt: ticket!.openedAt });
  clock.increment(5_000);
  desk.send({ type: 'ANSWER' });
  for (let i = 0; i < 5; i++) desk.send({ type: 'SAY' });
  desk.send({ type: 'CALLER_HANG_UP' });
  desk.send({ type: 'TOGGLE_REASON', code: 'CB-RESOLVED' });
  expect(desk.send({ type: 'SAVE' })).toBe(true);
  desk.stop();
  store.close();
}

const homes = { a1: '', a2: '' };

beforeAll(async () => {
  cluster = await startCluster();
  admin = new pg.Client(cluster.url());
  await admin.connect();
  await migrateTeam(admin);
  cluster.psql(`CREATE ROLE a1 LOGIN PASSWORD '${PASSWORD.a1}' IN ROLE ringside_agent;
                CREATE ROLE a2 LOGIN PASSWORD '${PASSWORD.a2}' IN ROLE ringside_agent;
                CREATE ROLE lead1 LOGIN PASSWORD '${PASSWORD.lead1}' IN ROLE ringside_lead;
                INSERT INTO ringside.logins (db_user, agent_number) VALUES ('a1', '1024'), ('a2', '2048');`);
  cluster.psql('CREATE DATABASE empty');
  for (const [login, agent, start, phone] of [
    ['a1', { number: '1024', name: '王敏' }, MONDAY, '13812345678'],
    ['a2', { number: '2048', name: '李雷' }, MONDAY + 300_000, '13987654321'],
  ] as const) {
    const home = tempDir();
    cleanup.push(home.remove);
    homes[login] = home.path;
    fillDesk(home.path, agent, start, phone);
  }
});
afterAll(async () => {
  await admin?.end();
  cluster?.remove();
  for (const undo of cleanup) undo();
});

const json = (result: { out: string; err: string; code: number | null }) => {
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out);
};
/** A desk's export as CSV rows (the header first), without the call number: the team numbers calls its own way. */
const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.replace(/^[^,]*,/, ''));

describe('team reads', () => {
  it('one desk: stats --team says what the desk says of itself; an agent asking for the team stats is told they are a lead\'s', () => {
    const sync = runBin(homes.a1, 'team', 'sync', '--team', urlOf('a1'));
    expect([sync.code, sync.err]).toEqual([0, '']);
    for (const by of [[], ['--by', 'agent'], ['--by', 'day']]) {
      const local = json(runBin(homes.a1, 'stats', '--json', ...by));
      expect(local.calls).toBe(6);
      expect(json(runBin(homes.a2, 'stats', '--json', '--team', urlOf('lead1'), ...by))).toEqual(local);
    }
    const agent = runBin(homes.a1, 'stats', '--team', urlOf('a1'));
    expect(agent.code).toBe(1);
    expect(agent.err).toBe('ringside: 全组的统计只有组长（ringside_lead 角色）能看；这个登录是坐席的，只能看自己的来电（ringside history --team、ringside follow-ups --team）。自己这台电脑的统计：ringside stats。\n');
  });

  it('two desks: stats --by agent lists both agents and sums right; history newest first, masked; export is both exports', () => {
    expect(runBin(homes.a2, 'team', 'sync', '--team', urlOf('a2')).code).toBe(0);
    const team = json(runBin(homes.a1, 'stats', '--json', '--by', 'agent', '--team', urlOf('lead1')));
    const own = [json(runBin(homes.a1, 'stats', '--json')), json(runBin(homes.a2, 'stats', '--json'))];
    expect(team.groups.rows.map((row: { group: string; calls: number }) => [row.group, row.calls])).toEqual([
      ['1024 王敏', 6],
      ['2048 李雷', 6],
    ]);
    expect(team.calls).toBe(own[0].calls + own[1].calls);
    expect(team.answered).toBe(own[0].answered + own[1].answered);
    expect(team.tickets).toBe(own[0].tickets + own[1].tickets);
    expect(team.times.talk.averageMs).toBe(Math.round((own[0].times.talk.averageMs * own[0].answered + own[1].times.talk.averageMs * own[1].answered) / team.answered));

    const history = runBin(homes.a1, 'history', '--team', urlOf('lead1'), '-n', '50');
    expect(history.code).toBe(0);
    const lines = history.out.trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(14);
    // Newest first across the desks: the two call-backs (on the team's tickets: a1's went up
    // first, T1 and T2; a2's are T3 and T4), then a2's last call (5 minutes after a1's).
    expect(lines[0]).toMatch(/^14 +2026-11-17 10:05 .* 139\*\*\*\*4321 +回访 T3/);
    expect(lines[1]).toMatch(/^\d+ +2026-11-17 10:00 .* 138\*\*\*\*5678 +回访 T1/);
    expect(lines[2]).toMatch(/2026-11-16 10:55 .* 139\*\*\*\*4321/);
    expect(history.out).not.toMatch(/13812345678|13987654321/);
    const whole = json(runBin(homes.a1, 'history', '--json', '--team', urlOf('lead1'), '-n', '50'));
    expect(whole.map((call: { agentNumber: string }) => call.agentNumber).sort()).toEqual([...Array(7).fill('1024'), ...Array(7).fill('2048')]);
    expect(JSON.stringify(whole)).not.toMatch(/13812345678|多扣了五十元/);

    const exported = runBin(homes.a1, 'export', '--team', urlOf('lead1'));
    expect(exported.code).toBe(0);
    const [header, ...rows] = csvRows(exported.out);
    const desks = [csvRows(runBin(homes.a1, 'export').out), csvRows(runBin(homes.a2, 'export').out)];
    expect(header).toBe(desks[0]![0]);
    expect(rows).toHaveLength(14);
    // The team's rows oldest first are the two desks' rows, interleaved by their ring time.
    expect([...rows].sort()).toEqual([...desks[0]!.slice(1), ...desks[1]!.slice(1)].sort());
    expect(rows.map((row) => row.split(',')[0])).toEqual([...rows.map((row) => row.split(',')[0])].sort());
  });

  it('follow-ups: the lead sees both desks\' tickets and reassigns one; the agent given it reads it, an agent cannot assign', () => {
    const listed = json(runBin(homes.a1, 'follow-ups', '--json', '--team', urlOf('lead1')));
    expect(listed.map((f: { owner: string; caller: { phone: string } }) => [f.owner, f.caller.phone])).toEqual([
      ['1024', '138****5678'],
      ['2048', '139****4321'],
    ]);
    const ticket = listed[0].ticketId as number;
    // An agent may not reassign: one sentence, exit 1, nothing changed.
    const refused = runBin(homes.a2, 'follow-ups', 'assign', `T${ticket}`, '2048', '--team', urlOf('a2'));
    expect([refused.code, refused.err]).toEqual([1, 'ringside: 只有组长（ringside_lead 角色）能改派回访；这个登录不是组长。什么都没有改动。\n']);
    const unknown = runBin(homes.a1, 'follow-ups', 'assign', 'T999', '2048', '--team', urlOf('lead1'));
    expect([unknown.code, unknown.err]).toEqual([2, 'ringside: 团队里没有工单 T999。ringside follow-ups --team 列出待回访的工单。\n']);
    const done = runBin(homes.a1, 'follow-ups', 'assign', `T${ticket}`, '2048', '--team', urlOf('lead1'));
    expect([done.code, done.out, done.err]).toEqual([0, `工单 T${ticket} 已改派给工号 2048。\n`, '']);
    const table = runBin(homes.a1, 'follow-ups', '--team', urlOf('lead1'));
    expect(table.out).toMatch(new RegExp(`^T${ticket} .* 2048 +138\\*\\*\\*\\*5678`, 'm'));
    // Agent a2 now reads that ticket of a1's desk, with its caller; a1's own ones of course; not a2's other calls.
    const a2 = json(runBin(homes.a2, 'follow-ups', '--json', '--team', urlOf('a2')));
    expect(a2.map((f: { ticketId: number }) => f.ticketId).sort()).toEqual([ticket, listed[1].ticketId].sort());
    const a1 = json(runBin(homes.a1, 'follow-ups', '--json', '--team', urlOf('a1')));
    expect(a1.map((f: { ticketId: number }) => f.ticketId)).toEqual([ticket]);
  });

  it("a desk's team tickets for its `o` list: those given to its agent from other desks, read over its link as its login", async () => {
    const log = new CallStore(join(homes.a2, 'data', 'calls.sqlite'));
    const link = new TeamLink(urlOf('a2'));
    try {
      const team = TeamTickets.over(link, () => log.teamDesk(), () => '2048');
      expect(team.list()).toEqual([]);
      await team.refresh();
      // The ticket the lead gave 2048 from a1's desk (T2); not a2's own T4, which the desk lists itself.
      expect(team.list().map((f) => [f.ticketId, f.owner, f.team, f.caller.phone])).toEqual([[2, '2048', { agent: '1024' }, '13812345678']]);
      // a1's desk (agent 1024) has no team tickets: the one it gave away is not its to call back any more.
      const a1Link = new TeamLink(urlOf('a1'));
      const a1 = TeamTickets.over(a1Link, () => 'ffffffff-ffff-ffff-ffff-ffffffffffff', () => '1024');
      await a1.refresh();
      expect(a1.list()).toEqual([]);
      // And a1's own desk no longer lists the ticket it took that the lead gave to 2048 (T2 is its ticket 1).
      const a1Desk = (await admin.query(`SELECT desk_id FROM ringside.desks WHERE db_user = 'a1' ORDER BY joined_at LIMIT 1`)).rows[0].desk_id as string;
      const given = (await admin.query(`SELECT ticket_id FROM ringside.tickets WHERE desk_id = $1 AND assigned_to = '2048'`, [a1Desk])).rows.map((row) => Number(row.ticket_id));
      expect(given).toHaveLength(1);
      const a1Own = TeamTickets.over(a1Link, () => a1Desk, () => '1024');
      await a1Own.refresh();
      await a1Link.close();
      expect(a1Own.givenAway(given[0]!)).toBe(true);
      expect(a1Own.givenAway(given[0]! + 1000)).toBe(false);
    } finally {
      await link.close();
      log.close();
    }
  });

  it('row-level security: an agent reads and writes its own desk only; a lead reads all and writes nothing', async () => {
    const as = async (login: Login) => {
      const client = new pg.Client(urlOf(login));
      await client.connect();
      return client;
    };
    const a1 = await as('a1');
    const lead = await as('lead1');
    try {
      const count = async (client: pg.Client, sql: string) => Number((await client.query(sql)).rows[0].n);
      expect(await count(a1, `SELECT count(*) AS n FROM ringside.calls`)).toBe(7);
      expect(await count(a1, `SELECT count(*) AS n FROM ringside.calls WHERE agent_number = '2048'`)).toBe(0);
      expect(await count(a1, `SELECT count(*) AS n FROM ringside.desks`)).toBe(1);
      expect(await count(lead, `SELECT count(*) AS n FROM ringside.calls`)).toBe(14);
      const a2Desk = (await admin.query(`SELECT desk_id FROM ringside.desks WHERE db_user = 'a2'`)).rows[0].desk_id;
      const a1Desk = (await admin.query(`SELECT desk_id FROM ringside.desks WHERE db_user = 'a1'`)).rows[0].desk_id;
      const copy = (desk: string, user: string) =>
        `INSERT INTO ringside.calls (desk_id, call_id, db_user, day, ring_at, mode, agent_number, agent_name, pack_id, late_answer, branches, flagged, instant_fail,
           caller_name, caller_phone, caller_address, area_code, summary, reasons, rules, record, events)
         VALUES ('${desk}', 9999, '${user}', '2026-11-16', 1, 'live', '2048', 'x', 'p', false, '', false, false, '', '', '', '', '', '[]', '[]', '{}', '[]')`;
      // A row claiming another login, or filed under another login's desk: refused.
      await expect(a1.query(copy(a1Desk, 'a2'))).rejects.toMatchObject({ code: '42501' });
      await expect(a1.query(copy(a2Desk, 'a1'))).rejects.toMatchObject({ code: '42501' });
      await expect(lead.query(copy(a1Desk, 'lead1'))).rejects.toMatchObject({ code: '42501' });
      // Another desk's call cannot be changed either (it is not there for a1).
      expect((await a1.query(`UPDATE ringside.calls SET summary = 'x' WHERE desk_id = '${a2Desk}'`)).rowCount).toBe(0);
      expect(await count(admin, `SELECT count(*) AS n FROM ringside.calls WHERE call_id = 9999`)).toBe(0);
      // An agent's login sees no team totals (they are the lead's), and cannot write them by hand.
      await expect(a1.query(`SELECT * FROM ringside.day_calls`)).rejects.toMatchObject({ code: '42501' });
      await expect(a1.query(`SELECT ringside.count_calls(ARRAY(SELECT c FROM ringside.calls c), 1000)`)).rejects.toMatchObject({ code: '42501' });
      // A desk of its own claiming another agent's number does not give it that agent's follow-ups:
      // which number a login is, the administrator says (ringside.logins).
      expect((await admin.query(`UPDATE ringside.tickets SET assigned_to = '3000' WHERE db_user = 'a2'`)).rowCount).toBeGreaterThan(0);
      await a1.query(`INSERT INTO ringside.desks (desk_id, agent_number, agent_name) VALUES (gen_random_uuid(), '3000', '冒名')`);
      expect(await count(a1, `SELECT count(*) AS n FROM ringside.tickets WHERE assigned_to = '3000'`)).toBe(0);
      expect(await count(a1, `SELECT count(*) AS n FROM ringside.calls WHERE caller_phone = '13987654321'`)).toBe(0);
      // Nor can it give a ticket of its own to someone (only a lead assigns).
      await expect(
        a1.query(`INSERT INTO ringside.tickets (desk_id, ticket_id, call_id, kind, summary, owner, opened_at, due_at, status, assigned_to)
                  VALUES ('${a1Desk}', 999, 9998, 'complaint', '', '1024', 1, 2, 'open', '2048')`),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await a1.end();
      await lead.end();
    }
    // History as an agent: its own calls only.
    const history = runBin(homes.a1, 'history', '--team', urlOf('a1'), '-n', '50');
    expect(history.code).toBe(0);
    expect(history.out.trimEnd().split('\n')).toHaveLength(8);
    expect(history.out).not.toContain('139****4321');
  });

  it('export reads the team a page at a time through its cursor, every row once, oldest first', async () => {
    const store = await TeamStore.open(urlOf('lead1'));
    try {
      const read = async (page?: number) => {
        const rows = [];
        for await (const row of store.exportRows(0, Number.MAX_SAFE_INTEGER, page)) rows.push(row);
        return rows;
      };
      const whole = await read();
      expect(whole).toHaveLength(14);
      expect(await read(3)).toEqual(whole);
      // Stopped after the first page (a reader gone): the cursor's transaction is let go, the next read works.
      for await (const row of store.exportRows(0, Number.MAX_SAFE_INTEGER, 3)) if (row) break;
      expect(await store.countCalls(0, Number.MAX_SAFE_INTEGER)).toBe(14);
      expect(await read(5)).toEqual(whole);
    } finally {
      await store.close();
    }
  });

  it('the exact p90 reads through the partial index of its measure', async () => {
    await admin.query('BEGIN');
    try {
      await admin.query('SET LOCAL enable_seqscan = off');
      for (const [measure, index] of [['ring', 'calls_live_ring_ms'], ['talk', 'calls_live_talk_ms'], ['hold', 'calls_live_hold_ms'], ['wrapUp', 'calls_live_wrap_up_ms']] as const) {
        const sql = TeamStore.timeAtRankSql(measure).replace(/\$(\d)/g, (_, n) => ['', '0', '5000', '0', '9999999999999', '0'][Number(n)]!);
        const plan = (await admin.query(`EXPLAIN ${sql}`)).rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan).toContain(index);
      }
    } finally {
      await admin.query('ROLLBACK');
    }
  });

  it('a bad address, a wrong password, a server without the schema: one sentence each, with its exit code', () => {
    const bad = runBin(homes.a1, 'history', '--team', 'mysql://x');
    expect([bad.code, bad.err]).toEqual([2, 'ringside: 团队服务器地址 mysql://x 不对：要写成 postgres://用户@主机:端口/数据库（可加 ?sslmode=require），密码放在 PGPASSWORD 或 ~/.pgpass 里。\n']);
    const wrong = runBin(homes.a1, 'stats', '--team', cluster.url({ user: 'lead1', password: 'not-it' }));
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/^ringside: 团队服务器 127\.0\.0\.1:\d+\/postgres 拒绝了登录.*\n$/);
    expect(wrong.err).not.toContain('not-it');
    const none = runBin(homes.a1, 'export', '--team', cluster.url({ database: 'empty' }));
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^ringside: 团队服务器 127\.0\.0\.1:\d+\/empty 上还没有 Ringside 的表。请先运行 ringside team init --team .*\n$/);
    expect(none.err).not.toContain('ringside-test-owner');
  });

  it("another desk's text with a terminal's control sequence is shown without it: a reason label, a caller's name", async () => {
    const a2Call = (await admin.query(`SELECT desk_id, call_id FROM ringside.calls WHERE db_user = 'a2' AND mode = 'live' ORDER BY ring_at DESC LIMIT 1`)).rows[0];
    // As a desk's login may write to its own rows: a title-setting escape and a bell.
    await admin.query(
      `UPDATE ringside.calls SET reasons = jsonb_build_array(jsonb_build_object('code', 'X', 'label', E'\\u001b]0;pwned\\u0007退款', 'group', 'g')),
                                 caller_name = E'\\u001b[2J张' WHERE desk_id = $1 AND call_id = $2`,
      [a2Call.desk_id, a2Call.call_id],
    );
    const history = runBin(homes.a2, 'history', '--team', urlOf('lead1'), '--unmasked');
    expect(history.code).toBe(0);
    expect(history.out).toContain('退款');
    expect(history.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

