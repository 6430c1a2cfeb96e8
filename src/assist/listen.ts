/**
 * The listener: what a final segment of speech means for the call, decided at the edge so the
 * call machine stays pure and the logged HEARD event replays to the same call. An agent's segment
 * is matched against the ways to say each step the machine would tick now (its line with the
 * variables filled, and its `heard:` list) and the pack's ready lines; the best match at or above
 * the threshold names the step. A caller's segment carries its cues. Both carry what the rules
 * need (a polite word, a listening sound).
 */
import { heardCandidates, type CallContext } from '../../machines/call.js';
import type { Pack, Step } from '../pack/schema.js';
import type { CallCommand } from '../call/session.js';
import { fillLine, lineVariables, type DeskVariables } from '../ui/view.js';
import { callerCues, isBackchannel, politeWord } from './cues.js';
import { indexPhrases, matchSpeech, type Phrase, type PhraseIndex } from './match.js';
import type { Segment } from './segment.js';

export interface ListenOptions {
  /** A match scoring this much (0 to 1) ticks its step (the `heardThreshold` setting). */
  threshold: number;
  /** The desk's values for the lines' {variables} (company, hotline, agent number and name). */
  variables: DeskVariables;
}

/** A ready line's key among the phrases (a step's key is its id). */
const LINE_KEY = 'line:';

/**
 * The ways to say a step: its line with the variables filled, split where the agent says their own
 * words ("关于您咨询的问题，……": the fixed part is what can be heard), and its heard list.
 */
function phrasesOf(key: string, line: string, heard: readonly string[], variables: Record<string, string>): Phrase[] {
  const pieces = fillLine(line, variables)
    .split(/…+|\.{3,}|（[^）]*）|\([^)]*\)/u)
    .map((piece) => piece.replace(/^[\s,，。.!！?？、]+|[\s,，。.!！?？、]+$/gu, ''))
    .filter((piece) => [...piece].length >= 2);
  return [...pieces, ...heard.map((entry) => fillLine(entry, variables))].map((text) => ({ key, text }));
}

/** Prepared phrase sets, by pack, filled values and candidate keys: a phase's few sets are read once. */
const indexes = new Map<string, PhraseIndex>();
const INDEXES_KEPT = 64;

function indexFor(pack: Pack, variables: Record<string, string>, steps: readonly Step[]): PhraseIndex {
  const key = JSON.stringify([pack.id, variables, steps.map((step) => step.id)]);
  let index = indexes.get(key);
  if (!index) {
    const phrases = [
      ...steps.flatMap((step) => phrasesOf(step.id, step.line, step.heard ?? [], variables)),
      ...pack.lines.flatMap((line) => phrasesOf(`${LINE_KEY}${line.id}`, line.line, line.heard ?? [], variables)),
    ];
    index = indexPhrases(phrases, pack.language);
    if (indexes.size >= INDEXES_KEPT) indexes.delete(indexes.keys().next().value!);
    indexes.set(key, index);
  }
  return index;
}

/**
 * The HEARD command for a final segment (null for a partial one or empty words): with the step or
 * ready line an agent's words say, if any scores at the threshold (a step before a ready line, the
 * likelier step first on a tie); with the cues of a caller's words.
 */
export function heardCommand(segment: Segment, ctx: CallContext, options: ListenOptions): CallCommand | null {
  if (!segment.final || segment.text.trim() === '') return null;
  const language = ctx.pack.language;
  const times = { ...(segment.start !== undefined ? { start: segment.start } : {}), ...(segment.end !== undefined ? { end: segment.end } : {}) };
  const base = { type: 'HEARD' as const, speaker: segment.speaker, text: segment.text, ...times };
  if (segment.speaker === 'caller') {
    const cues = callerCues(segment.text, language);
    return cues.length > 0 ? { ...base, cues } : base;
  }
  const polite = politeWord(segment.text, language);
  const said = { ...base, ...(polite ? { polite } : {}), ...(isBackchannel(segment.text, language) ? { backchannel: true } : {}) };
  const candidates = heardCandidates(ctx);
  const variables = lineVariables(ctx.pack, options.variables, ctx.fields);
  const order = new Map<string, number>(candidates.map((step, i) => [step.id, i]));
  const matches = matchSpeech(segment.text, indexFor(ctx.pack, variables, candidates)).filter((match) => match.score >= options.threshold);
  const rank = (key: string) => order.get(key) ?? candidates.length;
  const best = matches.sort((a, b) => b.score - a.score || rank(a.key) - rank(b.key))[0];
  if (!best) return said;
  const score = Math.round(best.score * 1000) / 1000;
  return best.key.startsWith(LINE_KEY) ? { ...said, line: best.key.slice(LINE_KEY.length), score } : { ...said, step: best.key, score };
}
