/**
 * The listener's choice on a real call (the general pack, a call machine on a simulated clock):
 * which step an agent's words tick when more than one line holds them, how a long line said in the
 * agent's own words and a short phrase met by chance are told apart, and a call-back's lines said
 * with the ticket's words.
 */
import { describe, expect, test } from 'vitest';
import { heardCandidates } from '../../machines/call.js';
import { currentStep } from '../../machines/steps.js';
import { loadPackFile } from '../../src/pack/load.js';
import { DEFAULT_HEARD_THRESHOLD, heardCommand, heardMatches } from '../../src/assist/listen.js';
import { packPath, simulatedCall } from '../helpers.js';

const desk = { agentNumber: '1024', company: '天天公司' };
const options = { threshold: DEFAULT_HEARD_THRESHOLD, variables: desk };
const agent = (text: string) => ({ speaker: 'agent' as const, text, final: true });

/** A call on the general pack, answered, the caller's name typed, moved on until `until` holds. */
function callUntil(until: (call: ReturnType<typeof simulatedCall>) => boolean) {
  const call = simulatedCall();
  call.send({ type: 'RING', number: '13812345678' });
  call.wait(4_000);
  call.send('ANSWER');
  call.send({ type: 'SET_FIELD', field: 'name', value: '王先生' });
  for (let i = 0; i < 30 && !until(call); i++) call.send('SAY');
  return call;
}
const ticked = (call: ReturnType<typeof simulatedCall>, text: string) => heardCommand(agent(text), call.ctx(), options);

describe('which step words said tick', () => {
  test('a line that holds the ask to wait ticks its own step, not the ask to wait', () => {
    const call = callUntil((c) => c.ctx().phase === 'answering');
    call.send({ type: 'CHOOSE_BRANCH', branch: 'support' });
    expect(currentStep(call.ctx())?.id).toBe('support-ask');
    // 请您稍等片刻 is the ask to wait's word for word; the rest is the support ask's in the agent's words.
    expect(ticked(call, '这个情况我需要找同事确认下，请您稍等片刻')).toMatchObject({ step: 'support-ask' });
    // Said alone, it is the ask to wait.
    expect(ticked(call, '请您稍等片刻')).toMatchObject({ step: 'hold-ask' });
  });

  test('the thanks after a hold said in words a ready line also has ticks the thanks, not the ready line', () => {
    const call = callUntil((c) => c.ctx().phase === 'gathering');
    call.send('HOLD');
    call.send('SAY');
    call.send('HOLD');
    const command = ticked(call, '您好，让您久等了，我们会抓紧帮您查询');
    expect(command).toMatchObject({ step: 'hold-back' });
    expect(command).not.toHaveProperty('line');
  });

  test('a ready line said where no step holds its words still ticks the ready line', () => {
    const call = callUntil((c) => c.ctx().phase === 'gathering');
    expect(ticked(call, '对不起，有些问题没有听清楚，请您再重复一遍')).toMatchObject({ line: 'repeat' });
  });
});

describe('long lines and short phrases', () => {
  test('the opening said in the agent own words, most of it heard, ticks it; half of it does not', () => {
    const call = callUntil(() => true);
    expect(currentStep(call.ctx())?.id).toBe('open');
    const own = '喂您好，天天公司客服中心，我是1024号，请问您有什么需要？';
    const open = heardMatches(own, call.ctx(), desk).find((m) => m.key === 'open')!;
    // About two thirds of a 31-character line: under the threshold as given, over what a line that long needs.
    expect(open.score).toBeLessThan(DEFAULT_HEARD_THRESHOLD);
    expect(open.score).toBeGreaterThan(0.6);
    expect(ticked(call, own)).toMatchObject({ step: 'open', score: open.score });
    expect(ticked(call, '您好这里是天天公司')).not.toHaveProperty('step');
  });
});

describe('lines that leave words to the agent', () => {
  test('a short fixed part left by the agent own words is not matched on its own (建议您……咨询)', () => {
    const call = simulatedCall({ pack: loadPackFile(packPath('zh-CN/telecom.yaml')) });
    call.send({ type: 'RING', number: '13812345678' });
    call.send('ANSWER');
    for (let i = 0; i < 30 && call.ctx().phase !== 'answering'; i++) call.send('SAY');
    call.send({ type: 'CHOOSE_BRANCH', branch: 'out-of-scope' });
    expect(heardCandidates(call.ctx()).map((step) => step.id)).toContain('out-of-scope-redirect');
    expect(heardCommand(agent('我建议您明天再来一趟'), call.ctx(), options)).not.toHaveProperty('step');
    // The line's own longer parts and its heard list still are.
    expect(heardCommand(agent('建议您咨询一下联通，联通问题可致电10010'), call.ctx(), options)).toMatchObject({ step: 'out-of-scope-redirect' });
  });
});

describe('a call-back', () => {
  test('its lines are matched with the ticket filled in as the screen shows it (why, and the day)', () => {
    const call = simulatedCall();
    const openedAt = new Date(2023, 10, 10, 10, 30).getTime();
    call.send({ type: 'DIAL', ticketId: 1, number: '13812345678', name: '王先生', about: '费用争议', openedAt });
    call.wait(5_000);
    call.send('ANSWER');
    for (let i = 0; i < 10 && currentStep(call.ctx())?.id !== 'callback-consent'; i++) call.send('SAY');
    expect(currentStep(call.ctx())?.id).toBe('callback-consent');
    const said = '关于您11月10日反映的费用争议问题，想占用您两分钟做个回访，请问您现在方便接听吗？';
    expect(heardMatches(said, call.ctx(), desk)[0]).toMatchObject({ key: 'callback-consent', phrase: said.slice(0, -1), score: 1 });
  });
});
