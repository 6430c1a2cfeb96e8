/**
 * Caller data in what the commands print, through the real bin: masked unless asked (free text
 * included), written so a spreadsheet keeps phone numbers as they are, and never quoted in an
 * error, even from a damaged log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { main } from '../../src/cli.js';
import { UserError } from '../../src/errors.js';
import { CallStore } from '../../src/store/sqlite.js';
import { runBin, tempDir, zhGeneral, englishDesk } from '../helpers.js';
import { speak } from '../../src/language.js';

// The sentences the log's own reads throw in this process are the English desk's, as the bin's are here.
speak('en');

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
  // These tests read English sentences: an English desk (a fresh one speaks Chinese).
  englishDesk(home.path);
});
afterEach(() => home.remove());
const database = () => join(home.path, 'data', 'calls.sqlite');

const ringside = (...args: string[]) => runBin(home.path, ...args);

const ID_CARD = '110101199003077777';

/** A complaint from 张三 saved in the test's log: his ID-card number in a note and the summary. */
function logComplaint(caller: { phone: string; areaCode?: string }) {
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(new Date(2026, 10, 24, 10, 0, 0).getTime());
  const store = new CallStore(database());
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
  desk.send({ type: 'RING', number: caller.phone });
  desk.send({ type: 'ANSWER' });
  desk.send({ type: 'SET_FIELD', field: 'name', value: '张三' });
  if (caller.areaCode) desk.send({ type: 'SET_FIELD', field: 'areaCode', value: caller.areaCode });
  desk.send({ type: 'ADD_NOTE', text: `身份证 ${ID_CARD}` });
  desk.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
  desk.send({ type: 'CALLER_HANG_UP' });
  desk.send({ type: 'TOGGLE_REASON', code: 'COMPLAINT-BILLING' });
  desk.send({ type: 'SET_SUMMARY', text: `张三，身份证号 ${ID_CARD}，多扣话费` });
  expect(desk.send({ type: 'SAVE' })).toBe(true);
  desk.stop();
  store.close();
}

describe('caller data in what the commands print', () => {
  it('history --json masks the notes and the summary to their length, with the caller; --unmasked shows them', () => {
    logComplaint({ phone: '13812345678' });
    const run = ringside('history', '--json');
    expect(run.code).toBe(0);
    for (const secret of [ID_CARD, '张三', '13812345678']) expect(run.out).not.toContain(secret);
    const [call] = JSON.parse(run.out);
    expect(call.caller).toMatchObject({ name: '张*', phone: '138****5678' });
    expect(call.notes).toEqual([{ at: expect.any(Number), text: '(masked, 22 characters)' }]);
    expect(call.summary).toBe('(masked, 31 characters)');
    const [whole] = JSON.parse(ringside('history', '--json', '--unmasked').out);
    expect(whole.notes[0].text).toBe(`身份证 ${ID_CARD}`);
    expect(whole.summary).toBe(`张三，身份证号 ${ID_CARD}，多扣话费`);
  });

  it('an unmasked CSV writes phone numbers and area codes as text a spreadsheet keeps whole; a caller\'s = is still no formula', () => {
    logComplaint({ phone: '13674100000', areaCode: '0755' });
    logComplaint({ phone: '+8613812345678' });
    logComplaint({ phone: '=1+2' });
    const file = join(home.path, 'calls.csv');
    expect(ringside('export', '--unmasked', '--out', file).code).toBe(0);
    const rows = readFileSync(file, 'utf8').split('\r\n');
    // ="…" gives back the digits as text: not 1.36741E+10, and the area code keeps its 0.
    expect(rows[1]).toContain(',张三,"=""13674100000""",,"=""0755""",');
    expect(rows[2]).toContain(',张三,"=""+8613812345678""",,,');
    // Only digits are written so: anything else the phone field holds stays text, escaped.
    expect(rows[3]).toContain(`,张三,'=1+2,,,`);
    // Masked, the number is no longer digits alone and is written as it is.
    const masked = ringside('export').out.split('\r\n');
    expect(masked[1]).toContain(',张*,136****0000,,"=""0755""",');
  });

  it('a damaged row of the log is a sentence naming the call and the file, quoting nothing of it, exit 2', () => {
    logComplaint({ phone: '13812345678' });
    const db = new Database(database());
    db.prepare(`UPDATE calls SET fields_json = ? WHERE id = 1`).run('张三 13812345678 {');
    db.close();
    for (const args of [['history'], ['history', '--json', '--unmasked'], ['score', '1']]) {
      const run = ringside(...args);
      expect(run.code).toBe(2);
      expect(run.err).toBe(
        `ringside: The call log ${database()} is damaged: the caller fields of call 1 cannot be read. Restore the file from a backup, or move it aside to start a new log; \`ringside export\` still reads its saved calls.\n`,
      );
      expect(run.out).toBe('');
      expect(run.err).not.toContain('张三');
      expect(run.err).not.toContain('1381234');
    }
    // As the sentence says, the export still reads the call.
    expect(ringside('export', '--format', 'jsonl').out).toContain('"caller_phone":"138****5678"');

    const scorecard = new Database(database());
    scorecard.prepare(`UPDATE calls SET fields_json = '{}' WHERE id = 1`).run();
    scorecard.prepare(`UPDATE scorecard SET failures_json = ? WHERE call_id = 1`).run(`"张三 ${ID_CARD}"`);
    scorecard.close();
    const run = ringside('score', '1');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^ringside: The call log .*calls\.sqlite is damaged: scorecard item A of call 1 cannot be read\./);
    expect(run.err).not.toContain('张三');
  });

  it('a damaged event of a call, replayed or continued after a restart, is the same sentence, exit 2', () => {
    logComplaint({ phone: '13812345678' });
    const pack = zhGeneral();
    const store = new CallStore(database());
    // A call left open (Ringside stopped mid-call): the live screen continues it from its events.
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock: new SimulatedClock(), store, agent: { name: '王敏', number: '1024' } });
    desk.send({ type: 'RING', number: '13812345678' });
    desk.stop();
    store.close();
    const db = new Database(database());
    db.prepare(`UPDATE call_events SET event_json = ? WHERE seq = 1`).run(`{"type":"RING","number":"13812345678","name":"张三"`);
    db.close();
    const log = new CallStore(database());
    try {
      for (const [read, call] of [[() => log.callEvents(1), 1], [() => log.findOpenCall(), 2]] as const) {
        let thrown: unknown;
        try {
          read();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(UserError);
        expect(thrown).toMatchObject({
          exitCode: 2,
          message: `The call log ${database()} is damaged: event 1 of call ${call} cannot be read. Restore the file from a backup, or move it aside to start a new log; \`ringside export\` still reads its saved calls.`,
        });
      }
    } finally {
      log.close();
    }
  });

  it('an error nobody foresaw is said without its message, which may quote caller data', async () => {
    const said: string[] = [];
    const code = await main(['history'], {
      // Writing the answer fails with the words of a parser that read a caller's row.
      out: () => {
        throw new SyntaxError(`Unexpected token '张', "张三 1381234"... is not valid JSON`);
      },
      err: (text) => said.push(text),
      env: { RINGSIDE_HOME: home.path },
      stdinIsTTY: false,
      stdoutIsTTY: false,
    });
    expect(code).toBe(1);
    expect(said).toEqual([
      'ringside: something went wrong inside Ringside (SyntaxError); its message is not shown, as it may hold caller data. Please report it with the command you ran.\n',
    ]);
  });
});
