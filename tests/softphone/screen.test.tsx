/**
 * The live screen following a phone (ink-testing-library, a fake baresip playing a hand-written
 * transcript, the real link and desk): the link's state in the header, calls ringing by
 * themselves, the answer key going to the phone, the caller's hold, a second call waiting, and a
 * call that ended while the link was down.
 */
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { until } from './pair.js';
import { AOR, event, found, handWritten, noCalls, PEER, played, request, ringsAndIsAnswered } from './transcript.js';

const running: { stop(): void }[] = [];

/** The live screen on a desk following the fake phone; `shows` waits until the screen shows the text. */
function screenFor(f: Awaited<ReturnType<typeof handWritten>>['f']) {
  const ui = render(
    <App desk={f.desk} phone={f.phone} keymap={applyOverrides({})} language="auto" variables={{ company: '天天公司' }} agent={{ name: '王敏', number: '1024' }} tickMs={20} />,
  );
  running.push({ stop: () => ui.unmount() });
  const frame = () => ui.lastFrame() ?? '';
  const shows = (text: string | RegExp) => until(() => (typeof text === 'string' ? frame().includes(text) : text.test(frame())), `the screen shows ${text}\n${frame()}`);
  return { ui, frame, shows };
}
afterEach(() => {
  for (const thing of running.splice(0).reverse()) thing.stop();
});

