/**
 * The real bin, run as a person runs it (built bundle, separate process): exit codes, sentences
 * instead of stack traces, settings, packs, history.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { loadPackFile } from '../../src/pack/load.js';
import type { SaveScoring } from '../../src/call/record.js';
import { CallStore } from '../../src/store/sqlite.js';
import { englishDesk, packPath, runBin, tempDir } from '../helpers.js';
import { stringWidth } from '../../src/width.js';
import { formatHistory, historyRow } from '../../src/reports/history.js';

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
  // These tests read English sentences: an English desk (a fresh one speaks Chinese).
  englishDesk(home.path);
});
afterEach(() => home.remove());

const ringside = (...args: string[]) => runBin(home.path, ...args);

/** A desk on the test's call log (a real SQLite file), on a simulated clock. */
function deskOnLog(packFile: string, agent: { name: string; number: string }, scoring?: () => SaveScoring) {
  const pack = loadPackFile(packPath(packFile));
  const clock = new SimulatedClock();
  const store = new CallStore(join(home.path, 'data', 'calls.sqlite'));
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent, scoring });
  return { desk, clock, store };
}

/** A complaint call, from the ring to the save: it opens a ticket due two working days later. */
function logComplaint({ desk, clock }: ReturnType<typeof deskOnLog>, call: { at: number; phone: string; summary: string; ringMs?: number; talkMs?: number }) {
  clock.set(call.at);
  desk.send({ type: 'RING', number: call.phone });
  if (call.ringMs) clock.increment(call.ringMs);
  desk.send({ type: 'ANSWER' });
  desk.send({ type: 'SET_FIELD', field: 'name', value: '张先生' });
  desk.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
  if (call.talkMs) clock.increment(call.talkMs);
  desk.send({ type: 'CALLER_HANG_UP' });
  desk.send({ type: 'TOGGLE_REASON', code: 'COMPLAINT-BILLING' });
  desk.send({ type: 'SET_SUMMARY', text: call.summary });
  desk.send({ type: 'SAVE' });
}

