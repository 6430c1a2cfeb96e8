/**
 * The command line itself speaks the desk's language (issue 17, items 1 and 7): `--help` and each
 * command's help, packs, packs show, rules, train --list, config, and the sentences for bad usage
 * and a broken pack, run through the real bin.
 *
 * On a Chinese desk (a fresh one) no English word may be left outside what is typed or read as
 * an identifier. The allowlist, and why each is there:
 * - command names, setting names and option names (`history`, `agentNumber`, `--pack`, `-p`):
 *   they are what a person types, the same on every desk;
 * - IDs and codes: pack ids (zh-CN-general), rule IDs (R-OPEN), reason codes, step and branch ids
 *   written in pack files, scenario ids, scorecard letters, languages (zh-CN, en);
 * - file paths (the desk's folders, the broken pack's path) and `file:line:column`;
 * - what the person typed, said back in quotes;
 * - format names and values a person types or reads as data: JSON, CSV, YAML, UTF-8, YYYY-MM-DD,
 *   Mermaid, true/false/null/auto, key names in a setting (hold=p), baresip://…, ctrl_tcp_listen;
 * - the product's name, Ringside.
 * Everything is matched as a whole token of Latin letters: a token is English when it is none of
 * these and not inside a path, an id or quotes.
 * On an English desk (`--pack en-hotline` on a desk left on auto) no Chinese character may show
 * outside the pack's own data (its name, lines and labels, which are the pack author's words).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBin, tempDir } from '../helpers.js';
import { COMMANDS, englishWords, HAN } from '../desk-words.js';
import { loadPackFile } from '../../src/pack/load.js';
import { stringWidth } from '../../src/width.js';
import { packPath } from '../helpers.js';

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.remove());

/** A pack file that is broken in the ways the loader says in its own words. */
function brokenPack(): string {
  const dir = join(home.path, 'drafts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, 'id: my-pack\nlanguage: zh-CN\nname: 草稿\ncolour: red\nphases:\n  greeting:\n    - id: open\n      line: 您好，{nobody}\n');
  return file;
}

describe('the command line on a Chinese desk', () => {
  it('--help and every command help: commander headings, option texts and descriptions in Chinese', { timeout: 240_000 }, () => {
    const helps = [[], ['packs'], ['packs', 'check'], ['packs', 'show'], ['config'], ['config', 'list'], ['config', 'get'], ['config', 'set'], ['config', 'unset'], ['config', 'path'], ...COMMANDS.slice(1, 10).map((c) => [c]), ['rules'], ['chart']];
    for (const command of helps) {
      const run = runBin(home.path, ...command, '--help');
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.out).toMatch(/^用法： ringside/);
      expect(run.out).toContain('选项：');
      expect(run.out).toContain('显示命令的帮助');
      expect(englishWords(run.out), `ringside ${command.join(' ')} --help`).toEqual([]);
      // Laid out in terminal columns: within 80 (wide characters count two), a description's
      // wrapped rows under its first, and no row starting with closing punctuation.
      const rows = run.out.split('\n');
      for (const row of rows) expect(stringWidth(row), row).toBeLessThanOrEqual(80);
      for (const row of rows) expect(row.trimStart(), row).not.toMatch(/^[，。、；：！？）」]/);
      rows.forEach((row, i) => {
        const option = /^( {2}-\S.*? {2,})\S/.exec(row);
        const next = rows[i + 1];
        if (option && next && /^ {10,}\S/.test(next)) expect(stringWidth(option[1]!), `${row}\n${next}`).toBe(next.length - next.trimStart().length);
      });
    }
    const top = runBin(home.path, '--help').out;
    expect(top).toContain('命令：');
    expect(top).toContain('参数：');
    expect(top).toContain('显示版本号');
    expect(top).not.toMatch(/Usage:|Options:|Commands:|display help|output the version/);
  });

  it('packs, packs show, rules, train --list, config list and config path read as Chinese', { timeout: 240_000 }, () => {
    const general = loadPackFile(packPath('zh-CN/general.yaml'));
    const packIds = [...general.phases.greeting, ...general.phases.gathering, ...general.phases.closing].map((step) => step.id);
    for (const args of [['packs'], ['packs', 'show', 'zh-CN-general'], ['rules'], ['train', '--list'], ['config', 'list'], ['config', 'path']]) {
      const run = runBin(home.path, ...args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.err).toBe('');
      // The English pack's name and its scenarios' titles show in the lists: their data, not the desk's words.
      const out = run.out
        .replace('General hotline (English)', ' ')
        .split('\n')
        .filter((line) => !/^ {2}\S+ +en +/.test(line))
        .join('\n');
      expect(englishWords(out, packIds), `ringside ${args.join(' ')}`).toEqual([]);
    }
    expect(runBin(home.path, 'rules').out).toContain(`✓ 话术包 zh-CN-general 的台词覆盖了`);
    expect(runBin(home.path, 'rules').out).toMatch(/R-OPEN\s+礼貌\s+标准开场白/);
    expect(runBin(home.path, 'packs', 'show', 'zh-CN-general').out).toMatch(/^问候$/m);
    expect(runBin(home.path, 'config', 'path').out).toMatch(/^设置 +\//m);
    expect(runBin(home.path, 'packs', 'check', packPath('zh-CN/general.yaml')).out).toMatch(/话术包 zh-CN-general（通用客服热线）没有问题：\d+ 个步骤/);
  });

  it('bad usage and a broken pack are Chinese sentences that keep what was typed, exit 2', { timeout: 240_000 }, () => {
    const cases: [string[], RegExp][] = [
      [['history', '--bogus'], /^错误：没有选项 "--bogus"。\n（ringside --help 列出命令和选项）\n$/],
      [['export', '--format', 'xml'], /^错误：选项 --format <格式> 的值 "xml" 无效。可选值：csv、json、jsonl。/],
      [['score', 'twelve'], /^ringside: "twelve" 不是来电编号；ringside history 会列出编号。\n$/],
      [['score'], /^错误：缺少参数 <来电编号>。/],
      [['history', '-n', '0'], /请给出 1 或更大的整数。/],
      [['frobnicate'], /^ringside: 没有命令 "frobnicate"。/],
      [['config', 'set', 'ringSeconds', 'soon'], /^ringside: ringSeconds 要填秒数，不能是 "soon"。/],
      [['rules', '--pack', 'nowhere'], /^ringside: 没有话术包 "nowhere"。已有的话术包：/],
    ];
    for (const [args, sentence] of cases) {
      const run = runBin(home.path, ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toMatch(sentence);
      expect(englishWords(run.err), args.join(' ')).toEqual([]);
    }
    const file = brokenPack();
    const check = runBin(home.path, 'packs', 'check', file);
    expect(check.code).toBe(2);
    expect(check.err).toContain(`${file}:4:1: 未知字段 "colour"；请删掉它或检查拼写`);
    expect(check.err).toMatch(/:1:1: branches：缺少；请加上这个字段/);
    expect(englishWords(check.err)).toEqual([]);
  });
});

describe('the command line on an English desk', () => {
  it('--pack en-hotline: help, packs, rules, train --list, config and the sentences for mistakes have no Chinese outside the packs\' own data', { timeout: 240_000 }, () => {
    const hotline = loadPackFile(packPath('en/hotline.yaml'));
    const packData = (text: string) =>
      text
        .split('\n')
        // The pack's own words: the Chinese packs' names and lines in a list of every pack.
        .filter((line) => !/zh-CN-(general|telecom)|zh-[a-z-]+ +zh-CN/.test(line))
        .join('\n');
    const runs = [
      ['--pack', 'en-hotline', '--help'],
      ['--pack', 'en-hotline', 'packs'],
      // Its phases were headed "Greeting 问候" on every desk.
      ['--pack', 'en-hotline', 'packs', 'show', 'en-hotline'],
      ['rules', '--pack', 'en-hotline'],
      ['--pack', 'en-hotline', 'train', '--list'],
      ['--pack', 'en-hotline', 'config', 'list'],
      ['--pack', 'en-hotline', 'config', 'path'],
      ['--pack', 'en-hotline', 'export', '--help'],
    ];
    for (const args of runs) {
      const run = runBin(home.path, ...args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(packData(run.out), args.join(' ')).not.toMatch(HAN);
    }
    expect(runBin(home.path, '--pack', 'en-hotline', '--help').out).toMatch(/^Usage: ringside \[options\] \[command\]/);
    expect(runBin(home.path, 'rules', '--pack', 'en-hotline').out).toContain(`rules covered by the lines of pack ${hotline.id}.`);
    for (const args of [['--pack', 'en-hotline', 'history', '--bogus'], ['--pack', 'en-hotline', 'frob'], ['rules', '--pack', 'en-hotline', 'extra']]) {
      const run = runBin(home.path, ...args);
      expect(run.code).toBe(2);
      expect(run.err).not.toMatch(HAN);
    }
    expect(runBin(home.path, '--pack', 'en-hotline', 'history', '--bogus').err).toBe("error: unknown option '--bogus'\n(ringside --help lists the commands and options)\n");
    const check = runBin(home.path, '--pack', 'en-hotline', 'packs', 'check', brokenPack());
    expect(check.code).toBe(2);
    expect(check.err).toContain(':4:1: unknown field "colour"; remove it or check its spelling');
    // The pack file's own Chinese (its name 草稿, its line) is not quoted back: nothing Chinese at all.
    expect(check.err).not.toMatch(HAN);
  });
});