describe('the screen following a phone', () => {
  it('shows the link, rings by itself, answers through the phone, and ends a call that ended unseen without judging who hung up', async () => {
    const audio = (dir: string) => ({ ok: true, data: `\n--- Audio stream ---\n audio dir=${dir} pt_enc=0\n` });
    const { fake, f } = await handWritten(running, [
      ...request('listcalls', '', noCalls),
      ...ringsAndIsAnswered('A', 'sip:13800001111@127.0.0.1:5080'),
      { step: 'caller holds' },
      event('CALL_REMOTE_SDP', 'A', 'offer'),
      ...request('callfind', 'A', found('A')),
      ...request('audio_debug', '', audio('recvonly')),
      { step: 'second call' },
      event('CALL_INCOMING', 'B', ''),
      { step: 'drop' },
      { drop: true },
      ...request('listcalls', '', noCalls),
      ...request('callfind', 'A', { ok: true, data: 'call not found (id=A)\n' }),
      ...request('callfind', 'B', { ok: true, data: 'call not found (id=B)\n' }),
    ]);
    const { ui, frame, shows } = screenFor(f);

    await shows(/● 话机\s/);
    await shows(/振铃中/);
    expect(frame()).toMatch(/电话\s+13800001111/);
    ui.stdin.write('a');
    await shows('▶ 您好！这里是天天公司客服中心');
    fake.step('caller holds');
    await shows('客户已将通话保持，请等待客户回来。');
    fake.step('second call');
    await shows('话机上另有 1 个来电在等待，保存本通后显示。');
    fake.step('drop');
    await shows('这通电话在话机连接中断期间已结束：谁先挂机无从得知，“客户先挂机”不评。');
    expect(frame()).toMatch(/● 话机\s/); // back, and resynced
    await shows('话后处理');
    expect(frame()).toMatch(/– 客户先挂机/);
    // The second call is gone from the phone too: it rang unanswered, so it is logged as missed.
    expect(frame()).not.toContain('来电在等待');
    expect(frame()).toContain('处理本通电话期间有 1 个来电未接听，已记为未接来电。');
    expect(f.lastCall()).toMatchObject({ outcome: 'missed', caller: { phone: '13800001111' } });
  });

  it('with the phone linked, e cannot end a call (the phone says who hung up); x asks, then hangs up on the phone, logged as the agent\'s', async () => {
    const { fake, f } = await handWritten(running, [
      ...request('listcalls', '', noCalls),
      ...ringsAndIsAnswered('A', 'sip:13800001111@127.0.0.1:5080'),
      { step: 'caller hangs up' },
      event('CALL_CLOSED', 'A', 'Connection reset by peer'),
      { step: 'second call' },
      ...ringsAndIsAnswered('B', 'sip:13800002222@127.0.0.1:5080'),
      // Only once x was pressed twice does Ringside hang up the phone.
      ...request('callfind', 'B', found('B')),
      ...request('hangup', '', { ok: true, data: '' }),
      event('CALL_CLOSED', 'B', 'Connection reset by user'),
    ]);
    const { ui, frame, shows } = screenFor(f);

    await shows(/振铃中/);
    ui.stdin.write('a');
    await shows('▶ 您好！这里是天天公司客服中心');
    expect(frame()).not.toContain('e 客户挂机'); // the key is not offered: the phone tells
    ui.stdin.write(' ');
    await shows('▶ 请问您贵姓？');
    ui.stdin.write('\u001B'); // no name
    ui.stdin.write('e');
    await shows('客户挂机由话机告知，不用按键；要自己挂机请按 x（会先问一次）。');
    expect(f.desk.snapshot.matches('live')).toBe(true); // the call goes on: nobody was hung up on
    fake.step('caller hangs up');
    await shows('话后处理');
    expect(frame()).toMatch(/✓ 客户先挂机/);
    expect(f.desk.snapshot.context.hungUpBy).toBe('caller');
    ui.stdin.write('1');
    ui.stdin.write('1');
    ui.stdin.write('s');
    await shows('已保存第 1 通');

    fake.step('second call');
    await shows(/振铃中/);
    ui.stdin.write('a');
    await shows('▶ 您好！这里是天天公司客服中心');
    ui.stdin.write('x');
    await shows('要挂断客户的电话吗？规范是客户先挂机');
    // Asked, not yet done: had this x hung up, the second would ask the phone again, and the
    // transcript (one hangup) would find the extra request.
    expect(f.desk.snapshot.matches('live')).toBe(true);
    ui.stdin.write('x');
    await shows('话后处理');
    await played(fake);
    expect(frame()).toMatch(/✗ 客户先挂机/);
    expect(f.desk.snapshot.context.hungUpBy).toBe('agent');
  });

  it('a hostile phone: 4:null, and a name that is no string are said as ignored; a 100,000-character name rings at once, cut', async () => {
    const ring = (fields: Record<string, unknown>) => ({ in: JSON.stringify({ event: true, type: 'CALL_INCOMING', class: 'call', accountaor: AOR, direction: 'incoming', peeruri: PEER, param: PEER, ...fields }) });
    const { fake, f } = await handWritten(running, [
      ...request('listcalls', '', noCalls),
      { in: 'null' },
      ring({ id: 'A', peerdisplayname: { toString: 'x' } }),
      { step: 'A gives up' },
      event('CALL_CLOSED', 'A', 'Connection reset by peer'),
      { step: 'B' },
      ring({ id: 'B', peerdisplayname: `王${'五'.repeat(100_000)}` }),
    ]);
    const { frame, shows } = screenFor(f);
    await shows(/振铃中/);
    expect(frame()).toMatch(/电话\s+13800001111/);
    expect(frame()).toContain('话机发来 1 条无法使用的消息（格式不对或超出限度），已忽略。');
    fake.step('A gives up');
    await until(() => f.desk.snapshot.matches('idle'), 'A logged as missed');
    // The idle frame is drawn before B is let go: A's ringing frame cannot pass for B's.
    await shows('等待来电：话机来电会自动显示');
    expect(frame()).not.toMatch(/振铃中/);
    const began = Date.now();
    fake.step('B');
    await shows('王五五五'); // B's own name: its frame, not any ringing one
    expect(Date.now() - began).toBeLessThan(2000); // generous: it took 26 s before names were cut
    expect(frame()).toMatch(/振铃中/);
    expect(f.desk.snapshot.context.fields.name).toBe(`王${'五'.repeat(63)}`);
    expect(frame()).not.toContain('无法使用的消息'); // counted since the last call left the screen
    await played(fake);
  });
});
