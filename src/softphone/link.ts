/**
 * A link to the phone the agent talks on. The phone knows when a call rings, is answered, is put
 * on hold by the far end and ends, and who ended it; the agent's answer, hang-up and hold keys
 * are commands to it. Each softphone that Ringside can follow implements this interface: baresip
 * over ctrl_tcp, and later others (docs/softphone.md names them and what each would need). With
 * no softphone the keyboard is the phone: its keys move the call on the desk directly.
 *
 * Links speak in phone terms, never in machine events: `follow.ts` turns what a link reports
 * into call-machine events, so every phone drives the same machine the same way.
 */
import { reportInternalError } from '../errors.js';

/** How the link stands: the screen shows it beside the agent. */
export type LinkState =
  /** The keyboard is the phone: always there. */
  | 'keyboard'
  | 'connecting'
  | 'connected'
  /** The link dropped; trying again soon (the agent carries on by keyboard meanwhile). */
  | 'reconnecting'
  /** Down for a while: still retrying, less often. */
  | 'lost';

/** A call the phone has, as a resync lists it. */
export interface PhoneCall {
  readonly callId: string;
  readonly state: 'ringing' | 'live';
  /** On hold at this end (the agent's hold). */
  readonly onHold: boolean;
  readonly number: string;
  readonly name: string;
  /** A live call: how long since it was answered (it may have been answered while the link was down). */
  readonly liveForMs: number;
}

/** What a link reports. Times are when the report arrives: the follower stamps them. */
export type PhoneEvent =
  | { readonly type: 'incoming'; readonly callId: string; readonly number: string; readonly name: string }
  | { readonly type: 'established'; readonly callId: string }
  /**
   * The call ended. `by`: who ended it; `line` when neither did (a network drop, a timeout),
   * with the phone's words in `detail`. A call that ends before it was answered is a missed
   * call (by the caller) or a rejected one (by the agent).
   */
  | { readonly type: 'closed'; readonly callId: string; readonly by: 'caller' | 'agent' | 'line'; readonly detail: string }
  /** The far end put the call on hold, or took it off. */
  | { readonly type: 'callerHold'; readonly callId: string; readonly held: boolean }
  | { readonly type: 'state'; readonly state: LinkState }
  /** The phone said something the link could not use (malformed, or past a bound): dropped. */
  | { readonly type: 'unreadable' }
  /** After a reconnect: every call the phone has now (events in between were lost). */
  | { readonly type: 'resync'; readonly calls: readonly PhoneCall[] };

/** A command's result: the phone said no (with its words), or it went through. */
export interface CommandResult {
  readonly ok: boolean;
  readonly detail: string;
}

export interface SoftphoneLink {
  /** What the screen and the docs call it, e.g. "baresip 127.0.0.1:4444". */
  readonly label: string;
  readonly state: LinkState;
  /** Listens to the link; returns the way to stop listening. */
  subscribe(listener: (event: PhoneEvent) => void): () => void;
  start(): void;
  stop(): void;
  /** Commands on one call. An ok reply is not the fact: the phone's event is (accept says ok with no call). */
  answer(callId: string): Promise<CommandResult>;
  hangUp(callId: string): Promise<CommandResult>;
  hold(callId: string): Promise<CommandResult>;
  resume(callId: string): Promise<CommandResult>;
}

/** The listeners of a link, shared by the implementations. */
export class PhoneEvents {
  private readonly listeners = new Set<(event: PhoneEvent) => void>();

  subscribe(listener: (event: PhoneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Every listener hears the event, whatever another one does: a listener's error is its own
   * (reported, not thrown into the link), so the link's own bookkeeping (a resync) completes.
   */
  emit(event: PhoneEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        reportInternalError(error);
      }
    }
  }
}
