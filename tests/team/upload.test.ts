/**
 * The uploader against a real PostgreSQL (a throwaway cluster): a desk's calls reach the team
 * once, with their figures, whatever is sent again; the team's per-day totals say what the
 * desk's own stats say.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/sqlite.js';
import { migrateTeam } from '../../src/team/schema.js';
import { sendBatch, sendOutbox } from '../../src/team/upload.js';
import { runBin, takeAndSave, tempDir, zhGeneral } from '../helpers.js';
import { startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
let admin: pg.Client;
const cleanup: (() => void)[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  admin = new pg.Client(cluster.url());
  await admin.connect();
  await migrateTeam(admin);
});
afterAll(async () => {
  await admin?.end();
  cluster?.remove();
  for (const undo of cleanup) undo();
});

function deskLog(): { store: CallStore; home: string } {
  const home = tempDir();
  cleanup.push(home.remove);
  return { store: new CallStore(`${home.path}/calls.sqlite`), home: home.path };
}

const count = async (sql: string, params: unknown[] = []) => Number((await admin.query(sql, params)).rows[0].n);

describe('a desk uploading its outbox', () => {
  it('sends every saved call once, and a batch sent again after a lost acknowledgement adds nothing', async () => {
    const { store } = deskLog();
    const pack = zhGeneral();
    const clock = new SimulatedClock();
    clock.set(Date.parse('2026-12-01T09:00:00+08:00'));
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
    const deskId = store.teamDesk();
    const ids = [takeAndSave(desk, clock), takeAndSave(desk, clock, 20_000), takeAndSave(desk, clock)];
    const client = new pg.Client(cluster.url());
    await client.connect();
    try {
      // The first batch goes up, but its acknowledgement is lost (the desk never hears it).
      const batch = store.outboxBatch(2);
      expect(batch.map((item) => item.callId)).toEqual(ids.slice(0, 2));
      await client.query(`INSERT INTO ringside.desks (desk_id, agent_number, agent_name) VALUES ($1, '1024', '王敏')`, [deskId]);
      expect(await sendBatch(client, deskId, batch, store.teamCalls(batch.map((item) => item.callId)))).toBe(2);
      expect(store.outboxCount()).toBe(3);
      // The desk sends its whole outbox again: the two already there are not taken twice.
      expect(await sendOutbox(client, store, { number: '1024', name: '王敏' })).toBe(1);
      expect(store.outboxCount()).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM ringside.calls WHERE desk_id = $1`, [deskId])).toBe(3);
      expect(await count(`SELECT sum(calls) AS n FROM ringside.day_calls WHERE agent_number = '1024'`)).toBe(3);
      expect(await count(`SELECT sum(ring3_missed) AS n FROM ringside.day_calls WHERE agent_number = '1024'`)).toBe(1);
    } finally {
      await client.end();
      store.close();
    }
  });

  it("keeps the team's totals equal to the desk's own stats, a call saved again replacing its figures", async () => {
    const home = tempDir();
    cleanup.push(home.remove);
    expect(runBin(home.path, 'demo-data', '--calls', '400').code).toBe(0);
    const local = JSON.parse(runBin(home.path, 'stats', '--json', '--by', 'agent').out);
    const sync = runBin(home.path, 'team', 'sync', '--team', cluster.url({ database: 'postgres' }));
    expect(sync.err).toBe('');
    expect(sync.code).toBe(0);
    const saved = new Database(`${home.path}/data/calls.sqlite`, { readonly: true });
    const onDesk = (saved.prepare(`SELECT count(*) AS n FROM calls WHERE status = 'saved'`).get() as { n: number }).n;
    saved.close();
    expect(sync.out).toContain(`已上传 ${onDesk} 通来电`);
    expect(await count(`SELECT count(*) AS n FROM ringside.calls c JOIN ringside.desks d USING (desk_id) WHERE d.agent_number = ''`)).toBe(onDesk);
    const rows = (await admin.query(`SELECT agent_number, sum(calls)::int AS calls, sum(answered)::int AS answered, sum(ring3_met)::int AS met FROM ringside.day_calls WHERE agent_number <> '1024' GROUP BY 1 ORDER BY 1`)).rows;
    expect(rows.reduce((sum, row) => sum + row.calls, 0)).toBe(local.calls);
    // Sent again (nothing new): the same figures.
    expect(runBin(home.path, 'team', 'sync', '--team', cluster.url()).code).toBe(0);
    const again = (await admin.query(`SELECT agent_number, sum(calls)::int AS calls, sum(answered)::int AS answered, sum(ring3_met)::int AS met FROM ringside.day_calls WHERE agent_number <> '1024' GROUP BY 1 ORDER BY 1`)).rows;
    expect(again).toEqual(rows);
  });

  it('a log restored from an older backup still sends the calls saved after the restore', async () => {
    const { store, home } = deskLog();
    const pack = zhGeneral();
    const clock = new SimulatedClock();
    clock.set(Date.parse('2026-12-02T09:00:00+08:00'));
    const agent = { name: '李强', number: '2048' };
    const desk = () => new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store: current, agent });
    let current = store;
    const deskId = current.teamDesk();
    takeAndSave(desk(), clock);
    // The backup: the log as it was after its first call.
    current.close();
    copyFileSync(`${home}/calls.sqlite`, `${home}/backup.sqlite`);
    current = new CallStore(`${home}/calls.sqlite`);
    const second = desk();
    takeAndSave(second, clock);
    takeAndSave(second, clock);
    const client = new pg.Client(cluster.url());
    await client.connect();
    try {
      expect(await sendOutbox(client, current, agent)).toBe(3);
      current.close();
      // The disk dies; the backup comes back, and the desk takes a call on it.
      current = new CallStore(`${home}/backup.sqlite`);
      expect(current.teamDesk()).toBe(deskId);
      takeAndSave(desk(), clock);
      await sendOutbox(client, current, agent);
      expect(current.outboxCount()).toBe(0);
      // The call saved on the restored log (its number 2 again) went up over the lost one.
      const calls = (await admin.query(`SELECT call_id, ring_at FROM ringside.calls WHERE desk_id = $1 ORDER BY call_id`, [deskId])).rows;
      expect(calls.map((row) => Number(row.call_id))).toEqual([1, 2, 3]);
      expect(Number(calls[1].ring_at)).toBe(current.getCall(2)!.ringAt);
    } finally {
      await client.end();
      current.close();
    }
  });

  it('a call jsonb cannot hold as it is, or one the log cannot read back, never holds back the calls after it', async () => {
    const { store, home } = deskLog();
    const pack = zhGeneral();
    const clock = new SimulatedClock();
    clock.set(Date.parse('2026-12-03T09:00:00+08:00'));
    const agent = { name: '赵敏', number: '4096' };
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent });
    const deskId = store.teamDesk();
    const ids = [takeAndSave(desk, clock), takeAndSave(desk, clock), takeAndSave(desk, clock), takeAndSave(desk, clock)];
    // The first call's summary holds a NUL and half a surrogate pair; the second's events are damaged on disk.
    const raw = new Database(`${home}/calls.sqlite`);
    raw.prepare(`UPDATE calls SET summary = ? WHERE id = ?`).run('退款\u0000\ud800到账', ids[0]);
    raw.prepare(`UPDATE call_events SET event_json = '{not json' WHERE call_id = ? AND seq = 1`).run(ids[1]);
    raw.close();
    const client = new pg.Client(cluster.url());
    await client.connect();
    try {
      expect(await sendOutbox(client, store, agent)).toBe(3);
      const up = (await admin.query(`SELECT call_id, summary FROM ringside.calls WHERE desk_id = $1 ORDER BY call_id`, [deskId])).rows;
      expect(up.map((row) => Number(row.call_id))).toEqual([ids[0], ids[2], ids[3]]);
      expect(up[0].summary).toMatch(/^退款\uFFFD+到账$/);
      // The damaged call waits at the back of the queue (its log says what is wrong with it wherever it is read).
      expect(store.outboxBatch(10).map((item) => item.callId)).toEqual([ids[1]]);
    } finally {
      await client.end();
      store.close();
    }
  });

  it('two processes sending the same log at once (the screen and a team sync) send each call once', async () => {
    const { store, home } = deskLog();
    const pack = zhGeneral();
    const clock = new SimulatedClock();
    clock.set(Date.parse('2026-12-04T09:00:00+08:00'));
    const agent = { name: '钱进', number: '8192' };
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent });
    const deskId = store.teamDesk();
    for (let i = 0; i < 30; i++) takeAndSave(desk, clock);
    const other = new CallStore(`${home}/calls.sqlite`);
    const clients = [new pg.Client(cluster.url()), new pg.Client(cluster.url())];
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const sent = await Promise.all([sendOutbox(clients[0]!, store, agent, { batchCalls: 4 }), sendOutbox(clients[1]!, other, agent, { batchCalls: 4 })]);
      expect(sent[0]! + sent[1]!).toBe(30);
      expect(store.outboxCount()).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM ringside.calls WHERE desk_id = $1`, [deskId])).toBe(30);
      expect(await count(`SELECT sum(calls) AS n FROM ringside.day_calls WHERE agent_number = '8192'`)).toBe(30);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
      other.close();
      store.close();
    }
  });
});

