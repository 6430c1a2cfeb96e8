/**
 * `ringside history` through the real bin: the table read as a light row a call (historyRows)
 * shows what the calls read whole show, for every kind of call; the JSON is written a call at a
 * time and comes out as one pretty-printed array, whatever its length.
 */
import { constants } from 'node:buffer';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { formatHistory, historyRow, jsonArrayPieces } from '../../src/reports/history.js';
import { loadPackFile } from '../../src/pack/load.js';
import { CallStore } from '../../src/store/sqlite.js';
import { englishDesk, homeForEachTest, packPath, runBin, zhGeneral } from '../helpers.js';

// The English table's words are asserted here; the Chinese desk's in tests/cli/desk-language.test.ts.
const home = homeForEachTest(englishDesk);
const ringside = (...args: string[]) => runBin(home.path, ...args);

/**
 * A log with every kind of call the table tells apart: a complaint from a Chinese name (a ticket),
 * flagged; a call with an instant fail; a missed and a rejected call; a training call; a
 * call-back; a call on the English pack with its private account number; a caller whose name is
 * wider than the caller column, and one with full-width digits and an emoji.
 */
function logEveryKind(): CallStore {
  const store = new CallStore(join(home.path, 'data', 'calls.sqlite'));
  const zh = zhGeneral();
  const en = loadPackFile(packPath('en/hotline.yaml'));
  const clock = new SimulatedClock();
  clock.set(new Date(2026, 10, 20, 9, 0, 0).getTime());
  const agent = { name: '王敏', number: '1024' };
  const deskOn = (pack = zh, extra: { scenarioId?: string; instantFail?: string[] } = {}) =>
    new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent, scenarioId: extra.scenarioId, scoring: () => ({ instantFail: extra.instantFail ?? [] }) });
  const answered = (desk: CallDesk, phone: string, fields: Record<string, string>, reasons: string[], during: (desk: CallDesk) => void = () => {}) => {
    desk.send({ type: 'RING', number: phone });
    clock.increment(4_000);
    desk.send({ type: 'ANSWER' });
    for (const [field, value] of Object.entries(fields)) desk.send({ type: 'SET_FIELD', field, value });
    during(desk);
    clock.increment(40_000);
    desk.send({ type: 'CALLER_HANG_UP' });
    for (const code of reasons) desk.send({ type: 'TOGGLE_REASON', code });
    desk.send({ type: 'SET_SUMMARY', text: '账单有误，已解释' });
    expect(desk.send({ type: 'SAVE' })).toBe(true);
    desk.stop();
    clock.increment(600_000);
  };
  answered(deskOn(), '13812345678', { name: '张先生' }, ['COMPLAINT-BILLING', 'INFO-PRICE'], (desk) => {
    desk.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
    desk.send({ type: 'TOGGLE_FLAG' });
  });
  answered(deskOn(zh, { instantFail: ['A'] }), '010-62345678', { name: '欧阳娜娜' }, ['INFO-PRODUCT'], (desk) => {
    desk.send({ type: 'TOGGLE_FAULT', item: 'A' });
    desk.send({ type: 'TOGGLE_FLAG' });
  });
  for (const end of ['CALLER_HANG_UP', 'AGENT_HANG_UP'] as const) {
    const desk = deskOn();
    desk.send({ type: 'RING', number: '+86 755 8888 1234' });
    clock.increment(20_000);
    desk.send({ type: end });
    desk.send({ type: 'SAVE' });
    desk.stop();
    clock.increment(600_000);
  }
  answered(deskOn(zh, { scenarioId: 'angry-bill' }), '13900001111', { name: '李雷' }, ['INFO-PROCESS']);
  const [ticket] = store.openFollowUps();
  const back = deskOn();
  back.send({ type: 'DIAL', ticketId: ticket!.ticketId, number: ticket!.caller.phone, about: '费用争议', openedAt: ticket!.openedAt });
  clock.increment(6_000);
  back.send({ type: 'ANSWER' });
  clock.increment(30_000);
  back.send({ type: 'CALLER_HANG_UP' });
  back.send({ type: 'TOGGLE_REASON', code: 'CB-RESOLVED' });
  expect(back.send({ type: 'SAVE' })).toBe(true);
  back.stop();
  clock.increment(600_000);
  answered(deskOn(en), '+44 20 7946 0018', { name: 'Margaret Thatcher-Smith', accountNumber: 'ACC-99887766', callerCompany: 'Acme Ltd' }, ['INFO-ACCOUNT']);
  answered(deskOn(), '１３８１２３４５６７８', { name: '😀司马相如' }, ['INFO-PRICE']);
  answered(deskOn(en), '02079460018', { name: 'Bartholomew Montgomery-Fitzwilliam the Third of Somewhere Far' }, ['INFO-PRICE']);
  return store;
}

