/**
 * 10,000 random sequences on the live screen, written as a terminal's bytes and read through the
 * terminal filter as the live screen reads them: every key of the keymap, digits, Enter,
 * Backspace, arrows, Chinese, emoji, right-to-left text, control characters, bursts that arrive
 * as one read; and between the keys escape sequences (colours, a title, focus, function keys, a
 * paste's end mark alone), mouse reports, bracketed pastes split across reads (line breaks and
 * key letters in them) and a phone's events (calls ringing, answered, ended, held, the link
 * dropping and resyncing), with the simulated clock jumping so timers fire. After each sequence
 * the machine's invariants hold, the call log agrees with the screen, and the log holds only what
 * the keys did: no line said without a space typed, nothing a key alone does from a sequence with
 * no keys, no text pasted with no field open, no line breaks or escape junk in any text. The
 * screen never throws. Seeded: a failure names its seed and sequence.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom as random } from '../../src/demo/data.js';
import { SimulatedClock } from 'xstate';
import { reasonGroups, type CallContext } from '../../machines/call.js';
import { allSteps } from '../../machines/steps.js';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { PhoneFollower } from '../../src/softphone/follow.js';
import { PhoneEvents, type CommandResult, type LinkState, type PhoneEvent, type SoftphoneLink } from '../../src/softphone/link.js';
import { CallStore } from '../../src/store/sqlite.js';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { zhGeneral } from '../helpers.js';
import { renderInTerminal } from './terminal.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

const ESC = '\u001b';
// `q` is left out: it ends the screen (after asking, in a call), which is its job.
const KEYS = [
  ...'.coahexbf rnw/!smk?',
  ...'123456789',
  '\r', '\t', ESC, '\u007F', `${ESC}[C`, `${ESC}[D`, `${ESC}[A`,
  '张', '先生', 'a', '😀', 'שלום', '\u0001', '\u0007', 'x'.repeat(300),
  // Calls move on more often with these: answer, say, the first reason, save.
  'a', ' ', ' ', ' ', '1', '1', '\r', 's', 's',
];
/** Escape sequences that are no keys (Ink 6.8 crashed on the first two). */
const HOSTILE = [
  `${ESC}[0m`, `${ESC}[31m`, `${ESC}[1m`, `${ESC}[38;5;196m`, `${ESC}]0;retitled\u0007`, `${ESC}]2;t${ESC}\\`,
  `${ESC}[I`, `${ESC}[O`, `${ESC}[15~`, `${ESC}OP`, `${ESC}[1;5P`, `${ESC}[201~`, `${ESC}[6n`,
];
/** What a paste is made of: an address's line breaks, key letters, text with a colour in it, or a lot. */
const PASTE_PIECES = ['London', '\r', '\n', '\r\n', ' ', 'n k s x ', '张先生', '12', '\t', '😀', `红${ESC}[31m字`, 'b 1 1 s', '\u0007', 'y'.repeat(2500)];
/** Events a key alone makes (the phone makes the others: rings, answers, hang-ups, the caller's hold). */
const KEY_ONLY = new Set(['SAY', 'PREV_LINE', 'NEXT_LINE', 'NEXT_PHASE', 'HOLD', 'CANCEL', 'CHOOSE_BRANCH', 'SET_FIELD', 'ADD_NOTE', 'SET_SUMMARY', 'TOGGLE_REASON', 'TOGGLE_FLAG', 'TOGGLE_FAULT', 'SAVE', 'DIAL']);
/** What no text in the log may hold: control characters (line breaks), or what only an escape sequence has. */
// eslint-disable-next-line no-control-regex
const JUNK = /[\u0000-\u001f\u007f[<~;]/;

/**
 * A softphone the test plays: its events are the test's, and each command is answered as a phone
 * would (accept: the call is established; hang up: it closes, by the agent).
 */
class PlayedPhone implements SoftphoneLink {
  readonly label = 'played phone';
  state: LinkState = 'connected';
  private readonly events = new PhoneEvents();
  subscribe(listener: (event: PhoneEvent) => void): () => void {
    return this.events.subscribe(listener);
  }
  start(): void {}
  stop(): void {}
  emit(event: PhoneEvent): void {
    if (event.type === 'state') this.state = event.state;
    this.events.emit(event);
  }
  async answer(callId: string): Promise<CommandResult> {
    this.events.emit({ type: 'established', callId });
    return { ok: true, detail: '' };
  }
  async hangUp(callId: string): Promise<CommandResult> {
    this.events.emit({ type: 'closed', callId, by: 'agent', detail: '' });
    return { ok: true, detail: '' };
  }
  async hold(): Promise<CommandResult> {
    return { ok: true, detail: '' };
  }
  async resume(): Promise<CommandResult> {
    return { ok: true, detail: '' };
  }
}

/** What must be true of a call whatever keys were pressed. */
function invariantBreaks(ctx: CallContext, state: string): string[] {
  const broken: string[] = [];
  const times = [ctx.ringAt, ctx.answeredAt, ctx.endedAt, ctx.savedAt].filter((t): t is number => t !== null);
  if (times.some((t, i) => i > 0 && t < times[i - 1]!)) broken.push(`times out of order: ${times.join(' ')}`);
  if (state === 'idle' && (ctx.ringAt !== null || ctx.reasons.length > 0)) broken.push('idle with a call in it');
  const open = ctx.holds.filter((hold) => hold.endedAt === null);
  if (open.length > 1) broken.push('two holds open');
  if (state === 'hold' && open.length !== 1) broken.push('on hold without an open hold');
  if (ctx.holds.some((hold) => hold.endedAt !== null && hold.endedAt < hold.startedAt)) broken.push('a hold ends before it starts');
  const stepIds = new Set([...allSteps(ctx.pack), ...Object.values(ctx.pack.callback?.phases ?? {}).flat()].map((step) => step.id));
  for (const [id, record] of Object.entries(ctx.steps)) {
    if (!stepIds.has(id)) broken.push(`unknown step ${id}`);
    if (!['todo', 'done', 'missed', 'skipped'].includes(record.status)) broken.push(`step ${id} is ${record.status}`);
  }
  const known = new Set(reasonGroups(ctx).flatMap((group) => group.reasons.map((reason) => reason.code)));
  if (ctx.reasons.some((code) => !known.has(code))) broken.push(`unknown reason in ${ctx.reasons.join(',')}`);
  if (new Set(ctx.reasons).size !== ctx.reasons.length) broken.push('a reason twice');
  return broken;
}

/** `token`: a paste checked against the screen (a field open or not when it came); 0 for the others. */
type Item = { kind: 'key' | 'hostile'; bytes: string } | { kind: 'paste'; token: number; text: string } | { kind: 'phone'; event: PhoneEvent };

describe('fuzz: the live screen under random keys, escape sequences, pastes and phone events', () => {
  it('10,000 random sequences: never throws, the machine and the call log stay consistent, the log holds what the keys did', async () => {
    // On a memory file system where there is one: the log's fsyncs are not what is tested here.
    const dirPath = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ringside-fuzz-'));
    const dir = { path: dirPath, remove: () => rmSync(dirPath, { recursive: true, force: true }) };
    const pack = zhGeneral();
    const clock = new SimulatedClock();
    clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
    const path = join(dir.path, 'calls.sqlite');
    const store = new CallStore(path);
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
    const link = new PlayedPhone();
    const phone = new PhoneFollower(desk, link);
    phone.start();
    const ui = renderInTerminal((input) => (
      <App
        desk={desk}
        phone={phone}
        keymap={applyOverrides({})}
        language="auto"
        variables={{ company: '天天公司', hotline: '客服中心', agentNumber: '1024', agentName: '王敏' }}
        agent={{ name: '王敏', number: '1024' }}
        tickMs={1000}
        timeOfDay={() => new Date(2026, 10, 24, 10, 0)}
        followUps={() => store.openFollowUps()}
        pastes={input}
      />
    ));
    const log = new Database(path, { readonly: true });
    cleanups.push(() => {
      log.close();
      ui.unmount();
      phone.stop();
      desk.stop();
      store.close();
      dir.remove();
    });
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const openCalls = log.prepare(`SELECT count(*) AS n FROM calls WHERE status = 'open'`);
    const newEvents = log.prepare(`SELECT call_id, seq, type, event_json FROM call_events WHERE (call_id, seq) > (?, ?) ORDER BY call_id, seq`);
    let lastEvent = { call: 0, seq: 0 };
    let pasted = 0;
    /** Each paste's token, and whether a field was open on the screen when it came. */
    const pasteIntoField = new Map<number, boolean>();
    const phoneCalls: string[] = [];
    let sayings = 0;
    /** The last sequence ended in an Esc the filter still holds (the next read may make it Alt and a key). */
    let escapeHeld = false;

    const phoneEvent = (): PhoneEvent => {
      const r = next();
      if (r < 0.3 || phoneCalls.length === 0) {
        // A new call, or one the phone already had (a repeat).
        const callId = next() < 0.2 && phoneCalls.length > 0 ? pick(phoneCalls) : `call-${phoneCalls.length + 1}`;
        if (!phoneCalls.includes(callId)) phoneCalls.push(callId);
        return { type: 'incoming', callId, number: pick(['13812345678', '0755-1234567', '']), name: pick(['张先生', 'Bob', '']) };
      }
      const callId = pick(phoneCalls);
      if (r < 0.5) return { type: 'established', callId };
      if (r < 0.7) return { type: 'closed', callId, by: pick(['caller', 'agent', 'line'] as const), detail: '' };
      if (r < 0.8) return { type: 'callerHold', callId, held: next() < 0.5 };
      if (r < 0.92) return { type: 'state', state: pick(['connected', 'connected', 'reconnecting', 'lost'] as const) };
      const listed = phoneCalls.filter(() => next() < 0.3);
      return { type: 'resync', calls: listed.map((id) => ({ callId: id, state: pick(['ringing', 'live'] as const), onHold: false, number: '', name: '', liveForMs: Math.floor(next() * 30_000) })) };
    };
    const item = (): Item => {
      const r = next();
      if (r < 0.72) return { kind: 'key', bytes: pick(KEYS) };
      if (r < 0.82) return { kind: 'hostile', bytes: pick(HOSTILE) };
      if (r < 0.86) {
        // Mouse reports: X10 (ESC [M and three bytes, any of which may look like a key) and SGR.
        const byte = () => String.fromCharCode(32 + Math.floor(next() * 95));
        return { kind: 'hostile', bytes: next() < 0.5 ? `${ESC}[M${byte()}${byte()}${byte()}` : `${ESC}[<${Math.floor(next() * 64)};${Math.floor(next() * 200)};${Math.floor(next() * 60)}${pick(['M', 'm'])}` };
      }
      if (r < 0.91) {
        const pieces = Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick(PASTE_PIECES));
        // Some pastes carry a token and are checked against what the screen showed when they
        // came (each check waits for Ink to draw, which is most of this test's time).
        const token = next() < 0.15 ? ++pasted : 0;
        if (token) pieces.splice(Math.floor(next() * (pieces.length + 1)), 0, `〈${token}〉`);
        return { kind: 'paste', token, text: pieces.join('') };
      }
      return { kind: 'phone', event: phoneEvent() };
    };

    for (let sequence = 1; sequence <= 10_000; sequence++) {
      const items = Array.from({ length: 1 + Math.floor(next() * 6) }, item);
      const where = () => `seed ${seed} (FUZZ_SEED=${seed}), sequence ${sequence}: ${JSON.stringify(items)}`;
      // Most keys and sequences one read each, some runs as one read (a burst); a paste split
      // across reads anywhere, its marks included; the phone's events in their place.
      const burst = next() < 0.2;
      let pending = '';
      const flushReads = () => {
        if (pending) ui.write(pending);
        pending = '';
      };
      for (const it of items) {
        if (it.kind === 'key' || it.kind === 'hostile') {
          if (burst) pending += it.bytes;
          else ui.write(it.bytes);
          continue;
        }
        flushReads();
        if (it.kind === 'phone') {
          link.emit(it.event);
          continue;
        }
        if (it.kind !== 'paste') continue;
        if (it.token) {
          // This paste comes a moment after the keys: the screen has drawn what they did (React
          // schedules Ink's frame a turn or two of the event loop later) and shows whether a
          // field is open.
          for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
          pasteIntoField.set(it.token, ui.lastFrame().includes('（回车确认，Esc 取消）'));
        }
        const bytes = `${ESC}[200~${it.text}${ESC}[201~`;
        const cuts = [Math.floor(next() * bytes.length), Math.floor(next() * bytes.length)].sort((a, b) => a - b);
        for (const read of [bytes.slice(0, cuts[0]), bytes.slice(cuts[0], cuts[1]), bytes.slice(cuts[1])]) if (read) ui.write(read);
      }
      flushReads();
      const waits = sequence % 100 === 0;
      if (waits) await new Promise((resolve) => setImmediate(resolve)); // let React draw
      const heldBefore = escapeHeld;
      const last = items.at(-1)!;
      escapeHeld = !waits && last.kind === 'key' && last.bytes === ESC;

      const state = String(desk.snapshot.value);
      const broken = invariantBreaks(desk.snapshot.context, state);
      if (broken.length > 0) expect.fail(`${where()}: ${broken.join('; ')}`);
      // At most one call open in the log, and only while the screen has one.
      const open = (openCalls.get() as { n: number }).n;
      if (open > (state === 'idle' ? 0 : 1)) expect.fail(`${where()}: ${open} open calls in the log in state ${state}`);
      if (desk.storeProblem) expect.fail(`${where()}: ${desk.storeProblem.kind}: ${desk.storeProblem.detail}`);

      // The log against what was sent.
      const fresh = newEvents.all(lastEvent.call, lastEvent.seq) as { call_id: number; seq: number; type: string; event_json: string }[];
      if (fresh.length > 0) lastEvent = { call: fresh.at(-1)!.call_id, seq: fresh.at(-1)!.seq };
      const keysSent = items.filter((it) => it.kind === 'key').map((it) => (it as { bytes: string }).bytes).join('');
      const spaces = [...keysSent].filter((char) => char === ' ').length;
      const said = fresh.filter((event) => event.type === 'SAY').length;
      sayings += said;
      if (said > spaces) expect.fail(`${where()}: ${said} lines said with ${spaces} spaces typed`);
      if (keysSent === '' && !heldBefore && fresh.some((event) => KEY_ONLY.has(event.type))) {
        expect.fail(`${where()}: no key typed, yet the log has ${fresh.map((event) => event.type).join(' ')}`);
      }
      for (const event of fresh) {
        const body = JSON.parse(event.event_json) as { value?: string; text?: string };
        const text = body.value ?? body.text;
        if (text === undefined) continue;
        if (JUNK.test(text)) expect.fail(`${where()}: ${event.type} holds ${JSON.stringify(text)}`);
        for (const [, token] of text.matchAll(/〈(\d+)〉/g)) {
          if (pasteIntoField.get(Number(token)) !== true) expect.fail(`${where()}: ${event.type} holds paste ${token}, pasted with no field open`);
        }
      }
    }
    // Esc closes whatever pane or field the last keys left open: the call screen is still there.
    for (let i = 0; i < 3; i++) {
      ui.write(ESC);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const frame = ui.lastFrame();
    expect(frame, `seed ${seed}`).toContain('Ringside');
    expect(frame).not.toMatch(/ERROR|    at /);
    // Every answered call saved had a reason (R-REASON), whatever the keys.
    const reasonless = log
      .prepare(`SELECT count(*) AS n FROM calls c WHERE status = 'saved' AND outcome = 'answered' AND NOT EXISTS (SELECT 1 FROM call_reasons r WHERE r.call_id = c.id)`)
      .get() as { n: number };
    expect(reasonless.n).toBe(0);
    // The keys got somewhere: calls were taken and saved along the way, lines said, pastes kept.
    const saved = log.prepare(`SELECT count(*) AS n FROM calls WHERE status = 'saved'`).get() as { n: number };
    expect(saved.n).toBeGreaterThan(10);
    const answered = log.prepare(`SELECT count(*) AS n FROM calls WHERE outcome = 'answered'`).get() as { n: number };
    expect(answered.n).toBeGreaterThan(0);
    expect(sayings).toBeGreaterThan(30);
    expect([...pasteIntoField.values()].filter(Boolean).length, 'pastes with a field open').toBeGreaterThan(20);
  }, 240_000);
});
