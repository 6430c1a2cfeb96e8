/** A replay's next step, when it is speech a transcript heard: who spoke, and the line it ticked with its score, never the words. */
import { describe, expect, it } from 'vitest';
import { eventText } from '../../src/train/explain.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { simulatedCall } from '../helpers.js';

describe('a replayed HEARD event', () => {
  it('says who spoke and what it ticked, in the desk language, without the words', () => {
    const call = simulatedCall();
    call.send({ type: 'RING' });
    call.send('ANSWER');
    const view = { language: 'zh-CN' as const, developer: false, keymap: applyOverrides({}) };
    const before = call.session.snapshot;
    const at = call.clock.now();
    expect(eventText({ type: 'HEARD', speaker: 'agent', text: '您好一零二四号为您服务', step: 'open', score: 0.91, at }, before, view)).toBe('坐席说了「开场白（报号）」（转写听到 91%）');
    expect(eventText({ type: 'HEARD', speaker: 'caller', text: '我的卡号是一二三四五六', at }, before, view)).toBe('客户说话（转写）');
    expect(eventText({ type: 'HEARD', speaker: 'agent', text: '我看一下', at }, before, { ...view, language: 'en' })).toBe('the agent speaks (transcript, no step ticked)');
  });
});