describe('ringside history', () => {
  it('the table read light is the table of the calls read whole, for every kind of call, masked and not, any page length', () => {
    const store = logEveryKind();
    const whole = store.recentCalls(100);
    expect(whole.length).toBe(9);
    expect(store.historyRows(100)).toEqual(whole.map(historyRow));
    expect(store.historyRows(3)).toEqual(whole.slice(0, 3).map(historyRow));
    store.close();
    const masked = ringside('history');
    expect(masked).toMatchObject({ code: 0, err: '' });
    expect(masked.out).toBe(formatHistory(whole.map(historyRow), true, 'en'));
    expect(ringside('history', '--unmasked').out).toBe(formatHistory(whole.map(historyRow), false, 'en'));
    expect(ringside('history', '--limit', '3').out).toBe(formatHistory(whole.slice(0, 3).map(historyRow), true, 'en'));
    // What a reader sees in it: each kind of call, no private field, nothing of the callers unmasked.
    const lines = masked.out.split('\n');
    expect(lines.find((line) => line.includes('张**'))).toMatch(/ 100 +张\*\* 138\*\*\*\*5678 +complaint ! +费用争议、价格与费用$/);
    expect(lines.find((line) => line.includes('欧***'))).toMatch(/ 0! +欧\*\*\* 010-\*\*\*\*5678 +! +产品与服务$/);
    expect(lines.filter((line) => / live +missed | live +rejected /.test(line))).toHaveLength(2);
    expect(lines.find((line) => line.includes('李*'))).toMatch(/ train +answered /);
    expect(lines.find((line) => / back T\d+ /.test(line))).toBeDefined();
    for (const secret of ['ACC-99887766', 'Acme', '张先生', '13812345678', 'Margaret']) expect(masked.out).not.toContain(secret);
    expect(ringside('history', '--unmasked').out).toContain('Margaret Thatcher-Smith');
  });

  it('a damaged call in the page is a sentence naming it and the part, as reading it whole says; one that only looks damaged is shown', () => {
    logEveryKind().close();
    const database = join(home.path, 'data', 'calls.sqlite');
    const shown = ringside('history').out;
    const damage = (sql: string, ...values: unknown[]) => {
      const db = new Database(database);
      db.prepare(sql).run(...values);
      db.close();
    };
    const sentence = (what: string) =>
      `ringside: The call log ${database} is damaged: ${what} of call 2 cannot be read. Restore the file from a backup, or move it aside to start a new log; \`ringside export\` still reads its saved calls.\n`;
    // JSON of the wrong shape is as damaged as no JSON at all.
    // (Each left damaged: a call's scorecard is read before its fields, item by item.)
    for (const [sql, what] of [
      [`UPDATE calls SET fields_json = '["张三"]' WHERE id = 2`, 'the caller fields'],
      [`UPDATE scorecard SET failures_json = '{"by":"trainer"}' WHERE call_id = 2 AND item = 'C'`, 'scorecard item C'],
      [`UPDATE scorecard SET failures_json = '[{"by":' WHERE call_id = 2 AND item = 'B'`, 'scorecard item B'],
    ] as const) {
      damage(sql);
      for (const args of [['history'], ['history', '--unmasked'], ['history', '--json']]) {
        expect(ringside(...args)).toEqual({ code: 2, out: '', err: sentence(what) });
      }
    }
    // Read again whole, JSON with a space before it reads: the table is as it was.
    damage(`UPDATE calls SET fields_json = ' {}' WHERE id = 2`);
    damage(`UPDATE scorecard SET failures_json = ' []' WHERE call_id = 2`);
    expect(ringside('history')).toEqual({ code: 0, out: shown, err: '' });
  });

  it('--json is the pretty-printed array of the calls, written a call at a time', () => {
    logEveryKind().close();
    for (const args of [['history', '--json'], ['history', '--json', '--unmasked'], ['history', '--json', '--limit', '2']]) {
      const run = ringside(...args);
      expect(run).toMatchObject({ code: 0, err: '' });
      expect(run.out).toBe(`${JSON.stringify(JSON.parse(run.out), null, 2)}\n`);
    }
    expect(JSON.parse(ringside('history', '--json').out)).toHaveLength(9);
    expect(JSON.parse(ringside('history', '--json', '--limit', '2').out)).toHaveLength(2);
    expect(ringside('history', '--json').out).not.toContain('ACC-99887766');
  });

  it('a list in pieces is JSON.stringify(list, null, 2) and a line end, whatever the pieces\' size', () => {
    const list = [{ a: 1, b: ['x', { c: null }], d: '两行\n文字', e: undefined }, [], {}, null, 'text', 3.5, [1, [2, [3]]], undefined];
    for (const size of [1, 10, 1 << 20]) {
      expect([...jsonArrayPieces(list, size)].join('')).toBe(`${JSON.stringify(list, null, 2)}\n`);
    }
    expect([...jsonArrayPieces([])].join('')).toBe('[]\n');
  });

  it('a page longer than one string can hold comes out in pieces, none of them too long', () => {
    // 100,000 calls of about 6 KB: more than V8's longest string, which JSON.stringify of the list throws on.
    const call = { id: 1, summary: 'x'.repeat(6_000), reasons: [{ code: 'INFO-PRICE', label: '咨询资费' }] };
    let total = 0;
    let longest = 0;
    for (const piece of jsonArrayPieces(Array<typeof call>(100_000).fill(call))) {
      total += piece.length;
      longest = Math.max(longest, piece.length);
    }
    expect(total).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(longest).toBeLessThan(2 << 20);
  }, 60_000);
});
