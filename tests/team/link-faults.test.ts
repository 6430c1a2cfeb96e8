/**
 * The desk's uploader against a real PostgreSQL behind a TCP proxy that fails on command: a
 * connection cut mid-batch, an acknowledgement lost after the commit, a server gone silent as
 * the desk quits, the server choosing a batch to give way, two desks claiming one agent number.
 * Each test counts what reached the team: every saved call of the desk, once (by its number),
 * and the team's per-day totals equal to the desk's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/sqlite.js';
import { DeskTeam } from '../../src/team/desk-team.js';
import { TeamLink } from '../../src/team/link.js';
import { migrateTeam } from '../../src/team/schema.js';
import { BATCH_CALLS, sendOutbox, Uploader, type Outbox, type UploadStatus } from '../../src/team/upload.js';
import { takeAndSave, tempDir, zhGeneral } from '../helpers.js';
import { freePort, startCluster, type Cluster } from './cluster.js';
import { startProxy, type Proxy } from './proxy.js';

let cluster: Cluster;
let admin: pg.Client;
let proxy: Proxy;
const cleanup: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  admin = new pg.Client(cluster.url());
  await admin.connect();
  await migrateTeam(admin);
  proxy = await startProxy(cluster.port);
});
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
  await proxy?.close();
  await admin?.end();
  cluster?.remove();
});

/** The team's server as the desk reaches it: through the proxy. */
const viaProxy = () => cluster.url().replace(`:${cluster.port}/`, `:${proxy.port}/`);

const DAY = 24 * 60 * 60 * 1000;

/** A desk with its own log, taking calls on a simulated clock (a day apart every `perDay` calls). */
function newDesk(agent: { number: string; name: string }) {
  const home = tempDir();
  const file = `${home.path}/calls.sqlite`;
  const store = new CallStore(file);
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(Date.parse('2026-12-01T09:00:00+08:00'));
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent });
  cleanup.push(() => {
    desk.stop();
    store.close();
    home.remove();
  });
  const deskId = store.teamDesk();
  return {
    store,
    desk,
    deskId,
    agent,
    /** Takes `n` calls, some answered late, spread over days. */
    take(n: number, perDay = 5) {
      for (let i = 0; i < n; i++) {
        if (i > 0 && i % perDay === 0) clock.increment(DAY);
        takeAndSave(desk, clock, i % 3 === 0 ? 20_000 : 3_000);
      }
    },
    /** The numbers of the calls saved on the desk. */
    saved(): number[] {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare(`SELECT id FROM calls WHERE status = 'saved' ORDER BY id`).all() as { id: number }[]).map((row) => row.id);
      } finally {
        db.close();
      }
    },
  };
}
type Desk = ReturnType<typeof newDesk>;

/** The desk's calls on the team's server, by number (a number twice would show twice). */
async function arrived(deskId: string): Promise<number[]> {
  return (await admin.query(`SELECT call_id FROM ringside.calls WHERE desk_id = $1 ORDER BY call_id`, [deskId])).rows.map((row) => Number(row.call_id));
}

/** The team's per-day totals of an agent, beside the sum of those desks' own. */
async function totals(agentNumber: string, desks: Desk[]) {
  const team = (
    await admin.query(
      `SELECT day, sum(calls)::int AS calls, sum(answered)::int AS answered, sum(ring3_met)::int AS met, sum(ring3_missed)::int AS missed, sum(talk_sum)::bigint AS talk
         FROM ringside.day_calls WHERE agent_number = $1 GROUP BY day HAVING sum(calls) <> 0 ORDER BY day`,
      [agentNumber],
    )
  ).rows.map((row) => ({ ...row, talk: Number(row.talk) }));
  const own = new Map<string, { day: string; calls: number; answered: number; met: number; missed: number; talk: number }>();
  for (const desk of desks) {
    for (const day of desk.store.statsTotals('2000-01-01', '2100-01-01', 'day')) {
      const sum = own.get(day.group) ?? { day: day.group, calls: 0, answered: 0, met: 0, missed: 0, talk: 0 };
      own.set(day.group, { day: day.group, calls: sum.calls + day.calls, answered: sum.answered + day.answered, met: sum.met + day.ring3Met, missed: sum.missed + day.ring3Missed, talk: sum.talk + day.talkSum });
    }
  }
  return { team, own: [...own.values()].sort((a, b) => a.day.localeCompare(b.day)) };
}

