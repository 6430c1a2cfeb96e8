/**
 * The one way into a call and the order of what follows (CallDesk.take): the log has an event
 * before the phone or the screen hears of the move it made; a key the softphone carries is a
 * request that goes out before the machine moves, logged only once the phone reports. The log is
 * read through a second connection to the same SQLite file, as another process would read it.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds, type CallCommand } from '../../src/call/session.js';
import { PhoneFollower } from '../../src/softphone/follow.js';
import { PhoneEvents, type CommandResult, type LinkState, type PhoneEvent, type SoftphoneLink } from '../../src/softphone/link.js';
import { CallStore } from '../../src/store/sqlite.js';
import { tempDir, zhGeneral } from '../helpers.js';

/** A connected softphone the test plays: it records each command with what the log held as it came. */
class RecordingPhone implements SoftphoneLink {
  readonly label = 'recording phone';
  state: LinkState = 'connected';
  readonly commands: { command: string; logged: string[]; state: string }[] = [];
  private readonly events = new PhoneEvents();
  /** What the phone answers to the next command. */
  answerWith: CommandResult = { ok: true, detail: '' };
  constructor(private readonly seen: () => { logged: string[]; state: string }) {}
  subscribe(listener: (event: PhoneEvent) => void): () => void {
    return this.events.subscribe(listener);
  }
  start(): void {}
  stop(): void {}
  emit(event: PhoneEvent): void {
    this.events.emit(event);
  }
  private command(command: string): Promise<CommandResult> {
    this.commands.push({ command, ...this.seen() });
    return Promise.resolve(this.answerWith);
  }
  answer(): Promise<CommandResult> {
    return this.command('answer');
  }
  hangUp(): Promise<CommandResult> {
    return this.command('hangUp');
  }
  hold(): Promise<CommandResult> {
    return this.command('hold');
  }
  resume(): Promise<CommandResult> {
    return this.command('resume');
  }
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

/** A live desk on a call log file, and a second connection that reads the file. */
function deskOnFile() {
  const dir = tempDir();
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
  const store = new CallStore(join(dir.path, 'calls.sqlite'));
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
  const reader = new CallStore(join(dir.path, 'calls.sqlite'));
  cleanup.push(() => dir.remove(), () => store.close(), () => reader.close(), () => desk.stop());
  /** The open call's events as the file holds them now. */
  const logged = () => reader.findOpenCall()?.events.map((event) => event.type) ?? [];
  const state = () => JSON.stringify(desk.snapshot.value);
  return { desk, clock, logged, state };
}

describe('one way in: the log first, then the phone, then the screen', () => {
  it('a listener told of a move by a key finds the event already in the log file', () => {
    const { desk, logged } = deskOnFile();
    let seen: string[] | null = null;
    desk.subscribe(() => {
      seen = logged();
    });
    const taken: string[] = [];
    for (const type of ['RING', 'ANSWER', 'SAY', 'HOLD', 'HOLD', 'CALLER_HANG_UP'] as const) {
      seen = null;
      expect(desk.send({ type } as CallCommand)).toBe(true);
      taken.push(type);
      expect(seen).toEqual(taken);
    }
  });

  it("a key the softphone carries is a request (sent before the machine moves, logged when the phone reports); the agent's hold reaches the phone only once the log has it", async () => {
    const { desk, logged, state } = deskOnFile();
    const link = new RecordingPhone(() => ({ logged: logged(), state: state() }));
    const follower = new PhoneFollower(desk, link);
    follower.start();
    cleanup.push(() => follower.stop());
    let told: string[] | null = null;
    desk.subscribe(() => {
      told = logged();
    });

    link.emit({ type: 'incoming', callId: 'c1', number: '13800001111', name: 'Zhang San' });
    expect(told).toEqual(['RING']); // the phone's report entered the same way: logged before the screen heard

    expect(desk.send({ type: 'ANSWER' })).toBe(true);
    expect(link.commands).toEqual([{ command: 'answer', logged: ['RING'], state: '"ringing"' }]);
    expect(desk.snapshot.matches('ringing')).toBe(true); // the key only asked
    expect(logged()).toEqual(['RING']);

    told = null;
    link.emit({ type: 'established', callId: 'c1' });
    expect(desk.snapshot.matches('live')).toBe(true);
    expect(told).toEqual(['RING', 'ANSWER']);

    // h, then h again: on hold without the ask line. The phone is told after the second HOLD is in the file.
    desk.send({ type: 'HOLD' });
    expect(link.commands).toHaveLength(1);
    desk.send({ type: 'HOLD' });
    expect(desk.snapshot.hasTag('onHold')).toBe(true);
    expect(link.commands[1]).toMatchObject({ command: 'hold', logged: ['RING', 'ANSWER', 'HOLD', 'HOLD'] });

    // The phone says no to a hang-up: said on the screen, the call and the log as they were.
    link.answerWith = { ok: false, detail: '486 Busy Here' };
    desk.send({ type: 'HOLD' }); // resumed first (the phone is told after the log again)
    expect(link.commands[2]).toMatchObject({ command: 'resume', logged: ['RING', 'ANSWER', 'HOLD', 'HOLD', 'HOLD'] });
    expect(desk.send({ type: 'AGENT_HANG_UP' })).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(follower.notice).toEqual({ kind: 'refused', command: 'hangUp', detail: '486 Busy Here' });
    expect(desk.snapshot.hasTag('live')).toBe(true);
    expect(logged()).toEqual(['RING', 'ANSWER', 'HOLD', 'HOLD', 'HOLD']);
  });

  it('a call rung by key moves by its keys alone beside a connected softphone, whose own call waits its turn', async () => {
    const { desk, logged } = deskOnFile();
    const link = new RecordingPhone(() => ({ logged: [], state: '' }));
    const follower = new PhoneFollower(desk, link);
    follower.start();
    cleanup.push(() => follower.stop());
    expect(desk.send({ type: 'RING' })).toBe(true);
    link.emit({ type: 'incoming', callId: 'c2', number: '13800002222', name: '' });
    expect(follower.waiting.map((call) => call.callId)).toEqual(['c2']);
    expect(follower.phoneTellsHangUp).toBe(false); // the keys say when this caller hangs up
    expect(desk.send({ type: 'ANSWER' })).toBe(true);
    expect(desk.snapshot.matches('live')).toBe(true);
    expect(desk.send({ type: 'CALLER_HANG_UP' })).toBe(true);
    expect(desk.snapshot.context.hungUpBy).toBe('caller');
    expect(link.commands).toEqual([]); // nothing of the keyboard's call went to the phone
    expect(logged()).toEqual(['RING', 'ANSWER', 'CALLER_HANG_UP']);
    desk.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
    expect(desk.send({ type: 'SAVE' })).toBe(true);
    await Promise.resolve();
    // Saved: the phone's call rings on the desk now, with its number.
    expect(desk.snapshot.matches('ringing')).toBe(true);
    expect(desk.snapshot.context.fields.phone).toBe('13800002222');
    expect(follower.waiting).toEqual([]);
  });
});
