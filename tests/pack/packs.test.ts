/**
 * Packs: the shipped ones load and cover what the standards ask; each kind of broken pack fails
 * with file:line:column and a sentence.
 */
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPack, listPacks, loadPackFile, parsePack, PackError } from '../../src/pack/load.js';
import { aliasTooFar } from '../../src/pack/yaml-bounds.js';
import { keysAgainstPack } from '../../src/pack/hotkeys.js';
import { applyOverrides, KEYMAP } from '../../src/ui/keys/keymap.js';
import { CST, Lexer, parseDocument } from 'yaml';
import { allSteps } from '../../machines/steps.js';
import { packPath, tempDir } from '../helpers.js';
import { speak } from '../../src/language.js';
import { problems } from './problems.js';

// These tests read the loader's English sentences (a process speaks Chinese until told otherwise).
speak('en');

const shipped = ['zh-CN/general.yaml', 'zh-CN/telecom.yaml', 'en/hotline.yaml'];
const general = () => readFileSync(packPath('zh-CN/general.yaml'), 'utf8');


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
    expect(Object.keys(pack.variables)).toEqual(expect.arrayContaining(['company', 'hotline']));
    // The agent number is the agent's (asked on the first start), never a number the pack makes up.
    expect(pack.variables.agentNumber).toBeUndefined();
  });

  it('are under the 25 KB and 5,000 YAML tokens the limits\' sentences say they are (the figure a refused file is compared with)', () => {
    for (const file of shipped) {
      const text = readFileSync(packPath(file), 'utf8');
      expect(Buffer.byteLength(text), file).toBeLessThan(25 * 1024);
      const tokens = [...new Lexer().lex(text)].filter((token) => !['doc-mode', 'flow-error-end', 'scalar'].includes(CST.tokenType(token) ?? '')).length;
      expect(tokens, file).toBeLessThan(5_000);
    }
  });

  it('the Chinese packs carry the standard wording of the seeds', () => {
    const zh = loadPackFile(packPath('zh-CN/general.yaml'));
    expect(zh.phases.greeting[0]!.line).toBe('对不起，让您久等了。');
    expect(zh.phases.gathering[0]!.line).toBe('请问您贵姓？');
    expect(zh.phases.closing.map((s) => s.line)).toContain('请问您还有什么需要补充的吗？');
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
        expect(ready('R-REPEAT')[0]!.line).toBe('对不起，有些问题没有听清楚，请您再重复一遍。');
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
    const at = lines.findIndex((line) => line.includes('请问您贵姓？'));
    const escaped = general().replace('请问您贵姓？', '请问您贵姓？\\e[2J');
    expect(problems(escaped.replace(/^(\s*line: )(.*请问您贵姓？.*)$/m, '$1"$2"'))[0]).toMatch(new RegExp(`^broken\\.yaml:${at + 1}:\\d+: a control character \\(U\\+001B\\) in the text; the screen cannot show it: remove it`));
    const tabbed = general().replace('请问您贵姓？', '请问您\t贵姓？');
    const column = lines[at]!.indexOf('请问您贵姓？') + 4;
    expect(problems(tabbed)).toEqual([`broken.yaml:${at + 1}:${column}: a control character (U+0009, a tab) in the text; the screen cannot show it: remove it or use spaces`]);
    expect(problems(general().replace('请问您贵姓？', '请问您\u202e贵姓？'))[0]).toContain('(U+202E)');
    // Text in any script is welcome: Arabic, Hebrew, emoji, and CJK side by side.
    expect(parsePack(general().replace('请问您贵姓？', '请问您贵姓？مرحبا שלום 👋🏽'), 'mixed.yaml').id).toBe('zh-CN-general');
  });

  it('bad YAML: where and what', () => {
    const text = general().replace('  greeting:\n', '  greeting: [\n');
    const [first] = problems(text);
    expect(first).toMatch(/^broken\.yaml:\d+:\d+: not valid YAML: /);
  });

  it('an unclosed quote points at the line where it opens, not where the parser gave up', () => {
    const text = general()
      .replace('      label: 开场白（报号）', '      label: "按 #1 键"') // a closed quote with a # in it, earlier
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

  it('a ready line naming a step the pack does not have is refused at that step id', () => {
    const text = general().replace('steps: [late-sorry, hold-back]', 'steps: [late-sorry, hold-thanks]');
    const column = text.split('\n')[lineOf(text, 'hold-thanks') - 1]!.indexOf('hold-thanks') + 1;
    expect(problems(text)).toEqual([`broken.yaml:${lineOf(text, 'hold-thanks')}:${column}: unknown step "hold-thanks"; use the id of a step of this pack`]);
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
      .replace('line: 请问您贵姓？', 'line: 请问您贵姓？{nickname}')
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

describe('a packs folder with too much in it', () => {
  it('of 60 pack files, 50 are read, and the sentence says the limit and the folder', () => {
    const dir = tempDir();
    try {
      for (let i = 0; i < 60; i++) writeFileSync(join(dir.path, `p${String(i).padStart(2, '0')}.yaml`), 'id: [');
      const skipped: string[] = [];
      const entries = listPacks(dir.path, (sentence) => skipped.push(sentence));
      expect(entries.filter((entry) => entry.source === 'user').map((entry) => entry.file.slice(-8))).toEqual(Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}.yaml`));
      expect(skipped).toEqual([`Your packs folder ${dir.path}: only 50 YAML files are read from it and its subfolders; the others were not. Move the ones not in use aside.`]);
    } finally {
      dir.remove();
    }
  });

  it('of 3,000 other files, 2,000 are looked at; a pack among them may go unseen, and that is said', () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir.path, 'notes'));
      for (let i = 0; i < 3000; i++) writeFileSync(join(dir.path, 'notes', `n${i}.txt`), '');
      const skipped: string[] = [];
      listPacks(dir.path, (sentence) => skipped.push(sentence));
      expect(skipped).toEqual([`Your packs folder ${dir.path}: only 2,000 of its files and folders were looked at, all it may hold. Keep only packs in it.`]);
    } finally {
      dir.remove();
    }
  });
});

describe('hostile pack files', () => {
  /** A pack file written for real, loaded as `packs check` loads it; its problems as a person sees them. */
  function fileProblems(content: string | Buffer, name = 'hostile.yaml'): { file: string; problems: string[] } {
    const dir = tempDir();
    const file = join(dir.path, name);
    try {
      writeFileSync(file, content);
      try {
        loadPackFile(file);
      } catch (error) {
        expect(error).toBeInstanceOf(PackError);
        return { file, problems: (error as PackError).message.split('\n') };
      }
      throw new Error('the pack was accepted');
    } finally {
      dir.remove();
    }
  }

  it('a 50 MB pack is refused by its size, before it is read: the sentence says the size and the limit', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'huge.yaml');
      writeFileSync(file, general());
      truncateSync(file, 50 * 1024 * 1024);
      // The size comes from the file system: read, it would only be known to be over the limit.
      expect(() => loadPackFile(file)).toThrow(`${file}: 50.0 MB is over the 1 MB a pack file may be (the built-in packs are under 25 KB); is this the right file?`);
    } finally {
      dir.remove();
    }
  });

  it('an alias bomb is refused at the alias where the copies pass the limit, with file:line:column; an alias in a circle too', () => {
    const bomb = [
      general().trimEnd(),
      'x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '',
    ].join('\n');
    // The YAML library's own guard stops it too, but without saying where.
    expect(() => parseDocument(bomb).toJS()).toThrow('Excessive alias count');
    const line = lineOf(bomb, 'x-d: &d');
    expect(fileProblems(bomb).problems).toEqual([expect.stringMatching(new RegExp(`hostile\\.yaml:${line}:10: the alias \\*c makes too many copies \\(aliases of aliases: more than 100, counted as the YAML loader counts them\\); write the values out instead$`))]);
    // Short of the limit, the aliases are resolved and the pack checked as usual.
    const fewer = bomb.replace(/^x-d: .*\n/m, '');
    expect(() => parseDocument(fewer).toJS()).not.toThrow();
    expect(fileProblems(fewer).problems.join('\n')).toMatch(/unknown field "x-a"/);
    const circle = `${general().trimEnd()}\nx-loop: &loop [a, *loop]\n`;
    expect(fileProblems(circle).problems).toEqual([expect.stringMatching(new RegExp(`:${lineOf(circle, 'x-loop')}:19: the alias \\*loop is inside the value it names, which makes a circle; write the value out instead$`))]);
  });

  it('the alias bound is the YAML library\'s own: refused exactly where its guard would stop, at the alias it would stop on', () => {
    const shapes = (k: number) => [
      // Aliases of aliases: the eleven *a inside b weigh 12 each, so the 8th *b passes 100.
      `a: &a [l, l, l, l, l, l, l, l, l, l, l]\nb: &b [${Array(11).fill('*a').join(', ')}]\nc: [${Array(k).fill('*b').join(', ')}]\n`,
      // Many aliases of one value: the anchor counts itself, so the 100th alias passes.
      `a: &a x\nb: [${Array(k * 10).fill('*a').join(', ')}]\n`,
      // Three deep.
      `a: &a [l, l]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [${Array(k).fill('*c').join(', ')}]\n`,
    ];
    for (let k = 1; k <= 12; k++) {
      for (const text of shapes(k)) {
        const doc = parseDocument(text);
        let libraryStops = false;
        try {
          doc.toJS({ maxAliasCount: 100 });
        } catch {
          libraryStops = true;
        }
        expect(aliasTooFar(doc) !== null, text).toBe(libraryStops);
      }
    }
    const [nested] = shapes(8);
    expect(aliasTooFar(parseDocument(nested!))!.alias.range![0]).toBe(nested!.lastIndexOf('*b'));
  });

  it('bytes that are not UTF-8 are refused at their line and column (an earlier U+FFFD spelled out in the file is fine)', () => {
    const text = general().replace('请问您贵姓？', '请问您贵姓？\uFFFD');
    const at = Buffer.byteLength(text.slice(0, text.indexOf('label: 复述确认') + 'label: 复述'.length));
    const bytes = Buffer.from(text);
    const latin1 = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe9]), bytes.subarray(at)]);
    const line = lineOf(text, 'label: 复述确认');
    const column = text.split('\n')[line - 1]!.indexOf('确认') + 1;
    expect(fileProblems(latin1).problems).toEqual([expect.stringMatching(new RegExp(`hostile\\.yaml:${line}:${column}: not UTF-8 text: the byte 0xE9 is not part of a character; save the file as UTF-8$`))]);
  });

  it('YAML that would cost seconds to parse is refused where it passes the limit: a quarter of a million items, brackets a million deep, indents nine thousand deep', () => {
    const list = `id: big\nitems:\n${'- x\n'.repeat(250_000)}`;
    const started = Date.now();
    const [tooLong] = fileProblems(list).problems;
    // Eight tokens to "items:", then four an item (dash, space, x, newline): the 20,001st is item 4,999's dash.
    expect(tooLong).toMatch(/^\S+hostile\.yaml:5001:1: the file goes on past 20,000 YAML tokens \(keys, values, punctuation, spaces\) here, and that is all a file may have; the built-in packs have under 5,000\. Is this the right file\?$/);
    expect(fileProblems(`id: deep\nx: ${'['.repeat(1_000_000)}`).problems).toEqual([expect.stringMatching(/hostile\.yaml:2:36: brackets nested more than 32 deep; a pack needs a few at most$/)]);
    // Block lists nested 9,000 deep ("- - - … x", each level one indent further): deeper than the
    // parser's stack, warmed or not (mappings indented 1,400 deep, all a 1 MB file holds, were
    // read whole once the parser had warmed up on a few packs).
    const indents = `${'- '.repeat(9_000)}x\n`;
    expect(fileProblems(indents).problems).toEqual([expect.stringMatching(/hostile\.yaml:\d+:\d+: not valid YAML: nested too deep to read; a pack needs a few levels at most$/)]);
    // A hundred aliases are plenty (each of its own anchor: no bomb); the 101st is refused.
    const anchors = Array.from({ length: 101 }, (_, i) => `a${i}: &a${i} x`).join('\n');
    const aliases = Array.from({ length: 101 }, (_, i) => `b${i}: *a${i}`).join('\n');
    expect(fileProblems(`${anchors}\n${aliases}\n`).problems).toEqual([expect.stringMatching(/hostile\.yaml:202:7: more than 100 aliases \(\*name\) in one file; write the values out instead$/)]);
    // All three together took seconds on the old loader; each is refused in a fraction of one now.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a pack named on the command line may be a link (only the folders are walked without them)', () => {
    const dir = tempDir();
    try {
      symlinkSync(packPath('zh-CN/general.yaml'), join(dir.path, 'linked.yaml'));
      expect(loadPackFile(join(dir.path, 'linked.yaml')).id).toBe('zh-CN-general');
    } finally {
      dir.remove();
    }
  });

  it('a pipe or a device named like a pack is refused, not waited on', () => {
    expect(() => loadPackFile('/dev/zero')).toThrow('/dev/zero:1:1: not a regular file (a device, a pipe or a socket); give the path of a pack file');
    expect(() => loadPackFile(packPath('zh-CN'))).toThrow(/zh-CN:1:1: a folder, not a pack file; give the path of a \.yaml file$/);
  });
});

describe('hotkeys and the screen\'s keys', () => {
  it('a reason group on s is refused: it would take the save key all through wrap-up, and the call could not be saved', () => {
    const text = general().replace('  - group: 其他\n    hotkey: "4"', '  - group: 其他\n    hotkey: "s"');
    expect(problems(text)).toEqual([
      `broken.yaml:${lineOf(text, '  - group: 其他') + 1}:13: hotkey "s" is the screen's key for save and ready (save): all through wrap-up "s" would open this reason group, not save and ready. Use a digit or a letter the screen leaves free (d g i j l p t v y z)`,
    ]);
  });

  it('a reason on w, a branch on q, a caller field on n and a call-back result on k are refused, each naming the command it would take', () => {
    const text = general()
      .replace('label: 服务建议, hotkey: "2"', 'label: 服务建议, hotkey: "w"')
      .replace('    label: 投诉\n    hotkey: "2"', '    label: 投诉\n    hotkey: "q"')
      .replace('    label: 单位\n    hotkey: "5"', '    label: 单位\n    hotkey: "n"')
      .replace('label: 非本人接听, hotkey: "4"', 'label: 非本人接听, hotkey: "k"');
    const found = problems(text);
    expect(found).toHaveLength(4);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^broken\\.yaml:${lineOf(text, '服务建议')}:\\d+: hotkey "w" is the screen's key for summary \\(summary\\): in wrap-up with its group open "w" would tick this reason, not summary\\.`)),
      expect.stringMatching(new RegExp(`^broken\\.yaml:${lineOf(text, 'hotkey: "q"')}:13: hotkey "q" is the screen's key for quit \\(quit\\): while the branches are shown "q" would pick this branch, not quit\\.`)),
      expect.stringMatching(new RegExp(`^broken\\.yaml:${lineOf(text, 'hotkey: "n"')}:13: hotkey "n" is the screen's key for note \\(note\\): while the caller fields are shown "n" would open this field, not note\\.`)),
      expect.stringMatching(new RegExp(`^broken\\.yaml:${lineOf(text, '非本人接听')}:\\d+: hotkey "k" is the screen's key for scorecard: mark faults \\(score\\): in a call-back's wrap-up "k" would tick this result, not scorecard: mark faults\\.`)),
    ]));
    // A letter the screen leaves free is a hotkey like any other.
    expect(parsePack(general().replace('  - group: 其他\n    hotkey: "4"', '  - group: 其他\n    hotkey: "z"'), 'free.yaml').reasons.at(-1)!.hotkey).toBe('z');
  });
});

describe("the agent's own keys against a pack", () => {
  it('the default keys suit every built-in pack; a command moved onto a digit or onto a letter of a menu is said, with what to do', () => {
    for (const file of shipped) expect(keysAgainstPack(loadPackFile(packPath(file)), KEYMAP), file).toBeNull();
    const pack = parsePack(general().replace('  - group: 其他\n    hotkey: "4"', '  - group: 其他\n    hotkey: "d"'), 'mine.yaml');
    expect(keysAgainstPack(pack, applyOverrides({ hold: 'p' }))).toBeNull();
    expect(keysAgainstPack(pack, applyOverrides({ save: '1' }))).toBe(
      'Your key for save and ready (save) is "1", a digit: digits pick from the screen\'s menus (reason groups, reasons, branches, caller fields), where save would be out of reach. Give it a letter: ringside config set keys save=s.',
    );
    expect(keysAgainstPack(pack, applyOverrides({ note: 'd' }))).toBe(
      'Your key for note (note) is "d", which pack zh-CN-general gives its reason group "其他": all through wrap-up "d" would open this reason group, not note. Give note another key (ringside config set keys note=n), or the pack another hotkey.',
    );
  });
});

afterEach(() => undefined);
