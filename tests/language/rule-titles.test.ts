/** A rule's title in the desk's language: every rule of the standards has a Chinese title, and English keeps its own. */
import { describe, expect, it } from 'vitest';
import { ruleTitle, ZH_TITLED } from '../../src/rule-titles.js';
import { RULE_IDS, RULES } from '../../src/rules.js';

describe('rule titles', () => {
  it('every rule has a Chinese title without an English word; the English title is the one `rules` lists', () => {
    expect([...ZH_TITLED].sort()).toEqual([...RULE_IDS].sort());
    for (const rule of RULES) {
      expect(ruleTitle(rule.id, 'zh-CN').replace(/R-[A-Z0-9-]+/g, '')).not.toMatch(/[A-Za-z]{2,}/);
      expect(ruleTitle(rule.id, 'en')).toBe(rule.title);
    }
    expect(ruleTitle('R-OPEN', 'zh-CN')).toBe('标准开场白：问候、公司、报工号、请问有什么可以帮您');
    expect(ruleTitle('R-NOPE', 'zh-CN')).toBe('');
  });
});
