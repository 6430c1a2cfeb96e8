/**
 * baresip 1.0.0 over its ctrl_tcp module (facts in docs/softphone.md): netstrings of JSON both
 * ways, one client at a time, events lost while nobody is connected. The link keeps one
 * connection, reconnects with backoff when it drops, and resyncs with `listcalls` after.
 */
import net from 'node:net';
import { encodeNetstring, NetstringDecoder } from './netstring.js';
import { PhoneEvents, type CommandResult, type LinkState, type PhoneCall, type PhoneEvent, type SoftphoneLink } from './link.js';

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

/** What the link knows of a call the phone has: where it came from and how far it got. */
interface KnownCall {
  /** baresip's id (the SIP Call-ID); a call found by a resync without one has none. */
  sipId: string | null;
  peerUri: string;
  /** The caller's display name, when the phone gave one. */
  name: string;
  established: boolean;
  callerHeld: boolean;
  /** The number of the last event heard about it (see `heard`). */
  heardAt: number;
}

interface BaresipMessage {
  response?: boolean;
  ok?: boolean;
  data?: string;
  token?: string;
  event?: boolean;
  type?: string;
  direction?: string;
  peeruri?: string;
  peerdisplayname?: string;
  id?: string;
  param?: string;
}

/** One line of `listcalls`: `> [line 1]  0:00:04  ESTABLISHED  (on hold)  sip:…`. */
export interface ListedCall {
  current: boolean;
  state: string;
  onHold: boolean;
  peerUri: string;
}

export function parseListCalls(data: string): ListedCall[] {
  const calls: ListedCall[] = [];
  for (const line of data.split('\n')) {
    const match = /^(>)?\s*\[line \d+\]\s+\S+\s+(\S+)\s+(\(on hold\)\s+)?(\S+)\s*$/.exec(line);
    if (match) calls.push({ current: match[1] === '>', state: match[2]!, onHold: match[3] !== undefined, peerUri: match[4]! });
  }
  return calls;
}

/** The number a SIP URI dials from: the user part of `sip:13800001111@host`, unescaped. */
export function numberOf(peerUri: string): string {
  const user = /^sips?:([^@;>]+)@/.exec(peerUri)?.[1] ?? '';
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}

/** Who ended a call, from the agent side's CALL_CLOSED param (checked against baresip 1.0.0). */
export function closedBy(param: string): 'caller' | 'agent' | 'line' {
  if (/reset by user/i.test(param)) return 'agent';
  if (/reset by peer/i.test(param)) return 'caller';
  return 'line';
}

/** `callfind` made the call current (it answers ok either way: the words tell). */
const isFound = (reply: CommandResult) => reply.ok && !/not found/i.test(reply.detail);

/** The link dropped while a resync was asking: the rest of it is moot. */
class ResyncCut extends Error {}

export class BaresipLink implements SoftphoneLink {
  readonly label: string;
  private linkState: LinkState = 'connecting';
  private readonly events = new PhoneEvents();
  private socket: net.Socket | null = null;
  private readonly decoder = new NetstringDecoder();
  private readonly pending = new Map<string, { resolve: (reply: CommandResult) => void; timer: NodeJS.Timeout }>();
  private nextToken = 0;
  /** Calls by the id the link reports them under (the SIP Call-ID, or `peer:URI` from a resync). */
  private readonly calls = new Map<string, KnownCall>();
  /** Events heard so far: a call heard of after a resync began is newer than its list. */
  private heard = 0;
  /** Command sequences (select a call, then act on it) never interleave. */
  private chain: Promise<unknown> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
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

