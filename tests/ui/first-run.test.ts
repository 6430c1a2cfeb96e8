/**
 * The first run's questions and keys (src/ui/first-run.ts): what a fresh desk is asked on each
 * pack, the answers checked by the settings' own bounds, Esc back, Ctrl-C out, pastes as in every
 * field; and `config set` holding the same bounds. The screen itself: tests/e2e/first-run.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TEXT_BOUNDS, type Settings } from '../../src/config.js';
import { loadPackFile } from '../../src/pack/load.js';
import { firstRunAnswers, firstRunKey, firstRunPaste, firstRunQuestions, startFirstRun, type FirstRun } from '../../src/ui/first-run.js';
import { keysOf } from '../../src/ui/keys/reduce.js';
import { packPath, runBin, tempDir, zhGeneral, englishDesk } from '../helpers.js';

const FRESH: Settings = {
  agentName: '', agentNumber: '', company: '', hotline: '', pack: 'zh-CN-general', language: 'auto', strict: false, projector: false,
  holidays: [], keys: {}, instantFail: [], softphone: '', team: '', transcript: '', perPack: {},
};

/** Keys as the terminal sends them (a run of text, Enter as \r, Esc as Ink reads it). */
const type = (run: FirstRun, ...keys: (string | 'Enter' | 'Esc')[]) =>
  keys.reduce(
    (state, key) =>
      key === 'Enter' ? firstRunKey(state, { input: '', return: true }) : key === 'Esc' ? firstRunKey(state, { input: '', escape: true }) : keysOf(key, {}).reduce(firstRunKey, state),
    run,
  );

describe('what a fresh desk is asked', () => {
  it('the number and the name; the company where the pack leaves it open and no setting fills it', () => {
    expect(firstRunQuestions(zhGeneral(), FRESH)).toEqual(['agentNumber', 'agentName', 'company']);
    expect(firstRunQuestions(loadPackFile(packPath('zh-CN/telecom.yaml')), FRESH)).toEqual(['agentNumber', 'agentName']); // 中国移动 10086
    expect(firstRunQuestions(loadPackFile(packPath('en/hotline.yaml')), FRESH)).toEqual(['agentNumber', 'agentName']);
    expect(firstRunQuestions(zhGeneral(), { ...FRESH, company: '天天公司' })).toEqual(['agentNumber', 'agentName']);
    expect(firstRunQuestions(zhGeneral(), { ...FRESH, perPack: { 'zh-CN-general': { company: '天天公司' } } })).toEqual(['agentNumber', 'agentName']);
  });

  it('the hotline too when the pack leaves it open and its lines say it; nothing its lines do not say', () => {
    const general = zhGeneral();
    expect(firstRunQuestions({ ...general, variables: { company: '', hotline: '' } }, FRESH)).toEqual(['agentNumber', 'agentName', 'company', 'hotline']);
    const sayingNoCompany = JSON.parse(JSON.stringify({ ...general, variables: {} }).replaceAll('{company}', '')) as typeof general;
    expect(firstRunQuestions(sayingNoCompany, FRESH)).toEqual(['agentNumber', 'agentName', 'hotline']);
  });

  it('nothing once the agent number is set', () => {
    expect(firstRunQuestions(zhGeneral(), { ...FRESH, agentNumber: '1024' })).toBeNull();
  });
});

