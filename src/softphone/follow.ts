/**
 * Follows a phone: what a link reports enters the desk as the phone's word (a ring with the
 * caller's number and name, the answer, who hung up first, the caller's hold), and the agent's
 * answer and hang-up keys on a call the phone carries become requests to it (`route`); the
 * agent's hold, once the desk has taken and logged it, is told to the phone (`deskMoved`).
 *
 * A call rung by key, and the call on screen while the softphone link is down, are moved by the
 * keys directly on the desk: the follower only watches them (what it keeps is the phone's: calls
 * waiting behind the one on screen, those missed meanwhile, what the keys owe the phone once its
 * link is back). After a reconnect the phone's list of calls puts right what was missed.
 */
import type { CallDesk, DeskPhone, PhoneRoute } from '../call/desk.js';
import { withoutControls } from '../width.js';
import type { CallCommand } from '../call/session.js';
import type { HungUpBy } from '../../machines/call.js';
import type { LinkState, PhoneCall, PhoneEvent, SoftphoneLink } from './link.js';

/** Something the agent should know about the phone, shown on the screen until the next call. */
export type PhoneNotice =
  /** The phone said no to a command, in its words. */
  | { readonly kind: 'refused'; readonly command: 'answer' | 'hangUp' | 'hold' | 'resume'; readonly detail: string }
  /** The call ended on the phone while the link was down: who hung up first is not known. */
  | { readonly kind: 'endedUnseen' }
  /** Neither side hung up: the line dropped (the phone's words). */
  | { readonly kind: 'lineDropped'; readonly detail: string }
  /** The call the agent ended with "caller hung up" while the link was down is still up on the phone. */
  | { readonly kind: 'stillOnPhone' };

/** The phone as the screen reads it (`PhoneFollower.getSnapshot`). */
export interface PhoneView {
  /** A softphone is followed (else the keyboard is the only phone). */
  readonly phone: boolean;
  readonly linkState: LinkState;
  readonly notice: PhoneNotice | null;
  /** Calls ringing on the phone behind the one on screen. */
  readonly waiting: number;
  readonly missedMeanwhile: number;
  readonly unreadable: number;
  readonly phoneTellsHangUp: boolean;
}

interface DeskCall {
  readonly callId: string;
  /** The softphone the call came by (its commands go there while it is up); null: a call by key. */
  readonly link: SoftphoneLink | null;
  /** The phone has no such call any more (it ended, or the agent said the caller hung up). */
  ended: boolean;
  /** The agent's hold as last sent to the phone. */
  held: boolean;
}

interface WaitingCall {
  readonly callId: string;
  readonly link: SoftphoneLink;
  readonly number: string;
  readonly name: string;
  readonly ringAt: number;
  /** When it was answered on the phone itself (away from Ringside), or null. */
  answeredAt: number | null;
}

/** The screen hears of the phone at most this often (see `changed`). */
const NOTIFY_EVERY_MS = 100;

const REQUESTED: PhoneRoute = { kind: 'requested' };
const REFUSED: PhoneRoute = { kind: 'refused' };

