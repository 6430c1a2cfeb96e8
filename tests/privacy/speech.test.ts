/** What a transcript heard, as the saved call's scorecard shows it: the caller's data and every number masked, however it was said. */
import { describe, expect, it } from 'vitest';
import { shownSpeech } from '../../src/privacy.js';

const caller = ['张伟', '张', '13812345678', '北京市朝阳区建国路88号'];

describe('speech heard on a call, shown', () => {
  it.each([
    ['您的电话是一三八一二三四五六七八对吗', '一三八一二三四五六七八'],
    ['您的电话是138 1234 5678对吗', '138 1234 5678'],
    ['卡号是幺零二四五五六六', '幺零二四五五六六'],
    ['张伟先生您好', '张伟'],
    ['地址是北京市朝阳区建国路88号对吗', '北京市朝阳区建国路88号'],
  ])('%s: %s masked', (said, secret) => {
    const shown = shownSpeech('history', said, caller);
    expect(shown).not.toContain(secret);
    expect(shown).toMatch(/\(masked, \d+ characters\)/);
  });

  it('words without the caller\'s data or a long number stay as said; asked for whole, all of it', () => {
    expect(shownSpeech('history', '请问您还有什么需要补充的吗两个工作日内回复', caller)).toBe('请问您还有什么需要补充的吗两个工作日内回复');
    expect(shownSpeech('history', '您的电话是一三八一二三四五六七八对吗', caller, { unmasked: true })).toBe('您的电话是一三八一二三四五六七八对吗');
  });
});
