/**
 * Chinese as the service codes write it: full-width punctuation in the Chinese packs, scenarios
 * and the screen's own words; `packs check` warns a pack author who writes ASCII punctuation.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCORE_ITEMS } from '../../machines/scorecard.js';
import { asciiPunctuationBesideChinese } from '../../src/pack/typography.js';
import { formatPack } from '../../src/pack/show.js';
import { loadPackFile } from '../../src/pack/load.js';
import { speak, spoken } from '../../src/language.js';
import { KEYMAP } from '../../src/ui/keys/keymap.js';
import { textFor } from '../../src/ui/text.js';
import { packPath, runBin, tempDir } from '../helpers.js';

/** An ASCII , : ; ! ? ( ) with a Chinese character right beside it. */
const ASCII_BESIDE_CHINESE = /[\p{Script=Han}][,:;!?()]|[,:;!?()][\p{Script=Han}]/u;

const zhFiles = [
  ...readdirSync(packPath('zh-CN')).map((name) => join(packPath('zh-CN'), name)),
  ...readdirSync(packPath('scenarios/zh-CN')).map((name) => join(packPath('scenarios/zh-CN'), name)),
].filter((file) => file.endsWith('.yaml'));

/** Every string in a parsed YAML value, with where it is. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}.${key}`));
  return [];
}

/** A stand-in for any argument of a screen text: a key name (k('hold') → p), a number, a flag. */
const any = Object.assign((_command: string) => 'p', { all: (_command: string, joiner: string) => `a${joiner}回车`, toString: () => '3', valueOf: () => 3 });
const samples: Record<string, unknown[]> = {
  scoreCosts: [60, [{ item: 'E', rules: ['R-OPEN', 'R-OPEN-NOW'] }, { item: 'A', rules: [] }], ['H']],
  instantFail: ['H、E'],
  edit: ['称呼'],
  stepNoField: ['张先生', 'q'],
  callbackRow: [1, '费用争议', '11月20日'],
  outsideCallbackHours: ['09:00-12:00、14:00-20:00'],
  phoneRefused: ['接听', 'timeout'],
  orphan: [3, 'zh-CN-telecom'],
};

/** Every sentence of the screen's Chinese words, functions said with sample arguments. */
function sentences(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const name = path.split('.').at(-1)!;
    const args = samples[name] ?? Array.from({ length: Math.max(1, value.length) }, () => any);
    return [[path, String(value(...args))]];
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => sentences(item, `${path}.${key}`));
  return [];
}

describe('Chinese typography', () => {
  it('the Chinese packs and scenarios write full-width punctuation beside Chinese text', () => {
    expect(zhFiles.length).toBeGreaterThanOrEqual(10);
    const ascii = zhFiles.flatMap((file) =>
      strings(parse(readFileSync(file, 'utf8')))
        .filter(([, text]) => ASCII_BESIDE_CHINESE.test(text))
        .map(([path, text]) => `${file}${path}: ${text}`),
    );
    expect(ascii).toEqual([]);
  });

  it('the screen\'s Chinese words, the keys\' labels and the scorecard\'s items do too', () => {
    const said = [
      ...sentences(textFor('zh-CN'), 'zh'),
      ...KEYMAP.map((entry): [string, string] => [`keymap.${entry.command}`, entry.label['zh-CN']]),
      ...SCORE_ITEMS.map((item): [string, string] => [`scorecard.${item.id}`, item.label['zh-CN']]),
    ];
    expect(said.length).toBeGreaterThan(100);
    expect(said.filter(([, text]) => ASCII_BESIDE_CHINESE.test(text))).toEqual([]);
    // Rule IDs in a Chinese sentence are in full-width brackets, keys and times stay ASCII.
    const zh = textFor('zh-CN');
    expect(zh.blocked['R-REASON']!(any)).toBe('请先选择来电原因（R-REASON）');
    expect(zh.holdAsk(any)).toBe('先请客户稍等：说完按p保持；再按 p 直接保持；p 取消');
    expect(zh.scoreCosts(60, [{ item: 'E', rules: ['R-OPEN', 'R-OPEN-NOW'] }, { item: 'A', rules: [] }], [])).toBe('评分 60 分，扣分项：E R-OPEN、R-OPEN-NOW；A 培训师标记。');
  });

  it('packs show heads a Chinese pack with its id in full-width brackets, an English one in ASCII ones', () => {
    const before = spoken();
    speak('zh-CN');
    try {
      expect(formatPack(loadPackFile(packPath('zh-CN/telecom.yaml'))).split('\n')[0]).toBe('移动客服热线咨询（zh-CN-telecom，zh-CN）');
      expect(formatPack(loadPackFile(packPath('en/hotline.yaml'))).split('\n')[0]).toMatch(/^[^（]+ \(en-hotline, en\)$/);
    } finally {
      speak(before);
    }
  });

  it('a full-width comma is text to YAML flow style, where an ASCII one ends the value', () => {
    expect(parse('{ label: 已解决，客户满意, hotkey: "1" }')).toEqual({ label: '已解决，客户满意', hotkey: '1' });
  });

  it('the built-in Chinese packs and scenarios give the pack check nothing to warn about', () => {
    for (const file of zhFiles) expect(asciiPunctuationBesideChinese(readFileSync(file, 'utf8'), file, 'zh-CN')).toEqual([]);
  });
});

describe('packs check on a Chinese pack with ASCII punctuation', () => {
  let home: ReturnType<typeof tempDir>;
  beforeEach(() => {
    home = tempDir();
  });
  afterEach(() => home.remove());

  it('warns where each mark stands, in the pack\'s language, and the pack still checks valid', () => {
    const general = readFileSync(packPath('zh-CN/general.yaml'), 'utf8');
    const file = join(home.path, 'mine.yaml');
    writeFileSync(file, general.replace('id: zh-CN-general', 'id: mine').replace('line: 请问您贵姓？', 'line: 请问您贵姓?').replace('label: 复述确认', 'label: 复述(确认)')); // fullwidth: keep (what a pack author wrote)
    const lines = readFileSync(file, 'utf8').split('\n');
    const asked = lines.findIndex((line) => line.includes('请问您贵姓?')); // fullwidth: keep
    const restate = lines.findIndex((line) => line.includes('复述(确认)')); // fullwidth: keep
    const run = runBin(home.path, 'packs', 'check', file);
    expect(run.code).toBe(0);
    expect(run.out).toContain('话术包 mine（通用客服热线）没有问题');
    expect(run.err.trim().split('\n')).toEqual([
      `${file}:${asked + 1}:${lines[asked]!.indexOf('?') + 1}: 提醒：中文里用了半角标点“?”。话术按服务规范用全角标点，请改为“？”（话术包照常可用）。`,
      `${file}:${restate + 1}:${lines[restate]!.indexOf('(') + 1}: 提醒：中文里用了半角标点“(”。话术按服务规范用全角标点，请改为“（”（话术包照常可用）。`,
      `${file}:${restate + 1}:${lines[restate]!.indexOf(')') + 1}: 提醒：中文里用了半角标点“)”。话术按服务规范用全角标点，请改为“）”（话术包照常可用）。`,
    ]);
    // The English pack, its Chinese company name and all, has nothing to warn about.
    expect(runBin(home.path, 'packs', 'check', packPath('en/hotline.yaml')).err).toBe('');
  });
});
