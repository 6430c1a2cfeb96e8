/**
 * The real bin, run as a person runs it (built bundle, separate process): exit codes, sentences
 * instead of stack traces, settings, packs, history.
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { loadPackFile } from '../../src/pack/load.js';
import { CallStore } from '../../src/store/db.js';
import { packPath, tempDir } from '../helpers.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ringside.js');
let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.remove());

function ringside(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, RINGSIDE_HOME: home.path },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('ringside CLI', () => {
  it('without a terminal the live screen says so in a sentence and exits 2', () => {
    const run = ringside();
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^ringside: The live screen needs a terminal/);
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
    expect(run.err).toBe('ringside: There is no command "histroy". Commands: history, packs, rules, chart, config (ringside --help says more).\n');
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
    expect(check.out).toMatch(/is valid: \d+ steps, 8 branches, 14 reasons in 4 groups/);
  });

  it('packs show prints a pack phase by phase with its rule IDs, branches and reasons', () => {
    const run = ringside('packs', 'show', 'zh-CN-telecom');
    expect(run.code).toBe(0);
    expect(run.out).toContain('移动客服热线咨询 (zh-CN-telecom, zh-CN)');
    expect(run.out).toContain('night service: 23:30-07:30');
    expect(run.out).toMatch(/开场白\(报号\) +\[R-OPEN, R-OPEN-NOW\]/);
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
    expect(run.err).toMatch(/^ringside: The settings file .*config\.json cannot be read: .*delete it to start from the defaults\.\n$/);
  });

  it('an unknown pack for the rules command lists the known ones', () => {
    const run = ringside('rules', '--pack', 'nope');
    expect(run.code).toBe(2);
    expect(run.err).toContain('There is no pack "nope". Known packs: ');
    const rules = ringside('rules');
    expect(rules.out).toMatch(/✓ R-OPEN +courtesy/);
  });

  it('history masks caller data, the pack\'s private fields included, unless --unmasked', () => {
    const pack = loadPackFile(packPath('en/hotline.yaml'));
    const clock = new SimulatedClock();
    clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
    const store = new CallStore(join(home.path, 'data', 'calls.sqlite'));
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: 'Ann', number: '7' } });
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

  it('chart prints the statechart in each format, with the pack\'s branches under answering', () => {
    const mermaid = ringside('chart', '--format', 'mermaid');
    expect(mermaid.code).toBe(0);
    expect(mermaid.out.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(mermaid.out).toContain('note right of live_phase_answering : 通用客服热线： 1 咨询 · 2 投诉');
    expect(JSON.parse(ringside('chart', '--format', 'json', '--pack', 'en-hotline').out).notes['live.phase.answering']).toMatch(/^General hotline/);
    const text = ringside('chart').out;
    expect(text).toMatch(/^ {2}wrapUp #wrapUp$/m);
    // Guards read the same in the bundle as in the sources (esbuild renames functions).
    expect(text).toContain('CHOOSE_BRANCH [talking && newBranch && !answersNow && thanksNotOwed] → (stays) / preselectBranch');
    expect(ringside('chart', '--format', 'svg').code).toBe(2);
  });

  it('history on an empty log says how to start', () => {
    expect(ringside('history').out).toBe('No calls in the log yet. Start `ringside` and take a call.\n');
    expect(ringside('history', '--json').out).toBe('[]\n');
  });
});
