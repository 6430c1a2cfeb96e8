/** A rule's title in the desk's language: every rule of the standards has a Chinese title, and English keeps its own. */
import { describe, expect, it } from 'vitest';
import { RULE_IDS, RULE_WORDS_ZH, RULES, ruleTitle } from '../../src/rules.js';

describe('rule titles', () => {
  it('every rule has a Chinese kind and title without an English word; the English title is the one `rules` lists', () => {
    expect(Object.keys(RULE_WORDS_ZH).sort()).toEqual([...RULE_IDS].sort());
    for (const rule of RULES) {
      expect(ruleTitle(rule.id, 'zh-CN').replace(/R-[A-Z0-9-]+/g, '')).not.toMatch(/[A-Za-z]{2,}/);
      expect(RULE_WORDS_ZH[rule.id]!.kind).not.toMatch(/[A-Za-z]{2,}/);
      expect(ruleTitle(rule.id, 'en')).toBe(rule.title);
    }
    expect(ruleTitle('R-OPEN', 'zh-CN')).toBe('标准开场白：问候、公司、工号、请问有什么可以帮您');
    expect(ruleTitle('R-NOPE', 'zh-CN')).toBe('');
  });
});
