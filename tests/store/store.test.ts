/**
 * The call log on a real SQLite file in a temp folder: appended events, a saved call read back,
 * a call rebuilt after the program died, private file modes, migrations.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { rescored } from '../../machines/scorecard.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { CallStore } from '../../src/store/sqlite.js';
import { addWorkingDays } from '../../src/call/workdays.js';
import { loadPackFile } from '../../src/pack/load.js';
import { packPath, tempDir, zhGeneral } from '../helpers.js';
import { speak } from '../../src/language.js';

// The sentences asserted here are the English desk's.
speak('en');

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function desk(path = join(dir.path, 'data', 'calls.sqlite'), clock = new SimulatedClock(), strict = false) {
  if (clock.now() === 0) clock.set(Date.UTC(2026, 10, 24, 2, 0, 0)); // Tuesday 10:00 in Beijing
  const pack = zhGeneral();
  const store = new CallStore(path);
  const d = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict, clock, store, agent: { name: '王敏', number: '1024' } });
  return { desk: d, store, clock, path };
}

describe('call log', () => {
  it('saves a whole complaint call: times, hold, reasons, fields, summary, steps, rules and a ticket due in two working days', () => {
    const { desk: d, store, clock } = desk();
    d.send({ type: 'RING', number: '13812345678' });
    clock.increment(18_000);
    d.send({ type: 'ANSWER' });
    d.send({ type: 'SAY' });
    d.send({ type: 'SAY' });
    d.send({ type: 'SAY' });
    d.send({ type: 'SET_FIELD', field: 'name', value: '张先生' });
    d.send({ type: 'SAY' });
    d.send({ type: 'HOLD' });
    d.send({ type: 'SAY' });
    clock.increment(12_000);
    d.send({ type: 'HOLD' });
    d.send({ type: 'SAY' });
    d.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
    d.send({ type: 'SAY' });
    d.send({ type: 'SAY' });
    d.send({ type: 'SAY' });
    d.send({ type: 'NEXT_LINE' });
    d.send({ type: 'SAY' });
    clock.increment(60_000);
    d.send({ type: 'CALLER_HANG_UP' });
    d.send({ type: 'SET_SUMMARY', text: '话费账单有疑问' });
    d.send({ type: 'TOGGLE_REASON', code: 'COMPLAINT-BILLING' });
    clock.increment(9_000);
    expect(d.send({ type: 'SAVE' })).toBe(true);
    expect(d.lastSaved).toMatchObject({ id: 1, outcome: 'answered', ticketDueAt: expect.any(Number), scorecard: { judged: 5, total: expect.any(Number) } });
    expect(d.snapshot.value).toBe('idle');
    store.close();

    const reopened = new CallStore(join(dir.path, 'data', 'calls.sqlite'));
    const [call] = reopened.recentCalls(10);
    expect(call).toMatchObject({
      id: 1,
      packId: 'zh-CN-general',
      agentNumber: '1024',
      outcome: 'answered',
      ringMs: 18_000,
      talkMs: 72_000,
      holdMs: 12_000,
      wrapUpMs: 9_000,
      lateAnswer: true,
      hungUpBy: 'caller',
      branches: ['consultation', 'complaint'],
      summary: '话费账单有疑问',
      caller: { name: '张先生', phone: '13812345678' },
    });
    expect(call!.reasons).toEqual([{ code: 'COMPLAINT-BILLING', label: '费用争议', group: '投诉' }]);
    expect(call!.holds).toEqual([{ startedAt: call!.answeredAt! + 0, endedAt: call!.answeredAt! + 12_000, askedToWait: true, thanks: 'said', checkBacks: 0 }]);
    expect(call!.steps.find((s) => s.id === 'late-sorry')).toMatchObject({ status: 'done', rules: ['R-LATE-SORRY', 'R-RING-3'] });
    expect(call!.steps.find((s) => s.id === 'they-hang-up')?.status).toBe('done');
    expect(call!.rules.find((r) => r.rule === 'R-RING-3')?.outcome).toBe('missed');
    expect(call!.rules.find((r) => r.rule === 'R-THEY-HANG-UP')?.outcome).toBe('met');
    // Saved on Tuesday: due on Thursday, two working days on.
    expect(call!.ticket).toEqual({ kind: 'complaint', dueAt: addWorkingDays(call!.savedAt!, 2), status: 'open' });
    expect(new Date(call!.ticket!.dueAt).getUTCDay()).toBe(4);
    reopened.close();
  });

  it('a missed call is saved at once with its ring time', () => {
    const { desk: d, store, clock } = desk();
    d.send({ type: 'RING', number: '13900001111' });
    clock.increment(30_000);
    d.send({ type: 'CALLER_HANG_UP' });
    const [call] = store.recentCalls(5);
    expect(call).toMatchObject({ outcome: 'missed', ringMs: 30_000, answeredAt: null, caller: { phone: '13900001111' } });
    expect(d.lastSaved).toMatchObject({ id: 1, outcome: 'missed', ticketDueAt: null });
    expect(d.snapshot.value).toBe('idle');
  });

  it('a call survives the program dying: rebuilt from its logged events in the same phase, with its fields and notes', () => {
    const path = join(dir.path, 'data', 'calls.sqlite');
    const first = desk(path);
    first.desk.send({ type: 'RING', number: '13812345678' });
    first.clock.increment(20_000);
    first.desk.send({ type: 'ANSWER' });
    first.desk.send({ type: 'SAY' });
    first.desk.send({ type: 'SAY' });
    first.desk.send({ type: 'SAY' });
    first.desk.send({ type: 'SET_FIELD', field: 'name', value: '李女士' });
    first.desk.send({ type: 'ADD_NOTE', text: '宽带经常掉线' });
    first.desk.send({ type: 'HOLD' });
    first.desk.send({ type: 'SAY' });
    const before = first.desk.snapshot;
    // No save, no close: the process is gone.
    const clock = new SimulatedClock();
    clock.set(first.clock.now() + 5_000);
    const second = desk(path, clock);
    expect(second.desk.restored).toBe(true);
    const after = second.desk.snapshot;
    expect(after.value).toEqual(before.value);
    expect(after.context.steps).toEqual(before.context.steps);
    expect(after.context.fields).toEqual({ phone: '13812345678', name: '李女士' });
    expect(after.context.notes).toEqual(before.context.notes);
    expect(after.context.lateAnswer).toBe(true);
    expect(after.context.answeredAt).toBe(before.context.answeredAt);
    expect(after.context.holds).toEqual(before.context.holds);
    // And it carries on to a saved call in the same row.
    second.desk.send({ type: 'HOLD' });
    second.desk.send({ type: 'CALLER_HANG_UP' });
    second.desk.send({ type: 'TOGGLE_REASON', code: 'INFO-PROGRESS' });
    expect(second.desk.send({ type: 'SAVE' })).toBe(true);
    expect(second.store.recentCalls(5).map((c) => c.id)).toEqual([1]);
  });

  it('a restored call keeps its timers: a ring cut off at 5 s turns late at 15 s, not 15 s after the restart (R-RING-3)', () => {
    const path = join(dir.path, 'data', 'calls.sqlite');
    const first = desk(path);
    first.desk.send({ type: 'RING' });
    first.clock.increment(5_000);
    const start = first.clock.now() - 5_000;
    const clock = new SimulatedClock();
    clock.set(start + 7_000); // back up two seconds after the crash
    const second = desk(path, clock);
    expect(second.desk.snapshot.value).toBe('ringing');
    expect(second.desk.snapshot.context.lateAnswer).toBe(false);
    clock.increment(7_999);
    expect(second.desk.snapshot.context.lateAnswer).toBe(false);
    clock.increment(1);
    expect(second.desk.snapshot.context.lateAnswer).toBe(true);
  });

  it('a restored call catches up with the timers that fell due while Ringside was down (hold check-back, wrap-up limit)', () => {
    const path = join(dir.path, 'data', 'calls.sqlite');
    const first = desk(path);
    first.desk.send({ type: 'RING' });
    first.desk.send({ type: 'ANSWER' });
    first.desk.send({ type: 'HOLD' });
    first.desk.send({ type: 'SAY' });
    const clock = new SimulatedClock();
    clock.set(first.clock.now() + 45_000);
    const second = desk(path, clock);
    expect(second.desk.snapshot.hasTag('checkBackDue')).toBe(true);
    second.desk.send({ type: 'CALLER_HANG_UP' });
    clock.increment(60_000);
    expect(second.desk.snapshot.context.wrapUpOverdue).toBe(true);
  });

  it('a call is replayed with the strict mode it was taken in, not today\'s', () => {
    const path = join(dir.path, 'data', 'calls.sqlite');
    const first = desk(path);
    first.desk.send({ type: 'RING' });
    first.desk.send({ type: 'ANSWER' });
    first.desk.send({ type: 'NEXT_PHASE' }); // allowed: this call is advisory
    first.desk.send({ type: 'SAY' }); // the surname
    const before = first.desk.snapshot.context.steps;
    const clock = new SimulatedClock();
    clock.set(first.clock.now() + 1_000);
    const second = desk(path, clock, true);
    expect(second.desk.refusedOnRestore).toBe(0);
    expect(second.desk.snapshot.context.steps).toEqual(before);
    expect(second.desk.snapshot.context.strict).toBe(false);
  });

  it('a full disk: the failure is told at once, nothing is lost, and s writes it all when there is room again', () => {
    const { desk: d, store } = desk();
    const db = (store as unknown as { log: { db: Database.Database } }).log.db;
    const listened: (typeof d.storeProblem)[] = [];
    d.subscribe(() => listened.push(d.storeProblem));
    d.send({ type: 'RING', number: '13812345678' });
    d.send({ type: 'ANSWER' });
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    d.send({ type: 'ADD_NOTE', text: '很长的备注'.repeat(2_000) });
    expect(d.storeProblem).toEqual({ kind: 'write', detail: 'database or disk is full' });
    expect(listened.at(-1)).toBe(d.storeProblem);
    d.send({ type: 'CALLER_HANG_UP' });
    d.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    d.send({ type: 'SAVE' });
    expect(d.snapshot.status).toBe('done'); // the call is over, but not yet in the log
    expect(store.recentCalls(5)).toEqual([]);
    expect(d.retry()).toBe(false); // still full
    db.pragma('max_page_count = 1073741823');
    expect(d.retry()).toBe(true);
    expect(d.storeProblem).toBeNull();
    expect(d.snapshot.value).toBe('idle');
    const [call] = store.recentCalls(5);
    expect(call!.notes[0]!.text).toHaveLength(10_000);
    expect(call!.reasons.map((r) => r.code)).toEqual(['INFO-PRICE']);
  });

  it('a burst of missed calls behind the call on screen: written a batch a turn, none lost; the screen closing writes the rest at once', async () => {
    const { desk: d, store, clock } = desk();
    d.send({ type: 'RING', number: '13812345678' });
    d.send({ type: 'ANSWER' });
    for (let i = 0; i < 100; i++) d.logUnanswered({ number: '13900001111', name: '李四', callId: `B${i}`, ringAt: clock.now() - 5_000, endedAt: clock.now(), by: 'caller' });
    expect(store.recentCalls(200)).toEqual([]); // not one write a call, in the middle of the phone's burst
    await new Promise((resolve) => setImmediate(resolve));
    const first = store.recentCalls(200).length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(16); // a batch (docs/softphone.md: at most 16 a commit), so a key is not held up behind all of them
    d.writeLast();
    const logged = store.recentCalls(200);
    expect(logged).toHaveLength(100);
    expect(new Set(logged.map((call) => call.outcome))).toEqual(new Set(['missed']));
    expect(d.snapshot.matches('live')).toBe(true);
  });

  it('a missed call the log cannot take behind a busy desk is kept and written with what follows; the problem stays until it is', async () => {
    const { desk: d, store, clock, path } = desk();
    const db = (store as unknown as { log: { db: Database.Database } }).log.db;
    d.send({ type: 'RING', number: '13812345678' });
    clock.increment(3_000);
    d.send({ type: 'ANSWER' });
    // The log is full to its last page: a call with a long SIP name no longer fits, a key's event still does.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    clock.increment(20_000);
    d.logUnanswered({ number: '13900001111', name: '李'.repeat(6_000), callId: 'B', ringAt: clock.now() - 20_000, endedAt: clock.now(), by: 'caller' });
    await new Promise((resolve) => setImmediate(resolve)); // missed calls are written together, once the phone's burst is read
    expect(d.storeProblem?.kind).toBe('missed');
    d.send({ type: 'SAY' });
    expect(store.callEvents(1)!.events.map((e) => e.type)).toEqual(['RING', 'ANSWER', 'SAY']); // that write went through
    expect(d.storeProblem?.kind).toBe('missed'); // but the missed call is still owed
    expect(store.recentCalls(5)).toEqual([]);
    db.pragma('max_page_count = 1073741823');
    d.send({ type: 'SAY' });
    expect(d.storeProblem).toBeNull();
    const [missed] = store.recentCalls(5);
    expect(missed).toMatchObject({ outcome: 'missed', ringMs: 20_000, caller: { phone: '13900001111' } });
    expect(d.snapshot.matches('live')).toBe(true); // the call on screen went on
    // Ringside stops here and starts again: the call in progress comes back, and nothing is left open but it.
    const open = db.prepare(`SELECT id FROM calls WHERE status = 'open'`).all();
    expect(open).toEqual([{ id: 1 }]);
    const again = desk(path, clock);
    expect(again.desk.restored).toBe(true);
    expect(again.desk.snapshot.context.fields.phone).toBe('13812345678');
  });

  it('a missed call left open beside the call in progress (by an older Ringside) is saved at the next start, and the call in progress comes back', () => {
    const { desk: d, store, clock, path } = desk();
    d.send({ type: 'RING', number: '13812345678' });
    d.send({ type: 'ANSWER' });
    // What an older version could leave: the missed call opened and its events written, its save lost.
    const id = store.openCall('zh-CN-general', { name: '王敏', number: '1024' }, clock.now(), { strict: false, thresholds: resolveThresholds(zhGeneral()) });
    store.appendEvent(id, { type: 'RING', number: '13900001111', at: clock.now() });
    store.appendEvent(id, { type: 'CALLER_HANG_UP', at: clock.now() + 5_000 });
    clock.increment(10_000);
    const again = desk(path, clock);
    expect(again.desk.restored).toBe(true);
    expect(again.desk.snapshot.matches('live')).toBe(true);
    expect(again.desk.snapshot.context.fields.phone).toBe('13812345678');
    expect(again.store.getCall(id)).toMatchObject({ outcome: 'missed', caller: { phone: '13900001111' } });
  });

  it('a call left open on another pack comes back on it; the next call is on the pack asked for', () => {
    const path = join(dir.path, 'data', 'calls.sqlite');
    const english = loadPackFile(packPath('en/hotline.yaml'));
    const clock = new SimulatedClock();
    clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
    const firstStore = new CallStore(path);
    const first = new CallDesk({ pack: english, thresholds: resolveThresholds(english), strict: false, clock, store: firstStore, agent: { name: 'Ann', number: '7' } });
    first.send({ type: 'RING' });
    first.send({ type: 'ANSWER' });
    const general = zhGeneral();
    const store = new CallStore(path);
    const findPack = (id: string) => (id === english.id ? english : null);
    const second = new CallDesk({ pack: general, findPack, thresholds: resolveThresholds(general), strict: true, clock, store, agent: { name: 'Ann', number: '7' } });
    expect(second.restored).toBe(true);
    expect(second.pack.id).toBe('en-hotline');
    expect(second.snapshot.context.strict).toBe(false);
    second.send({ type: 'CALLER_HANG_UP' });
    second.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    expect(second.send({ type: 'SAVE' })).toBe(true);
    expect(second.pack.id).toBe('zh-CN-general');
    expect(second.snapshot.context.strict).toBe(true);
    // A call left open on a pack that is gone: left in the log as it was, and said so.
    const other = new CallDesk({ pack: english, thresholds: resolveThresholds(english), strict: false, clock, store, agent: { name: 'Ann', number: '7' } });
    other.send({ type: 'RING' });
    const third = new CallDesk({ pack: general, thresholds: resolveThresholds(general), strict: false, clock, store, agent: { name: 'Ann', number: '7' } });
    expect(third.orphan).toEqual({ id: 2, packId: 'en-hotline' });
    expect(third.restored).toBe(false);
    expect(third.snapshot.value).toBe('idle');
  });

  it('creates the log private to its owner, WAL files included', () => {
    const { desk: d, path } = desk();
    d.send({ type: 'RING', number: '13812345678' });
    const files = readdirSync(join(dir.path, 'data'));
    expect(files).toContain('calls.sqlite-wal');
    for (const file of files) {
      expect([file, statSync(join(dir.path, 'data', file)).mode & 0o777]).toEqual([file, 0o600]);
    }
    expect(statSync(join(dir.path, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('migrates by user_version and refuses a log from a newer Ringside with a sentence', () => {
    const path = join(dir.path, 'calls.sqlite');
    new CallStore(path).close();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => new CallStore(path)).toThrow(/written by a newer Ringside \(schema 99\); update Ringside/);
  });

  it('a log from before scorecards is migrated: its calls read as live calls without a scorecard', () => {
    const path = join(dir.path, 'v1.sqlite');
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0]!);
    raw.pragma('user_version = 1');
    raw.prepare(`INSERT INTO calls (status, pack_id, ring_at, outcome) VALUES ('saved', 'zh-CN-general', 1, 'answered')`).run();
    raw.close();
    const store = new CallStore(path);
    expect(store.getCall(1)).toMatchObject({ mode: 'live', scenarioId: null, scorecard: null });
    expect(store.rescore(1, (card) => rescored(card, { fail: ['C'], pass: [], reviewed: false }))).toBeNull();
    store.close();
  });

  it('a log from before R-RING-3 had one definition is judged again and its stats rebuilt: a caller who gave up within three rings is not judged, a rejected call is missed', () => {
    const path = join(dir.path, 'v4.sqlite');
    const raw = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 4)) raw.exec(migration);
    raw.pragma('user_version = 4');
    const ringAt = new Date(2026, 10, 16, 10, 0, 0).getTime();
    const call = raw.prepare(
      `INSERT INTO calls (id, status, pack_id, thresholds_json, agent_number, outcome, ring_at, answered_at, ended_at, saved_at, ring_ms, late_answer)
       VALUES (?, 'saved', 'zh-CN-general', ?, '1024', ?, ?, ?, ?, ?, ?, ?)`,
    );
    const verdict = raw.prepare(`INSERT INTO rule_outcomes (call_id, rule, outcome, at, why) VALUES (?, 'R-RING-3', ?, ?, ?)`);
    // As version 4 judged them: everything not late was met.
    call.run(1, '{"ringMs":15000}', 'answered', ringAt, ringAt + 2_000, ringAt + 60_000, ringAt + 70_000, 2_000, 0);
    verdict.run(1, 'met', ringAt + 2_000, 'rang 2 s');
    call.run(2, '{"ringMs":15000}', 'missed', ringAt + 60_000, null, ringAt + 70_000, ringAt + 70_000, 10_000, 0);
    verdict.run(2, 'met', null, 'rang 10 s');
    call.run(3, '{}', 'rejected', ringAt + 120_000, null, ringAt + 123_000, ringAt + 123_000, 3_000, 0);
    verdict.run(3, 'met', null, 'rang 3 s');
    call.run(4, '{"ringMs":15000}', 'missed', ringAt + 180_000, null, ringAt + 205_000, ringAt + 205_000, 25_000, 1);
    verdict.run(4, 'missed', null, 'rang 25 s');
    raw.prepare(`INSERT INTO day_calls VALUES ('2026-11-16', '1024', '', 'zh-CN-general', 4, 1, 1, 2000, 58000, 0, 0, 1, 10000, 0, 0, 3, 1, 0)`).run();
    raw.close();

    const store = new CallStore(path);
    const ring3 = (id: number) => store.getCall(id)!.rules.find((r) => r.rule === 'R-RING-3');
    expect(ring3(1)).toMatchObject({ outcome: 'met', why: 'rang 2 s' });
    expect(ring3(2)).toBeUndefined();
    expect(ring3(3)).toMatchObject({ outcome: 'missed', at: ringAt + 123_000, why: 'rejected after 3 s' });
    expect(ring3(4)).toMatchObject({ outcome: 'missed', at: ringAt + 205_000, why: 'rang 25 s unanswered' });
    // The per-day totals are built again from the calls: the same figure everywhere.
    const [day] = store.statsTotals('2026-11-16', '2026-11-16', 'all');
    expect(day).toMatchObject({ calls: 4, answered: 1, ring3Met: 1, ring3Missed: 2 });
    expect(store.statsRules('2026-11-16', '2026-11-16')).toEqual([{ rule: 'R-RING-3', met: 1, missed: 2 }]);
    store.close();
  });

  it('a version-4 log with a call whose settings are damaged is still migrated: that call is judged with the default ring limit', () => {
    const path = join(dir.path, 'v4-damaged.sqlite');
    const raw = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 4)) raw.exec(migration);
    raw.pragma('user_version = 4');
    raw.prepare(`INSERT INTO calls (id, status, pack_id, thresholds_json, outcome, ring_at, ended_at, saved_at, ring_ms) VALUES (1, 'saved', 'zh-CN-general', '{"ringMs":15', 'missed', 1, 10001, 10001, 10000)`).run();
    raw.prepare(`INSERT INTO rule_outcomes (call_id, rule, outcome, at, why) VALUES (1, 'R-RING-3', 'met', null, 'rang 10 s')`).run();
    raw.close();
    const store = new CallStore(path);
    expect(store.getCall(1)!.rules.find((r) => r.rule === 'R-RING-3')).toBeUndefined(); // gave up within three rings: not judged
    store.close();
  });

  it('says what is wrong with a file that is not a database', () => {
    const path = join(dir.path, 'not-a-db.sqlite');
    writeFileSync(path, 'this is not sqlite, just text that is long enough to look like a header'.repeat(20));
    expect(() => new CallStore(path)).toThrow(/cannot be opened .*move the file aside/);
    expect(() => new CallStore(path)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('the call log is a file of its own', () => {
  const data = () => join(dir.path, 'data');
  const log = () => join(data(), 'calls.sqlite');

  it('a log path that is a link, dangling or not, is refused with a sentence: nothing made, written or chmodded through it', () => {
    mkdirSync(data(), { mode: 0o700 });
    const elsewhere = join(dir.path, 'elsewhere.sqlite');
    symlinkSync(elsewhere, log());
    const sentence = `The call log ${log()} is a link; Ringside keeps caller data only in a file of its own, never through a link. Remove the link (or move the file it points to into its place).`;
    expect(() => new CallStore(log())).toThrow(sentence);
    expect(() => new CallStore(log())).toThrow(expect.objectContaining({ exitCode: 1 }));
    expect(existsSync(elsewhere)).toBe(false);
    writeFileSync(elsewhere, 'a file of someone else');
    chmodSync(elsewhere, 0o644);
    expect(() => new CallStore(log())).toThrow(sentence);
    expect([readFileSync(elsewhere, 'utf8'), statSync(elsewhere).mode & 0o777]).toEqual(['a file of someone else', 0o644]);
    // A real log whose -wal is a link: SQLite would write the calls through it.
    rmSync(log());
    new CallStore(log()).close();
    symlinkSync(elsewhere, `${log()}-wal`);
    expect(() => new CallStore(log())).toThrow(`The call log ${log()}-wal is a link;`);
    expect(readFileSync(elsewhere, 'utf8')).toBe('a file of someone else');
  });

  it('a log that is not a regular file is refused with a sentence', () => {
    mkdirSync(log(), { recursive: true });
    expect(() => new CallStore(log())).toThrow(`The call log ${log()} is not a regular file. Move it aside; Ringside makes a new one.`);
  });

  it.skipIf(process.getuid?.() !== 0)('a log of another user is refused, not chmodded or opened (run as root)', () => {
    new CallStore(log()).close();
    chmodSync(log(), 0o644);
    chownSync(log(), 65534, 65534);
    expect(() => new CallStore(log())).toThrow(`The call log ${log()} belongs to another user (uid 65534). Ringside uses only files of your own: run it as that user, or move the file aside.`);
    expect(statSync(log()).mode & 0o777).toBe(0o644);
    expect(readdirSync(data())).toEqual(['calls.sqlite']);
  });

  it('its folder: a folder only readable by others is made 0700; one others can write to is refused', () => {
    mkdirSync(data(), { mode: 0o755 });
    chmodSync(data(), 0o755);
    new CallStore(log()).close();
    expect(statSync(data()).mode & 0o777).toBe(0o700);
    chmodSync(data(), 0o777);
    expect(() => new CallStore(log())).toThrow(
      `The call log's folder ${data()} can be changed by other users (mode 777): they could swap its files. Make it yours alone with \`chmod 700 ${data()}\`, or choose another folder with RINGSIDE_HOME=DIR.`,
    );
  });
});
