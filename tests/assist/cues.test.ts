/** What the listener reads in the words beside the steps: the caller's cues, the agent's polite words, a listening sound. */
import { describe, expect, it } from 'vitest';
import { callerCues, isBackchannel, politeWord } from '../../src/assist/cues.js';

describe("the caller's cues", () => {
  it.each([
    ['好的谢谢你啊', ['thanks']],
    ['那就这样吧再見', ['goodbye']], // traditional 見
    ['你们这什么破服务我要投诉', ['complaint']],
    ['叫你们经理来', ['manager']],
    ['帮我找一下财务部的李经理', ['manager', 'person']],
    ['这个套餐一个月多少钱啊', ['question']],
    ['能帮我查一下吗', ['question']],
    ['我的宽带坏了', []],
  ])('%s → %j', (said, cues) => {
    expect(callerCues(said, 'zh-CN')).toEqual(cues);
  });

  it('in English, by whole words', () => {
    expect(callerCues('Thanks a lot, bye!', 'en')).toEqual(['thanks', 'goodbye']);
    expect(callerCues('I want to speak to your manager', 'en')).toEqual(['manager', 'person']);
    expect(callerCues('How much is it?', 'en')).toEqual(['question']);
    expect(callerCues('byebye thanksgiving plans', 'en')).toEqual([]);
  });
});

describe("the agent's words", () => {
  it('the first polite word found, or none', () => {
    expect(politeWord('请问您貴姓', 'zh-CN')).toBe('您');
    expect(politeWord('麻烦稍等', 'zh-CN')).toBe('麻烦');
    expect(politeWord('喂说吧什么事', 'zh-CN')).toBeNull();
    expect(politeWord('Could you hold, please?', 'en')).toBe('please');
    expect(politeWord('What do you want', 'en')).toBeNull();
  });

  it('a listening sound is not a turn; words are', () => {
    expect(isBackchannel('嗯嗯', 'zh-CN')).toBe(true);
    expect(isBackchannel('对对对。', 'zh-CN')).toBe(true);
    expect(isBackchannel('对您说得没错', 'zh-CN')).toBe(false);
    expect(isBackchannel('OK.', 'en')).toBe(true);
    expect(isBackchannel('yeah', 'en')).toBe(true);
    expect(isBackchannel('yes I can check that', 'en')).toBe(false);
  });
});
