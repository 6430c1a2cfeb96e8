/**
 * The company and hotline each pack's lines say, through the real bin and a real settings file:
 * a pack's own company wins over the global setting, which fills only a pack that leaves it open;
 * a per-pack setting wins over both; `config` says which value each pack uses and why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishDesk, homeForEachTest, runBin, tempDir } from '../helpers.js';

// These tests read English sentences: an English desk (a fresh one speaks Chinese).
const home = homeForEachTest(englishDesk);

const ringside = (...args: string[]) => runBin(home.path, ...args);
const settingsFile = () => readFileSync(join(home.path, 'config', 'config.json'), 'utf8');

describe('company and hotline per pack', () => {
  it('a company nobody set is said as the screen shows it in the lines, 〔公司？〕, not as a raw {company}', () => {
    const fresh = tempDir();
    try {
      const out = runBin(fresh.path, 'config', 'get', 'company').out;
      expect(out).toContain('zh-CN-general：company = ""（没有设：话术包没有写，company 设置也是空的；台词里显示为待填（〔公司？〕））');
      expect(out).not.toContain('{company}');
    } finally {
      fresh.remove();
    }
    expect(ringside('config', 'get', 'company').out).toContain('lines show it to be filled in (〔Company?〕)');
  });

  it('with a global company set, the telecom pack keeps its own and a pack that leaves it open takes the global one; config says why', () => {
    expect(ringside('config', 'set', 'company', '天天公司').code).toBe(0);
    const list = ringside('config', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toContain('zh-CN-telecom: company = "中国移动" (the pack\'s own;');
    expect(list.out).toContain('zh-CN-telecom: hotline = "10086客服热线" (the pack\'s own;');
    expect(list.out).toContain('en-hotline: company = "Example Company" (the pack\'s own;');
    expect(list.out).toContain('zh-CN-general: company = "天天公司" (the company setting: the pack leaves it open)');
    const get = ringside('config', 'get', 'company');
    expect(get.out.split('\n')[0]).toBe('天天公司');
    expect(get.out).toContain('zh-CN-telecom: company = "中国移动" (the pack\'s own;');
  });

  it('a company set for one pack wins over the pack\'s own, and unset goes back to it', () => {
    expect(ringside('config', 'set', 'company', '天天公司').code).toBe(0);
    const set = ringside('config', 'set', 'company', '天天电信', '--pack', 'zh-CN-telecom');
    expect(set).toMatchObject({ code: 0, out: 'zh-CN-telecom: company = "天天电信" (set for this pack; config unset company --pack ID undoes it)\n' });
    expect(JSON.parse(settingsFile()).perPack).toEqual({ 'zh-CN-telecom': { company: '天天电信' } });
    expect(ringside('config', 'get', 'company', '--pack', 'zh-CN-telecom').out).toContain('"天天电信" (set for this pack');
    // Other packs are untouched by it.
    expect(ringside('config', 'list').out).toContain('en-hotline: company = "Example Company" (the pack\'s own;');
    expect(ringside('config', 'unset', 'company', '--pack', 'zh-CN-telecom').out).toContain('zh-CN-telecom: company = "中国移动" (the pack\'s own;');
    expect(JSON.parse(settingsFile()).perPack).toEqual({});
  });

  it.each([
    ['a pack that does not exist', ['config', 'set', 'company', '天天公司', '--pack', 'zh-CN-nothing'], /^ringside: There is no pack "zh-CN-nothing"\. Packs: .*zh-CN-telecom.*Nothing was changed\.\n$/],
    ['an escape sequence', ['config', 'set', 'hotline', 'a\u001b]0;x\u0007', '--pack', 'zh-CN-telecom'], /^ringside: hotline cannot hold U\+001B .*Nothing was changed/],
    ['a setting that is not company or hotline', ['config', 'set', 'agentName', '王敏', '--pack', 'zh-CN-telecom'], /^ringside: --pack goes with company or hotline only, not "agentName"\. Nothing was changed\.\n$/],
    ['an empty company', ['config', 'set', 'company', '', '--pack', 'zh-CN-telecom'], /^ringside: company for zh-CN-telecom cannot be empty; .*config unset company --pack zh-CN-telecom/],
    ['the map itself', ['config', 'set', 'perPack', '{}'], /^ringside: perPack is set one pack at a time: ringside config set company NAME --pack ID/],
  ])('%s for one pack is refused with a sentence, exit 2, nothing stored', (_what, args, sentence) => {
    expect(ringside('config', 'set', 'company', '天天公司').code).toBe(0);
    const before = settingsFile();
    const run = ringside(...args);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(sentence);
    expect(run.out).toBe('');
    expect(settingsFile()).toBe(before);
  });
});
