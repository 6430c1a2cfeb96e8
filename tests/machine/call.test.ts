/**
 * The call statechart on XState's simulated clock: every phase, branch and timer, and each rule
 * ID the machine handles. No UI, no sleeps: time moves only with clock.increment.
 */
import { describe, expect, it } from 'vitest';
import { judgeCall } from '../../machines/judge.js';
import { currentStep, nextStep } from '../../machines/steps.js';
import { saveBlockers } from '../../machines/call.js';
import { loadPackFile } from '../../src/pack/load.js';
import { lineVariables, lineView } from '../../src/ui/view.js';
import { packPath, simulatedCall } from '../helpers.js';

/** Rings, waits, answers. */
function answered(options: Parameters<typeof simulatedCall>[0] = {}, ringMs = 4_000) {
  const call = simulatedCall(options);
  call.send({ type: 'RING', number: '13812345678' });
  call.wait(ringMs);
  call.send('ANSWER');
  return call;
}

const verdict = (call: ReturnType<typeof simulatedCall>, rule: string) =>
  judgeCall(call.ctx()).find((j) => j.rule === rule)?.outcome;

/** Greets, gathers and answers a plain consultation, ending in the closing phase. */
function toClosing(call: ReturnType<typeof simulatedCall>) {
  call.send('SAY'); // opening
  call.send('SAY'); // surname
  call.send({ type: 'SET_FIELD', field: 'name', value: '张先生' });
  call.send('SAY'); // restate
  call.send('SAY'); // answer
  call.send('SAY'); // remind
  expect(call.ctx().phase).toBe('closing');
}

describe('ringing (R-RING-3)', () => {
  it('an answer within three rings needs no apology and opens with the standard line', () => {
    const call = answered({}, 10_000);
    expect(call.ctx().lateAnswer).toBe(false);
    expect(currentStep(call.ctx())?.id).toBe('open');
    expect(verdict(call, 'R-RING-3')).toBe('met');
  });

  it('past three rings the call turns late and the apology comes first and is required (R-LATE-SORRY)', () => {
    const call = simulatedCall();
    call.send('RING');
    call.wait(14_999);
    expect(call.ctx().lateAnswer).toBe(false);
    call.wait(1);
    expect(call.ctx().lateAnswer).toBe(true);
    call.send('ANSWER');
    expect(currentStep(call.ctx())?.id).toBe('late-sorry');
    call.send('PREV_LINE'); // move to the opening and say it without the apology
    call.send('SAY');
    call.send('NEXT_PHASE');
    expect(call.status('late-sorry')).toBe('missed');
    expect(verdict(call, 'R-RING-3')).toBe('missed');
    expect(verdict(call, 'R-LATE-SORRY')).toBe('missed');
  });

  it('the apology said after a late answer is met', () => {
    const call = answered({}, 20_000);
    call.send('SAY');
    call.send('SAY');
    expect(call.status('late-sorry')).toBe('done');
    expect(call.ctx().phase).toBe('gathering');
    expect(verdict(call, 'R-LATE-SORRY')).toBe('met');
  });

  it('the ring limit comes from the settings', () => {
    const call = simulatedCall({ thresholds: { ringMs: 5_000 } });
    call.send('RING');
    call.wait(5_000);
    expect(call.ctx().lateAnswer).toBe(true);
  });

  it('a caller who gives up while it rings is a missed call, logged at once with its ring time', () => {
    const call = simulatedCall();
    call.send({ type: 'RING', number: '13900001111' });
    call.wait(25_000);
    call.send('CALLER_HANG_UP');
    expect(call.snapshot().status).toBe('done');
    expect(call.ctx().outcome).toBe('missed');
    expect(call.ctx().endedAt! - call.ctx().ringAt!).toBe(25_000);
    expect(call.ctx().fields.phone).toBe('13900001111');
  });

  it('the agent may reject a ringing call', () => {
    const call = simulatedCall();
    call.send('RING');
    call.send('AGENT_HANG_UP');
    expect(call.ctx().outcome).toBe('rejected');
  });

  it('R-RING-3 on a call nobody answered: not judged when the caller gave up within three rings, missed past them or when rejected', () => {
    const unanswered = (ringMs: number, end: 'CALLER_HANG_UP' | 'AGENT_HANG_UP') => {
      const call = simulatedCall();
      call.send('RING');
      call.wait(ringMs);
      call.send(end);
      return judgeCall(call.ctx()).find((j) => j.rule === 'R-RING-3');
    };
    expect(unanswered(10_000, 'CALLER_HANG_UP')).toBeUndefined();
    expect(unanswered(15_000, 'CALLER_HANG_UP')).toMatchObject({ outcome: 'missed', why: 'rang 15 s unanswered' });
    expect(unanswered(3_000, 'AGENT_HANG_UP')).toMatchObject({ outcome: 'missed', why: 'rejected after 3 s' });
  });

  it('nothing but a ring starts a call', () => {
    const call = simulatedCall();
    expect(call.send('ANSWER')).toBe(false);
    expect(call.send('SAY')).toBe(false);
    expect(call.snapshot().value).toBe('idle');
  });
});

