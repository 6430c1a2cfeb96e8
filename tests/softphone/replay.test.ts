/**
 * The softphone link against a fake ctrl_tcp server: the captures of real baresip calls played
 * back (fast, no packages needed), whole, a byte at a time and run together; and the traps of
 * baresip 1.0.0 that a capture cannot show (docs/softphone.md), from hand-written transcripts.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { watchInternalErrors } from '../../src/errors.js';
import { tempDir } from '../helpers.js';
import { FakeBaresip, type WireEntry } from './fake-baresip.js';
import { AOR, event, found, listed, PEER, request, restartTokens, start, handWritten, played } from './transcript.js';
import { until } from './pair.js';
import { captureFile, followingDesk, PHONE_SCENARIOS, type FarSide, type PhoneScenario } from './scenarios.js';

const running: { stop(): void }[] = [];
afterEach(() => {
  for (const thing of running.splice(0).reverse()) thing.stop();
});

const captured = (name: string): WireEntry[] =>
  readFileSync(captureFile(name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/**
 * A call A live on the phone and the desk, then the link drops (the screen sees it down). Once
 * the test steps 'back', the link returns and its resync finds A still up, and then asks
 * what `whileBack` gives before reading the held state (audio_debug).
 */
async function liveCallWhoseLinkDrops(whileBack: () => WireEntry[] = () => []) {
  const stat = (id: string) => ({ ok: true, data: ` local_uri: Agent <${AOR}>\n peer_uri:  Zhang San <${PEER}>\n af=AF_INET id=${id}\n direction: Incoming\n` });
  const { fake, f } = await handWritten(
    running,
    [
      ...start(),
      event('CALL_INCOMING', 'A', PEER),
      event('CALL_ESTABLISHED', 'A', PEER),
      { step: 'drop' },
      { drop: true },
      { step: 'back' },
      ...request('listcalls', '', listed('ESTABLISHED')),
      ...request('line', '1', { ok: true, data: 'setting current call: line 1\n' }),
      ...request('callstat', '', stat('A')),
      ...request('callfind', 'A', found('A')),
      ...whileBack(), // (made here: request tokens count on from start())
      ...request('audio_debug', '', { ok: true, data: ' audio dir=sendrecv pt_enc=0\n' }),
    ],
    { retryMs: 20 },
  );
  await until(() => f.desk.snapshot.matches('live'), 'live');
  fake.step('drop');
  await until(() => f.link.state !== 'connected', 'down');
  return { fake, f };
}

async function replay(scenario: PhoneScenario, chunking?: 'message' | 'bytes' | 'joined') {
  const fake = await FakeBaresip.start(captured(scenario.name), { chunking });
  running.push(fake);
  const f = followingDesk(fake.port);
  running.push(f);
  let steps = 0;
  const far: FarSide = {
    caller: async (action) => fake.step(`${++steps} caller ${action}`),
    rival: async () => fake.step(`${++steps} rival`),
    callerHears: async () => {},
  };
  await scenario.run(f, far);
  await played(fake);
  return { fake, f };
}

describe('captured baresip calls, replayed', () => {
  for (const scenario of PHONE_SCENARIOS) {
    it(scenario.name, async () => {
      await replay(scenario);
    });
  }

  it('reads netstrings split a byte at a time, and many in one read', async () => {
    await replay(PHONE_SCENARIOS[0]!, 'bytes');
    await replay(PHONE_SCENARIOS[4]!, 'joined');
  });
});


