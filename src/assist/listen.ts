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
import { textFor } from '../ui/text.js';
import { fillLine, lineVariables, type DeskVariables } from '../ui/view.js';
import { callerCues, isBackchannel, politeWord } from './cues.js';
import { heardAt, indexPhrases, matchSpeech, normalizeSpeech, type Match, type Phrase, type PhraseIndex } from './match.js';
import type { Segment } from './segment.js';

export { DEFAULT_HEARD_THRESHOLD } from './match.js';

export interface ListenOptions {
  /** A match scoring this much (0 to 1) ticks its step (the `heardThreshold` setting). */
  threshold: number;
  /** The desk's values for the lines' {variables} (company, hotline, agent number and name). */
  variables: DeskVariables;
}

/** A ready line's key among the phrases (a step's key is its id). */
const LINE_KEY = 'line:';

/**
 * The fewest tokens (characters of Chinese, words of English) a piece of a line split at "……" must
 * keep to be a way to say it: a short fixed opening (您的建议是, 经过确认) turns up in other speech, and
 * the step's heard list says the short ways it is really said.
 */
const PIECE_MIN: Readonly<Record<Pack['language'], number>> = { 'zh-CN': 6, en: 3 };

/**
 * The ways to say a step: its line with the variables filled, split where the agent says their own
 * words ("关于您咨询的问题，……": the fixed part is what can be heard), and its heard list.
 */
function phrasesOf(key: string, line: string, heard: readonly string[], variables: Record<string, string>, language: Pack['language']): Phrase[] {
  const parts = fillLine(line, variables).split(/…+|\.{3,}|（[^）]*）|\([^)]*\)/u);
  const pieces = parts
    .map((piece) => piece.replace(/^[\s,，。.!！?？、:：;；]+|[\s,，。.!！?？、:：;；]+$/gu, ''))
    .filter((piece) => tokenCount(piece, language) >= (parts.length > 1 ? PIECE_MIN[language] : 2));
  return [...pieces, ...heard.map((entry) => fillLine(entry, variables))].map((text) => ({ key, text }));
}

const tokenCount = (text: string, language: Pack['language']) => {
  const normal = normalizeSpeech(text, language);
  return language === 'en' ? normal.split(' ').filter(Boolean).length : [...normal].length;
};

/**
 * Prepared phrase sets, by pack, filled values and candidate keys: a phase's few sets are read
 * once. The newest few are kept (a call makes a handful; each holds its own small cache of the
 * words it has read), the oldest dropped: memory stays bounded call after call.
 */
const indexes = new Map<string, PhraseIndex>();
const INDEXES_KEPT = 16;

function indexFor(pack: Pack, variables: Record<string, string>, steps: readonly Step[]): PhraseIndex {
  const key = JSON.stringify([pack.id, variables, steps.map((step) => step.id)]);
  let index = indexes.get(key);
  if (index) {
    // The newest last: the set in use is the last to go.
    indexes.delete(key);
    indexes.set(key, index);
  } else {
    const phrases = [
      ...steps.flatMap((step) => phrasesOf(step.id, step.line, step.heard ?? [], variables, pack.language)),
      ...pack.lines.flatMap((line) => phrasesOf(`${LINE_KEY}${line.id}`, line.line, line.heard ?? [], variables, pack.language)),
    ];
    index = indexPhrases(phrases, pack.language);
    if (indexes.size >= INDEXES_KEPT) indexes.delete(indexes.keys().next().value!);
    indexes.set(key, index);
  }
  return index;
}

/** The values a step's line is said with: the desk's and the caller's, and a call-back's ticket (why the customer called, and when) as the screen shows it. */
function sayingVariables(ctx: CallContext, desk: DeskVariables): Record<string, string> {
  const ticket: Record<string, string> = ctx.callback ? { about: ctx.callback.about, opened: textFor(ctx.pack.language).day(ctx.callback.openedAt) } : {};
  return { ...lineVariables(ctx.pack, desk, ctx.fields), ...ticket };
}

/**
 * Every step and ready line an agent's words match, best first (each key's best phrase), as
 * indexed for the call now: the steps the machine would tick and the pack's ready lines.
 */
export function heardMatches(text: string, ctx: CallContext, desk: DeskVariables, candidates: readonly Step[] = heardCandidates(ctx)): Match[] {
  return matchSpeech(text, indexFor(ctx.pack, sayingVariables(ctx, desk), candidates));
}

/**
 * Reads every way to say the pack's lines once, before the first call: the pinyin dictionary and
 * the traditional-to-simplified tables load and warm up on their first use (a few hundred
 * milliseconds), which must not fall on the first words of a call.
 */
export function prepareListening(pack: Pack, desk: DeskVariables): void {
  const variables = lineVariables(pack, desk, {});
  const steps = [...new Map([...pack.phases.greeting, ...pack.phases.gathering, ...pack.branches.flatMap((b) => b.steps), ...pack.phases.closing].map((s) => [s.id, s])).values()];
  const index = indexPhrases(steps.flatMap((step) => phrasesOf(step.id, step.line, step.heard ?? [], variables, pack.language)), pack.language);
  // And the matching itself, compiled by the engine after a few runs rather than during a call.
  for (const step of steps.slice(0, 12)) matchSpeech(fillLine(step.line, variables), index);
}

/**
 * Which of the matches heard at the threshold the words say. Often more than one is: a line
 * holds another's words (这个问题我需要向同事确认一下，请您稍等 holds the ask to wait's 请您稍等;
 * 对不起，让您久等了，我们会尽快帮您查询 is the thanks after a hold and the ready line for a caller who
 * finds it slow). Then a step goes before a ready line (a step is what the call is at; a ready
 * line says the same words from the side), and among steps the one the call is likelier at now (the
 * order of heardCandidates: what is owed, the step up, the steps after it, the ask to wait last),
 * whichever scores more; the score decides only between ready lines.
 */
function chosen(matches: readonly Match[], candidates: readonly Step[], threshold: number): Match | undefined {
  const order = new Map<string, number>(candidates.map((step, i) => [step.id, i]));
  const rank = (key: string) => order.get(key) ?? candidates.length;
  const heard = matches.filter((match) => heardAt(match, threshold));
  return heard.sort((a, b) => rank(a.key) - rank(b.key) || b.score - a.score)[0];
}

/**
 * The HEARD command for a final segment (null for a partial one or empty words): with the step or
 * ready line an agent's words say, if any is heard at the threshold (see chosen); with the cues of
 * a caller's words.
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
  const best = chosen(heardMatches(segment.text, ctx, options.variables, candidates), candidates, options.threshold);
  if (!best) return said;
  const score = Math.round(best.score * 1000) / 1000;
  return best.key.startsWith(LINE_KEY) ? { ...said, line: best.key.slice(LINE_KEY.length), score } : { ...said, step: best.key, score };
}
