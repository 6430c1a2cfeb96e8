/**
 * baresip 1.0.0 over its ctrl_tcp module (facts in docs/softphone.md): netstrings of JSON both
 * ways, one client at a time, events lost while nobody is connected. The link keeps one
 * connection, reconnects with backoff when it drops, and resyncs with `listcalls` after.
 */
import net from 'node:net';
import { encodeNetstring, NetstringDecoder } from './netstring.js';
import { reportInternalError } from '../errors.js';
import { BOUNDS, CALL_EVENTS, callerText, closedBy, Heard, isFound, nameInCallStat, numberOf, parseListCalls, Reply, type HeardMessage } from './baresip-messages.js';
import { PhoneEvents, type CommandResult, type LinkState, type PhoneCall, type PhoneEvent, type SoftphoneLink } from './link.js';
import { said, type Words } from '../language.js';

/** Why a command did not reach the phone: the detail the screen shows after its own words. */
const DETAILS: Words<{ dropped: string; noSuchCall: string; notConnected: string; noAnswer: (command: string) => string }> = {
  'zh-CN': { dropped: '与话机的连接断了', noSuchCall: '话机上没有这通电话', notConnected: '话机没有连上', noAnswer: (command) => `话机没有回应 "${command}"` },
  en: { dropped: 'the link to the phone dropped', noSuchCall: 'the phone has no such call', notConnected: 'the phone is not connected', noAnswer: (command) => `the phone did not answer "${command}"` },
};

export interface BaresipOptions {
  host: string;
  port: number;
  /** The first wait before reconnecting; it doubles after each failure, up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Down longer than this, the link shows as lost (and keeps trying). */
  lostAfterMs?: number;
  /** A request with no reply by then fails (baresip ignores malformed requests without a word). */
  requestTimeoutMs?: number;
  /** Sees every message on the wire and every drop (the tests record baresip's talk with it). */
  wire?: (entry: { in: string } | { out: string } | { drop: true }) => void;
}

/** What the link knows of a call the phone has (by its SIP Call-ID): where from, how far it got. */
interface KnownCall {
  peerUri: string;
  /** The caller's display name, when the phone gave one. */
  name: string;
  established: boolean;
  callerHeld: boolean;
  /** The number of the last event heard about it (see `heard`). */
  heardAt: number;
}

/** Messages handled in one go before the event loop gets a turn (the keyboard's), at most: by count and by time. */
const SLICE_MESSAGES = 64;
const SLICE_MS = 2;
/** Messages read but not yet handled: past the first, the link stops reading (TCP holds the rest); below the second it reads again. */
const INBOX_FULL = 2048;
const INBOX_LOW = 256;

/** The link dropped while a resync was asking: the rest of it is moot. */
class ResyncCut extends Error {}

/** A place in the inbox: `reached` once everything read before it is handled (or the link stops). */
interface Mark {
  readonly reached: () => void;
}