export class PhoneFollower implements DeskPhone {
  /** Calls that rang on the phone while another call was on screen, oldest first. */
  readonly waiting: WaitingCall[] = [];
  notice: PhoneNotice | null = null;
  /** Calls that rang and ended while another was on screen (each logged as missed), since that one rang. */
  missedMeanwhile = 0;
  /** Messages the phone sent that its link could not use (malformed, past a bound), since the last call left the screen. */
  unreadable = 0;
  private changeQueued = false;
  private notifiedAt = -Infinity;
  private onDesk: DeskCall | null = null;
  /**
   * What the agent's keys did to softphone calls while its link was down: an answer or a hang-up
   * to tell the phone once it is back; `callerGone`, the agent's word that the caller hung up,
   * which is only checked (the phone is never told to hang up on a caller who may be there).
   */
  private readonly owed = new Map<string, 'answer' | 'hangUp' | 'callerGone'>();
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly desk: CallDesk,
    /** The softphone, or null when the keyboard is the only phone. */
    readonly phone: SoftphoneLink | null,
  ) {
    if (phone) this.unsubscribe = phone.subscribe((event) => this.hear(phone, event));
    desk.phone = this;
    // A call restored after a crash is still on the phone it rang on, if the phone still has it.
    const restored = desk.snapshot.context.phoneCallId;
    if (desk.snapshot.status === 'active' && !desk.snapshot.matches('idle')) {
      this.onDesk = {
        callId: restored ?? 'restored',
        link: restored && phone ? phone : null,
        ended: desk.snapshot.matches('wrapUp'),
        held: desk.snapshot.hasTag('onHold'),
      };
    }
  }

  /** The link the screen shows: the softphone's state, or the keyboard. */
  get linkState(): LinkState {
    return this.phone?.state ?? 'keyboard';
  }

  /**
   * What the screen reads of the phone, as one immutable object: a new one whenever any of it
   * changed, the same one otherwise (read with useSyncExternalStore after `subscribe` tells).
   */
  getSnapshot(): PhoneView {
    const last = this.view;
    const next = {
      phone: this.phone !== null,
      linkState: this.linkState,
      notice: this.notice,
      waiting: this.waiting.length,
      missedMeanwhile: this.missedMeanwhile,
      unreadable: this.unreadable,
      phoneTellsHangUp: this.phoneTellsHangUp,
    };
    if (last && (Object.keys(next) as (keyof PhoneView)[]).every((key) => last[key] === next[key])) return last;
    this.view = Object.freeze(next);
    return this.view;
  }

  private view: PhoneView | null = null;

  start(): void {
    this.phone?.start();
  }

  stop(): void {
    this.stopped = true;
    this.phone?.stop();
    this.unsubscribe?.();
    if (this.desk.phone === this) this.desk.phone = null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells the listeners (the screen) of what changed, at once when the phone has been quiet, and
   * at most every NOTIFY_EVERY_MS while it keeps talking: a flood of calls ringing and giving up
   * behind the call on screen redraws their counts ten times a second, not once an event, and
   * leaves the time to the agent's keys. (The call on screen moves through the desk, at once.)
   */
  private changed(): void {
    if (this.changeQueued) return;
    this.changeQueued = true;
    const notify = () => {
      this.changeQueued = false;
      this.notifiedAt = performance.now();
      if (this.stopped) return;
      for (const listener of this.listeners) listener();
    };
    const wait = this.notifiedAt + NOTIFY_EVERY_MS - performance.now();
    if (wait <= 0) queueMicrotask(notify);
    else setTimeout(notify, wait).unref?.();
  }

  /** The softphone that carries commands for the call on screen now (while its link is up), or null: the keys do. */
  private lineForDesk(): SoftphoneLink | null {
    const call = this.onDesk;
    return call?.link && !call.ended && call.link.state === 'connected' ? call.link : null;
  }

  /**
   * The call on screen is on a softphone that is connected: whether and when the caller hung up
   * is the phone's word alone (R-THEY-HANG-UP), so the "caller hung up" key has nothing to say.
   */
  get phoneTellsHangUp(): boolean {
    return this.lineForDesk() !== null;
  }

  /**
   * A key for the phone (answer, hang up) that the machine would take (asked by the desk): a
   * request to the softphone that carries the call, or, when none does, the key moves the call.
   */
  route(command: CallCommand): PhoneRoute {
    const call = this.onDesk;
    if (!call) return REFUSED;
    // The key would hang up on a caller who may still be there, and log that they hung up first.
    if (command.type === 'CALLER_HANG_UP' && this.phoneTellsHangUp) return REFUSED;
    const line = this.lineForDesk();
    if (line) {
      this.tell(line, call.callId, command.type === 'ANSWER' ? 'answer' : 'hangUp');
      return REQUESTED;
    }
    if (call.link && !call.ended) {
      // A call on a softphone whose link is down: the phone is told (or asked) once the link is back.
      this.owed.set(call.callId, command.type === 'ANSWER' ? 'answer' : command.type === 'CALLER_HANG_UP' ? 'callerGone' : 'hangUp');
      if (command.type === 'CALLER_HANG_UP') {
        // Only the phone could say who hung up first, and it cannot be asked: not judged.
        call.ended = true;
        this.notice = { kind: 'endedUnseen' };
        return { kind: 'direct', command: { type: 'CALLER_HANG_UP', line: true } };
      }
    }
    // No phone carries the call now: the key is what happened.
    if (command.type !== 'ANSWER') call.ended = true;
    return { kind: 'direct', command };
  }

  /** Sends a command to a phone; a refusal is shown in the phone's words (a line of them, nothing that drives the terminal). */
  private tell(link: SoftphoneLink, callId: string, command: 'answer' | 'hangUp' | 'hold' | 'resume'): void {
    const refused = (detail: string) => this.say({ kind: 'refused', command, detail: withoutControls(detail).trim().slice(0, 200) });
    link[command](callId).then(
      (result) => {
        if (!result.ok) refused(result.detail);
      },
      (error: unknown) => refused((error as Error).message),
    );
  }

  private say(notice: PhoneNotice | null): void {
    if (this.stopped) return; // a late reply has no screen to go to
    this.notice = notice;
    this.changed();
  }

  private deskIdle(): boolean {
    return this.desk.snapshot.matches('idle');
  }

  /** What the phone says happened enters the desk as the phone's word. */
  private report(command: CallCommand): void {
    this.desk.take(command, 'phone');
  }

  private hear(link: SoftphoneLink, event: PhoneEvent): void {
    const call = this.onDesk;
    const mine = call && link === call.link && 'callId' in event && event.callId === call.callId ? call : null;
    const waiting = 'callId' in event ? this.waiting.find((call) => call.link === link && call.callId === event.callId) : undefined;
    switch (event.type) {
      case 'state':
        return this.changed();
      case 'incoming':
        // Calls ring on the desk in the order they came: behind any already waiting.
        if (this.deskIdle() && this.waiting.length === 0) this.ringOnDesk(link, event.callId, event.number, event.name);
        else this.waiting.push({ callId: event.callId, link, number: event.number, name: event.name, ringAt: this.desk.clock.now(), answeredAt: null });
        return this.changed();
      case 'established':
        if (mine) this.report({ type: 'ANSWER' });
        else if (waiting) waiting.answeredAt ??= this.desk.clock.now();
        return this.changed();
      case 'closed':
        if (mine && !mine.ended) this.ended(mine, event.by, event.detail);
        else if (waiting) this.endedWaiting(waiting, event.by);
        return this.changed();
      case 'callerHold':
        if (mine) this.report({ type: 'CALLER_HOLD', held: event.held });
        return;
      case 'resync':
        return this.resync(link, event.calls);
      case 'unreadable':
        this.unreadable++;
        return this.changed();
    }
  }

  /**
   * Rings a call on the desk. `since`: when it began ringing on the phone, if it waited;
   * `answeredAt`: when it was answered on the phone, if it was (the ring and talk times stay true).
   */
  private ringOnDesk(link: SoftphoneLink, callId: string, number: string, name: string, since?: number, answeredAt?: number | null): void {
    this.onDesk = { callId, link, ended: false, held: false };
    this.notice = null;
    this.missedMeanwhile = 0;
    this.report({ type: 'RING', number: number || undefined, name: name || undefined, callId, since });
    if (answeredAt != null) this.report({ type: 'ANSWER', since: answeredAt });
  }

  private ended(call: DeskCall, by: HungUpBy, detail: string): void {
    call.ended = true;
    if (by === 'line') this.notice = { kind: 'lineDropped', detail };
    // A dropped line is nobody hanging up on anybody (R-THEY-HANG-UP is not judged).
    if (by === 'agent') this.report({ type: 'AGENT_HANG_UP', phone: true });
    else this.report({ type: 'CALLER_HANG_UP', line: by === 'line' || undefined });
  }

  private endedWaiting(call: WaitingCall, by: HungUpBy): void {
    this.waiting.splice(this.waiting.indexOf(call), 1);
    // Answered on the phone itself, away from Ringside: a call took place that Ringside never saw
    // (not logged as missed; the records issue may want it).
    if (call.answeredAt !== null) return;
    this.desk.logUnanswered({ number: call.number, name: call.name, callId: call.callId, ringAt: call.ringAt, endedAt: this.desk.clock.now(), by });
    this.missedMeanwhile++;
  }

  /** After a reconnect, the phone's calls put right what the link missed. */
  private resync(link: SoftphoneLink, calls: readonly PhoneCall[]): void {
    const now = this.desk.clock.now();
    // What the agent's keys did while the link was down goes to the phone now. A call the agent
    // said the caller had left, still up on the phone, is said to the agent, never hung up.
    for (const [callId, command] of this.owed) {
      const there = calls.find((c) => c.callId === callId);
      if (!there) continue;
      if (command === 'callerGone') this.notice = { kind: 'stillOnPhone' };
      else if (command === 'hangUp' || there.state === 'ringing') this.tell(link, callId, command);
    }
    const endedByKey = new Set([...this.owed].filter(([, command]) => command !== 'answer').map(([callId]) => callId));
    this.owed.clear();
    const call = this.onDesk;
    if (call && call.link === link && !call.ended) {
      const there = calls.find((c) => c.callId === call.callId);
      if (!there) {
        // It ended unseen: over, but who hung up first cannot be known, so it is not judged.
        call.ended = true;
        this.notice = { kind: 'endedUnseen' };
        if (this.desk.snapshot.matches('ringing') || this.desk.snapshot.matches('live')) this.report({ type: 'CALLER_HANG_UP', line: true });
      } else {
        if (there.state === 'live' && this.desk.snapshot.matches('ringing')) this.report({ type: 'ANSWER', since: now - there.liveForMs });
        // The agent's hold is the machine's: a hold or resume pressed while the link was down goes to the phone now.
        call.held = there.onHold;
        this.syncHold();
      }
    }
    // A waiting call the phone no longer has ended unseen: unanswered as far as anyone here knows.
    for (const waiting of [...this.waiting]) {
      if (waiting.link === link && !calls.some((c) => c.callId === waiting.callId)) this.endedWaiting(waiting, 'line');
    }
    // Calls that came while the link was down: in the queue, in the order listed.
    for (const c of calls) {
      if (c.callId === call?.callId || endedByKey.has(c.callId) || this.waiting.some((w) => w.callId === c.callId)) continue;
      this.waiting.push({ callId: c.callId, link, number: c.number, name: c.name, ringAt: now - c.liveForMs, answeredAt: c.state === 'live' ? now - c.liveForMs : null });
    }
    this.nextWaiting();
    this.changed();
  }

  /** The machine is the truth for the agent's hold: the phone follows it. */
  private syncHold(): void {
    const call = this.onDesk;
    if (!call || call.ended || !call.link || call.link.state !== 'connected') return;
    const held = this.desk.snapshot.hasTag('onHold');
    if (held === call.held) return;
    call.held = held;
    this.tell(call.link, call.callId, held ? 'hold' : 'resume');
  }

  /** The desk moved (told by it after the log, before the screen). */
  deskMoved(): void {
    const snapshot = this.desk.snapshot;
    if (!this.onDesk && !snapshot.matches('idle') && snapshot.status === 'active' && !snapshot.context.callback) {
      // A call rung by key: the keys carry it, the follower only knows it is there.
      this.onDesk = { callId: 'keyboard', link: null, ended: false, held: false };
      this.notice = null;
      this.missedMeanwhile = 0;
      this.changed();
    }
    if (snapshot.matches('idle')) {
      if (this.onDesk) {
        this.onDesk = null;
        this.unreadable = 0;
        // What the phone said was about that call.
        if (this.notice) this.say(null);
      }
      // The next call waiting on the phone rings on the desk now (once the machine has settled).
      if (this.waiting.length > 0) queueMicrotask(() => this.nextWaiting());
      return;
    }
    if (snapshot.matches('live')) this.syncHold();
    else if (this.onDesk && !snapshot.matches('ringing')) this.onDesk.held = false;
  }

  /** The oldest waiting call rings on the desk, if the desk is free (it leaves the queue only then). */
  private nextWaiting(): void {
    const next = this.waiting[0];
    if (!next || !this.deskIdle()) return;
    this.waiting.shift();
    this.ringOnDesk(next.link, next.callId, next.number, next.name, next.ringAt, next.answeredAt);
    this.changed();
  }
}
