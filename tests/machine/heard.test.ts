/**
 * What the transcript feed's HEARD events do to a call: a named step ticks with its evidence only
 * while it is up; the keys still override; the caller's thanks makes the reciprocation the line to
 * say and missed if unanswered; R-POLITE and R-NO-INTERRUPT are judged from what was heard and
 * feed items F and I. Simulated clock, no UI.
 */
import { describe, expect, it } from 'vitest';
import { judgeCall } from '../../machines/judge.js';
import { currentStep } from '../../machines/steps.js';
import { heardCandidates, LATE_SPEECH_MS, type CallEvent } from '../../machines/call.js';
import { DEFAULT_INSTANT_FAIL, scoreCall } from '../../machines/scorecard.js';
import { INTERRUPT_OVERLAP_MS } from '../../machines/speech.js';
import type { CallCommand } from '../../src/call/session.js';
import { simulatedCall } from '../helpers.js';

type Heard = Omit<Extract<CallEvent, { type: 'HEARD' }>, 'at' | 'type'>;
const agent = (text: string, more: Partial<Heard> = {}): CallCommand => ({ type: 'HEARD', speaker: 'agent', text, ...more });
const caller = (text: string, more: Partial<Heard> = {}): CallCommand => ({ type: 'HEARD', speaker: 'caller', text, ...more });

function answered() {
  const call = simulatedCall();
  call.send({ type: 'RING', number: '13812345678' });
  call.wait(3_000);
  call.send('ANSWER');
  return call;
}
const verdict = (call: ReturnType<typeof simulatedCall>, rule: string) => judgeCall(call.ctx()).find((j) => j.rule === rule);
const item = (call: ReturnType<typeof simulatedCall>, id: string) =>
  scoreCall(call.ctx(), { instantFail: DEFAULT_INSTANT_FAIL, reviewed: false }).items.find((entry) => entry.item === id)!;

describe('a heard step', () => {
  it('ticks with the words heard, the moment and the score, and the call moves on as with space', () => {
    const call = answered();
    call.wait(2_000);
    expect(call.send(agent('您好这里是客服中心幺零二四号为您服务', { step: 'open', score: 0.91 }))).toBe(true);
    expect(call.status('open')).toBe('done');
    expect(call.ctx().steps.open!.heard).toEqual({ text: '您好这里是客服中心幺零二四号为您服务', at: call.clock.now(), score: 0.91 });
    expect(call.ctx().phase).toBe('gathering');
    expect(verdict(call, 'R-OPEN-NOW')?.outcome).toBe('met');
  });

  it('ticks a later line of the phase said first, and nothing for a step that is not up', () => {
    const call = answered();
    call.send('SAY'); // opening: gathering now
    call.send(agent('我这样理解对吗', { step: 'restate', score: 0.8 }));
    expect(call.status('restate')).toBe('done');
    expect(call.status('surname')).toBe('todo');
    // A closing line while gathering, a step of another branch: not up, nothing changes.
    const before = call.ctx().steps;
    expect(call.send(agent('请问您还有什么需要补充的吗', { step: 'anything-else', score: 1 }))).toBe(true);
    expect(call.send(agent('您的投诉已经受理', { step: 'complaint-accept', score: 1 }))).toBe(true);
    expect(call.ctx().steps).toEqual(before);
    // Everything heard is taken (logged) even when it ticks nothing.
    expect(call.ctx().speech.agentSegments).toBe(3);
  });

  it('is not ticked while the caller is on hold, and ticks the thanks after the hold', () => {
    const call = answered();
    call.send('SAY');
    call.send('HOLD');
    call.send('SAY'); // asked to wait: on hold
    call.send(agent('请问您贵姓', { step: 'surname', score: 1 }));
    expect(call.status('surname')).toBe('todo');
    call.send('HOLD'); // back
    expect(heardCandidates(call.ctx())[0]?.id).toBe('hold-back');
    call.send(agent('让您久等了', { step: 'hold-back', score: 0.9 }));
    expect(call.ctx().holds.at(-1)?.thanks).toBe('said');
  });

  it('u takes a heard tick back, and space and Tab still work around it', () => {
    const call = answered();
    call.send(agent('您好', { step: 'open', score: 0.85 }));
    expect(call.ctx().phase).toBe('gathering');
    call.send('UNDO');
    expect(call.status('open')).toBe('todo');
    expect(call.ctx().phase).toBe('greeting');
    call.send('SAY');
    expect(call.status('open')).toBe('done');
    expect(call.ctx().steps.open!.heard).toBeUndefined();
    call.send('NEXT_PHASE');
    expect(call.ctx().phase).toBe('answering');
  });

  it('a heard ready line is logged as said and ticks the step it says (too-slow: the thanks after a hold)', () => {
    const call = answered();
    call.send('SAY');
    call.send(agent('请您再说一遍好吗', { line: 'repeat', score: 0.9 }));
    expect(call.ctx().readyLines.map((said) => said.id)).toEqual(['repeat']);
    call.send('HOLD');
    call.send('SAY');
    call.send('HOLD');
    call.send(agent('不好意思让您久等了', { line: 'too-slow', score: 0.9 }));
    expect(call.ctx().readyLines.map((said) => said.id)).toEqual(['repeat', 'too-slow']);
    expect(call.ctx().holds.at(-1)?.thanks).toBe('said');
    call.send('UNDO');
    expect(call.ctx().holds.at(-1)?.thanks).toBe('due');
  });
});