export class BaresipLink implements SoftphoneLink {
  readonly label: string;
  private linkState: LinkState = 'connecting';
  private readonly events = new PhoneEvents();
  private socket: net.Socket | null = null;
  private readonly decoder = new NetstringDecoder();
  private readonly pending = new Map<string, { resolve: (reply: CommandResult) => void; timer: NodeJS.Timeout }>();
  private nextToken = 0;
  /** Calls by their SIP Call-ID (baresip's `id`). */
  private readonly calls = new Map<string, KnownCall>();
  /** Call-IDs the phone said ended, oldest first (a Set keeps its order): an event for one later is not believed. */
  private readonly endedIds = new Set<string>();
  /** Messages read and not yet handled, oldest from `inboxAt` on; handled a slice at a time. */
  private inbox: (string | null | Mark)[] = [];
  private inboxAt = 0;
  private sliceQueued = false;
  /** Events heard so far: a call heard of after a resync began is newer than its list. */
  private heard = 0;
  /** Command sequences (select a call, then act on it) never interleave. */
  private chain: Promise<unknown> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  private lostTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private downSince: number | null = null;
  private stopped = false;
  private everConnected = false;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly lostAfterMs: number;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: BaresipOptions) {
    this.label = `baresip ${options.host}:${options.port}`;
    this.retryMs = options.retryMs ?? 250;
    this.maxRetryMs = options.maxRetryMs ?? 5000;
    this.lostAfterMs = options.lostAfterMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 3000;
  }

  get state(): LinkState {
    return this.linkState;
  }

  /** Messages read and not yet handled (bounded: past INBOX_FULL the link stops reading). */
  get backlog(): number {
    return this.inbox.length - this.inboxAt;
  }

  subscribe(listener: (event: PhoneEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  start(): void {
    this.stopped = false;
    this.markDown(); // until baresip answers
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.socket?.destroy();
    this.socket = null;
    for (const next of this.inbox.slice(this.inboxAt)) if (typeof next === 'object' && next !== null) next.reached();
    this.inbox = [];
    this.inboxAt = 0;
    this.failPending('Ringside stopped');
  }

  /** Requests still waiting get their answer: no. */
  private failPending(detail: string): void {
    for (const [token, { resolve, timer }] of this.pending) {
      clearTimeout(timer);
      resolve({ ok: false, detail });
      this.pending.delete(token);
    }
  }

  answer(callId: string): Promise<CommandResult> {
    return this.onCall(callId, 'accept');
  }

  hangUp(callId: string): Promise<CommandResult> {
    return this.onCall(callId, 'hangup');
  }

  hold(callId: string): Promise<CommandResult> {
    return this.onCall(callId, 'hold');
  }

  resume(callId: string): Promise<CommandResult> {
    return this.onCall(callId, 'resume');
  }

  private setState(state: LinkState): void {
    if (state === this.linkState) return;
    this.linkState = state;
    this.events.emit({ type: 'state', state });
  }

  private connect(): void {
    this.decoder.reset();
    const socket = net.connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setNoDelay(true);
    // A dead peer is noticed (TCP keepalive), and a connect that hangs (a far host) gives up.
    socket.setKeepAlive(true, 5000);
    socket.setTimeout(this.requestTimeoutMs, () => {
      if (socket.connecting) socket.destroy();
    });
    // Connected means baresip answered, not just that something took the TCP connection.
    socket.on('connect', () => {
      socket.setTimeout(0);
      this.resync(this.handledSoFar()).catch(reportInternalError);
    });
    socket.on('data', (chunk: Buffer) => {
      let payloads: (string | null)[];
      try {
        payloads = this.decoder.push(chunk);
      } catch {
        // Not ctrl_tcp (another program on the port?): drop it and try again later.
        socket.destroy();
        return;
      }
      for (const payload of payloads) {
        if (payload !== null) this.options.wire?.({ in: payload });
        this.inbox.push(payload);
      }
      // A flood is read no faster than it is handled: the rest waits in TCP, and memory stays bounded.
      if (this.inbox.length - this.inboxAt > INBOX_FULL) socket.pause();
      if (!this.sliceQueued) this.handleSlice();
    });
    socket.on('error', () => {}); // 'close' follows and handles it
    socket.on('close', () => this.dropped(socket));
  }

  /** From now on the link is down (unless it already was): lost once that has lasted a while. */
  private markDown(): void {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.lostTimer = setTimeout(() => {
      if (this.downSince !== null) this.setState('lost');
    }, this.lostAfterMs);
    this.lostTimer.unref?.();
  }

  /** Down: still connecting the first time, reconnecting, or lost once it has been a while. */
  private downState(): LinkState {
    if (this.downSince !== null && Date.now() - this.downSince >= this.lostAfterMs) return 'lost';
    return this.everConnected ? 'reconnecting' : 'connecting';
  }

  private dropped(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    if (this.linkState === 'connected') this.options.wire?.({ drop: true });
    this.failPending(said(DETAILS).dropped);
    if (this.stopped) return;
    this.markDown();
    this.setState(this.downState());
    const wait = Math.min(this.maxRetryMs, this.retryMs * 2 ** this.failures);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.setState(this.downState());
      this.connect();
    }, wait);
    this.retryTimer.unref?.();
  }

  /**
   * Handles what has been read, a slice at a time: however fast the phone talks, the keyboard
   * gets a turn every few milliseconds, and nothing is dropped to make room (the link only reads
   * more slowly).
   */
  private handleSlice(): void {
    this.sliceQueued = false;
    const until = performance.now() + SLICE_MS;
    for (let handled = 0; this.inboxAt < this.inbox.length && handled < SLICE_MESSAGES; handled++) {
      const next = this.inbox[this.inboxAt]!;
      this.inbox[this.inboxAt++] = null;
      if (typeof next === 'object' && next !== null) next.reached();
      else this.receive(next);
      if (performance.now() >= until) break;
    }
    const left = this.inbox.length - this.inboxAt;
    if (left === 0) {
      this.inbox = [];
      this.inboxAt = 0;
    } else if (this.inboxAt > INBOX_LOW) {
      this.inbox = this.inbox.slice(this.inboxAt);
      this.inboxAt = 0;
    }
    if (left < INBOX_LOW && this.socket?.isPaused()) this.socket.resume();
    if (left > 0 && !this.stopped) {
      this.sliceQueued = true;
      setImmediate(() => this.handleSlice());
    }
  }

  /** Resolves once everything read until now is handled (at once when nothing waits). */
  private handledSoFar(): Promise<void> {
    if (this.backlog === 0) return Promise.resolve();
    return new Promise((resolve) => this.inbox.push({ reached: resolve }));
  }

  /** A message the link cannot use: said (counted on the screen), never thrown. */
  private unreadable(): void {
    this.events.emit({ type: 'unreadable' });
  }

  private receive(payload: string | null): void {
    if (payload === null) return this.unreadable();
    let message: unknown;
    try {
      message = JSON.parse(payload);
    } catch {
      return this.unreadable(); // a garbled message tells nothing
    }
    const reply = Reply.safeParse(message);
    if (reply.success) {
      const waiting = this.pending.get(reply.data.token);
      if (!waiting) return; // late, after its request gave up
      clearTimeout(waiting.timer);
      this.pending.delete(reply.data.token);
      waiting.resolve({ ok: reply.data.ok, detail: reply.data.data });
      return;
    }
    const heard = Heard.safeParse(message);
    if (heard.success) this.hear(heard.data);
    else this.unreadable();
  }

  private hear(message: HeardMessage): void {
    // Calls the agent dials out are not followed (yet): only what rings in. Nor are events of
    // other kinds (registrations).
    if (message.direction !== 'incoming' || !CALL_EVENTS.has(message.type)) return;
    const id = message.id;
    if (id === undefined) return this.unreadable();
    // The phone no longer has a call it said ended: a later event for it rings no phantom.
    if (this.endedIds.has(id)) return;
    this.heard++;
    if (message.type === 'CALL_INCOMING') {
      if (this.calls.has(id)) return; // said twice: the call is already followed
      if (this.calls.size >= BOUNDS.calls) return this.unreadable();
      const peerUri = (message.peeruri ?? message.param ?? '').slice(0, BOUNDS.uri);
      // The display name and number are the caller's to choose: nothing in them may drive the terminal.
      const name = callerText(message.peerdisplayname ?? '', BOUNDS.name);
      this.calls.set(id, { peerUri, name, established: false, callerHeld: false, heardAt: this.heard });
      this.events.emit({ type: 'incoming', callId: id, number: numberOf(peerUri), name });
      return;
    }
    const call = this.calls.get(id);
    if (!call) return;
    call.heardAt = this.heard;
    switch (message.type) {
      case 'CALL_ESTABLISHED':
        if (call.established) return;
        call.established = true;
        this.events.emit({ type: 'established', callId: id });
        break;
      case 'CALL_CLOSED':
        this.forget(id);
        // The reason may be the far end's own words (a SIP reason phrase), shown on the screen.
        this.events.emit({ type: 'closed', callId: id, by: closedBy(message.param ?? ''), detail: callerText(message.param ?? '', BOUNDS.detail) });
        break;
      case 'CALL_REMOTE_SDP':
        // 1.0.0 has no hold events: a new offer from an established caller may be a hold or a
        // resume, and the audio direction tells which.
        if (message.param === 'offer' && call.established) this.checkCallerHold(id).catch(reportInternalError);
        break;
    }
  }

  /** The call is over on the phone: forgotten, and its Call-ID remembered as ended (the most recent ones). */
  private forget(id: string): void {
    this.calls.delete(id);
    this.endedIds.add(id);
    if (this.endedIds.size > BOUNDS.ended) this.endedIds.delete(this.endedIds.values().next().value!);
  }

  /** Asks whether the caller holds the call; tells on a change (or always, after a resync). */
  private async checkCallerHold(id: string, tellAnyway = false): Promise<void> {
    await this.exclusive(async () => {
      const call = this.calls.get(id);
      if (!call || !(await this.select(id))) return;
      const debug = await this.request('audio_debug');
      const direction = /audio dir=(\w+)/.exec(debug.detail)?.[1];
      if (!debug.ok || !direction) return;
      const held = direction === 'recvonly' || direction === 'inactive';
      if ((held === call.callerHeld && !tellAnyway) || !this.calls.has(id)) return;
      call.callerHeld = held;
      this.events.emit({ type: 'callerHold', callId: id, held });
    });
  }

  /** Makes the call baresip's current one (its commands act on the current call). */
  private async select(callId: string): Promise<boolean> {
    return isFound(await this.request('callfind', callId));
  }

  private onCall(callId: string, command: string): Promise<CommandResult> {
    return this.exclusive(async () => {
      if (!this.calls.has(callId) || !(await this.select(callId))) return { ok: false, detail: said(DETAILS).noSuchCall };
      return this.request(command);
    });
  }

  /**
   * After a (re)connect: what the phone has now. Events in between were lost, so every call
   * `listcalls` shows is made current in turn (`line N`) and `callstat` tells its Call-ID and
   * direction; a call the link knew that is not among them ended meanwhile. The link counts as
   * connected once this is done: before, something took the connection but baresip has not
   * answered.
   *
   * `older`: the messages read before this connection opened are handled (a flood the last one
   * left). They are older than the list, so they are handled first: counted as newer, an event
   * read before a drop would undo the list (a call whose end was lost would ring again).
   */
  private async resync(older: Promise<void>): Promise<void> {
    await this.exclusive(async () => {
      // A resync the link drops in the middle of is left: the next connection does its own.
      const socket = this.socket;
      await older;
      if (this.socket !== socket) throw new ResyncCut();
      const ask = async (command: string, params = '') => {
        const reply = await this.request(command, params);
        if (this.socket !== socket) throw new ResyncCut();
        return reply;
      };
      const since = this.heard;
      const listed = await ask('listcalls');
      if (!listed.ok || !listed.detail.includes('Active calls')) {
        this.socket?.destroy(); // no baresip there (or it does not answer): try again later
        return;
      }
      const found: PhoneCall[] = [];
      const present = new Set<string>();
      const listedLive: string[] = [];
      // A phone with more calls than any desk takes is not believed past that many.
      for (const line of parseListCalls(listed.detail).slice(0, BOUNDS.calls)) {
        await ask('line', String(line.line));
        const stat = (await ask('callstat')).detail;
        const callId = /\bid=(\S+)/.exec(stat)?.[1];
        if (!callId || callId.length > BOUNDS.callId) continue;
        present.add(callId);
        // Calls the agent dials out are not followed (yet), nor calls on their way out, nor one the phone said ended.
        if (!/direction:\s*Incoming/i.test(stat) || (line.state !== 'INCOMING' && line.state !== 'ESTABLISHED') || this.endedIds.has(callId)) continue;
        // The display name is the caller's to choose, as on CALL_INCOMING.
        const name = nameInCallStat(stat);
        const known = this.calls.get(callId);
        if (known && known.heardAt > since) continue; // its own events are newer than this list
        if (!known && this.calls.size >= BOUNDS.calls) continue;
        const live = line.state === 'ESTABLISHED';
        this.calls.set(callId, { peerUri: line.peerUri.slice(0, BOUNDS.uri), name, established: live, callerHeld: known?.callerHeld ?? false, heardAt: since });
        found.push({ callId, state: live ? 'live' : 'ringing', onHold: line.onHold, number: numberOf(line.peerUri), name, liveForMs: live ? line.seconds * 1000 : 0 });
        if (live) listedLive.push(callId);
      }
      // Gone from the phone while nobody listened, unless its events since say otherwise.
      for (const [callId, call] of this.calls) {
        if (!present.has(callId) && call.heardAt <= since) this.forget(callId);
      }
      // A call heard of while this list was asked for is as its events say.
      for (const [callId, call] of this.calls) {
        if (call.heardAt > since) found.push({ callId, state: call.established ? 'live' : 'ringing', onHold: false, number: numberOf(call.peerUri), name: call.name, liveForMs: 0 });
      }
      this.failures = 0;
      this.downSince = null;
      if (this.lostTimer) clearTimeout(this.lostTimer);
      this.everConnected = true;
      this.setState('connected');
      this.events.emit({ type: 'resync', calls: found });
      // The caller may have held or resumed while nobody listened: ask again (queued after this).
      for (const call of listedLive) this.checkCallerHold(call, true).catch(reportInternalError);
    }).catch((error: unknown) => {
      // A resync cut short by a drop is moot; anything else is a fault of Ringside's own.
      if (!(error instanceof ResyncCut)) reportInternalError(error);
    });
  }

  private request(command: string, params = ''): Promise<CommandResult> {
    const socket = this.socket;
    if (!socket || socket.connecting) return Promise.resolve({ ok: false, detail: said(DETAILS).notConnected });
    const token = `ringside-${++this.nextToken}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        resolve({ ok: false, detail: said(DETAILS).noAnswer(command) });
      }, this.requestTimeoutMs);
      timer.unref?.();
      this.pending.set(token, { resolve, timer });
      // One write per request: with small separate writes Nagle costs ~45 ms.
      const payload = JSON.stringify({ command, params, token });
      this.options.wire?.({ out: payload });
      socket.write(encodeNetstring(payload));
    });
  }

  /** Runs command sequences one after another (a failing one does not stop the next). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