describe('answering', () => {
  const start = () => startFirstRun(['agentNumber', 'agentName', 'company'], FRESH);

  it('typed in one burst as fast typing and an input method send it: each Enter goes on, and the answers come out at the end', () => {
    const run = type(start(), '1024\r王敏\r天天公司\r');
    expect(run.outcome).toBe('done');
    expect(firstRunAnswers(run)).toEqual({ agentNumber: '1024', agentName: '王敏', company: '天天公司' });
  });

  it('an answer the settings would refuse is said and kept in the line; a full-width number is taken as its digits', () => {
    let run = type(start(), '10-24', 'Enter');
    expect(run).toMatchObject({ at: 0, problem: 'notLettersAndDigits', line: { buffer: '10-24' } });
    run = type(run, '\u007f\u007f\u007f\u007f\u007f', '１０２４', 'Enter');
    expect(run.answers.agentNumber).toBe('1024');
    run = type(run, '   ', 'Enter');
    expect(run).toMatchObject({ at: 1, problem: 'empty' });
    expect(firstRunAnswers(run)).toBeNull();
  });

  it('a line holds what the setting holds: past its bound the characters are refused and counted', () => {
    const run = type(start(), '1'.repeat(TEXT_BOUNDS.agentNumber + 3));
    expect(run.line.length).toBe(TEXT_BOUNDS.agentNumber);
    expect(run.refused).toBe(3);
  });

  it('Esc goes back with the answer given; from the first question, and Ctrl-C anywhere (even in a burst), it leaves with nothing to write', () => {
    let run = type(start(), '1024', 'Enter', '王', 'Esc');
    expect(run).toMatchObject({ at: 0, line: { buffer: '1024' }, outcome: null });
    // What was typed in the question left is there when the agent comes back to it.
    expect(type(run, 'Enter')).toMatchObject({ at: 1, line: { buffer: '王' } });
    expect(type(run, 'Esc').outcome).toBe('quit');
    run = type(start(), '1024\r王\u0003');
    expect(run.outcome).toBe('quit');
    expect(firstRunAnswers(run)).toBeNull();
    expect(type(start(), '1024\r').outcome).toBeNull();
    expect(firstRunKey(start(), { input: 'c', ctrl: true }).outcome).toBe('quit');
  });

  it('a name set before is offered again: Enter keeps it', () => {
    const run = type(startFirstRun(['agentNumber', 'agentName'], { ...FRESH, agentName: '王敏' }), '1024', 'Enter');
    expect(run.line.buffer).toBe('王敏');
    expect(firstRunAnswers(type(run, 'Enter'))).toEqual({ agentNumber: '1024', agentName: '王敏' });
  });

  it('a paste goes in whole up to the bound, its line breaks as spaces and its control characters out', () => {
    const run = firstRunPaste(type(start(), '1024\r'), { text: '王\r\n敏\u0007', length: 5 });
    expect(run).toMatchObject({ line: { buffer: '王 敏' }, lineBreaks: true });
    const long = firstRunPaste(start(), { text: '7'.repeat(20), length: 20 });
    expect(long).toMatchObject({ line: { length: TEXT_BOUNDS.agentNumber }, refused: 4 });
  });
});

describe('config set holds the same bounds', () => {
  let home: { path: string; remove: () => void } | null = null;
  afterEach(() => home?.remove());

  it('an agent number of other characters, or past its bound, is refused with a sentence and nothing changed', () => {
    home = tempDir();
    // A fresh desk speaks Chinese; the English desk's sentences follow.
    expect(runBin(home.path, 'config', 'set', 'agentNumber', '10-24')).toMatchObject({
      code: 2,
      err: 'ringside: agentNumber 只能是字母和数字（开场白会说「1024号为您服务」），不能是 "10-24"。什么都没有改动。\n',
    });
    englishDesk(home.path);
    expect(runBin(home.path, 'config', 'set', 'agentNumber', '10-24')).toMatchObject({
      code: 2,
      err: 'ringside: agentNumber takes letters and digits only (the lines say it as 1024号为您服务), not "10-24". Nothing was changed.\n',
    });
    expect(runBin(home.path, 'config', 'set', 'agentName', '王'.repeat(TEXT_BOUNDS.agentName + 1))).toMatchObject({
      code: 2,
      err: `ringside: agentName holds at most ${TEXT_BOUNDS.agentName} characters; the text given has ${TEXT_BOUNDS.agentName + 1}. Nothing was changed.\n`,
    });
    expect(runBin(home.path, 'config', 'set', 'agentNumber', 'A'.repeat(TEXT_BOUNDS.agentNumber)).code).toBe(0);
    expect(runBin(home.path, 'config', 'get', 'agentNumber').out).toBe(`${'A'.repeat(TEXT_BOUNDS.agentNumber)}\n`);
  }, 60_000); // four starts of the real bin
});