describe('greeting (R-OPEN, R-OPEN-NOW)', () => {
  it('ticking the opening moves to gathering, the apology not needed is skipped', () => {
    const call = answered();
    call.send('SAY');
    expect(call.ctx().phase).toBe('gathering');
    expect(call.status('open')).toBe('done');
    expect(call.status('late-sorry')).toBe('skipped');
    expect(verdict(call, 'R-OPEN')).toBe('met');
    expect(verdict(call, 'R-OPEN-NOW')).toBe('met');
  });

  it('an opening said long after the line opened misses R-OPEN-NOW', () => {
    const call = answered();
    call.wait(12_000);
    call.send('SAY');
    expect(verdict(call, 'R-OPEN-NOW')).toBe('missed');
  });

  it('moving on without the opening marks it missed (advisory mode)', () => {
    const call = answered();
    call.send('NEXT_PHASE');
    expect(call.status('open')).toBe('missed');
    expect(verdict(call, 'R-OPEN')).toBe('missed');
  });
});

describe('gathering (R-SURNAME, R-RESTATE)', () => {
  it('surname and restate lead to answering, which starts on the consultation branch', () => {
    const call = answered();
    call.send('SAY');
    expect(currentStep(call.ctx())?.id).toBe('surname');
    call.send('SAY');
    call.send({ type: 'SET_FIELD', field: 'name', value: '张先生' });
    expect(call.ctx().fields.name).toBe('张先生');
    call.send('SAY');
    expect(call.ctx().phase).toBe('answering');
    expect(call.ctx().branchIds).toEqual(['consultation']);
    expect(verdict(call, 'R-SURNAME')).toBe('met');
    expect(verdict(call, 'R-RESTATE')).toBe('met');
  });

  it('←/→ move between lines and space says the one shown', () => {
    const call = answered();
    call.send('SAY');
    call.send('NEXT_LINE');
    expect(currentStep(call.ctx())?.id).toBe('restate');
    call.send('SAY');
    expect(call.status('restate')).toBe('done');
    expect(currentStep(call.ctx())?.id).toBe('surname');
    call.send('NEXT_PHASE');
    expect(call.status('surname')).toBe('missed');
  });
});

describe('answering (R-REMIND) and closing (R-ANYTHING-ELSE, R-RECIPROCATE, R-FAREWELL, R-THEY-HANG-UP)', () => {
  it('a full call where the customer hangs up first meets every courtesy rule', () => {
    const call = answered();
    toClosing(call);
    call.send('SAY'); // anything else
    call.send('SAY'); // reciprocate
    call.send('SAY'); // farewell
    expect(call.send('SAY')).toBe(false); // the hang-up hint is not ticked by hand
    call.send('CALLER_HANG_UP');
    expect(call.snapshot().hasTag('wrapUp')).toBe(true);
    expect(call.ctx().hungUpBy).toBe('caller');
    expect(call.status('they-hang-up')).toBe('done');
    for (const rule of ['R-OPEN', 'R-SURNAME', 'R-RESTATE', 'R-REMIND', 'R-ANYTHING-ELSE', 'R-RECIPROCATE', 'R-FAREWELL', 'R-THEY-HANG-UP']) {
      expect([rule, verdict(call, rule)]).toEqual([rule, 'met']);
    }
  });

  it('an agent who hangs up first misses R-THEY-HANG-UP', () => {
    const call = answered();
    toClosing(call);
    call.send('SAY');
    call.send('SAY');
    call.send('SAY');
    call.send('AGENT_HANG_UP');
    expect(call.ctx().hungUpBy).toBe('agent');
    expect(call.status('they-hang-up')).toBe('missed');
    expect(verdict(call, 'R-THEY-HANG-UP')).toBe('missed');
  });

  it('a reciprocation never said is skipped, not missed (it answers thanks that may not come)', () => {
    const call = answered();
    toClosing(call);
    call.send('SAY');
    call.send('NEXT_LINE');
    call.send('SAY'); // farewell
    call.send('CALLER_HANG_UP');
    expect(call.status('reciprocate')).toBe('skipped');
    expect(call.status('anything-else')).toBe('done');
  });

  it('a caller who hangs up mid-call leaves the later steps skipped, not missed', () => {
    const call = answered();
    call.send('SAY');
    call.send('CALLER_HANG_UP');
    expect(call.status('surname')).toBe('skipped');
    expect(call.status('farewell')).toBe('skipped');
  });

  it('an agent who cuts a call short in gathering misses the closing too', () => {
    const call = answered();
    call.send('SAY');
    call.send('AGENT_HANG_UP');
    expect(call.status('surname')).toBe('missed');
    expect(call.status('farewell')).toBe('missed');
    expect(verdict(call, 'R-ANYTHING-ELSE')).toBe('missed');
  });
});

