/**
 * Packs' `heard:` lists (the ways agents commonly say a step): the shipped packs give each step
 * its own, and each kind of bad entry is refused with file:line:column and a sentence.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPackFile, parsePack } from '../../src/pack/load.js';
import { allSteps } from '../../machines/steps.js';
import { packPath } from '../helpers.js';
import { speak } from '../../src/language.js';
import { problems } from './problems.js';

// These tests read the loader's English sentences (a process speaks Chinese until told otherwise).
speak('en');

const general = () => readFileSync(packPath('zh-CN/general.yaml'), 'utf8');
const hotline = () => readFileSync(packPath('en/hotline.yaml'), 'utf8');


/** `line:column` of the list item `- entry` (the entry itself) in `text`, its `nth` (1-based) if it is there more than once. */
function at(text: string, entry: string, nth = 1): string {
  const lines = text.split('\n');
  const found = lines.flatMap((line, i) => (line.trim() === `- ${entry}` ? [i] : []))[nth - 1];
  if (found === undefined) throw new Error(`no list item ${entry}`);
  return `${found + 1}:${lines[found]!.indexOf('- ') + 3}`;
}

/** Adds `entries` to the heard list after its item `after`. */
const addAfter = (text: string, after: string, ...entries: string[]) => {
  const item = new RegExp(`^( *)- ${after}\\n`, 'm');
  expect(text).toMatch(item);
  return text.replace(item, (whole, indent: string) => `${whole}${entries.map((entry) => `${indent}- ${entry}\n`).join('')}`);
};

describe('the shipped packs', () => {
  it.each(['zh-CN/general.yaml', 'zh-CN/telecom.yaml', 'en/hotline.yaml'])('%s: every step and ready line has 3 to 8 ways it is heard, the hang-up steps none', (file) => {
    const pack = loadPackFile(packPath(file));
    for (const step of allSteps(pack)) {
      if (step.judge === 'hangUp') expect(step.heard, step.id).toEqual([]);
      else expect(step.heard.length, step.id).toBeGreaterThanOrEqual(3);
      expect(step.heard.length, step.id).toBeLessThanOrEqual(8);
    }
    for (const line of pack.lines) {
      expect(line.heard.length, line.id).toBeGreaterThanOrEqual(3);
      expect(line.heard.length, line.id).toBeLessThanOrEqual(8);
    }
  });
});

