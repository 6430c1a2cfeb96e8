/**
 * A piece of speech as a transcript feed delivers it, whatever engine wrote it (src/assist/feed-shapes.ts
 * reads the shapes). The one type every part of live assist shares: the feed makes segments, the
 * listener (src/assist/listen.ts) turns a final one into a call event.
 */

/** Who spoke: the agent (their microphone) or the caller (the line). */
export type Speaker = 'agent' | 'caller';

export interface Segment {
  speaker: Speaker;
  /** What was heard, as the recogniser wrote it: one line, no control characters, at most SEGMENT_TEXT_MAX characters. */
  text: string;
  /** A final result; a partial one may still change, and only shows as "hearing…". */
  final: boolean;
  /** When the speech started and ended, in ms on the feed's own timeline (both speakers on one timeline). */
  start?: number;
  end?: number;
  /** The recogniser's confidence, 0 to 1. */
  confidence?: number;
}

/** A segment's text is cut to this many characters: a recogniser's utterance is a sentence or two, not a page. */
export const SEGMENT_TEXT_MAX = 500;