describe('strict mode', () => {
  it('refuses to leave a phase with required steps undone', () => {
    const call = answered({ strict: true });
    expect(call.send('NEXT_PHASE')).toBe(false);
    expect(call.ctx().phase).toBe('greeting');
    call.send('SAY');
    expect(call.ctx().phase).toBe('gathering');
  });

  it('refuses the agent hang-up until the closing lines are said, never the caller hang-up', () => {
    const call = answered({ strict: true });
    toClosing(call);
    expect(call.send('AGENT_HANG_UP')).toBe(false);
    call.send('SAY');
    call.send('SAY');
    call.send('SAY');
    expect(call.send('AGENT_HANG_UP')).toBe(true);

    const other = answered({ strict: true });
    expect(other.send('CALLER_HANG_UP')).toBe(true);
  });

  it('a business branch chosen in gathering waits for answering; a non-business one answers at once', () => {
    const call = answered({ strict: true });
    call.send('SAY');
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' })).toBe(true);
    expect(call.ctx().phase).toBe('gathering');
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'wrong-number' })).toBe(true);
    expect(call.ctx().phase).toBe('answering');
  });

  it('refuses a hold before the opening, a hold without the ask-to-wait line, and skipping the thanks after (R-OPEN, R-HOLD-ASK, R-HOLD-BACK)', () => {
    const call = answered({ strict: true });
    expect(call.send('HOLD')).toBe(false);
    call.send('SAY'); // the opening
    call.send('HOLD');
    expect(call.send('HOLD')).toBe(false);
    expect(call.send('SAY')).toBe(true);
    expect(call.snapshot().hasTag('onHold')).toBe(true);
    call.send('HOLD');
    // Nothing moves on while the thanks is owed: not →, a branch, another hold, the next phase or a hang-up.
    expect(call.send('NEXT_LINE')).toBe(false);
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'wrong-number' })).toBe(false);
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' })).toBe(false);
    expect(call.send('HOLD')).toBe(false);
    expect(call.send('NEXT_PHASE')).toBe(false);
    expect(call.send('AGENT_HANG_UP')).toBe(false);
    expect(call.send('SAY')).toBe(true);
    expect(call.ctx().holds[0]!.thanks).toBe('said');
  });

  it('a caller hang-up does not excuse the current phase: its required lines are missed', () => {
    const call = answered({ strict: true });
    call.send('CALLER_HANG_UP');
    expect(call.status('open')).toBe('missed');
    expect(call.status('surname')).toBe('skipped'); // never reached
  });
});