/** Nothing lost, nothing twice: every saved call of the desk on the server once, and the totals the desks' own. */
async function expectAllOnce(desks: Desk[]) {
  for (const desk of desks) expect(await arrived(desk.deskId)).toEqual(desk.saved());
  const { team, own } = await totals(desks[0]!.agent.number, desks);
  expect(own.length).toBeGreaterThan(0);
  expect(team).toEqual(own);
}

/** Polls until `ready` holds (a real server and real sockets take real time), failing at the deadline. */
async function until(ready: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An uploader for the desk through the proxy, started, with every status it reported. */
function uploaderFor(desk: Desk) {
  const link = new TeamLink(viaProxy());
  const seen: UploadStatus[] = [];
  const uploader = new Uploader(link, desk.store, () => desk.agent, (status) => seen.push(status));
  uploader.start();
  cleanup.push(async () => {
    await uploader.stop();
    await link.close(500);
  });
  return { uploader, link, seen };
}
const caughtUp = (uploader: Uploader) => uploader.status.state === 'connected' && uploader.status.waiting === 0;

describe('the network failing under the uploader', () => {
  it('a connection cut mid-batch: nothing of the batch is kept, and it all goes up once when sent again', async () => {
    const desk = newDesk({ number: '3001', name: '李雷' });
    desk.take(40);
    proxy.dropAfter(30_000);
    const { uploader } = uploaderFor(desk);
    await until(() => proxy.faults === 1 && uploader.status.state === 'offline', 'the batch cut');
    expect(uploader.status).toEqual({ state: 'offline', waiting: 40, problem: null });
    expect(await arrived(desk.deskId)).toEqual([]);
    uploader.kick();
    await until(() => caughtUp(uploader), 'the desk caught up');
    await expectAllOnce([desk]);
  });

  it('an acknowledgement lost after the commit: the desk sends the batch again and the team takes nothing twice', async () => {
    const desk = newDesk({ number: '3002', name: '韩梅梅' });
    desk.take(12);
    proxy.loseCommitAck();
    const { uploader } = uploaderFor(desk);
    await until(() => proxy.faults === 2 && uploader.status.state === 'offline', 'the commit unheard');
    // The server has them all; the desk, not having heard it, still has them all to send.
    expect(await arrived(desk.deskId)).toEqual(desk.saved());
    expect(uploader.status.waiting).toBe(12);
    uploader.kick();
    await until(() => caughtUp(uploader), 'the desk caught up');
    await expectAllOnce([desk]);
  });

  it('two desks claiming one agent number: both desks\' calls arrive, each under its own desk, and the agent\'s totals are both', async () => {
    const one = newDesk({ number: '3003', name: '王敏' });
    const two = newDesk({ number: '3003', name: '王敏' });
    one.take(7);
    two.take(9);
    const a = uploaderFor(one);
    const b = uploaderFor(two);
    await until(() => caughtUp(a.uploader) && caughtUp(b.uploader), 'both desks caught up');
    await expectAllOnce([one, two]);
    expect(Number((await admin.query(`SELECT count(*) AS n FROM ringside.desks WHERE agent_number = '3003'`)).rows[0].n)).toBe(2);
  });

  it('the server away says no sentence (the header says offline); a refused login says why, without the password', async () => {
    const desk = newDesk({ number: '3004', name: '张三' });
    desk.take(2);
    const away = new Uploader(new TeamLink(cluster.url().replace(`:${cluster.port}/`, `:${await freePort()}/`)), desk.store, () => desk.agent);
    away.start();
    await until(() => away.status.state === 'offline', 'offline');
    await away.stop();
    expect(away.status).toEqual({ state: 'offline', waiting: 2, problem: null });

    cluster.psql(`CREATE ROLE desk_3004 LOGIN PASSWORD 'right-one' IN ROLE ringside_agent`);
    const refused = new Uploader(new TeamLink(cluster.url({ user: 'desk_3004', password: 'wrong-one' })), desk.store, () => desk.agent);
    refused.start();
    await until(() => refused.status.state === 'offline', 'offline');
    await refused.stop();
    expect(refused.status.problem).toContain('拒绝了登录');
    expect(refused.status.problem).not.toContain('wrong-one');
    expect(await arrived(desk.deskId)).toEqual([]);
  });
});

describe('a desk quitting while the server is silent', () => {
  it('does not wait past its bound, connecting or mid-batch: what was cut stays queued and goes up once later', async () => {
    const desk = newDesk({ number: '3005', name: '赵六' });
    // Connecting to a server that never answers (a route gone dead).
    proxy.silent();
    // With the live state too, as the screen makes it: its last state and sign-off are bounded as well.
    const published = { variables: () => ({ company: '天天公司', hotline: '', perPack: {}, agentNumber: desk.agent.number, agentName: desk.agent.name }), overdueFollowUps: () => 0 };
    const first = new DeskTeam(viaProxy(), desk.store, () => desk.agent, published);
    first.start(desk.desk);
    let started = Date.now();
    await first.stop(300);
    expect(Date.now() - started).toBeLessThan(2_000);

    // Connected, then silent while a batch is on its way.
    proxy.forward();
    const second = new DeskTeam(viaProxy(), desk.store, () => desk.agent, published);
    second.start(desk.desk);
    await until(() => second.getSnapshot().state === 'connected', 'connected');
    proxy.silent();
    desk.take(3);
    expect(second.getSnapshot().waiting).toBe(3);
    started = Date.now();
    await second.stop(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(desk.store.outboxCount()).toBe(3);
    expect(await arrived(desk.deskId)).toEqual([]);

    proxy.forward();
    const third = new DeskTeam(viaProxy(), desk.store, () => desk.agent);
    third.start(desk.desk);
    cleanup.push(() => third.stop(300));
    await until(() => caughtUp(third.uploader), 'caught up');
    await expectAllOnce([desk]);
  });
});

describe('sending a backlog', () => {
  it('a batch the server ends to let another through (deadlock, serialization failure) is sent again at once, whole', async () => {
    const desk = newDesk({ number: '3006', name: '钱七' });
    desk.take(6);
    // The server chooses this desk's batch to give way, twice: a deadlock, then a serialization failure.
    cluster.psql(`
      CREATE SEQUENCE public.give_way;
      CREATE FUNCTION public.give_way() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        CASE nextval('public.give_way')
          WHEN 1 THEN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01';
          WHEN 2 THEN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001';
          ELSE NULL;
        END CASE;
        RETURN NULL;
      END $$;
      CREATE TRIGGER give_way BEFORE INSERT ON ringside.calls FOR EACH STATEMENT EXECUTE FUNCTION public.give_way();`);
    const client = new pg.Client(cluster.url());
    await client.connect();
    try {
      expect(await sendOutbox(client, desk.store, desk.agent)).toBe(6);
    } finally {
      await client.end();
      cluster.psql(`DROP TRIGGER give_way ON ringside.calls; DROP FUNCTION public.give_way(); DROP SEQUENCE public.give_way;`);
    }
    expect(desk.store.outboxCount()).toBe(0);
    await expectAllOnce([desk]);
  });

  it('reads the log a few calls at a time between the screen\'s turns, and keeps each batch under its size', async () => {
    const desk = newDesk({ number: '3007', name: '孙八' });
    desk.take(60, 20);
    // How many calls the uploader reads from the log without letting the event loop turn (a key waits that long).
    let readThisTurn = 0;
    let mostInOneTurn = 0;
    let turning = true;
    const turn = () => {
      readThisTurn = 0;
      if (turning) setImmediate(turn);
    };
    turn();
    const counted: Outbox = {
      teamDesk: () => desk.store.teamDesk(),
      outboxBatch: (limit) => desk.store.outboxBatch(limit),
      outboxCount: () => desk.store.outboxCount(),
      alignOutbox: (acked) => desk.store.alignOutbox(acked),
      requeue: (callId) => desk.store.requeue(callId),
      ackOutbox: (sent) => desk.store.ackOutbox(sent),
      teamCalls: (ids) => {
        readThisTurn += ids.length;
        mostInOneTurn = Math.max(mostInOneTurn, readThisTurn);
        return desk.store.teamCalls(ids);
      },
    };
    const client = new pg.Client(cluster.url());
    await client.connect();
    const batches: number[] = [];
    try {
      // A batch of at most ~20 kB of calls (each a few kB): many batches, none the whole backlog.
      expect(await sendOutbox(client, counted, desk.agent, { batchChars: 20_000, afterBatch: (sent) => batches.push(sent) })).toBe(60);
    } finally {
      turning = false;
      await client.end();
    }
    expect(batches.length).toBeGreaterThanOrEqual(6);
    expect(mostInOneTurn).toBeLessThan(BATCH_CALLS / 10);
    await expectAllOnce([desk]);
  });
});