describe('bad heard entries', () => {
  it('an unknown {variable} is refused at the entry, as in a line', () => {
    const text = general().replace('- "{agentNumber}号为您服务"', '- "{agentNo}号为您服务"');
    expect(problems(text)).toEqual([
      `broken.yaml:${at(text, '"{agentNo}号为您服务"')}: unknown variable {agentNo}; declare it under "variables" or use one of company, hotline, agentNumber, agentName, caller, about, opened, name, phone, address, areaCode, callerCompany`,
    ]);
  });

  it('an entry said twice in a step (punctuation and spaces aside) is refused at the second; so is the step\'s own line, but not the fixed part of a line with a gap (……)', () => {
    const twice = addAfter(general(), '请问贵姓', '您贵姓！');
    expect(problems(twice)).toEqual([`broken.yaml:${at(twice, '您贵姓！')}: "您贵姓！" is already way 1 of this step; remove the repeat`]);
    const own = addAfter(general(), '别客气', '不客气，这是我们应该做的');
    expect(problems(own)).toEqual([`broken.yaml:${at(own, '不客气，这是我们应该做的')}: "不客气，这是我们应该做的" is this step's line itself, which is heard anyway; remove it`]);
    // 另外提醒您注意…… leaves the rest to the agent: its fixed part is a way it is heard.
    expect(parsePack(general(), 'general.yaml').branches[0]!.steps[1]!.heard).toContain('另外提醒您注意');
  });

  it('an entry another step of the same phase says (its way, its line, or a piece of its line between pauses) is refused: one could not tell which was said', () => {
    const entry = addAfter(general(), '谢谢您的电话', '别客气');
    expect(problems(entry)).toEqual([
      `broken.yaml:${at(entry, '别客气', 2)}: "别客气" is the same as a way to say of step "reciprocate" (phases.closing[1].heard[4]), which may be up at the same time: hearing it, one could not tell which was said; keep to words only this step says`,
    ]);
    const line = addAfter(general(), '您反映的情况是', '请问您贵姓');
    expect(problems(line)).toEqual([
      `broken.yaml:${at(line, '请问您贵姓')}: "请问您贵姓" is the same as the line of step "surname" (phases.gathering[0]), which may be up at the same time: hearing it, one could not tell which was said; keep to words only this step says`,
    ]);
    // The hold's lines may come in any phase: the late answer's apology may not be heard as their 让您久等了.
    const piece = addAfter(general(), '抱歉，让您久等了', '让您久等了');
    expect(problems(piece)).toEqual([
      `broken.yaml:${at(piece, '让您久等了')}: "让您久等了" is the same as a part of the line of step "hold-back" (hold.back), which may be up at the same time: hearing it, one could not tell which was said; keep to words only this step says`,
    ]);
  });

  it('the same words in two phases, or in a ready line and a step it says in other words, are no clash; in a ready line and another step they are', () => {
    // 感谢您的来电，再见 is the closing's farewell; an out-of-scope call ends in answering, before closing.
    expect(() => parsePack(addAfter(general(), '这个问题我们无法受理', '感谢您的来电，再见'), 'general.yaml')).not.toThrow();
    // 嫌慢 says the hold's thanks (steps: [late-sorry, hold-back]).
    expect(() => parsePack(addAfter(general(), '我们会尽快帮您处理', '感谢您的耐心等待'), 'general.yaml')).not.toThrow();
    const other = addAfter(general(), '没有听清楚', '感谢您的耐心等待');
    expect(problems(other)).toEqual([
      `broken.yaml:${at(other, '感谢您的耐心等待', 2)}: "感谢您的耐心等待" is the same as a way to say of step "hold-back" (hold.back.heard[0]), which may be up at the same time: hearing it, one could not tell which was said; keep to words only this step says`,
    ]);
  });

  it('an entry too short to tell apart is refused: fewer than 3 characters in Chinese or 2 words in English, {variables} not counted', () => {
    const chinese = addAfter(general(), '请问贵姓', '贵姓', '"{caller}好"', '，，');
    expect(problems(chinese)).toEqual(
      ['贵姓', '{caller}好', '，，'].map((entry) => `broken.yaml:${at(chinese, entry.startsWith('{') ? `"${entry}"` : entry)}: "${entry}" is too short to tell apart: a way to say it needs at least 3 characters besides its {variables} (fewer would be ticked by words said in passing)`),
    );
    const english = addAfter(hotline(), 'Thanks for calling, bye', 'Goodbye', '"{caller}, goodbye"', 'Bye now');
    expect(problems(english)).toEqual(
      ['Goodbye', '{caller}, goodbye'].map((entry) => `broken.yaml:${at(english, entry.startsWith('{') ? `"${entry}"` : entry)}: "${entry}" is too short to tell apart: a way to say it needs at least 2 words besides its {variables} (fewer would be ticked by words said in passing)`),
    );
  });

  it('a step judged by the hang-up has no heard list: nothing said ticks it', () => {
    const text = general().replace('      judge: hangUp\n', '      judge: hangUp\n      heard: [客户已经挂机了]\n');
    const line = text.split('\n').findIndex((l) => l.includes('heard: [客户已经挂机了]')) + 1;
    expect(problems(text)).toEqual([`broken.yaml:${line}:14: a step judged by the hang-up is not ticked by what is said; remove "heard"`]);
  });

  it('at most 12 entries of at most 80 characters', () => {
    const many = addAfter(general(), '请问贵姓', ...Array.from({ length: 8 }, (_, i) => `请问您贵姓${'甲乙丙丁戊己庚辛'[i]}`));
    // Said where the list starts (its first dash).
    const [line, column] = at(many, '您贵姓').split(':').map(Number);
    expect(problems(many)).toEqual([`broken.yaml:${line}:${column! - 2}: phases.gathering[0].heard: at most 12 ways to say a line; keep the commonest`]);
    const long = addAfter(general(), '请问贵姓', '请'.repeat(81));
    expect(problems(long)).toEqual([
      `broken.yaml:${at(long, '请'.repeat(81))}: phases.gathering[0].heard[2]: a way to say it is at most 80 characters; a long line is heard in pieces at its pauses: write one piece`,
    ]);
  });

  it('a Chinese desk is told in Chinese', () => {
    speak('zh-CN');
    try {
      const text = addAfter(general(), '请问贵姓', '贵姓');
      expect(problems(text)).toEqual([`broken.yaml:${at(text, '贵姓')}: “贵姓”太短，分辨不出：一种说法除 {变量} 外至少要有 3 个字（更短的会被随口的一句话误勾）`]);
    } finally {
      speak('en');
    }
  });
});