describe('hold (R-HOLD-ASK, R-HOLD-BACK)', () => {
  function onHold(call: ReturnType<typeof simulatedCall>) {
    call.send('HOLD');
    expect(call.snapshot().matches({ live: { line: 'holdAsk' } })).toBe(true);
    call.send('SAY'); // "please wait a moment"
    expect(call.snapshot().hasTag('onHold')).toBe(true);
  }

  it('ask to wait, hold, resume, thank: both rules met, the segment timed', () => {
    const call = answered();
    call.send('SAY');
    onHold(call);
    call.wait(20_000);
    call.send('HOLD');
    expect(call.snapshot().hasTag('onHold')).toBe(false);
    expect(call.ctx().phase).toBe('gathering');
    expect(currentStep(call.ctx())?.id).toBe('surname');
    call.send('SAY'); // the thanks after the hold comes first
    expect(call.ctx().holds).toEqual([
      { startedAt: 1_700_000_004_000, endedAt: 1_700_000_024_000, askedToWait: true, thanks: 'said', checkBacks: 0 },
    ]);
    expect(call.status('surname')).toBe('todo');
    expect(verdict(call, 'R-HOLD-ASK')).toBe('met');
    expect(verdict(call, 'R-HOLD-BACK')).toBe('met');
  });

  it('h twice holds without asking; → past the thanks drops it: both missed', () => {
    const call = answered();
    call.send('HOLD');
    call.send('HOLD');
    call.wait(5_000);
    call.send('HOLD');
    call.send('NEXT_LINE');
    expect(call.ctx().holds[0]).toMatchObject({ askedToWait: false, thanks: 'missed' });
    expect(verdict(call, 'R-HOLD-ASK')).toBe('missed');
    expect(verdict(call, 'R-HOLD-BACK')).toBe('missed');
  });

  it('escape in the ask-to-wait step cancels the hold', () => {
    const call = answered();
    call.send('HOLD');
    call.send('CANCEL');
    expect(call.snapshot().matches({ live: { line: 'talking' } })).toBe(true);
    expect(call.ctx().holds).toEqual([]);
  });

  it('the check-back falls due at the hold limit; checking back restarts the count', () => {
    const call = answered();
    onHold(call);
    call.wait(29_999);
    expect(call.snapshot().hasTag('checkBackDue')).toBe(false);
    call.wait(1);
    expect(call.snapshot().hasTag('checkBackDue')).toBe(true);
    call.send('SAY'); // "still checking, please wait a little longer"
    expect(call.snapshot().hasTag('checkBackDue')).toBe(false);
    expect(call.ctx().holds[0]!.checkBacks).toBe(1);
    call.wait(30_000);
    expect(call.snapshot().hasTag('checkBackDue')).toBe(true);
  });

  it('a hold left past the limit without a check-back misses R-HOLD-BACK even if thanked after', () => {
    const call = answered();
    onHold(call);
    call.wait(45_000);
    call.send('HOLD');
    call.send('SAY');
    expect(verdict(call, 'R-HOLD-BACK')).toBe('missed');
  });

  it('a caller left waiting past the limit is a fault from the moment the limit passed, not from the resume', () => {
    const call = answered();
    onHold(call); // at 4 s
    call.wait(300_000); // five minutes on hold
    call.send('HOLD');
    call.send('SAY');
    const fault = judgeCall(call.ctx()).find((j) => j.rule === 'R-HOLD-BACK')!;
    expect(fault.outcome).toBe('missed');
    expect(fault.at).toBe(1_700_000_004_000 + 30_000);
  });

  it('the thanks after a hold is also the apology for the wait: said, R-LATE-SORRY is met; not said, only R-HOLD-BACK is missed', () => {
    const thanked = answered();
    onHold(thanked);
    thanked.wait(10_000);
    thanked.send('HOLD');
    thanked.send('SAY'); // 对不起,让您久等了……
    expect(verdict(thanked, 'R-LATE-SORRY')).toBe('met');
    const unthanked = answered();
    onHold(unthanked);
    unthanked.wait(10_000);
    unthanked.send('HOLD');
    unthanked.send('NEXT_LINE');
    expect(verdict(unthanked, 'R-HOLD-BACK')).toBe('missed');
    expect(verdict(unthanked, 'R-LATE-SORRY')).toBeUndefined(); // one line left out, one fault
  });

  it('a caller who hangs up on hold ends the segment with nothing to thank for: R-HOLD-BACK is not missed', () => {
    const call = answered();
    onHold(call);
    call.wait(3_000);
    call.send('CALLER_HANG_UP');
    expect(verdict(call, 'R-HOLD-BACK')).toBe('met');
    expect(call.ctx().holds[0]).toMatchObject({ endedAt: 1_700_000_007_000, thanks: 'none' });
  });

  it('phase moves and branches wait while the caller is on hold', () => {
    const call = answered();
    onHold(call);
    expect(call.send('NEXT_PHASE')).toBe(false);
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' })).toBe(false);
  });
});