describe('the last words, heard just after the hang-up', () => {
  it(`tick the line the hang-up closed unsaid within ${LATE_SPEECH_MS / 1000} s, not later`, () => {
    const call = answered();
    for (let i = 0; i < 6; i++) call.send('SAY'); // to closing, anything-else said
    call.send('SAY');
    expect(call.ctx().phase).toBe('closing');
    call.send('AGENT_HANG_UP');
    expect(call.status('farewell')).toBe('missed');
    expect(heardCandidates(call.ctx()).map((step) => step.id)).toContain('farewell');
    call.wait(800);
    call.send(agent('谢谢您的电话再见', { step: 'farewell', score: 0.9 }));
    expect(call.status('farewell')).toBe('done');
    expect(call.ctx().steps.farewell!.heard?.text).toBe('谢谢您的电话再见');
    expect(verdict(call, 'R-FAREWELL')?.outcome).toBe('met');

    const late = answered();
    for (let i = 0; i < 7; i++) late.send('SAY');
    late.send('AGENT_HANG_UP');
    late.wait(LATE_SPEECH_MS + 1);
    late.send(agent('谢谢您的电话再见', { step: 'farewell', score: 0.9 }));
    expect(late.status('farewell')).toBe('missed');
  });
});

describe("the caller's thanks (R-RECIPROCATE)", () => {
  it('makes the reciprocation the line to say now, whatever the phase, and settles when it is heard', () => {
    const call = answered();
    call.send('SAY');
    call.send(caller('好的谢谢你啊', { cues: ['thanks'] }));
    expect(currentStep(call.ctx())?.id).toBe('reciprocate');
    expect(heardCandidates(call.ctx())[0]?.id).toBe('reciprocate');
    call.send(agent('不客气', { step: 'reciprocate', score: 1 }));
    expect(call.status('reciprocate')).toBe('done');
    expect(call.ctx().speech.reciprocateDue).toBeNull();
    expect(currentStep(call.ctx())?.id).toBe('surname');
  });

  it('unanswered, it is missed from the moment of the thanks, even when the caller hangs up, and fails G', () => {
    const call = answered();
    call.send('SAY');
    call.wait(5_000);
    call.send(caller('那谢谢了再见', { cues: ['thanks', 'goodbye'] }));
    const thankedAt = call.clock.now();
    call.wait(2_000);
    call.send('CALLER_HANG_UP');
    expect(call.status('reciprocate')).toBe('missed');
    expect(verdict(call, 'R-RECIPROCATE')).toMatchObject({ outcome: 'missed', at: thankedAt, why: 'the caller thanked or said goodbye, no reply in kind' });
    expect(item(call, 'G').verdict).toBe('fail');
  });

  it('space on the reciprocation settles it too; u makes it owed again, and keeps what was heard since', () => {
    const call = answered();
    call.send('SAY');
    call.send(caller('谢谢', { cues: ['thanks'] }));
    call.send('SAY');
    expect(call.status('reciprocate')).toBe('done');
    call.send(caller('我还想问个事', { cues: ['complaint'] }));
    call.send(agent('您说', { polite: '您' }));
    call.send('UNDO');
    expect(call.status('reciprocate')).toBe('todo');
    expect(call.ctx().speech.reciprocateDue).not.toBeNull();
    expect(call.ctx().speech.cues.map((cue) => cue.cue)).toEqual(['thanks', 'complaint']);
    expect(call.ctx().speech.polite?.word).toBe('您');
  });

  it('is not owed for thanks in the greeting (the opening comes first) nor for thanks in a complaint', () => {
    const call = answered();
    call.send(caller('你好谢谢', { cues: ['thanks'] }));
    expect(currentStep(call.ctx())?.id).toBe('open');
    call.send('SAY');
    call.send(caller('谢谢你们啊这么久都没人管我要投诉', { cues: ['thanks', 'complaint'] }));
    expect(call.ctx().speech.reciprocateDue).toBeNull();
    expect(currentStep(call.ctx())?.id).toBe('surname');
  });

  it('without thanks the reciprocation stays optional (no transcript: as before)', () => {
    const call = answered();
    call.send('SAY');
    call.send('CALLER_HANG_UP');
    expect(call.status('reciprocate')).not.toBe('missed');
    expect(verdict(call, 'R-RECIPROCATE')).toBeUndefined();
  });
});

