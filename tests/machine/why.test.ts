/**
 * Why a rule was met or missed, in the desk's language: the record keeps the English sentence (the
 * log and the scorecard JSON are read by other tools), and a Chinese desk reads it in Chinese,
 * calls saved before this table included.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTANT_FAIL, scoreCall, whyIn } from '../../machines/scorecard.js';
import { judgeCall } from '../../machines/judge.js';
import { simulatedCall } from '../helpers.js';

describe('why a rule was missed, in the desk language', () => {
  it('reads each recorded sentence back in Chinese, its numbers and codes kept and its words translated', () => {
    const read: [string, string][] = [
      ['a required line was not said', '必说的话术没有说'],
      ['the agent hung up first', '坐席先挂机'],
      ['opening after 65 s', '接通65秒后才说开场白'],
      // As the records' migration wrote them for calls saved before (src/store/migrations.ts).
      ['rang 21 s unanswered', '响铃21秒无人接听'],
      ['rejected after 3 s', '响铃3秒后被拒接'],
      ['rang 4 s', '响铃4秒'],
      ['0 reason(s)', '0个来电原因'],
      ['complaint ticket', '投诉工单'],
      ['ticket should be complaint, was none', '工单应为投诉，实际为无'],
      ['call reason should be INFO-PRICE or INFO-HOURS, chose none', '来电原因应为INFO-PRICE或INFO-HOURS，实际选了无'],
      ['should have gone to branch complaint, took info', '应走分支complaint，实际走了info'],
      ['called outside 09:00-12:00, 14:00-18:00', '在09:00-12:00, 14:00-18:00之外回访'],
      ['marked by the trainer', '培训师标记'],
    ];
    for (const [english, chinese] of read) {
      expect(whyIn('zh-CN', english)).toBe(chinese);
      expect(whyIn('en', english)).toBe(english);
    }
    // A sentence no table wrote (a future version's, a hand-edited log) is shown as it is.
    expect(whyIn('zh-CN', 'something new')).toBe('something new');
  });

  it("every sentence a real call's judgement and scorecard write has a Chinese reading", () => {
    // A call with most things wrong: late opening, a hold without asking, no reason, the agent hangs up.
    const call = simulatedCall();
    call.send('RING');
    call.wait(20_000);
    call.send('ANSWER');
    call.wait(9_000);
    call.send('HOLD');
    call.wait(90_000);
    call.send('HOLD');
    call.send('AGENT_HANG_UP');
    call.send('SAVE');
    const ctx = call.ctx();
    const sentences = [
      ...judgeCall(ctx).map((judgement) => judgement.why),
      ...scoreCall(ctx, { instantFail: DEFAULT_INSTANT_FAIL, reviewed: false, expect: { ticket: 'complaint', reasons: ['INFO-PRICE'] } }).items.flatMap((item) =>
        item.failures.map((failure) => failure.why),
      ),
    ];
    expect(sentences.length).toBeGreaterThan(5);
    for (const sentence of sentences) expect(whyIn('zh-CN', sentence)).not.toMatch(/[a-z]{2,}/);
  });
});