describe('branches', () => {
  function inGathering(options: Parameters<typeof simulatedCall>[0] = {}) {
    const call = answered(options);
    call.send('SAY');
    return call;
  }

  it('complaint: its lines, a ticket that needs a written summary, the reason preselected (R-TICKET, R-FOLLOW-UP)', () => {
    const call = inGathering();
    call.send('SAY');
    call.send('SAY');
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' })).toBe(true);
    expect(currentStep(call.ctx())?.id).toBe('complaint-accept');
    call.send('SAY');
    call.send('SAY');
    expect(call.ctx().phase).toBe('closing');
    call.send('CALLER_HANG_UP');
    // No reason is guessed for a complaint: what it was about is the agent's call.
    expect(call.ctx().reasons).toEqual([]);
    expect(saveBlockers(call.ctx())).toEqual(['R-REASON', 'R-TICKET']);
    call.send({ type: 'TOGGLE_REASON', code: 'COMPLAINT-BILLING' });
    expect(call.send('SAVE')).toBe(false);
    call.send({ type: 'SET_SUMMARY', text: '话费账单有疑问，要求核查' });
    expect(call.send('SAVE')).toBe(true);
    expect(verdict(call, 'R-TICKET')).toBe('met');
    expect(verdict(call, 'R-FOLLOW-UP')).toBe('met');
  });

  it('suggestion: recorded verbatim as a ticket', () => {
    const call = inGathering();
    call.send('SAY');
    call.send('SAY');
    call.send({ type: 'CHOOSE_BRANCH', branch: 'suggestion' });
    call.send('SAY');
    call.send('CALLER_HANG_UP');
    call.send({ type: 'TOGGLE_REASON', code: 'SUGGEST-SERVICE' });
    expect(call.send('SAVE')).toBe(false);
    call.send({ type: 'SET_SUMMARY', text: '建议周末也开通人工服务' });
    expect(call.send('SAVE')).toBe(true);
    expect(call.ctx().reasons).toEqual(['SUGGEST-SERVICE']);
  });

  it('out of scope: explained three times before the close line shows; then the agent may hang up (R-OUT-OF-SCOPE)', () => {
    const call = inGathering();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'out-of-scope' });
    // Gathering is moot for a non-business call: skipped, not missed.
    expect(call.status('surname')).toBe('skipped');
    for (let i = 1; i <= 3; i++) {
      expect(currentStep(call.ctx())?.id).toBe('out-of-scope-explain');
      // The line after an explanation is the explanation again, until the third.
      expect(nextStep(call.ctx())?.id).toBe(i < 3 ? 'out-of-scope-explain' : 'out-of-scope-close');
      call.send('SAY');
      expect(call.ctx().steps['out-of-scope-explain']!.count).toBe(i);
    }
    expect(currentStep(call.ctx())?.id).toBe('out-of-scope-close');
    call.send('SAY');
    // The close line was the goodbye: closing only waits for the hang-up.
    expect(call.ctx().phase).toBe('closing');
    expect(call.status('anything-else')).toBe('skipped');
    expect(currentStep(call.ctx())?.id).toBe('they-hang-up');
    call.send('AGENT_HANG_UP');
    expect(call.status('they-hang-up')).toBe('skipped');
    expect(verdict(call, 'R-OUT-OF-SCOPE')).toBe('met');
    expect(verdict(call, 'R-THEY-HANG-UP')).toBeUndefined(); // excused, neither met nor missed
  });

  it('out of scope (telecom): after the third explanation the next line is the suggestion of other numbers, then the close', () => {
    const call = answered({ pack: loadPackFile(packPath('zh-CN/telecom.yaml')) });
    call.send('SAY');
    call.send({ type: 'CHOOSE_BRANCH', branch: 'out-of-scope' });
    call.send('SAY');
    expect(nextStep(call.ctx())?.id).toBe('out-of-scope-explain');
    call.send('SAY');
    expect(nextStep(call.ctx())?.id).toBe('out-of-scope-redirect');
  });

  it('out of scope: hanging up after two explanations misses the rule and the hang-up courtesy', () => {
    const call = inGathering();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'out-of-scope' });
    call.send('SAY');
    call.send('SAY');
    call.send('AGENT_HANG_UP');
    expect(verdict(call, 'R-OUT-OF-SCOPE')).toBe('missed');
    expect(call.status('they-hang-up')).toBe('missed');
  });

  it('a silent line taken before the opening: its "can you hear me?" stands for the greeting, which is not missed; three tries, then the agent may close', () => {
    const call = answered();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'silent' });
    expect(call.status('open')).toBe('skipped');
    for (let i = 0; i < 3; i++) call.send('SAY');
    call.send('SAY'); // the close line
    call.send('AGENT_HANG_UP');
    expect(verdict(call, 'R-OPEN')).toBeUndefined();
    expect(call.status('they-hang-up')).toBe('skipped');
    expect(judgeCall(call.ctx()).filter((j) => j.outcome === 'missed')).toEqual([]);
  });

  it('wrong number: the standard line, a non-business call held to three minutes (R-WRONG-NUMBER, R-NON-BUSINESS-3MIN)', () => {
    const call = inGathering();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'wrong-number' });
    expect(currentStep(call.ctx())?.line).toBe('对不起，您打错了电话，请查询后再拨！');
    expect(nextStep(call.ctx())?.id).toBe('they-hang-up'); // not "anything else?": the line was the goodbye
    call.send('SAY');
    expect(currentStep(call.ctx())?.id).toBe('they-hang-up');
    call.wait(179_000);
    expect(call.ctx().pastNonBusinessLimit).toBe(false);
    call.wait(5_000);
    expect(call.ctx().pastNonBusinessLimit).toBe(true);
    call.send('CALLER_HANG_UP');
    expect(verdict(call, 'R-NON-BUSINESS-3MIN')).toBe('missed');
    expect(verdict(call, 'R-WRONG-NUMBER')).toBe('met');
  });

  it('a business call past three minutes is not judged by the non-business limit', () => {
    const call = inGathering();
    call.wait(200_000);
    call.send('CALLER_HANG_UP');
    expect(verdict(call, 'R-NON-BUSINESS-3MIN')).toBeUndefined();
  });

  it('find a person, then the person is absent: take a message (R-FIND-PERSON)', () => {
    const call = inGathering();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'find-person' });
    call.send('SAY');
    expect(currentStep(call.ctx())?.id).toBe('find-person-caller');
    call.send('SAY');
    call.send({ type: 'SET_FIELD', field: 'callerCompany', value: '大唐公司' });
    call.send({ type: 'CHOOSE_BRANCH', branch: 'take-message' });
    expect(call.status('find-person-transfer')).toBe('skipped');
    call.send('SAY');
    call.send('SAY');
    call.send({ type: 'ADD_NOTE', text: '请李经理回电' });
    expect(call.ctx().branchIds).toEqual(['find-person', 'take-message']);
    expect(call.ctx().notes.map((n) => n.text)).toEqual(['请李经理回电']);
    expect(verdict(call, 'R-FIND-PERSON')).toBe('met');
  });

  it('support: ask to wait, consult on hold, come back with the confirmed answer (R-SUPPORT)', () => {
    const call = inGathering();
    call.send('SAY');
    call.send('SAY');
    call.send({ type: 'CHOOSE_BRANCH', branch: 'support' });
    call.send('SAY');
    call.send('HOLD');
    call.send('HOLD');
    call.wait(10_000);
    call.send('HOLD');
    call.send('SAY'); // thanks after the hold
    call.send('SAY'); // the confirmed answer
    expect(call.ctx().phase).toBe('closing');
    expect(verdict(call, 'R-SUPPORT')).toBe('met');
  });

  it('cross-region (telecom pack): ask the home area, then the redirect line carries its area code (R-CROSS-REGION)', () => {
    const call = answered({ pack: loadPackFile(packPath('zh-CN/telecom.yaml')) });
    call.send('SAY');
    call.send({ type: 'CHOOSE_BRANCH', branch: 'cross-region' }); // heard early: waits for answering
    call.send('SAY'); // surname
    call.send('SAY'); // the phone number
    call.send('SAY'); // restate
    expect(call.ctx().phase).toBe('answering');
    call.send('SAY'); // "请问您的手机号码归属地是哪里?"
    call.send({ type: 'SET_FIELD', field: 'areaCode', value: '0769' });
    const line = lineView(call.snapshot(), lineVariables(call.pack, {}, call.ctx().fields)).current;
    expect(line).toContain('即重新拨打076910086即可。');
    call.send('SAY');
    call.send('CALLER_HANG_UP');
    expect(verdict(call, 'R-CROSS-REGION')).toBe('met');
    expect(call.ctx().reasons).toEqual(['CROSS-REDIRECT']);
  });

  it('a business branch chosen while gathering waits: the restate is still asked, then answering is that branch', () => {
    const call = inGathering();
    call.send('SAY'); // surname
    call.send({ type: 'CHOOSE_BRANCH', branch: 'suggestion' });
    call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' }); // changed its mind before answering
    expect(currentStep(call.ctx())?.id).toBe('restate');
    call.send('SAY');
    expect(call.ctx().phase).toBe('answering');
    expect(call.ctx().branchIds).toEqual(['complaint']);
    expect(call.status('restate')).toBe('done');
    expect(call.ctx().steps['suggestion-record']).toBeUndefined();
    expect(currentStep(call.ctx())?.id).toBe('complaint-accept');
  });

  it('a wrong number taken from the greeting still judges the opening; gathering is moot', () => {
    const call = answered();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'wrong-number' });
    expect(call.status('open')).toBe('missed');
    expect(call.status('surname')).toBe('skipped');
    call.send('SAY');
    call.send('AGENT_HANG_UP');
    expect(call.status('surname')).toBe('skipped');
    expect(verdict(call, 'R-OPEN')).toBe('missed');
    // Strict mode will not jump out of a greeting whose opening was not said.
    const strict = answered({ strict: true });
    expect(strict.send({ type: 'CHOOSE_BRANCH', branch: 'wrong-number' })).toBe(false);
    strict.send('SAY');
    expect(strict.send({ type: 'CHOOSE_BRANCH', branch: 'wrong-number' })).toBe(true);
  });

  it('a complaint planned in gathering that turns out a wrong number leaves no complaint behind', () => {
    const call = inGathering();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
    call.send({ type: 'CHOOSE_BRANCH', branch: 'wrong-number' });
    expect(call.ctx().branchIds).toEqual(['wrong-number']);
    expect(call.ctx().steps['complaint-accept']).toBeUndefined();
    call.send('SAY');
    call.send('CALLER_HANG_UP');
    expect(saveBlockers(call.ctx())).toEqual([]);
    expect(call.ctx().reasons).toEqual(['OTHER-WRONG-NUMBER']);
  });

  it('←/→ move only among the lines on screen: a greeting of one line has nowhere to go', () => {
    const call = answered();
    expect(call.send('NEXT_LINE')).toBe(false);
    expect(call.send('PREV_LINE')).toBe(false);
    const outOfScope = inGathering();
    outOfScope.send({ type: 'CHOOSE_BRANCH', branch: 'out-of-scope' });
    expect(outOfScope.send('NEXT_LINE')).toBe(false); // the close line is not shown yet
  });

  it('the same branch twice is refused; in closing a new matter goes back to answering, closing lines said stay said', () => {
    const call = inGathering();
    call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' })).toBe(false);
    call.send('NEXT_PHASE');
    call.send('NEXT_PHASE');
    expect(call.ctx().phase).toBe('closing');
    call.send('SAY'); // anything else? The caller has a suggestion too.
    expect(call.status('anything-else')).toBe('done');
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'suggestion' })).toBe(true);
    expect(call.ctx().phase).toBe('answering');
    expect(call.ctx().branchIds).toEqual(['complaint', 'suggestion']);
    expect(call.status('suggestion-record')).toBe('todo');
    expect(call.status('anything-else')).toBe('done');
    expect(call.send({ type: 'CHOOSE_BRANCH', branch: 'no-such-branch' })).toBe(false);
  });

  it('the caller hanging up after the farewell does not excuse an "anything else?" the agent went past', () => {
    const call = answered();
    toClosing(call);
    call.send('NEXT_LINE'); // past "anything else?" and the optional reply
    call.send('NEXT_LINE');
    call.send('SAY'); // the farewell
    call.send('CALLER_HANG_UP');
    expect(call.status('anything-else')).toBe('missed');
    expect(call.status('reciprocate')).toBe('skipped');
  });

  it('going on hold right after a line that asked the caller to wait counts as asked (R-HOLD-ASK)', () => {
    const call = answered();
    for (let i = 0; i < 3; i++) call.send('SAY'); // opening, surname, restate
    expect(call.ctx().phase).toBe('answering');
    call.send({ type: 'CHOOSE_BRANCH', branch: 'support' });
    call.send('SAY'); // 这个问题我需要向同事确认一下,请您稍等。
    expect(call.status('support-ask')).toBe('done');
    call.send('HOLD');
    call.send('HOLD'); // straight on hold
    expect(call.ctx().holds[0]!.askedToWait).toBe(true);
    call.send('HOLD');
    call.send('HOLD');
    call.send('HOLD'); // a second hold, nothing said since: not asked
    expect(call.ctx().holds[1]!.askedToWait).toBe(false);
  });
});

