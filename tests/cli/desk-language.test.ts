/**
 * Issue 17, item 7, for the read commands: a team lead on a Chinese desk reads history, stats
 * (every grouping), follow-ups, a scorecard and export's sentences as Chinese reports, with no
 * English word outside IDs and codes; an English desk reads them with no Chinese character
 * outside the data that is the callers' and the desk's own. Through the real bin, on demo data.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, tempDir } from '../helpers.js';
import { stringWidth } from '../../src/width.js';

/**
 * What a Chinese report may hold in Latin letters: the interface, never words. Rule IDs (R-OPEN),
 * reason codes (INFO-PRICE), pack ids (zh-CN-general), ticket numbers (T12), options and
 * commands as they are typed (--by reason, `ringside score 编号 --fail`), paths and file names,
 * and the form a day is typed in (YYYY-MM-DD). (A single letter, an item A-N, is not a word.)
 */
const CODES_IN_CHINESE = [
  /`[^`\n]*`/g,
  /RINGSIDE_HOME=\S+/g,
  /(?:\/[\w.-]+)+/g,
  /\bringside(?: [a-z][a-z-]*)?/g,
  /--[a-z][a-z-]*(?: (?:day|reason|agent|pack)\b)?/g,
  /\b[\w-]+\.csv\b/g,
  /\bR-[A-Z0-9-]+/g,
  /\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+/g,
  /\b(?:zh-CN|en)(?:-[a-z]+)+/g,
  /\bT\d+\b/g,
  /YYYY-MM-DD/g,
];

/** The English words left in a text once its codes are taken out, each with a little of its line. */
function englishWords(text: string): string[] {
  const left = CODES_IN_CHINESE.reduce((rest, code) => rest.replace(code, ' '), text);
  return [...left.matchAll(/[A-Za-z]{2,}/g)].map((found) => `${found[0]} in «${left.slice(Math.max(0, found.index - 20), found.index + 20).replace(/\n/g, '⏎')}»`);
}

const HAN = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/g;

/** The Chinese characters left in an English text once the given data (callers' and agents' names) is taken out. */
function chineseCharacters(text: string, data: readonly string[]): string[] {
  // A masked caller name: its first character and stars (张**).
  let left = text.replace(/[\u4e00-\u9fff]\*+/g, ' ');
  for (const own of data) left = left.split(own).join(' ');
  return [...left.matchAll(HAN)].map((found) => `${found[0]} in «${left.slice(Math.max(0, found.index - 20), found.index + 20).replace(/\n/g, '⏎')}»`);
}

interface SavedCallJson {
  id: number;
  mode: string;
  scorecard: { items: { item: string; verdict: string; failures: { by: string; rule: string | null }[] }[] } | null;
}

/** The commands a team lead or trainer reads, with what each printed (stdout and stderr alike). */
function readEverything(home: string): { said: string[]; calls: SavedCallJson[] } {
  const said: string[] = [];
  const run = (...args: string[]) => {
    const result = runBin(home, ...args);
    said.push(`$ ringside ${args.join(' ')}\n${result.out}${result.err}`);
    return result;
  };
  expect(run('history', '-n', '60').code).toBe(0);
  expect(run('stats').code).toBe(0);
  for (const by of ['day', 'reason', 'agent', 'pack']) expect(run('stats', '--by', by).code).toBe(0);
  expect(run('follow-ups').code).toBe(0);
  const calls = JSON.parse(runBin(home, 'history', '--json', '-n', '60').out) as SavedCallJson[];
  // A call whose scorecard failed on rules, one with a trainer's mark, and a pass the call refuses.
  const failed = calls.find((call) => call.scorecard?.items.some((item) => item.failures.some((failure) => failure.rule !== null)))!;
  expect(failed).toBeDefined();
  const item = failed.scorecard!.items.find((entry) => entry.failures.some((failure) => failure.by === 'rule'))!.item;
  expect(run('score', String(failed.id)).code).toBe(0);
  expect(run('score', String(failed.id), '--fail', 'C').code).toBe(0);
  expect(run('score', String(failed.id), '--pass', item).code).toBe(2);
  expect(run('score', '999999').code).toBe(2);
  // Export's sentences (its data, CSV or JSON, is the interface and is not read here).
  expect(run('export', '--out', join(home, 'calls.csv')).code).toBe(0);
  expect(run('export', '--unmasked').code).toBe(2);
  expect(run('export', '--from', '2026-02-30').code).toBe(2);
  expect(run('stats', '--from', '2001-01-01', '--to', '2001-01-02').code).toBe(0);
  return { said, calls };
}

describe('the read commands on a Chinese desk', () => {
  const home = tempDir();
  let filled: ReturnType<typeof runBin>;
  beforeAll(() => {
    // A fresh desk: the default pack is Chinese, so the desk is.
    filled = runBin(home.path, 'demo-data', '--calls', '300');
  }, 120_000);
  afterAll(() => home.remove());

  it('speak Chinese: no English word outside IDs and codes, in any report or sentence', () => {
    expect(filled).toMatchObject({ code: 0, err: '' });
    expect(filled.out).toMatch(/^已在 .* 生成 300 通演示来电/);
    const { said } = readEverything(home.path);
    const words = [filled.out, ...said].flatMap((text) => englishWords(text).map((word) => `${text.split('\n')[0]}: ${word}`));
    expect(words).toEqual([]);
    const [history, stats] = said;
    expect(history).toContain('时间');
    expect(stats).toMatch(/^ {2}三声内接听 +\d+\.\d% +已评 \d+ 通，达标 \d+ 通/m);
    expect(stats).toMatch(/^ {2}R-RING-3 +\d+\.\d% +\d+ +\d+ 三声铃响内接听/m);
    expect(said.find((text) => text.startsWith('$ ringside score') && text.includes('--fail C'))).toMatch(/^ {2}C {4}- {4}培训师 +培训师标记$/m);
  }, 180_000);

  it('line up their tables in terminal columns, Chinese headings and cells two columns a character', () => {
    const history = runBin(home.path, 'history', '-n', '60').out.split('\n').filter(Boolean);
    const columnOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    const [head, ...rows] = history;
    const answered = rows.filter((row) => row.includes(' 已接 '));
    expect(answered.length).toBeGreaterThan(10);
    for (const row of answered) expect(columnOf(row, ' 已接 ') + 1).toBe(columnOf(head!, '结果'));
    for (const row of rows) expect(columnOf(row, ' 来电 ') + 1).toBe(columnOf(head!, '类型'));
    const byAgent = runBin(home.path, 'stats', '--by', 'agent').out.split('\n');
    const groupHead = byAgent.find((line) => line.includes('三声内') && line.includes('评分'))!;
    const endOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text) + text.length));
    const agents = byAgent.filter((line) => /^ {2}\d{4} \S+ +\d+ +\d+\.\d%/.test(line));
    expect(agents.length).toBeGreaterThan(3);
    // The calls right-aligned under 来电, the score under 评分, every line within 80 columns.
    for (const line of agents) {
      expect(stringWidth(/^ {2}\d{4} \S+ +\d+/.exec(line)![0])).toBe(endOf(groupHead, '来电'));
      expect(stringWidth(line)).toBe(endOf(groupHead, '评分'));
    }
    for (const line of byAgent) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  }, 60_000);

  it('on an empty log, say so in Chinese', () => {
    const empty = tempDir();
    try {
      const said = [['history'], ['stats'], ['follow-ups']].map((args) => runBin(empty.path, ...args));
      expect(said.map((run) => run.code)).toEqual([0, 0, 0]);
      expect(said[0]!.out).toBe('记录里还没有来电。运行 `ringside` 接一通电话。\n');
      expect(said[1]!.out).toMatch(/^记录里还没有来电（培训通话不计）。/);
      expect(said[2]!.out).toBe('没有待回访的工单：每条投诉和建议都已回访。\n');
      expect(said.flatMap((run) => englishWords(run.out + run.err))).toEqual([]);
    } finally {
      empty.remove();
    }
  }, 60_000);
});

describe('the read commands on an English desk', () => {
  const home = tempDir();
  let filled: ReturnType<typeof runBin>;
  beforeAll(() => {
    // A desk that works with the English pack speaks English.
    expect(runBin(home.path, 'config', 'set', 'pack', 'en-hotline').code).toBe(0);
    filled = runBin(home.path, 'demo-data', '--calls', '300');
  }, 120_000);
  afterAll(() => home.remove());

  it('speak English: no Chinese character outside the callers\' and agents\' own names', () => {
    expect(filled).toMatchObject({ code: 0, err: '' });
    expect(filled.out).toMatch(/^300 demo calls on en-hotline /);
    const { said } = readEverything(home.path);
    // The demo desk's agents have Chinese names ("1001 王敏"): the desk's own data, as its callers' are.
    const agents = (JSON.parse(runBin(home.path, 'stats', '--json', '--by', 'agent').out) as { groups: { rows: { group: string }[] } }).groups.rows.map((row) => row.group);
    const characters = [filled.out, ...said].flatMap((text) => chineseCharacters(text, agents).map((found) => `${text.split('\n')[0]}: ${found}`));
    expect(characters).toEqual([]);
    expect(said[1]).toMatch(/^ {2}within 3 rings +\d+\.\d% +\d+ of \d+ judged/m);
  }, 180_000);
});