  subscribe(listener: (event: PhoneEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.destroy();
    this.socket = null;
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
    // Connected means baresip answered, not just that something took the TCP connection.
    socket.on('connect', () => void this.resync());
    socket.on('data', (chunk: Buffer) => {
      let payloads: string[];
      try {
        payloads = this.decoder.push(chunk);
      } catch {
        // Not ctrl_tcp (another program on the port?): drop it and try again later.
        socket.destroy();
        return;
      }
      for (const payload of payloads) this.receive(payload);
    });
    socket.on('error', () => {}); // 'close' follows and handles it
    socket.on('close', () => this.dropped(socket));
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
    for (const [token, { resolve, timer }] of this.pending) {
      clearTimeout(timer);
      resolve({ ok: false, detail: 'the link to the phone dropped' });
      this.pending.delete(token);
    }
    if (this.stopped) return;
    this.downSince ??= Date.now();
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

  private receive(payload: string): void {
    this.options.wire?.({ in: payload });
    let message: BaresipMessage;
    try {
      message = JSON.parse(payload) as BaresipMessage;
    } catch {
      return; // a garbled message tells nothing; the next resync puts things right
    }
    if (message.response && typeof message.token === 'string') {
      const waiting = this.pending.get(message.token);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.pending.delete(message.token);
      waiting.resolve({ ok: message.ok === true, detail: String(message.data ?? '') });
    } else if (message.event) {
      this.hear(message);
    }
  }

  /** The id a call is reported under: its Call-ID, or the `peer:` id a resync gave it. */
  private idOf(message: BaresipMessage): string | null {
    if (message.id && this.calls.has(message.id)) return message.id;
    for (const [id, call] of this.calls) {
      if (call.sipId === null && call.peerUri === message.peeruri) {
        call.sipId = message.id ?? null;
        return id;
      }
    }
    return null;
  }

  private hear(message: BaresipMessage): void {
    // Calls the agent dials out are not followed (yet): only what rings in.
    if (message.direction !== 'incoming') return;
    this.heard++;
    if (message.type === 'CALL_INCOMING' && message.id) {
      const peerUri = message.peeruri ?? message.param ?? '';
      this.calls.set(message.id, { sipId: message.id, peerUri, name: message.peerdisplayname ?? '', established: false, callerHeld: false, heardAt: this.heard });
      this.events.emit({ type: 'incoming', callId: message.id, number: numberOf(peerUri), name: message.peerdisplayname ?? '' });
      return;
    }
    const id = this.idOf(message);
    if (id === null) return;
    const call = this.calls.get(id)!;
    call.heardAt = this.heard;
    switch (message.type) {
      case 'CALL_ESTABLISHED':
        call.established = true;
        this.events.emit({ type: 'established', callId: id });
        break;
      case 'CALL_CLOSED':
        this.calls.delete(id);
        this.events.emit({ type: 'closed', callId: id, by: closedBy(message.param ?? ''), detail: message.param ?? '' });
        break;
      case 'CALL_REMOTE_SDP':
        // 1.0.0 has no hold events: a new offer from an established caller may be a hold or a
        // resume, and the audio direction tells which.
        if (message.param === 'offer' && call.established) void this.checkCallerHold(id);
        break;
    }
  }

  private async checkCallerHold(id: string): Promise<void> {
    await this.exclusive(async () => {
      const call = this.calls.get(id);
      if (!call || !(await this.select(call))) return;
      const debug = await this.request('audio_debug');
      const direction = /audio dir=(\w+)/.exec(debug.detail)?.[1];
      if (!debug.ok || !direction) return;
      const held = direction === 'recvonly' || direction === 'inactive';
      if (held === call.callerHeld || !this.calls.has(id)) return;
      call.callerHeld = held;
      this.events.emit({ type: 'callerHold', callId: id, held });
    });
  }

  /** Makes the call baresip's current one (its commands act on the current call). */
  private async select(call: KnownCall): Promise<boolean> {
    if (call.sipId === null) return true; // found by a resync without an id: it is the current one
    return isFound(await this.request('callfind', call.sipId));
  }

  private onCall(callId: string, command: string): Promise<CommandResult> {
    return this.exclusive(async () => {
      const call = this.calls.get(callId);
      if (!call || !(await this.select(call))) return { ok: false, detail: 'the phone has no such call' };
      return this.request(command);
    });
  }

  /**
   * After a (re)connect: what the phone has now. Events in between were lost, so the calls the
   * link knew are looked up one by one (`callfind`), and a call that came while it was down is
   * the current one, whose id `callstat` tells.
   */
  private async resync(): Promise<void> {
    await this.exclusive(async () => {
      // A resync the link drops in the middle of is left: the next connection does its own.
      const socket = this.socket;
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
      this.failures = 0;
      this.downSince = null;
      this.everConnected = true;
      this.setState('connected');
      const unmatched = parseListCalls(listed.detail).filter((call) => call.state === 'INCOMING' || call.state === 'ESTABLISHED');
      const found: PhoneCall[] = [];
      const take = (id: string, line: ListedCall, name: string) => {
        unmatched.splice(unmatched.indexOf(line), 1);
        const known = this.calls.get(id);
        if (known) known.established = line.state === 'ESTABLISHED';
        found.push({ callId: id, state: line.state === 'ESTABLISHED' ? 'live' : 'ringing', onHold: line.onHold, number: numberOf(line.peerUri), name });
      };
      const current = unmatched.find((call) => call.current);
      if (current) {
        const stat = await ask('callstat');
        const sipId = /\bid=(\S+)/.exec(stat.detail)?.[1] ?? null;
        const name = /peer_uri:\s+(.*?)\s*<[^>]*>/.exec(stat.detail)?.[1]?.replace(/^"|"$/g, '') ?? '';
        if (sipId && !this.calls.has(sipId)) this.calls.set(sipId, { sipId, peerUri: current.peerUri, name, established: false, callerHeld: false, heardAt: since });
        if (sipId) take(sipId, current, name);
      }
      for (const [id, call] of [...this.calls]) {
        if (found.some((f) => f.callId === id) || call.heardAt > since) continue;
        if (call.sipId !== null && !isFound(await ask('callfind', call.sipId))) {
          this.calls.delete(id); // it ended while the link was down
          continue;
        }
        const selected = parseListCalls((await ask('listcalls')).detail).find((l) => l.current);
        const match = selected ? unmatched.find((l) => l.peerUri === selected.peerUri && l.state === selected.state) : undefined;
        if (match) take(id, match, '');
        else this.calls.delete(id);
      }
      // Any other call came while the link was down and is not the current one: no id to ask by.
      for (const line of [...unmatched]) {
        const id = `peer:${line.peerUri}`;
        this.calls.set(id, { sipId: null, peerUri: line.peerUri, name: '', established: false, callerHeld: false, heardAt: since });
        take(id, line, '');
      }
      // Events that came while the resync asked are newer than its answers: a call that ended
      // meanwhile is gone, and one that rang meanwhile is there as its events tell.
      const calls = found.filter((call) => this.calls.has(call.callId) && this.calls.get(call.callId)!.heardAt <= since);
      for (const [callId, call] of this.calls) {
        if (call.heardAt > since) calls.push({ callId, state: call.established ? 'live' : 'ringing', onHold: false, number: numberOf(call.peerUri), name: call.name });
      }
      this.events.emit({ type: 'resync', calls });
    }).catch((error: unknown) => {
      if (!(error instanceof ResyncCut)) throw error;
    });
  }

  private request(command: string, params = ''): Promise<CommandResult> {
    const socket = this.socket;
    if (!socket || socket.connecting) return Promise.resolve({ ok: false, detail: 'the phone is not connected' });
    const token = `ringside-${++this.nextToken}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        resolve({ ok: false, detail: `the phone did not answer "${command}"` });
      }, this.requestTimeoutMs);
      timer.unref?.();
      this.pending.set(token, { resolve, timer });
      // One write per request: with small separate writes Nagle costs ~45 ms.
      const payload = JSON.stringify({ command, params, token });
      this.options.wire?.({ out: payload });
      socket.write(encodeNetstring(payload));
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