describe('wrap-up (R-REASON, R-LOG, R-LOG-NOW, R-FLAG-CALLER)', () => {
  function inWrapUp() {
    const call = answered();
    toClosing(call);
    call.send('CALLER_HANG_UP');
    return call;
  }

  it('needs a reason; reasons toggle; summary, fields and flag are kept; save ends the call', () => {
    const call = inWrapUp();
    expect(saveBlockers(call.ctx())).toEqual(['R-REASON']);
    expect(call.send('SAVE')).toBe(false);
    expect(call.send({ type: 'TOGGLE_REASON', code: 'NOT-A-REASON' })).toBe(false);
    call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    call.send({ type: 'TOGGLE_REASON', code: 'INFO-PROCESS' });
    call.send({ type: 'SET_SUMMARY', text: '咨询办理流程和费用' });
    call.send({ type: 'SET_FIELD', field: 'address', value: '北京市海淀区' });
    call.send('TOGGLE_FLAG');
    call.wait(20_000);
    expect(call.send('SAVE')).toBe(true);
    const ctx = call.ctx();
    expect(call.snapshot().status).toBe('done');
    expect(ctx.reasons).toEqual(['INFO-PRICE', 'INFO-PROCESS']);
    expect(ctx.fields).toMatchObject({ name: '张先生', phone: '13812345678', address: '北京市海淀区' });
    expect(ctx.flagged).toBe(true);
    expect(ctx.savedAt! - ctx.endedAt!).toBe(20_000);
    expect(verdict(call, 'R-LOG-NOW')).toBe('met');
    expect(verdict(call, 'R-REASON')).toBe('met');
  });

  it('a wrap-up longer than its limit misses R-LOG-NOW but still saves', () => {
    const call = inWrapUp();
    call.wait(60_000);
    expect(call.ctx().wrapUpOverdue).toBe(true);
    call.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    expect(call.send('SAVE')).toBe(true);
    expect(verdict(call, 'R-LOG-NOW')).toBe('missed');
  });
});