describe('baresip traps, from hand-written transcripts', () => {
  it('accept says ok with no call: the call is live only when the phone says so', async () => {
    const { fake, f } = await handWritten(running, [
      ...start(),
      event('CALL_INCOMING', 'A', PEER),
      ...request('callfind', 'A', found('A')),
      ...request('accept', '', { ok: true, data: `${AOR}: Answering incoming call\n` }),
      { step: 'gone' },
      event('CALL_CLOSED', 'A', 'Connection reset by peer'),
    ]);
    await until(() => f.desk.snapshot.matches('ringing'), 'ringing');
    f.key('ANSWER');
    await until(() => fake.position.includes('"step"'), 'accept answered');
    expect(f.desk.snapshot.matches('ringing')).toBe(true);
    fake.step('gone');
    await until(() => f.desk.snapshot.matches('idle'), 'logged');
    expect(f.lastCall()).toMatchObject({ outcome: 'missed', answeredAt: null });
  });

  it('a call that rings while the resync is asking is newer than its list: it rings, and stays on the phone', async () => {
    restartTokens();
    const list = request('listcalls', '', { ok: true, data: '\n--- Active calls (0) ---\n\n' });
    const { fake, f } = await handWritten(running, [
      list[0]!,
      event('CALL_INCOMING', 'A', PEER), // sent before the (older) answer to listcalls
      list[1]!,
      ...request('callfind', 'A', found('A')),
      ...request('accept', '', { ok: true, data: `${AOR}: Answering incoming call\n` }),
      event('CALL_ESTABLISHED', 'A', PEER),
    ]);
    await until(() => f.desk.snapshot.matches('ringing'), 'ringing');
    expect(f.phone.notice).toBeNull(); // not taken for a call that ended unseen
    f.key('ANSWER'); // goes to the phone (callfind, accept), not to the keyboard
    await until(() => f.desk.snapshot.matches('live'), 'live');
    await played(fake);
  });

  it('a request with no reply (baresip ignores what it cannot parse) times out into a sentence, and the call is kept', async () => {
    const { fake, f } = await handWritten(running, 
      [...start(), event('CALL_INCOMING', 'A', PEER), ...request('callfind', 'A', null)],
      { requestTimeoutMs: 150 },
    );
    await until(() => f.desk.snapshot.matches('ringing'), 'ringing');
    f.key('ANSWER');
    await until(() => f.phone.notice !== null, 'the refusal said');
    expect(f.phone.notice).toMatchObject({ kind: 'refused', command: 'answer' });
    expect(f.desk.snapshot.matches('ringing')).toBe(true);
    await played(fake);
  });

  it('a call that ends neither by the caller nor the agent (the line drops) is not judged for who hung up first', async () => {
    const { fake, f } = await handWritten(running, [
      ...start(),
      event('CALL_INCOMING', 'A', PEER),
      event('CALL_ESTABLISHED', 'A', PEER),
      { step: 'drop' },
      event('CALL_CLOSED', 'A', 'Connection timed out'),
    ]);
    await until(() => f.desk.snapshot.matches('live'), 'answered on the phone itself');
    fake.step('drop');
    await until(() => f.desk.snapshot.matches('wrapUp'), 'wrap-up');
    expect(f.desk.snapshot.context.hungUpBy).toBe('line');
    expect(f.desk.snapshot.context.steps['they-hang-up']?.status).toBe('skipped');
    expect(f.phone.notice).toEqual({ kind: 'lineDropped', detail: 'Connection timed out' });
  });

  it('a caller\'s name found on a resync and the words a line dropped with lose their control characters, as a ring\'s name does', async () => {
    restartTokens();
    // The display name and the reason are the far end's to choose: escapes that would clear the
    // screen, set the window title or turn the text around must not reach the terminal.
    const stat = { ok: true, data: `\n===== Call debug (INCOMING) =====\n local_uri: Agent <${AOR}>\n peer_uri:  "Zhang\u001b[2J\u001b]0;owned\u0007 San\u202e" <${PEER}>\n af=AF_INET id=A\n direction: Incoming\n` };
    const { fake, f } = await handWritten(running, [
      ...request('listcalls', '', listed('INCOMING')),
      ...request('line', '1', { ok: true, data: 'setting current call: line 1\n' }),
      ...request('callstat', '', stat),
      event('CALL_ESTABLISHED', 'A', PEER),
      { step: 'drop' },
      event('CALL_CLOSED', 'A', 'Connection timed out\u001b[2J\u009b31m\u2066'),
    ]);
    await until(() => f.desk.snapshot.matches('live'), 'answered on the phone itself');
    expect(f.desk.snapshot.context.fields.name).toBe('Zhang[2J]0;owned San');
    fake.step('drop');
    await until(() => f.phone.notice !== null, 'the line drop said');
    expect(f.phone.notice).toEqual({ kind: 'lineDropped', detail: 'Connection timed out[2J31m' });
    await played(fake);
  });

  it('a second call during a call waits; given up, it is logged as missed with its ring time; the call on screen goes on', async () => {
    const { fake, f } = await handWritten(running, [
      ...start(),
      event('CALL_INCOMING', 'A', PEER),
      event('CALL_ESTABLISHED', 'A', PEER),
      { step: 'second' },
      event('CALL_INCOMING', 'B', PEER),
      { step: 'gives up' },
      event('CALL_CLOSED', 'B', 'Connection reset by peer'),
    ]);
    await until(() => f.desk.snapshot.matches('live'), 'live');
    fake.step('second');
    await until(() => f.phone.waiting.length === 1, 'the second call waiting');
    expect(f.desk.snapshot.matches('live')).toBe(true);
    f.clock.increment(12_000);
    fake.step('gives up');
    await until(() => f.phone.waiting.length === 0, 'the second call gone');
    expect(f.phone.missedMeanwhile).toBe(1);
    expect(f.lastCall()).toMatchObject({ outcome: 'missed', ringMs: 12_000, caller: { phone: '13800001111' } });
    expect(f.desk.snapshot.matches('live')).toBe(true);
    await played(fake);
  });

  it('a call still ringing when the agent saves rings on the desk next, its ring wait counted from its first ring', async () => {
    const { fake, f } = await handWritten(running, [
      ...start(),
      event('CALL_INCOMING', 'A', PEER),
      event('CALL_ESTABLISHED', 'A', PEER),
      event('CALL_INCOMING', 'B', PEER),
      event('CALL_CLOSED', 'A', 'Connection reset by peer'),
    ]);
    await until(() => f.desk.snapshot.matches('wrapUp') && f.phone.waiting.length === 1, 'wrap-up with a call waiting');
    f.clock.increment(10_000); // the wrap-up takes ten seconds; B rings on meanwhile
    f.desk.send({ type: 'TOGGLE_REASON', code: f.desk.pack.reasons[0]!.reasons[0]!.code });
    f.key('SAVE');
    await until(() => f.desk.snapshot.matches('ringing'), 'the waiting call rings');
    expect(f.desk.snapshot.context.phoneCallId).toBe('B');
    // Its ring wait is the real one: ten seconds already, so five more make it late (R-RING-3).
    expect(f.desk.clock.now() - f.desk.snapshot.context.ringAt!).toBe(10_000);
    f.clock.increment(4_999);
    expect(f.desk.snapshot.context.lateAnswer).toBe(false);
    f.clock.increment(1);
    expect(f.desk.snapshot.context.lateAnswer).toBe(true);
    await played(fake);
  });

  it('a call left open when Ringside stopped is followed again after a restart, with a call that rang meanwhile waiting', async () => {
    const dir = tempDir();
    running.push({ stop: dir.remove });
    const first = await handWritten(running, [...start(), event('CALL_INCOMING', 'A', PEER), event('CALL_ESTABLISHED', 'A', PEER)], { dir: dir.path });
    await until(() => first.f.desk.snapshot.matches('live'), 'live');
    first.f.key('SAY');
    // Ringside dies mid-call (its log is on disk), and starts again.
    first.f.phone.stop();
    first.f.store.close();
    const stat = { ok: true, data: `\n===== Call debug (ESTABLISHED) =====\n local_uri: Agent <${AOR}>\n peer_uri:  Zhang San <${PEER}>\n af=AF_INET id=A\n direction: Incoming\n` };
    restartTokens();
    const { fake, f } = await handWritten(running, 
      [
        // Two calls now: A (live, on screen before the restart) and B, which rang meanwhile and is current.
        ...request('listcalls', '', { ok: true, data: `\n--- Active calls (2) ---\n  [line 1]  0:00:09  ESTABLISHED             ${PEER}\n> [line 2]  0:00:00   INCOMING             ${PEER}\n\n` }),
        ...request('line', '1', { ok: true, data: 'setting current call: line 1\n' }),
        ...request('callstat', '', stat),
        ...request('line', '2', { ok: true, data: 'setting current call: line 2\n' }),
        ...request('callstat', '', { ok: true, data: stat.data.replace('id=A', 'id=B').replace('ESTABLISHED', 'INCOMING') }),
        // The caller's hold is asked again after a reconnect (it may have changed meanwhile).
        ...request('callfind', 'A', found('A')),
        ...request('audio_debug', '', { ok: true, data: ' audio dir=sendrecv pt_enc=0\n' }),
        { step: 'hang up' },
        event('CALL_CLOSED', 'A', 'Connection reset by peer'),
      ],
      { dir: dir.path },
    );
    expect(f.desk.restored).toBe(true);
    expect(f.desk.snapshot.context.steps['open']?.status).toBe('done');
    await until(() => f.phone.waiting.length === 1, 'B waiting');
    expect(f.desk.snapshot.matches('live')).toBe(true); // A is still the call on screen
    expect(f.phone.waiting[0]!.callId).toBe('B');
    fake.step('hang up');
    await until(() => f.desk.snapshot.matches('wrapUp'), 'wrap-up');
    expect(f.desk.snapshot.context.hungUpBy).toBe('caller');
    await played(fake);
  });

  it('calls ring on the desk in the order they came, even when one ends and another rings in the same moment', async () => {
    const { fake, f } = await handWritten(running, [
      ...start(),
      event('CALL_INCOMING', 'A', PEER),
      event('CALL_INCOMING', 'B', PEER),
      { step: 'A gives up as C rings' },
      event('CALL_CLOSED', 'A', 'Connection reset by peer'),
      event('CALL_INCOMING', 'C', PEER),
    ]);
    await until(() => f.phone.waiting.length === 1, 'B waiting behind A');
    fake.step('A gives up as C rings');
    await until(() => f.desk.snapshot.context.phoneCallId === 'B' && f.phone.waiting.length === 1, 'B rings, C waits');
    expect(f.phone.waiting[0]!.callId).toBe('C');
    expect(f.lastCall()).toMatchObject({ outcome: 'missed' }); // A
    await played(fake);
  });

  it('a waiting call answered on the phone itself comes to the desk with its true ring and talk times', async () => {
    const { fake, f } = await handWritten(running, [
      ...start(),
      event('CALL_INCOMING', 'A', PEER),
      event('CALL_ESTABLISHED', 'A', PEER),
      { step: 'B rings' },
      event('CALL_INCOMING', 'B', PEER),
      { step: 'B answered on the phone' },
      event('CALL_ESTABLISHED', 'B', PEER),
      { step: 'A ends' },
      event('CALL_CLOSED', 'A', 'Connection reset by peer'),
    ]);
    await until(() => f.desk.snapshot.matches('live'), 'A live');
    fake.step('B rings');
    await until(() => f.phone.waiting.length === 1, 'B waiting');
    f.clock.increment(5000);
    fake.step('B answered on the phone');
    await until(() => f.phone.waiting[0]?.answeredAt !== null, 'B answered');
    f.clock.increment(3000);
    fake.step('A ends');
    await until(() => f.desk.snapshot.matches('wrapUp'), 'A in wrap-up');
    f.desk.send({ type: 'TOGGLE_REASON', code: f.desk.pack.reasons[0]!.reasons[0]!.code });
    f.key('SAVE');
    await until(() => f.desk.snapshot.matches('live') && f.desk.snapshot.context.phoneCallId === 'B', 'B on the desk, live');
    const ctx = f.desk.snapshot.context;
    expect(ctx.answeredAt! - ctx.ringAt!).toBe(5000); // rang five seconds, not eight
    expect(f.desk.clock.now() - ctx.answeredAt!).toBe(3000); // talking for three already
    expect(ctx.lateAnswer).toBe(false);
    await played(fake);
  });

  it('a hang-up pressed while the link was down goes to the phone once it is back, and the call does not ring again', async () => {
    const { fake, f } = await liveCallWhoseLinkDrops(() => [
      ...request('hangup', '', { ok: true, data: '' }),
      ...request('callfind', 'A', found('A')),
    ]);
    expect(f.key('AGENT_HANG_UP')).toBe(true); // by keyboard: the machine moves at once
    expect(f.desk.snapshot.matches('wrapUp')).toBe(true);
    f.desk.send({ type: 'TOGGLE_REASON', code: f.desk.pack.reasons[0]!.reasons[0]!.code });
    f.key('SAVE');
    fake.step('back');
    await played(fake);
    expect(f.desk.snapshot.matches('idle')).toBe(true);
    expect(f.phone.waiting).toEqual([]);
  });

  it('"caller hung up" pressed while the link was down is never sent to the phone: a call still up there is said, not hung up on', async () => {
    // The caller is still there: the resync finds the call, and Ringside asks nothing more of it.
    const { fake, f } = await liveCallWhoseLinkDrops();
    expect(f.key('CALLER_HANG_UP')).toBe(true);
    // Who hung up first is the phone's to say, and it could not be asked: not judged.
    expect(f.desk.snapshot.context.hungUpBy).toBe('line');
    expect(f.phone.notice).toEqual({ kind: 'endedUnseen' });
    fake.step('back');
    await played(fake); // no hangup among the requests
    await until(() => f.phone.notice?.kind === 'stillOnPhone', 'the agent told the call is still up');
    expect(f.phone.waiting).toEqual([]); // nor does it ring again
  });

  it('a listener that throws while a resync is told does not stop the others hearing it, nor the link: the error is reported', async () => {
    const errors: unknown[] = [];
    const unwatch = watchInternalErrors((error) => errors.push(error));
    running.push({ stop: unwatch });
    const fake = await FakeBaresip.start([...start(), { step: 'call' }, event('CALL_INCOMING', 'A', PEER)]);
    running.push(fake);
    const f = followingDesk(fake.port);
    running.push(f);
    // A listener of the link's that fails on a resync (a bug of ours), and one subscribed after it.
    f.link.subscribe((e) => {
      if (e.type === 'resync') throw new TypeError('a listener failed');
    });
    const heard: string[] = [];
    f.link.subscribe((e) => heard.push(e.type));
    await until(() => f.link.state === 'connected', 'connected');
    expect(heard).toContain('resync');
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('a listener failed');
    // The link goes on: the next call rings on the desk.
    fake.step('call');
    await until(() => f.desk.snapshot.matches('ringing'), 'ringing');
  });

  it('a port that does not speak netstrings is dropped and tried again, never a crash', async () => {
    const net = await import('node:net');
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    running.push({ stop: () => server.close() });
    const f = followingDesk((server.address() as { port: number }).port, { retryMs: 20 });
    running.push(f);
    await until(() => connections >= 3, 'tried again');
    expect(f.link.state).not.toBe('connected');
    // The keyboard still works meanwhile.
    expect(f.key('RING')).toBe(true);
    expect(f.desk.snapshot.matches('ringing')).toBe(true);
  });

  it('nobody listening: connecting, then lost, while the keyboard carries the call', async () => {
    const net = await import('node:net');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const f = followingDesk(port, { retryMs: 20, lostAfterMs: 200 });
    running.push(f);
    expect(f.link.state).toBe('connecting');
    f.key('RING');
    f.key('ANSWER');
    expect(f.desk.snapshot.matches('live')).toBe(true);
    await until(() => f.link.state === 'lost', 'lost');
    f.key('CALLER_HANG_UP');
    expect(f.desk.snapshot.context.hungUpBy).toBe('caller');
  });
});
