/**
 * What baresip 1.0.0 says over ctrl_tcp, and how it is read: the bounds on every field the far
 * end chooses, the shapes of a reply and of an event, the lines of `listcalls` and `callstat`,
 * and who ended a call. Pure: the link (baresip.ts) keeps the connection and the calls.
 */
import { z } from 'zod';
import { withoutControls } from '../width.js';
import type { CommandResult } from './link.js';

/**
 * Bounds on what the phone says. The far end chooses its display name and URI, and whatever sits
 * on the port may be broken or hostile: every field is cut (or, for a Call-ID that could not be
 * acted on cut, refused) before it goes further.
 */
export const BOUNDS = {
  /** A caller's display name, in characters, after its control characters are taken out. */
  name: 64,
  /** The number taken from the caller's URI. */
  number: 64,
  uri: 512,
  /** A SIP Call-ID: a longer one is not a call Ringside can name to the phone (`callfind`). */
  callId: 256,
  /** The phone's words shown on the screen (why a line dropped). */
  detail: 200,
  /** Calls followed at once (baresip's own `call_max_calls` is 4 by default). */
  calls: 32,
  /** Call-IDs remembered as ended: the phone no longer has them, whatever it says later. */
  ended: 4096,
} as const;

/** A field the phone may leave out or get wrong: what is not a string counts as absent. */
const optionalText = z.string().optional().catch(undefined);
export const Reply = z.object({ response: z.literal(true), token: z.string(), ok: z.boolean().catch(false), data: z.string().catch('') });
export const Heard = z.object({
  event: z.literal(true),
  type: z.string(),
  direction: optionalText,
  id: z.string().min(1).max(BOUNDS.callId).optional().catch(undefined),
  peeruri: optionalText,
  peerdisplayname: optionalText,
  param: optionalText,
});
export type HeardMessage = z.infer<typeof Heard>;

/** The call events the link acts on: each must name its call. */
export const CALL_EVENTS = new Set(['CALL_INCOMING', 'CALL_ESTABLISHED', 'CALL_CLOSED', 'CALL_REMOTE_SDP']);

/** Text the far end chose, made safe to show: no control characters, at most `max` characters. */
export function callerText(text: string, max: number): string {
  const clean = withoutControls(text);
  if (clean.length <= max) return clean;
  return Array.from(clean.slice(0, max * 2)).slice(0, max).join('');
}

/** One line of `listcalls`: `> [line 1]  0:00:04  ESTABLISHED  (on hold)  sip:…`. */
export interface ListedCall {
  line: number;
  /** How long it has been in its state (for an established call: since the answer). */
  seconds: number;
  current: boolean;
  state: string;
  onHold: boolean;
  peerUri: string;
}

export function parseListCalls(data: string): ListedCall[] {
  const calls: ListedCall[] = [];
  for (const line of data.split('\n')) {
    if (line.length > 1024) continue; // not a line of listcalls
    const match = /^(>)?\s*\[line (\d+)\]\s+(\d+):(\d+):(\d+)\s+(\S+)\s+(\(on hold\)\s+)?(\S+)\s*$/.exec(line);
    if (!match) continue;
    const [, current, number, h, m, sec, state, held, peerUri] = match;
    calls.push({ line: Number(number), seconds: Number(h) * 3600 + Number(m) * 60 + Number(sec), current: current === '>', state: state!, onHold: held !== undefined, peerUri: peerUri! });
  }
  return calls;
}

/** The number a SIP URI dials from: the user part of `sip:13800001111@host`, unescaped. */
export function numberOf(peerUri: string): string {
  const user = /^sips?:([^@;>]+)@/.exec(peerUri)?.[1] ?? '';
  try {
    return callerText(decodeURIComponent(user), BOUNDS.number);
  } catch {
    return callerText(user, BOUNDS.number);
  }
}

/**
 * The caller's display name in a `callstat` reply: ` peer_uri:  "Zhang San" <sip:…>` (quoted or
 * not). Read by hand, not by a regular expression, so a name of a thousand `<` stays linear.
 */
export function nameInCallStat(stat: string): string {
  const start = stat.indexOf('peer_uri:');
  if (start === -1) return '';
  const lineEnd = stat.indexOf('\n', start);
  const line = stat.slice(start + 'peer_uri:'.length, lineEnd === -1 ? undefined : lineEnd);
  const open = line.lastIndexOf('<');
  if (open === -1 || line.indexOf('>', open) === -1) return '';
  return callerText(line.slice(0, open).trim().replace(/^"|"$/g, ''), BOUNDS.name);
}

/** Who ended a call, from the agent side's CALL_CLOSED param (checked against baresip 1.0.0). */
export function closedBy(param: string): 'caller' | 'agent' | 'line' {
  if (/reset by user/i.test(param)) return 'agent';
  if (/reset by peer/i.test(param)) return 'caller';
  return 'line';
}

/** `callfind` made the call current (it answers ok either way: the words tell). */
export const isFound = (reply: CommandResult) => reply.ok && !/not found/i.test(reply.detail);
