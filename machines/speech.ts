/**
 * What the transcript feed heard in a call, kept as the rules need it: who spoke how often, the
 * agent's first polite word (R-POLITE), the agent starting to speak over the caller
 * (R-NO-INTERRUPT), the caller's thanks still owed an answer (R-RECIPROCATE) and what the
 * caller's words suggested. Bounded however long the call: a few recent segments, a few
 * interruptions, a few cues. Pure: the words were read at the edge (src/assist/listen.ts), and
 * the HEARD event carries what was found in them, so a logged call replays to the same facts.
 */
import type { Speaker } from '../src/assist/segment.js';

/** What a caller's words suggest (src/assist/cues.ts). Only thanks and goodbye change the call (R-RECIPROCATE due); the rest are offered to the agent. */
export type CallerCue = 'thanks' | 'goodbye' | 'complaint' | 'manager' | 'person' | 'question';

export const CALLER_CUES: readonly CallerCue[] = ['thanks', 'goodbye', 'complaint', 'manager', 'person', 'question'];

/** A final segment as the call machine takes it (the HEARD event less its type and moment). */
export interface HeardSpeech {
  speaker: Speaker;
  text: string;
  /** Times on the feed's own timeline (ms), when the recogniser gives them. */
  start?: number;
  end?: number;
  /** The polite word found in the agent's words (请, 您, 谢谢, please …), if any. */
  polite?: string;
  /** Only a listening sound (嗯, 对, 好的, uh-huh): not taking the turn. */
  backchannel?: boolean;
  cues?: CallerCue[];
}

export interface SpeechFacts {
  agentSegments: number;
  /** The agent's segments that were more than a listening sound: what R-POLITE looks at. */
  agentSentences: number;
  callerSegments: number;
  /** Segments of each side that came with times: R-NO-INTERRUPT is judged only when both did. */
  timed: { agent: number; caller: number };
  /** The first polite word heard from the agent, and the words it was in. */
  polite: { at: number; word: string; text: string } | null;
  /** The agent starting to speak while the caller was speaking: the first INTERRUPTIONS_KEPT of `interruptionCount`. */
  interruptions: { at: number; text: string; overlapMs: number; agentStart: number }[];
  interruptionCount: number;
  /** The last few timed segments, to tell an overlap when the other side's segment arrives later. */
  recent: { speaker: Speaker; start: number; end: number; backchannel: boolean; text: string }[];
  /** The caller thanked or said goodbye and the agent has not answered in kind yet. */
  reciprocateDue: { at: number; text: string } | null;
  /** What the caller's words suggested, newest last. */
  cues: { cue: CallerCue; at: number }[];
  /** When the agent was last heard, and when the caller last asked something (the R-REPEAT suggestion). */
  agentAt: number | null;
  questionAt: number | null;
  /** When the agent was last heard asking the caller to wait (R-HOLD-ASK: the hold that follows was asked for). */
  askedToWaitAt: number | null;
}

export const NO_SPEECH: SpeechFacts = {
  agentSegments: 0,
  agentSentences: 0,
  callerSegments: 0,
  timed: { agent: 0, caller: 0 },
  polite: null,
  interruptions: [],
  interruptionCount: 0,
  recent: [],
  reciprocateDue: null,
  cues: [],
  agentAt: null,
  questionAt: null,
  askedToWaitAt: null,
};

/** How many timed segments are kept to compare (both sides): a reply arrives within a few. */
export const SPEECH_RECENT = 8;
export const INTERRUPTIONS_KEPT = 5;
export const CUES_KEPT = 8;
/**
 * The agent starting this long before the caller stopped is talking over them. Less is the normal
 * overlap of turn-taking (and a recogniser's segment edges are that loose).
 */
export const INTERRUPT_OVERLAP_MS = 800;
/** The agent's words are judged for R-POLITE once this many of their sentences were heard without one. */
export const POLITE_AFTER_SEGMENTS = 3;
/**
 * R-NO-INTERRUPT is judged once this many timed segments of each side were heard: a feed that
 * heard a sentence or two of a call has not heard whether the agent let the caller finish.
 */
export const TIMED_TO_JUDGE = 3;

type Timed = SpeechFacts['recent'][number];

/** The agent (`agent`) began while the caller (`caller`) was still speaking, well before they stopped. */
function talksOver(agent: Timed, caller: Timed): number | null {
  if (agent.backchannel) return null;
  const overlap = caller.end - agent.start;
  return caller.start < agent.start && overlap >= INTERRUPT_OVERLAP_MS ? overlap : null;
}

/**
 * The facts after one more final segment. `reciprocateOpen`: the reciprocation step is there to
 * be said (the caller's thanks makes it due only then).
 */
export function heardFacts(facts: SpeechFacts, heard: HeardSpeech, at: number, reciprocateOpen: boolean): SpeechFacts {
  const agent = heard.speaker === 'agent';
  let next: SpeechFacts = {
    ...facts,
    agentSegments: facts.agentSegments + (agent ? 1 : 0),
    agentSentences: facts.agentSentences + (agent && !heard.backchannel ? 1 : 0),
    callerSegments: facts.callerSegments + (agent ? 0 : 1),
    agentAt: agent && !heard.backchannel ? at : facts.agentAt,
  };
  if (agent && heard.polite && !facts.polite) next.polite = { at, word: heard.polite, text: heard.text };
  if (!agent) {
    const cues = heard.cues ?? [];
    if (cues.length > 0) next.cues = [...facts.cues, ...cues.map((cue) => ({ cue, at }))].slice(-CUES_KEPT);
    if (cues.includes('question')) next.questionAt = at;
    // Thanks in a complaint ("谢谢你们啊，这么久都没人管") is no thanks to answer in kind.
    if ((cues.includes('thanks') || cues.includes('goodbye')) && !cues.includes('complaint') && reciprocateOpen && !facts.reciprocateDue) {
      next.reciprocateDue = { at, text: heard.text };
    }
  }
  const { start, end } = heard;
  if (typeof start === 'number' && typeof end === 'number' && Number.isFinite(start) && Number.isFinite(end) && end >= start) {
    const segment: Timed = { speaker: heard.speaker, start, end, backchannel: heard.backchannel === true, text: heard.text };
    next = { ...next, timed: { agent: next.timed.agent + (agent ? 1 : 0), caller: next.timed.caller + (agent ? 0 : 1) } };
    // Each pair of segments is looked at once: when the later of the two arrives.
    for (const other of facts.recent) {
      if (other.speaker === heard.speaker) continue;
      const [agentSide, callerSide] = agent ? [segment, other] : [other, segment];
      const overlap = talksOver(agentSide, callerSide);
      if (overlap === null || next.interruptions.some((seen) => seen.agentStart === agentSide.start)) continue;
      next.interruptionCount = next.interruptionCount + 1;
      if (next.interruptions.length < INTERRUPTIONS_KEPT) {
        next.interruptions = [...next.interruptions, { at, text: agentSide.text, overlapMs: overlap, agentStart: agentSide.start }];
      }
    }
    next.recent = [...facts.recent, segment].slice(-SPEECH_RECENT);
  }
  return next;
}
