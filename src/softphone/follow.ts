/**
 * Follows a phone: what a link reports becomes call-machine events on the desk (a ring with the
 * caller's number and name, the answer, who hung up first, the caller's hold), and the agent's
 * answer, hang-up and hold keys become commands to the phone the call is on.
 *
 * The keyboard is always a link too: it carries calls rung by key, and the call on screen while
 * the softphone link is down, so the agent carries on and nothing known about the call is lost.
 * After a reconnect the phone's list of calls puts right what was missed.
 */
import type { CallDesk } from '../call/desk.js';
import { reportInternalError } from '../errors.js';
import { withoutControls } from '../width.js';
import type { CallCommand } from '../call/session.js';
import type { HungUpBy } from '../../machines/call.js';
import { KeyboardPhone, type LinkState, type PhoneCall, type PhoneEvent, type SoftphoneLink } from './link.js';

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
  /** The link the call came by; its commands go there while it is up. */
  link: SoftphoneLink;
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

export class PhoneFollower {
  readonly keyboard = new KeyboardPhone();
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
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly desk: CallDesk,
    /** The softphone, or null when the keyboard is the only phone. */
    readonly phone: SoftphoneLink | null,
  ) {
    for (const link of [this.keyboard, phone]) {
      if (link) this.unsubscribe.push(link.subscribe((event) => this.hear(link, event)));
    }
    this.unsubscribe.push(desk.subscribe(() => this.deskMoved()));
    desk.phone = (command) => this.carry(command);
    // A call restored after a crash is still on the phone it rang on, if the phone still has it.
    const restored = desk.snapshot.context.phoneCallId;
    if (desk.snapshot.status === 'active' && !desk.snapshot.matches('idle')) {
      this.onDesk = {
        callId: restored ?? 'restored',
        link: restored && phone ? phone : this.keyboard,
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
    this.phone?.stop();
    for (const off of this.unsubscribe) off();
    this.desk.phone = null;
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
      if (!this.desk.phone) return; // stopped
      for (const listener of this.listeners) listener();
    };
    const wait = this.notifiedAt + NOTIFY_EVERY_MS - performance.now();
    if (wait <= 0) queueMicrotask(notify);
    else setTimeout(notify, wait).unref?.();
  }

  /** The link that carries commands for the call on screen now: its phone while that is up. */
  private lineForDesk(): SoftphoneLink {
    const call = this.onDesk;
    if (call && !call.ended && call.link.state === 'connected') return call.link;
    return this.keyboard;
  }

  /**
   * The call on screen is on a softphone that is connected: whether and when the caller hung up
   * is the phone's word alone (R-THEY-HANG-UP), so the "caller hung up" key has nothing to say.
   */
  get phoneTellsHangUp(): boolean {
    const call = this.onDesk;
    return call !== null && !call.ended && call.link !== this.keyboard && call.link.state === 'connected';
  }

  /** A key the phone carries (desk.phone): true when it went to the phone. */
  private carry(command: CallCommand): boolean {
    if (command.type === 'RING') {
      this.keyboard.ring();
      return true;
    }
    const call = this.onDesk;
    if (!call) return false;
    // The key would hang up on a caller who may still be there, and log that they hung up first.
    if (command.type === 'CALLER_HANG_UP' && this.phoneTellsHangUp) return false;
    const line = this.lineForDesk();
    if (line !== this.keyboard) {
      this.tell(line, call.callId, command.type === 'ANSWER' ? 'answer' : 'hangUp');
      return true;
    }
    if (call.link !== this.keyboard && !call.ended) {
      // A call on a softphone whose link is down: the phone is told (or asked) once the link is back.
      this.owed.set(call.callId, command.type === 'ANSWER' ? 'answer' : command.type === 'CALLER_HANG_UP' ? 'callerGone' : 'hangUp');
      if (command.type === 'CALLER_HANG_UP') {
        // Only the phone could say who hung up first, and it cannot be asked: not judged.
        call.ended = true;
        this.notice = { kind: 'endedUnseen' };
        this.desk.report({ type: 'CALLER_HANG_UP', line: true });
        return true;
      }
    }
    if (command.type === 'CALLER_HANG_UP') this.keyboard.callerHungUp(call.callId);
    else if (command.type === 'ANSWER') this.keyboard.answer(call.callId).catch(reportInternalError);
    else this.keyboard.hangUp(call.callId).catch(reportInternalError);
    return true;
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
    if (!this.desk.phone) return; // stopped: a late reply has no screen to go to
    this.notice = notice;
    this.changed();
  }

  private deskIdle(): boolean {
    return this.desk.snapshot.matches('idle');
  }

  private hear(link: SoftphoneLink, event: PhoneEvent): void {
    // The call on screen hears its own phone, and the keyboard that stands in while that is down.
    const call = this.onDesk;
    const mine = call && (link === call.link || link === this.keyboard) && 'callId' in event && event.callId === call.callId ? call : null;
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
        if (mine) this.desk.report({ type: 'ANSWER' });
        else if (waiting) waiting.answeredAt ??= this.desk.clock.now();
        return this.changed();
      case 'closed':
        if (mine && !mine.ended) this.ended(mine, link, event.by, event.detail);
        else if (waiting) this.endedWaiting(waiting, event.by);
        return this.changed();
      case 'callerHold':
        if (mine) this.desk.report({ type: 'CALLER_HOLD', held: event.held });
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
    const fromPhone = link !== this.keyboard;
    this.desk.report({ type: 'RING', number: number || undefined, name: name || undefined, callId: fromPhone ? callId : undefined, since });
    if (answeredAt != null) this.desk.report({ type: 'ANSWER', since: answeredAt });
  }

  private ended(call: DeskCall, link: SoftphoneLink, by: HungUpBy, detail: string): void {
    call.ended = true;
    if (by === 'line') this.notice = { kind: 'lineDropped', detail };
    // A dropped line is nobody hanging up on anybody (R-THEY-HANG-UP is not judged).
    if (by === 'agent') this.desk.report({ type: 'AGENT_HANG_UP', phone: link !== this.keyboard });
    else this.desk.report({ type: 'CALLER_HANG_UP', line: by === 'line' || undefined });
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
        if (this.desk.snapshot.matches('ringing') || this.desk.snapshot.matches('live')) this.desk.report({ type: 'CALLER_HANG_UP', line: true });
      } else {
        if (there.state === 'live' && this.desk.snapshot.matches('ringing')) this.desk.report({ type: 'ANSWER', since: now - there.liveForMs });
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
    if (!call || call.ended || call.link === this.keyboard || call.link.state !== 'connected') return;
    const held = this.desk.snapshot.hasTag('onHold');
    if (held === call.held) return;
    call.held = held;
    this.tell(call.link, call.callId, held ? 'hold' : 'resume');
  }

  private deskMoved(): void {
    const snapshot = this.desk.snapshot;
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
