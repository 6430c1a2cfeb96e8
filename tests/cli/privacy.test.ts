/**
 * Caller data in what the commands print, through the real bin: masked unless asked (free text
 * included), written so a spreadsheet keeps phone numbers as they are, and never quoted in an
 * error, even from a damaged log.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/db.js';
import { tempDir, zhGeneral } from '../helpers.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ringside.js');
let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.remove());
const database = () => join(home.path, 'data', 'calls.sqlite');

function ringside(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, RINGSIDE_HOME: home.path },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

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
  desk.send({ type: 'SET_SUMMARY', text: `张三,身份证号 ${ID_CARD},多扣话费` });
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
    expect(whole.summary).toBe(`张三,身份证号 ${ID_CARD},多扣话费`);
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
});
