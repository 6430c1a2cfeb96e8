/**
 * Caller data in what the commands print, through the real bin: masked unless asked (free text
 * included), written so a spreadsheet keeps phone numbers as they are, and never quoted in an
 * error, even from a damaged log.
 */
import { spawnSync } from 'node:child_process';
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
});