describe('ringside CLI', () => {
  it('without a terminal the live screen says so in a sentence and exits 2', () => {
    const run = ringside();
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^ringside: The live screen needs a terminal/);
    expect(run.err).not.toMatch(/at .*\.js:\d+/);
  });

  it('a softphone address it cannot follow is a sentence and exit 2, on the command line and in the settings', () => {
    for (const args of [['--softphone', 'sip:agent@127.0.0.1'], ['--softphone', 'baresip://127.0.0.1:99999'], ['config', 'set', 'softphone', 'linphone://x']]) {
      const run = ringside(...args);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/baresip:\/\/(HOST:PORT|127\.0\.0\.1:4444)/);
      expect(run.err).not.toMatch(/at .*\.js:\d+/);
    }
    expect(ringside('config', 'set', 'softphone', 'baresip://127.0.0.1:4444').code).toBe(0);
    expect(ringside('config', 'get', 'softphone').out.trim()).toBe('baresip://127.0.0.1:4444');
  });

  it('a damaged call log: a sentence that names the file and what to do, exit 2, no stack', () => {
    mkdirSync(join(home.path, 'data'), { recursive: true });
    writeFileSync(join(home.path, 'data', 'calls.sqlite'), 'not a call log, only text '.repeat(100));
    const run = ringside('stats');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/calls\.sqlite cannot be opened \(file is not a database\).*move the file aside/);
    expect(run.err).not.toMatch(/at .*\.js:\d+/);
  });

  it('--version and --help', () => {
    expect(ringside('--version')).toMatchObject({ code: 0, out: '0.1.0\n' });
    const help = ringside('--help');
    expect(help.code).toBe(0);
    for (const command of ['history', 'packs', 'config', 'rules']) expect(help.out).toContain(command);
  });

  it('bad usage exits 2 with a hint', () => {
    const run = ringside('histroy');
    expect(run.code).toBe(2);
    expect(run.err).toBe('ringside: There is no command "histroy". Commands: train, history, stats, demo-data, follow-ups, export, score, replay, packs, rules, chart, transcribe, config, team, board (ringside --help says more).\n');
    expect(ringside('history', '--limit', 'zero').code).toBe(2);
  });

  it('packs lists the built-in packs with the default marked; packs check validates a file', () => {
    const list = ringside('packs');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/\* zh-CN-general +zh-CN +built-in +通用客服热线/);
    expect(list.out).toContain('zh-CN-telecom');
    expect(list.out).toContain('en-hotline');
    const check = ringside('packs', 'check', packPath('zh-CN/general.yaml'));
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/is valid: \d+ steps, 9 branches, 14 reasons in 4 groups/);
  });

  it('packs show prints a pack phase by phase with its rule IDs, branches and reasons', () => {
    const run = ringside('packs', 'show', 'zh-CN-telecom');
    expect(run.code).toBe(0);
    expect(run.out).toContain('移动客服热线咨询（zh-CN-telecom，zh-CN）');
    expect(run.out).toContain('night service: 23:30-07:30');
    expect(run.out).toMatch(/开场白（报号） +\[R-OPEN, R-OPEN-NOW\]/);
    expect(run.out).toContain('即重新拨打{areaCode}10086即可。');
    expect(run.out).toMatch(/不属受理范围 \(outOfScope; non-business, ends the call\)/);
    expect(run.out).toMatch(/客户先挂机 \(judged by who hangs up\)/);
    expect(ringside('packs', 'show', 'nope').code).toBe(2);
  });

  it('packs check on a broken pack prints file:line:column and exits 2', () => {
    const file = join(home.path, 'bad.yaml');
    writeFileSync(file, 'id: x\nlanguage: fr\n');
    const run = ringside('packs', 'check', file);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${file}:2:11: language: `);
  });

  it('config set/get/list/path, typed by the schema, with sentences for mistakes', () => {
    expect(ringside('config', 'set', 'agentNumber', '1024')).toMatchObject({ code: 0, out: 'agentNumber = "1024"\n' });
    expect(ringside('config', 'set', 'ringSeconds', '20')).toMatchObject({ code: 0, out: 'ringSeconds = 20\n' });
    expect(ringside('config', 'set', 'strict', 'yes').out).toBe('strict = true\n');
    expect(ringside('config', 'set', 'keys', 'hold=p').out).toBe('keys = {"hold":"p"}\n');
    expect(ringside('config', 'get', 'agentNumber').out).toBe('1024\n');
    expect(ringside('config', 'list').out).toContain('company = ""');
    const bad = ringside('config', 'set', 'ringSeconds', 'soon');
    expect(bad).toMatchObject({ code: 2, err: 'ringside: ringSeconds takes a number of seconds, not "soon".\n' });
    expect(ringside('config', 'set', 'keys', 'teleport=t').code).toBe(2);
    expect(ringside('config', 'set', 'keys', 'hold=a')).toMatchObject({ code: 2, err: 'ringside: The key "a" already does answer; give hold a key of its own.\n' });
    expect(ringside('config', 'get', 'colour')).toMatchObject({ code: 2 });
    const path = ringside('config', 'path').out;
    expect(path).toContain(join(home.path, 'config', 'config.json'));
    expect(statSync(join(home.path, 'config', 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('a corrupt settings file is a sentence with the file, exit 2', () => {
    ringside('config', 'set', 'agentName', '王敏');
    writeFileSync(join(home.path, 'config', 'config.json'), '{ "agentName": ');
    const run = ringside('config', 'list');
    expect(run.code).toBe(2);
    // The file that said the desk was English cannot be read: the sentence is in the default language, Chinese.
    expect(run.err).toMatch(/^ringside: 设置文件 .*config\.json 读不了：.*删掉它从默认设置开始。\n$/);
  });

  it('an unknown pack for the rules command lists the known ones', () => {
    const run = ringside('rules', '--pack', 'nope');
    expect(run.code).toBe(2);
    expect(run.err).toContain('There is no pack "nope". Known packs: ');
    const rules = ringside('rules');
    expect(rules.out).toMatch(/✓ R-OPEN +courtesy/);
  });

  it('history masks caller data, the pack\'s private fields included, unless --unmasked', () => {
    const { desk, clock, store } = deskOnLog('en/hotline.yaml', { name: 'Ann', number: '7' });
    clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
    desk.send({ type: 'RING', number: '13812345678' });
    desk.send({ type: 'ANSWER' });
    desk.send({ type: 'SET_FIELD', field: 'name', value: 'Mr Smith' });
    desk.send({ type: 'SET_FIELD', field: 'accountNumber', value: 'AC-998877' });
    desk.send({ type: 'SET_FIELD', field: 'callerCompany', value: 'Acme' });
    desk.send({ type: 'CALLER_HANG_UP' });
    desk.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    desk.send({ type: 'SAVE' });
    store.close();
    const [masked] = JSON.parse(ringside('history', '--json').out);
    expect(masked.caller).toMatchObject({ name: 'M*******', phone: '138****5678', fields: { accountNumber: 'A********', callerCompany: 'Acme' } });
    const all = ringside('history', '--json', '--unmasked').out;
    expect(JSON.parse(all)[0].caller.fields.accountNumber).toBe('AC-998877');
    expect(ringside('history').out).not.toContain('13812345678');
  });

  it('train --list lists the scenarios; a broken scenario is a file:line:column sentence, exit 2', () => {
    const list = ringside('train', '--list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/zh-consultation +zh-CN +普通咨询/);
    expect(JSON.parse(ringside('train', '--list', '--json').out).length).toBeGreaterThanOrEqual(8);
    const none = ringside('train', 'no-such');
    expect(none).toMatchObject({ code: 2 });
    expect(none.err).toMatch(/^ringside: There is no scenario "no-such". Scenarios: .*zh-consultation/);
    const file = join(home.path, 'bad.yaml');
    writeFileSync(file, 'id: bad\nlanguage: zh-CN\npack: zh-CN-general\ntitle: t\nbrief: b\ncaller: { name: 王 }\nbeats:\n  - when: said nosuch\n    says: 你好\nmodel:\n  - keys: a\nexpect: {}\n');
    const bad = ringside('train', file);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(`ringside: ${file}:8:11: pack zh-CN-general has no step "nosuch"; use one of late-sorry, open, surname, restate, answer, remind, complaint-accept, complaint-follow-up, suggestion-record, out-of-scope-explain, out-of-scope-close, wrong-number-line, find-person-who, find-person-caller, find-person-transfer, take-message-offer, take-message-number, support-ask, support-answer, silent-ask, silent-close, anything-else, reciprocate, farewell, they-hang-up, hold-ask, hold-back, hold-check-back, callback-intro, callback-consent, callback-explain, callback-satisfied, callback-farewell, callback-they-hang-up\n`);
    // A broken scenario of the user's, asked for by its id, says what is wrong with it.
    const mine = join(home.path, 'config', 'scenarios');
    mkdirSync(mine, { recursive: true });
    writeFileSync(join(mine, 'mine.yaml'), 'id: mine\nlanguage: zh-CN\npack: no-such-pack\ntitle: t\nbrief: b\ncaller: { name: 王 }\nbeats:\n  - { when: answered, says: 喂 }\nmodel:\n  - keys: a\nexpect: {}\n');
    const broken = ringside('train', 'mine');
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/mine\.yaml:3:7: There is no pack "no-such-pack"/);
    // A good scenario still needs a terminal to train on.
    const noTty = ringside('train', 'zh-consultation');
    expect(noTty.code).toBe(2);
    expect(noTty.err).toMatch(/^ringside: Training needs a terminal/);
    expect(ringside('replay', '1').err).toMatch(/^ringside: A replay needs a terminal/);
  });

  it('score shows a saved call\'s scorecard; a trainer marks items afterwards; history shows the score', () => {
    englishDesk(home.path); // the English report's words are asserted (the Chinese desk's: tests/cli/desk-language.test.ts)
    const { desk, clock, store } = deskOnLog('zh-CN/general.yaml', { name: 'Ann', number: '7' }, () => ({ instantFail: ['R-OPEN'] }));
    clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
    desk.send({ type: 'RING' });
    clock.increment(18_000); // past three rings
    desk.send({ type: 'ANSWER' });
    clock.increment(2_000);
    for (let i = 0; i < 9; i++) desk.send({ type: 'SAY' });
    desk.send({ type: 'CALLER_HANG_UP' });
    desk.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    desk.send({ type: 'SAVE' });
    store.close();
    const card = ringside('score', '1');
    expect(card.code).toBe(0);
    expect(card.out).toContain('Call 1 · live call · score 86 (6/7 items passed)');
    expect(card.out).toMatch(/^ {2}E {2}00:00 {2}R-RING-3 +rang 18 s$/m); // moments on the talk clock: the late answer is its start
    expect(card.out).toMatch(/^ {2}C \? trainer +impatience$/m);
    expect(ringside('history').out).toMatch(/^1 +2026-11-24 \d\d:00 live +answered .* 86 /m);
    const marked = ringside('score', '1', '--fail', 'c,i', '--reviewed');
    expect(marked.out).toContain('score 79 (11/14 items passed)');
    expect(marked.out).toMatch(/^ {2}I {4}- {4}trainer +marked by the trainer$/m);
    expect(ringside('score', '1', '--pass', 'C').out).toContain('score 86 (12/14 items passed)');
    // E failed on a rule (the late answer): a trainer's pass cannot take that back, and says so.
    const refused = ringside('score', '1', '--pass', 'E');
    expect(refused).toMatchObject({ code: 2, out: '' });
    expect(refused.err).toBe("ringside: --pass takes back only a trainer's mark, and E failed on R-RING-3 at 00:00, which the call itself shows: nothing was changed. See ringside score 1.\n");
    expect(JSON.parse(ringside('score', '1', '--json').out)).toMatchObject({ id: 1, mode: 'live', total: 86 });
    expect(ringside('score', '1', '--fail', 'Z')).toMatchObject({ code: 2 });
    expect(ringside('score', '1', '--fail', 'C', '--pass', 'C').err).toBe('ringside: C cannot both fail and pass.\n');
    expect(ringside('score', '9').err).toBe('ringside: There is no saved call 9; ringside history shows the calls.\n');
    expect(ringside('config', 'set', 'instantFail', 'R-OPEN,R-NOPE').err).toMatch(/^ringside: instantFail takes rule IDs .* not R-NOPE\.\n$/);
    // A call keeps the instant-fail set it was saved with: changing the setting does not rescore the past.
    expect(ringside('config', 'set', 'instantFail', 'R-RING-3,C').code).toBe(0);
    const kept = ringside('score', '1', '--reviewed').out;
    expect(kept).toContain('score 86 (12/14 items passed)');
    expect(kept).not.toContain('instant fail');
  });

  it('follow-ups lists open complaint tickets by due date, overdue first, masked unless asked', () => {
    englishDesk(home.path); // the English report's words are asserted (the Chinese desk's: tests/cli/desk-language.test.ts)
    const log = deskOnLog('zh-CN/general.yaml', { name: 'Ann', number: '7' });
    // Monday 5 January: due Wednesday, long past; then one due later.
    logComplaint(log, { at: Date.UTC(2026, 0, 5, 2, 0, 0), phone: '13900000001', summary: '宽带三天未修好' });
    logComplaint(log, { at: Date.now() + 3 * 86_400_000, phone: '13900000002', summary: '账单多扣了 30 元' });
    log.store.close();
    const list = ringside('follow-ups');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^1 overdue, 0 due today, 1 open/);
    const rows = list.out.split('\n').filter((line) => /^T\d/.test(line));
    expect(rows[0]).toMatch(/^T1 +1 +overdue +2026-01-07 \d\d:00 complaint +7 +张\*\* 139\*\*\*\*0001 +费用争议$/);
    expect(rows[1]).toMatch(/^T2 +2 +open /);
    expect(list.out).not.toContain('13900000001');
    expect(list.out).not.toContain('宽带');
    const [first] = JSON.parse(ringside('follow-ups', '--json', '--unmasked').out);
    expect(first).toMatchObject({ ticketId: 1, state: 'overdue', caller: { phone: '13900000001' }, summary: '宽带三天未修好' });
  });

  it('export writes the log as CSV a spreadsheet reads (Chinese, commas, quotes), JSON and JSON Lines, masked unless asked', () => {
    englishDesk(home.path); // the English report's words are asserted (the Chinese desk's: tests/cli/desk-language.test.ts)
    const log = deskOnLog('zh-CN/general.yaml', { name: '王敏', number: '1024' });
    const call = (day: number, phone: string, summary: string) =>
      logComplaint(log, { at: new Date(2026, 10, day, 10, 0, 0).getTime(), phone, summary, ringMs: 4000, talkMs: 60_000 });
    call(23, '13900000001', '=HYPERLINK("x"), 多扣 30 元'); // fullwidth: keep (a formula, as typed)
    call(24, '13900000002', '网速慢');
    log.store.close();

    const csv = ringside('export');
    expect(csv.code).toBe(0);
    const lines = csv.out.split('\r\n');
    expect(lines[0]!.startsWith('\uFEFFid,ring_at,outcome,agent_number,agent_name')).toBe(true);
    expect(lines[1]).toMatch(/^1,2026-11-23 10:00:00,answered,1024,王敏,zh-CN-general,4,60,0,/);
    expect(lines[1]).toContain(',张**,139****0001,');
    expect(lines[1]!.endsWith(',"(masked, 24 characters)"')).toBe(true); // the summary is the caller's words
    expect(csv.out).not.toContain('13900000001');
    expect(lines).toHaveLength(4); // header, two calls, the empty string after the last CRLF

    expect(ringside('export', '--unmasked')).toMatchObject({ code: 2 });
    const file = join(home.path, 'calls.csv');
    const full = ringside('export', '--unmasked', '--out', file, '--from', '2026-11-23', '--to', '2026-11-23');
    expect(full.code).toBe(0);
    expect(full.err).toBe(`1 call written to ${file} (caller data in full: keep it private).\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    // The caller's words as written; quoted, and a leading = can never run as a formula.
    expect(text).toContain(',张先生,"=""13900000001""",'); // the phone as text (tests/cli/privacy.test.ts)
    expect(text).toContain(`"'=HYPERLINK(""x""), 多扣 30 元"`); // fullwidth: keep

    const jsonl = ringside('export', '--format', 'jsonl', '--from', '2026-11-24').out.trim().split('\n');
    expect(jsonl.map((line) => JSON.parse(line).id)).toEqual([2]);
    const json = JSON.parse(ringside('export', '--format', 'json').out);
    expect(json.map((row: { caller_phone: string }) => row.caller_phone)).toEqual(['139****0001', '139****0002']);
    expect(JSON.parse(ringside('export', '--format', 'json', '--from', '2027-01-01').out)).toEqual([]);
    expect(ringside('export', '--from', '2026-02-30').err).toBe('ringside: --from takes a day as YYYY-MM-DD, for example 2026-11-24; "2026-02-30" is not one.\n');
    expect(ringside('export', '--format', 'xlsx').code).toBe(2);
  });

  it('chart prints the statechart in each format, with the pack\'s branches under answering', () => {
    // By default in the pack's language (a desk left on auto), its phases and steps; the machine's own chart is a developer's level.
    writeFileSync(join(home.path, 'config', 'config.json'), JSON.stringify({ language: 'auto' }));
    expect(ringside('chart').out).toMatch(/^通用客服热线：通话的阶段与步骤\n空闲\n {2}来电 → 振铃中$/m);
    expect(ringside('chart', '--level', 'phases', '--pack', 'en-hotline').out).toMatch(/^General hotline \(English\): the phases of a call\n/);
    expect(ringside('chart', '--level', 'phases', '--format', 'mermaid').out).toContain('  ringing --> live : 接听');
    expect(JSON.parse(ringside('chart', '--format', 'json').out)).toMatchObject({ level: 'steps', pack: { id: 'zh-CN-general', language: 'zh-CN' } });
    expect(ringside('chart', '--level', 'slides').code).toBe(2);
    const mermaid = ringside('chart', '--format', 'mermaid', '--level', 'machine');
    expect(mermaid.code).toBe(0);
    expect(mermaid.out.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(mermaid.out).toContain('note right of live_phase_answering : 通用客服热线：1 咨询 · 2 投诉');
    expect(JSON.parse(ringside('chart', '--format', 'json', '--pack', 'en-hotline', '--level', 'machine').out).notes['live.phase.answering']).toMatch(/^General hotline/);
    const text = ringside('chart', '--level', 'machine').out;
    expect(text).toMatch(/^ {2}wrapUp #wrapUp$/m);
    // Guards read the same in the bundle as in the sources (esbuild renames functions).
    expect(text).toContain('CHOOSE_BRANCH [talking && newBranch && !answersNow && thanksNotOwed] → (stays) / rememberForUndo, preselectBranch');
    expect(ringside('chart', '--format', 'svg').code).toBe(2);
  });

  it('history on an empty log says how to start', () => {
    englishDesk(home.path); // the English report's words are asserted (the Chinese desk's: tests/cli/desk-language.test.ts)
    expect(ringside('history').out).toBe('No calls in the log yet. Start `ringside` and take a call.\n');
    expect(ringside('history', '--json').out).toBe('[]\n');
  });
});

