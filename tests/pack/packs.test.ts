/**
 * Packs: the shipped ones load and cover what the standards ask; each kind of broken pack fails
 * with file:line:column and a sentence.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPack, listPacks, loadPackFile, parsePack, PackError } from '../../src/pack/load.js';
import { allSteps } from '../../machines/steps.js';
import { packPath, tempDir } from '../helpers.js';

const shipped = ['zh-CN/general.yaml', 'zh-CN/telecom.yaml', 'en/hotline.yaml'];
const general = () => readFileSync(packPath('zh-CN/general.yaml'), 'utf8');

/** The problems of a pack text, as the formatted lines a person sees. */
function problems(text: string): string[] {
  try {
    parsePack(text, 'broken.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PackError);
    return (error as PackError).message.split('\n');
  }
  throw new Error('the pack was accepted');
}

/** Line number (1-based) of the first line containing `needle` in the general pack. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('shipped packs', () => {
  it.each(shipped)('%s loads, with at least 12 reasons in at least 3 groups and every branch kind it needs', (file) => {
    const pack = loadPackFile(packPath(file));
    expect(pack.reasons.length).toBeGreaterThanOrEqual(3);
    expect(pack.reasons.flatMap((group) => group.reasons).length).toBeGreaterThanOrEqual(12);
    const kinds = pack.branches.map((branch) => branch.kind);
    for (const kind of ['consultation', 'complaint', 'suggestion', 'outOfScope', 'wrongNumber', 'support']) {
      expect(kinds).toContain(kind);
    }
    expect(Object.keys(pack.variables)).toEqual(expect.arrayContaining(['company', 'hotline', 'agentNumber']));
  });

  it('the Chinese packs carry the standard wording of the seeds', () => {
    const zh = loadPackFile(packPath('zh-CN/general.yaml'));
    expect(zh.phases.greeting[0]!.line).toBe('对不起,让您久等了。');
    expect(zh.phases.gathering[0]!.line).toBe('请问您贵姓?');
    expect(zh.phases.closing.map((s) => s.line)).toContain('请问您还有什么需要补充的吗?');
    const telecom = loadPackFile(packPath('zh-CN/telecom.yaml'));
    const redirect = telecom.branches.find((b) => b.kind === 'crossRegion')!;
    expect(redirect.steps.map((s) => s.line).join('')).toContain('{areaCode}10086');
    expect(telecom.nightHours).toBe('23:30-07:30');
    expect(telecom.branches.find((b) => b.kind === 'outOfScope')!.explainTimes).toBe(3);
  });

  it('every built-in pack has the ready lines of the standards: repeat please, a manager asked for, holiday wishes; answers that promise a time, not a favour', () => {
    for (const file of ['zh-CN/general.yaml', 'zh-CN/telecom.yaml', 'en/hotline.yaml']) {
      const pack = loadPackFile(packPath(file));
      const ready = (rule: string) => pack.lines.filter((line) => line.rules.includes(rule));
      for (const rule of ['R-REPEAT', 'R-ESCALATE', 'R-HOLIDAY']) expect(ready(rule), `${file} ${rule}`).not.toEqual([]);
      // R-NO-PROMISE: the answer and follow-up lines carry it (a plan and a time, "两个工作日内").
      expect(allSteps(pack).filter((step) => step.rules.includes('R-NO-PROMISE')).length, file).toBeGreaterThan(0);
      if (pack.language === 'zh-CN') {
        expect(ready('R-REPEAT')[0]!.line).toBe('对不起,有些问题没有听清楚,请您再重复一遍。');
        expect(allSteps(pack).find((step) => step.rules.includes('R-FOLLOW-UP'))!.line).toContain('两个工作日内');
      }
    }
  });

  it('lists built-in packs and the user\'s own, and marks a broken user pack without hiding the rest', () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir.path, 'mine.yaml'), general().replace('id: zh-CN-general', 'id: my-pack'));
      writeFileSync(join(dir.path, 'broken.yaml'), 'id: [');
      const entries = listPacks(dir.path);
      expect(entries.filter((e) => e.source === 'built-in').map((e) => e.id)).toEqual(['en-hotline', 'zh-CN-general', 'zh-CN-telecom']);
      expect(entries.find((e) => e.id === 'my-pack')?.source).toBe('user');
      expect(entries.find((e) => e.error)?.error).toMatch(/broken\.yaml:1:\d+: not valid YAML/);
    } finally {
      dir.remove();
    }
  });

  it('finds a pack by id: an agent\'s own pack of the same id wins; a broken one says where', () => {
    const dir = tempDir();
    try {
      expect(findPack('zh-CN-telecom', dir.path).name).toBe('移动客服热线咨询');
      writeFileSync(join(dir.path, 'mine.yaml'), general().replace(/^name: .*$/m, 'name: 我的热线'));
      expect(findPack('zh-CN-general', dir.path).name).toBe('我的热线');
      writeFileSync(join(dir.path, 'quoted.yaml'), general().replace('id: zh-CN-general', 'id: "my-pack" # quoted'));
      expect(findPack('my-pack', dir.path).id).toBe('my-pack');
      // Written so the id line is not plain to read (a byte-order mark, an anchor): still found, still first.
      writeFileSync(join(dir.path, 'mine.yaml'), `\uFEFF${general().replace('id: zh-CN-general', 'id: &pack zh-CN-general').replace(/^name: .*$/m, 'name: 我的热线2')}`);
      expect(findPack('zh-CN-general', dir.path).name).toBe('我的热线2');
      writeFileSync(join(dir.path, 'mine.yaml'), general().replace('  greeting:\n', '  greeting: [\n'));
      expect(() => findPack('zh-CN-general', dir.path)).toThrow(/mine\.yaml:\d+:\d+: not valid YAML/);
      expect(() => findPack('nope', dir.path)).toThrow('There is no pack "nope". Known packs: en-hotline, zh-CN-general, zh-CN-telecom, my-pack');
    } finally {
      dir.remove();
    }
  });
});

describe('broken packs', () => {
  it('a control character in a line (an escape sequence, a tab, a direction override) is refused where it stands', () => {
    const lines = general().split('\n');
    const at = lines.findIndex((line) => line.includes('请问您贵姓?'));
    const escaped = general().replace('请问您贵姓?', '请问您贵姓?\\e[2J');
    expect(problems(escaped.replace(/^(\s*line: )(.*请问您贵姓\?.*)$/m, '$1"$2"'))[0]).toMatch(new RegExp(`^broken\\.yaml:${at + 1}:\\d+: a control character \\(U\\+001B\\) in the text; the screen cannot show it: remove it`));
    const tabbed = general().replace('请问您贵姓?', '请问您\t贵姓?');
    const column = lines[at]!.indexOf('请问您贵姓?') + 4;
    expect(problems(tabbed)).toEqual([`broken.yaml:${at + 1}:${column}: a control character (U+0009, a tab) in the text; the screen cannot show it: remove it or use spaces`]);
    expect(problems(general().replace('请问您贵姓?', '请问您\u202e贵姓?'))[0]).toContain('(U+202E)');
    // Text in any script is welcome: Arabic, Hebrew, emoji, and CJK side by side.
    expect(parsePack(general().replace('请问您贵姓?', '请问您贵姓? مرحبا שלום 👋🏽'), 'mixed.yaml').id).toBe('zh-CN-general');
  });

  it('bad YAML: where and what', () => {
    const text = general().replace('  greeting:\n', '  greeting: [\n');
    const [first] = problems(text);
    expect(first).toMatch(/^broken\.yaml:\d+:\d+: not valid YAML: /);
  });

  it('an unclosed quote points at the line where it opens, not where the parser gave up', () => {
    const text = general()
      .replace('      label: 开场白(报号)', '      label: "按 #1 键"') // a closed quote with a # in it, earlier
      .replace("      label: 复述确认", "      label: '复述确认");
    expect(problems(text)).toEqual([`broken.yaml:${lineOf(text, "'复述确认")}:14: not valid YAML: Missing closing 'quote`]);
  });

  it('an unknown rule ID points at the rule', () => {
    const text = general().replace('rules: [R-SURNAME]', 'rules: [R-SURNAME, R-NOPE]');
    const line = lineOf(text, 'R-NOPE');
    expect(problems(text)).toEqual([`broken.yaml:${line}:26: phases.gathering[0].rules[1]: unknown rule ID "R-NOPE" (see docs/rules.md for the list)`]);
  });

  it('an unknown step field, and an unknown branch reference', () => {
    const text = general()
      .replace('      asks: name\n', '      asks: name\n      colour: red\n')
      .replace('    then: take-message\n', '    then: take-a-message\n');
    const found = problems(text);
    expect(found[0]).toMatch(new RegExp(`^broken\\.yaml:${lineOf(text, 'colour: red')}:\\d+: phases\\.gathering\\[0\\]: unknown field "colour"; remove it or check its spelling$`));
    const fixed = text.replace('      colour: red\n', '');
    expect(problems(fixed)).toEqual([`broken.yaml:${lineOf(fixed, 'take-a-message')}:11: unknown branch "take-a-message"; use the id of another branch`]);
  });

  it('a missing field says to add it', () => {
    const text = general().replace(/^name: .*\n/m, '');
    expect(problems(text)).toEqual(['broken.yaml:4:1: name: missing; add this field']);
  });

  it('a duplicate hotkey names the first owner', () => {
    const text = general().replace('label: 投诉\n    hotkey: "2"', 'label: 投诉\n    hotkey: "1"');
    expect(problems(text)).toEqual([`broken.yaml:${lineOf(text, 'label: 投诉') + 1}:13: hotkey "1" is already used by branch 1; give each branch its own key`]);
  });

  it('a duplicate step id, an unknown variable and an unknown field to ask for', () => {
    const text = general()
      .replace('id: restate', 'id: surname')
      .replace('line: 请问您贵姓?', 'line: 请问您贵姓?{nickname}')
      .replace('asks: name', 'asks: nickname');
    const found = problems(text).join('\n');
    expect(found).toContain('step id "surname" is used twice (first at phases.gathering[0]); step ids must be unique');
    expect(found).toContain('unknown variable {nickname}; declare it under "variables"');
    expect(found).toContain('unknown field "nickname"; use one of name, phone, address, areaCode, callerCompany');
  });

  it('a pack without the hang-up judged step or with too few reason groups', () => {
    expect(problems(general().replace('      judge: hangUp\n', '')).join('\n')).toContain('the closing needs a step with "judge: hangUp"');
    const text = general().replace(/  - group: 其他[\s\S]*$/, '').replace(/  - group: 建议[\s\S]*$/, '');
    expect(problems(text).join('\n')).toContain('reasons: a pack needs at least 3 reason groups');
  });

  it('an unreadable file is a sentence too', () => {
    expect(() => loadPackFile('/no/such/pack.yaml')).toThrow('/no/such/pack.yaml:1:1: no such file; check the path');
  });
});

afterEach(() => undefined);