describe('R-POLITE from the agent\'s words (item F)', () => {
  it('met with the first polite word heard, as its evidence', () => {
    const call = answered();
    call.send(agent('喂哪位', {}));
    call.wait(1_000);
    call.send(agent('请问您贵姓', { polite: '请' }));
    const at = call.clock.now();
    expect(verdict(call, 'R-POLITE')).toMatchObject({ outcome: 'met', at, why: 'heard "请" in the agent\'s words' });
  });

  it(`missed when the agent spoke and said none; not judged without a transcript`, () => {
    const rude = answered();
    for (const text of ['喂', '说', '什么事', '知道了']) rude.send(agent(text));
    rude.send('CALLER_HANG_UP');
    expect(verdict(rude, 'R-POLITE')?.outcome).toBe('missed');
    expect(item(rude, 'F').verdict).toBe('fail');
    const silent = answered();
    silent.send('CALLER_HANG_UP');
    expect(verdict(silent, 'R-POLITE')).toBeUndefined();
  });
});

describe('R-NO-INTERRUPT from segment times (item I)', () => {
  /** Two timed turns each side before the part a test is about: three make the call judged. */
  const turns = (call: ReturnType<typeof answered>) => {
    call.send(agent('您好', { start: 0, end: 1_000 }));
    call.send(caller('你好我想问个事', { start: 1_200, end: 3_000 }));
    call.send(agent('您请说', { start: 3_200, end: 4_000 }));
    call.send(caller('是这样的', { start: 4_200, end: 5_000 }));
  };

  it('the agent starting well before the caller stopped is talking over them, whichever segment arrives first', () => {
    const call = answered();
    turns(call);
    call.send(caller('我的宽带从昨天开始就上不了网了你们到底管不管', { start: 10_000, end: 16_000 }));
    call.send(agent('您先别急听我说', { start: 12_000, end: 14_000, polite: '您' }));
    expect(verdict(call, 'R-NO-INTERRUPT')).toMatchObject({ outcome: 'missed', why: 'talked over the caller 1 time(s), the first for 4.0 s' });
    expect(item(call, 'I').verdict).toBe('fail');

    const reversed = answered();
    turns(reversed);
    reversed.send(agent('您先别急听我说', { start: 12_000, end: 14_000 }));
    reversed.send(caller('我的宽带上不了网了', { start: 10_000, end: 16_000 }));
    expect(verdict(reversed, 'R-NO-INTERRUPT')?.outcome).toBe('missed');
  });

  it('turn-taking, a small overlap and a listening sound are not interruptions, and I passes without a trainer', () => {
    const call = answered();
    turns(call);
    call.send(caller('我想查一下话费', { start: 10_000, end: 12_000 }));
    call.send(agent('嗯', { start: 10_500, end: 10_800, backchannel: true }));
    call.send(agent('好的请稍等', { start: 12_000 - INTERRUPT_OVERLAP_MS + 100, end: 13_000 }));
    expect(verdict(call, 'R-NO-INTERRUPT')?.outcome).toBe('met');
    expect(item(call, 'I').verdict).toBe('pass');
  });

  it('is not judged when only one side came with times, or too little of the call was heard (a trainer marks I)', () => {
    const call = answered();
    call.send(agent('您好', { start: 1_000, end: 2_000 }));
    call.send(caller('你好'));
    expect(verdict(call, 'R-NO-INTERRUPT')).toBeUndefined();
    expect(item(call, 'I').verdict).toBe('unreviewed');
    const short = answered();
    short.send(agent('您好', { start: 0, end: 1_000 }));
    short.send(caller('你好', { start: 1_200, end: 2_000 }));
    short.send(agent('请讲', { start: 2_200, end: 3_000 }));
    short.send(caller('我想问', { start: 3_200, end: 4_000 }));
    expect(verdict(short, 'R-NO-INTERRUPT')).toBeUndefined();
  });

  it('listening sounds are not sentences for R-POLITE', () => {
    const call = answered();
    for (const text of ['嗯', '对', '好的']) call.send(agent(text, { backchannel: true }));
    call.send('CALLER_HANG_UP');
    expect(verdict(call, 'R-POLITE')).toBeUndefined();
  });

  it('strict mode: asked to wait as heard, h twice holds', () => {
    const call = simulatedCall({ strict: true });
    call.send({ type: 'RING' });
    call.send('ANSWER');
    call.send('SAY');
    call.send(agent('请您稍等', { step: 'hold-ask', score: 1 }));
    call.send('HOLD');
    call.send('HOLD');
    expect(call.ctx().holds).toHaveLength(1);
    expect(call.ctx().holds[0]!.askedToWait).toBe(true);
  });
});