describe('records: stats, demo data, call-backs', () => {
  it('stats: answered within three rings, times with p90, reasons, rules met; training and call-backs left out', () => {
    englishDesk(home.path); // the English report's words are asserted (the Chinese desk's: tests/cli/desk-language.test.ts)
    expect(ringside('stats').out).toMatch(/^No live calls in the log yet/);
    const log = deskOnLog('zh-CN/general.yaml', { name: '王敏', number: '1024' });
    // Three complaint calls on one day: rung 2 s, 5 s and 20 s (late), talked 60 s, 120 s, 300 s.
    const day = new Date(2026, 10, 20, 10, 0, 0).getTime();
    logComplaint(log, { at: day, phone: '13800000001', summary: '账单', ringMs: 2_000, talkMs: 60_000 });
    logComplaint(log, { at: day + 3_600_000, phone: '13800000002', summary: '账单', ringMs: 5_000, talkMs: 120_000 });
    logComplaint(log, { at: day + 7_200_000, phone: '13800000003', summary: '账单', ringMs: 20_000, talkMs: 300_000 });
    log.store.close();
    const json = JSON.parse(ringside('stats', '--json').out);
    expect(json).toMatchObject({ from: '2026-11-20', to: '2026-11-20', calls: 3, answered: 3, missed: 0, tickets: 3 });
    expect(json.inThreeRings).toEqual({ met: 2, judged: 3, percent: 66.7 });
    expect(json.times.ring).toEqual({ calls: 3, averageMs: 9_000, p90Ms: 20_000 });
    expect(json.times.talk.averageMs).toBeGreaterThanOrEqual(160_000);
    expect(json.reasons).toEqual([{ code: 'COMPLAINT-BILLING', label: '费用争议', calls: 3, percent: 100, averageTalkMs: json.times.talk.averageMs }]);
    expect(json.rules.find((r: { rule: string }) => r.rule === 'R-RING-3')).toMatchObject({ met: 2, missed: 1, percent: 66.7 });
    const text = ringside('stats', '--by', 'agent');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/1024 王敏 +3 +66\.7%/);
    // Every line fits 80 columns; the Chinese reason labels line up.
    for (const line of text.out.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    // Columns line up under their headings, counted in terminal columns (王敏 is four wide).
    const lines = text.out.split('\n');
    const endOf = (line: string, word: string) => stringWidth(line.slice(0, line.indexOf(word) + word.length));
    const groupHead = lines.find((line) => line.includes('3-ring'))!;
    expect(stringWidth(/^ {2}1024 王敏 +3/.exec(lines.find((line) => line.startsWith('  1024'))!)![0])).toBe(endOf(groupHead, 'calls'));
    const rulesHead = lines.find((line) => line.includes('courtesy rules'))!;
    const ringRow = lines.find((line) => line.startsWith('  R-RING-3'))!;
    expect(stringWidth(/^ {2}R-RING-3 +66\.7% +2 +3/.exec(ringRow)![0])).toBe(endOf(rulesHead, 'judged'));
    expect(stringWidth(/^ {2}R-RING-3 +66\.7% +2/.exec(ringRow)![0])).toBe(endOf(rulesHead, 'calls met'));
    expect(ringside('stats', '--from', '2026-11-21').out).toMatch(/^No live calls from 2026-11-21/);
    expect(ringside('stats', '--from', '2026-13-01')).toMatchObject({ code: 2 });
  });

  it('demo-data fills an empty log (stats, follow-ups and export read it) and never mixes with real calls', () => {
    englishDesk(home.path); // the English report's words are asserted (the Chinese desk's: tests/cli/desk-language.test.ts)
    const fill = ringside('demo-data', '--calls', '400');
    expect(fill.code).toBe(0);
    expect(fill.out).toMatch(/^400 demo calls on zh-CN-general .* \d+ tickets and \d+ call-backs\./);
    const callBacks = Number(/(\d+) call-backs/.exec(fill.out)![1]);
    const stats = JSON.parse(ringside('stats', '--json').out);
    expect(stats.calls).toBe(400);
    expect(stats.answered).toBeGreaterThan(300);
    expect(stats.reasons.length).toBeGreaterThan(3);
    expect(stats.scores.calls).toBe(stats.answered);
    // The export has the call-backs as well: the agent's calls out are calls of the log.
    expect(ringside('export', '--format', 'jsonl').out.trim().split('\n')).toHaveLength(400 + callBacks);
    expect(JSON.parse(ringside('follow-ups', '--json').out).length).toBeGreaterThan(0);
    // A second run replaces the demo log; a log with real calls is refused.
    const again = ringside('demo-data', '--calls', '50');
    expect(again.code).toBe(0);
    expect(JSON.parse(ringside('stats', '--json').out).calls).toBe(50);
    const logged = 50 + Number(/(\d+) call-backs/.exec(again.out)![1]);
    // One call taken in the demo folder makes it a real log: a new fill would delete that call.
    const taken = deskOnLog('zh-CN/general.yaml', { name: '王敏', number: '1024' });
    logComplaint(taken, { at: Date.now() - 60_000, phone: '13800000001', summary: '账单' });
    taken.store.close();
    expect(ringside('demo-data', '--calls', '50')).toMatchObject({ code: 2, err: expect.stringMatching(new RegExp(`already holds ${logged + 1} calls`)) });
    home.remove();
    home = tempDir();
    englishDesk(home.path);
    const log = deskOnLog('zh-CN/general.yaml', { name: '王敏', number: '1024' });
    logComplaint(log, { at: Date.now() - 60_000, phone: '13800000001', summary: '账单' });
    log.store.close();
    const refused = ringside('demo-data', '--calls', '50');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/already holds 1 call; demo calls would mix with them/);
  }, 90_000); // three fills, each taking its pool of calls through the machine

  it('a follow-up worked by a call-back: consent before purpose, the result closes the ticket; nobody answering keeps it open', () => {
    const log = deskOnLog('zh-CN/general.yaml', { name: '王敏', number: '1024' });
    const opened = new Date(2026, 10, 20, 10, 0, 0).getTime();
    logComplaint(log, { at: opened, phone: '13800000001', summary: '多扣费' });
    const [ticket] = log.store.openFollowUps();
    const { desk, clock } = log;
    // Nobody answers at 10:00 two days later: the ticket stays open, one attempt.
    clock.set(opened + 2 * 86_400_000);
    expect(desk.send({ type: 'DIAL', ticketId: ticket!.ticketId, number: ticket!.caller.phone, about: '费用争议', openedAt: opened })).toBe(true);
    clock.increment(30_000);
    desk.send({ type: 'AGENT_HANG_UP' });
    desk.nextCall();
    expect(log.store.openFollowUps()).toHaveLength(1);
    // At 11:00 the customer answers but cannot talk now: asked, declined, goodbye. The purpose
    // lines left unsaid are moot, not missed; one result at a time; the ticket stays open.
    clock.set(opened + 2 * 86_400_000 + 3_600_000);
    desk.send({ type: 'DIAL', ticketId: ticket!.ticketId, number: ticket!.caller.phone, about: '费用争议', openedAt: opened });
    clock.increment(6_000);
    desk.send({ type: 'ANSWER' });
    desk.send({ type: 'SAY' });
    desk.send({ type: 'SAY' });
    desk.send({ type: 'NEXT_PHASE' });
    desk.send({ type: 'SAY' });
    desk.send({ type: 'CALLER_HANG_UP' });
    desk.send({ type: 'TOGGLE_REASON', code: 'CB-RESOLVED' });
    desk.send({ type: 'TOGGLE_REASON', code: 'CB-LATER' });
    expect(desk.snapshot.context.reasons).toEqual(['CB-LATER']);
    expect(desk.send({ type: 'SAVE' })).toBe(true);
    const declined = log.store.getCall(desk.lastSaved!.id)!;
    expect(declined.reasons).toEqual([{ code: 'CB-LATER', label: '客户不便·另约时间', group: '回访结果' }]);
    expect(declined.rules.filter((r) => r.outcome === 'missed')).toEqual([]);
    expect(declined.rules.find((r) => r.rule === 'R-CALLBACK')).toMatchObject({ outcome: 'met' });
    expect(log.store.openFollowUps()).toHaveLength(1);
    desk.nextCall();
    // Again at 15:00: answered, introduced, consent, purpose, result, goodbye; the customer hangs up.
    clock.set(opened + 2 * 86_400_000 + 5 * 3_600_000);
    desk.send({ type: 'DIAL', ticketId: ticket!.ticketId, number: ticket!.caller.phone, about: '费用争议', openedAt: opened });
    clock.increment(8_000);
    desk.send({ type: 'ANSWER' });
    expect(desk.snapshot.context.lateAnswer).toBe(false);
    for (let i = 0; i < 5; i++) {
      clock.increment(10_000);
      desk.send({ type: 'SAY' });
    }
    desk.send({ type: 'CALLER_HANG_UP' });
    expect(desk.send({ type: 'TOGGLE_REASON', code: 'COMPLAINT-BILLING' })).toBe(false); // a call-back's reasons are its results
    desk.send({ type: 'TOGGLE_REASON', code: 'CB-RESOLVED' });
    expect(desk.send({ type: 'SAVE' })).toBe(true);
    expect(log.store.openFollowUps()).toHaveLength(0);
    const callBack = log.store.getCall(desk.lastSaved!.id)!;
    expect(callBack.rules.filter((r) => ['R-CALLBACK', 'R-OUTBOUND', 'R-FOLLOW-UP'].includes(r.rule)).map((r) => `${r.rule} ${r.outcome}`).sort()).toEqual([
      'R-CALLBACK met',
      'R-FOLLOW-UP met',
      'R-OUTBOUND met',
    ]);
    expect(callBack.rules.some((r) => r.rule === 'R-RING-3')).toBe(false);
    // In the history the call-back names its ticket, and a long log's call numbers are never cut.
    const table = formatHistory([historyRow({ ...callBack, id: 1_234_567 })], true, 'en').split('\n');
    expect(table[1]).toMatch(new RegExp(`^1234567 .* back T${ticket!.ticketId} +已解决·客户满意$`));
    expect(table[0]!.indexOf('time')).toBe(table[1]!.indexOf('2026'));
    log.store.close();
    // The call-backs stay out of the inbound stats.
    expect(JSON.parse(ringside('stats', '--json').out).calls).toBe(1);
    const [exported] = JSON.parse(ringside('export', '--format', 'json').out);
    expect(exported).toMatchObject({ ticket_status: 'closed' });
  });
});