describe('a followed softphone', () => {
  it("keeps the phone's id for the call, so a restart can find the call on the phone again", () => {
    const call = simulatedCall();
    call.send({ type: 'RING', number: '13800001111', name: 'Zhang San', callId: 'a90c8d84eca75f54' });
    expect(call.ctx()).toMatchObject({ phoneCallId: 'a90c8d84eca75f54', fields: { phone: '13800001111', name: 'Zhang San' } });
  });

  it('a hang-up the phone reports ends the call even in strict mode, the undone lines missed', () => {
    const call = answered({ strict: true });
    toClosing(call);
    expect(call.send('AGENT_HANG_UP')).toBe(false); // the key: refused, say the closing lines first
    expect(call.send({ type: 'AGENT_HANG_UP', phone: true })).toBe(true); // the phone: the line is closed
    expect(call.snapshot().matches('wrapUp')).toBe(true);
    expect(call.status('farewell')).toBe('missed');
    expect(verdict(call, 'R-THEY-HANG-UP')).toBe('missed');
  });

  it("tracks the caller's hold with its moments, ignores repeats, and closes it at the hang-up", () => {
    const call = answered();
    expect(call.send({ type: 'CALLER_HOLD', held: false })).toBe(false); // not on hold: nothing to end
    call.wait(1000);
    expect(call.send({ type: 'CALLER_HOLD', held: true })).toBe(true);
    expect(call.send({ type: 'CALLER_HOLD', held: true })).toBe(false);
    call.wait(5000);
    call.send({ type: 'CALLER_HOLD', held: false });
    call.send({ type: 'CALLER_HOLD', held: true });
    call.wait(2000);
    call.send('CALLER_HANG_UP');
    const [first, second] = call.ctx().callerHolds;
    expect(first!.endedAt! - first!.startedAt).toBe(5000);
    expect(second!.endedAt! - second!.startedAt).toBe(2000);
    // The caller's hold is not the agent's: no ask-to-wait or thanks is owed for it.
    expect(call.ctx().holds).toEqual([]);
  });
});