describe('hostile pack and scenario folders and files', () => {
  const BIN = join(__dirname, '..', '..', 'bin', 'ringside.js');
  /**
   * The real bin with a deadline, and a small heap when asked: a command that walks without end
   * is killed (SIGKILL: while it walks it does not hear SIGTERM), one that reads a huge file whole
   * runs out of memory.
   */
  function ringsideWithin(ms: number, nodeOptions: string[], ...args: string[]) {
    const started = Date.now();
    const run = spawnSync(process.execPath, [...nodeOptions, BIN, ...args], {
      env: { ...process.env, RINGSIDE_HOME: home.path },
      encoding: 'utf8',
      timeout: ms,
      killSignal: 'SIGKILL',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: run.status, signal: run.signal, out: run.stdout, err: run.stderr, ms: Date.now() - started };
  }
  const general = () => readFileSync(packPath('zh-CN/general.yaml'), 'utf8');
  const noStack = (text: string) => expect(text).not.toMatch(/at .*\.js:\d+|something went wrong/);

  it('links in a circle, a link to /usr, a pipe and folders too deep in the packs folder: packs answers at once, with the packs there and what it left out', () => {
    const packs = join(home.path, 'config', 'packs');
    mkdirSync(join(packs, 'sub'), { recursive: true });
    mkdirSync(join(packs, 'a', 'b', 'c', 'd', 'e'), { recursive: true });
    writeFileSync(join(packs, 'sub', 'mine.yaml'), general().replace('id: zh-CN-general', 'id: mine').replace(/^name: .*$/m, 'name: 我的热线'));
    writeFileSync(join(packs, 'a', 'b', 'c', 'd', 'e', 'deep.yaml'), general().replace('id: zh-CN-general', 'id: deep'));
    symlinkSync('.', join(packs, 'loop'));
    symlinkSync('..', join(packs, 'sub', 'up'));
    symlinkSync('/usr', join(packs, 'usr'));
    expect(spawnSync('mkfifo', [join(packs, 'pipe.yaml')]).status).toBe(0);
    const list = ringsideWithin(30_000, [], 'packs');
    expect(list.signal).toBeNull();
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/ mine +zh-CN +user +我的热线/);
    expect(list.out).not.toMatch(/^  deep /m);
    expect(list.out).toContain(`! Your packs folder ${packs}: 3 links were not followed (loop, sub/up, usr): Ringside reads only what is in the folder itself, as a link can lead out of it or round in a circle. Copy the file into the folder instead.`);
    expect(list.out).toContain(`! Your packs folder ${packs}: pipe.yaml is not a regular file and was not read.`);
    expect(list.out).toContain(`! Your packs folder ${packs}: folders more than 4 deep were not read (a/b/c/d/e). Move their files up.`);
    // With --json the list stays JSON, and what was left out goes to stderr.
    const json = ringsideWithin(30_000, [], 'packs', '--json');
    expect(JSON.parse(json.out).map((entry: { id: string }) => entry.id)).toContain('mine');
    expect(json.err).toContain(`ringside: Your packs folder ${packs}: 3 links were not followed (loop, sub/up, usr)`);
    // Finding a pack walks the same folder, within the same bounds.
    const show = ringsideWithin(30_000, [], 'packs', 'show', 'mine');
    expect(show.code).toBe(0);
    expect(show.out).toContain('我的热线（mine，zh-CN）');
    const none = ringsideWithin(30_000, [], 'packs', 'show', 'deep');
    expect(none.code).toBe(2);
    expect(none.err).toContain('ringside: There is no pack "deep". Known packs: en-hotline, zh-CN-general, zh-CN-telecom, mine (ringside packs lists them).\n');
    expect(none.err).toContain('3 links were not followed (loop, sub/up, usr)');
    noStack(list.err + show.err + none.err);
  });

  it('links in a circle in the scenarios folder: train --list answers at once, with the scenarios there and the links it did not follow', () => {
    const scenarios = join(home.path, 'config', 'scenarios');
    mkdirSync(join(scenarios, 'sub'), { recursive: true });
    writeFileSync(join(scenarios, 'sub', 'mine.yaml'), readFileSync(join(packPath('scenarios'), 'zh-CN', 'consultation.yaml'), 'utf8').replace(/^id: .*$/m, 'id: my-drill'));
    symlinkSync('.', join(scenarios, 'loop'));
    symlinkSync('..', join(scenarios, 'sub', 'up'));
    const list = ringsideWithin(30_000, [], 'train', '--list');
    expect(list.signal).toBeNull();
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/ my-drill +zh-CN /);
    expect(list.out).toContain(`! Your scenarios folder ${scenarios}: 2 links were not followed (loop, sub/up)`);
    const none = ringsideWithin(30_000, [], 'train', 'nope');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^ringside: There is no scenario "nope". Scenarios: .*my-drill.*\n.*2 links were not followed \(loop, sub\/up\)/);
    noStack(none.err);
    noStack(list.err);
  });

  it('packs check refuses a 50 MB pack by its size at once, without reading it into memory', () => {
    const file = join(home.path, 'huge.yaml');
    writeFileSync(file, general());
    truncateSync(file, 50 * 1024 * 1024);
    // A 32 MB heap: reading the file whole into a string would not fit.
    const run = ringsideWithin(30_000, ['--max-old-space-size=32'], 'packs', 'check', file);
    expect(run).toMatchObject({ code: 2, out: '', err: `ringside: ${file}: 50.0 MB is over the 1 MB a pack file may be (the built-in packs are under 25 KB); is this the right file?\n` });
    expect(run.ms).toBeLessThan(10_000);
  });

  it('packs check refuses an alias bomb, bytes that are not UTF-8 and a reason group on the save key, each with file:line:column and exit 2', () => {
    const lines = general().trimEnd().split('\n');
    const bomb = join(home.path, 'bomb.yaml');
    writeFileSync(bomb, [...lines, 'x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', 'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n'));
    const bombRun = ringside('packs', 'check', bomb);
    expect(bombRun).toMatchObject({ code: 2, err: `ringside: ${bomb}:${lines.length + 4}:10: the alias *c makes too many copies (aliases of aliases: more than 100, counted as the YAML loader counts them); write the values out instead\n` });
    const latin1 = join(home.path, 'latin1.yaml');
    const nameLine = lines.findIndex((line) => line.startsWith('name: ')) + 1;
    const [before, after] = general().replace(/^name: .*$/m, 'name: Caf\u0000').split('\u0000');
    writeFileSync(latin1, Buffer.concat([Buffer.from(before!), Buffer.from([0xe9]), Buffer.from(after!)]));
    const latinRun = ringside('packs', 'check', latin1);
    expect(latinRun).toMatchObject({ code: 2, err: `ringside: ${latin1}:${nameLine}:10: not UTF-8 text: the byte 0xE9 is not part of a character; save the file as UTF-8\n` });
    const onSave = join(home.path, 'on-save.yaml');
    const text = general().replace('  - group: 其他\n    hotkey: "4"', '  - group: 其他\n    hotkey: "s"');
    writeFileSync(onSave, text);
    const groupLine = text.split('\n').findIndex((line) => line === '  - group: 其他') + 2;
    const saveRun = ringside('packs', 'check', onSave);
    expect(saveRun).toMatchObject({ code: 2, err: `ringside: ${onSave}:${groupLine}:13: hotkey "s" is the screen's key for save and ready (save): all through wrap-up "s" would open this reason group, not save and ready. Use a digit or a letter the screen leaves free (d g i j l p t v y z)\n` });
    noStack(bombRun.err + latinRun.err + saveRun.err);
  });
});
