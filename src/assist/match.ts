/**
 * Matching what was said to the phrases of the steps. Pure and deterministic: the same words and
 * phrases always give the same scores.
 *
 * A phrase is found in what was said by a semi-global alignment: the whole phrase must be aligned,
 * what was said may hold more before and after it (two lines in one segment, words around a line).
 * Chinese compares characters and their toneless pinyin, so a recogniser's homophone (在见 for 再见)
 * costs little and a near reading (你好 for 您好, the fuzzy pinyin IMEs know) a bit more; English
 * compares words, and a word one edit away from a longer one is near. The score is 1 − cost / the
 * phrase's length: how much of the phrase would have to change to read as said.
 *
 * pinyin-pro's dictionaries and opencc-js's take a few hundred milliseconds to load, once: the
 * first indexPhrases pays for them, so import this module and build the index when a feed starts,
 * not on the screen's start nor on the first segment.
 */
import { pinyin } from 'pinyin-pro';
import { SEGMENT_TEXT_MAX } from './segment.js';
import { speechTokens, type SpeechLanguage } from './speech-text.js';

export { normalizeSpeech } from './speech-text.js';

/** A way to say a step: its line with the variables filled, or one of its `heard:` entries. `key` is the step id. */
export interface Phrase {
  readonly key: string;
  readonly text: string;
}

/** The best phrase of one key for what was said, and how well it matched: 0 (nothing alike) to 1 (said as written). */
export interface Match {
  readonly key: string;
  readonly phrase: string;
  readonly score: number;
  /** How long the phrase is, in tokens (characters of Chinese, words of English): see heardAt. */
  readonly size: number;
}

/** Phrases prepared once (normalized, their pinyin read) for many segments. */
export interface PhraseIndex {
  readonly language: 'zh-CN' | 'en';
  readonly size: number;
}

/**
 * The score from which a phrase of TYPICAL_PHRASE tokens counts as said (the `heardThreshold`
 * setting; heardAt moves it for shorter and longer phrases). In tests/assist/match.test.ts every
 * kind of recognition error the issue names leaves its line at 0.82 or more (the lowest: a near
 * reading in a two-character phrase, 你好 for 您好, 0.825; one character dropped from, or two put
 * into, a five-character line, 0.84), while unrelated everyday speech stays under 0.6 (0.54 at most)
 * against every line of the built-in packs. On the bench corpus (tests/bench/assist.mjs, pack
 * zh-CN-general) 0.7 with heardAt's length rule ticks 97.0 % of correct lines and 0.46 % of
 * unrelated sentences; 0.75 ticks 91.9 % and 0.11 %, 0.65 98.2 % and 0.93 %: 0.7 meets both of the
 * issue's goals (95 %, 1 %) with the most room on each.
 */
export const DEFAULT_HEARD_THRESHOLD = 0.7;

/** The phrase length at which the threshold is the setting as given. */
export const TYPICAL_PHRASE = 6;
/** How far the length moves the threshold: this times (1/√length − 1/√TYPICAL_PHRASE). */
const LENGTH_SLOPE = 0.5;

/**
 * Whether a match is heard at `threshold`. Unrelated speech holds a few characters of a short
 * phrase by chance, but hardly ever most of a long one, while a long line is the one an agent says
 * in part or in their own words: so a short phrase must score more than the threshold (two
 * characters +0.1, three +0.08, four +0.05) and a long one may score less (ten −0.05, twenty −0.09, thirty −0.11).
 * The score itself still says how much of the phrase was heard.
 */
export function heardAt(match: Pick<Match, 'score' | 'size'>, threshold: number): boolean {
  return match.score >= Math.min(1, threshold + lengthAllowance(match.size)) - 1e-9;
}

/**
 * What a phrase of `size` tokens must score over the threshold (below it for a long phrase); at
 * most SHORT_ALLOWANCE over, so a near reading of a two-character phrase (你好 for 您好, 0.825) is
 * still heard at the default.
 */
function lengthAllowance(size: number): number {
  return Math.min(SHORT_ALLOWANCE, LENGTH_SLOPE * (1 / Math.sqrt(Math.max(1, size)) - 1 / Math.sqrt(TYPICAL_PHRASE)));
}
const SHORT_ALLOWANCE = 0.1;

/**
 * The costs of the alignment, in hundredths of a phrase token: a token said as another costs a whole
 * one, left out (recognisers drop syllables) a bit less, added less again (agents put words in); a
 * homophone a tenth of one, a near reading or a word one edit away about a third.
 */
export const COSTS = {
  same: 0,
  homophone: 10,
  near: 35,
  different: 100,
  left: 80,
  added: 40,
} as const;

/**
 * Phrases of this many tokens or fewer are short: two or three characters turn up by chance in any
 * speech, so a short phrase must be said nearly as written (gaps and different tokens cost double).
 */
export const SHORT_PHRASE = 4;
const SHORT_FACTOR = 2;
/** A phrase longer than this is cut (a line is a sentence or two; a bound keeps a pack's text from costing time). */
const PHRASE_TOKENS_MAX = 200;
/** What was said beyond this many tokens is not read (a segment is at most SEGMENT_TEXT_MAX, 500 characters). */
const SAID_TOKENS_MAX = 1000;
/** Text beyond this many characters is not read at all: normalizing costs time too, and no one says a page. */
const TEXT_MAX = 4 * SEGMENT_TEXT_MAX;
/** Slots per said token for its readings (polyphones: 还 hai/huan) and their near forms. */
const SLOTS = 3;

/** A phrase index as built here; PhraseIndex is what callers see. */
class PreparedIndex implements PhraseIndex {
  readonly size: number;
  constructor(
    readonly language: SpeechLanguage,
    /** Each phrase as given, its key's number, and where its tokens lie in the arrays below. */
    readonly phrases: readonly string[],
    readonly keyOf: Int32Array,
    readonly keys: readonly string[],
    readonly start: Int32Array,
    readonly length: Int32Array,
    /** Per phrase token: its id, its reading's id, its near reading's id (zh) or the word's id again (en). */
    readonly tokens: Int32Array,
    readonly readings: Int32Array,
    readonly nears: Int32Array,
    readonly tokenIds: ReadonlyMap<string, number>,
    readonly readingIds: ReadonlyMap<string, number>,
    readonly nearIds: ReadonlyMap<string, number>,
    /** English: each word of the phrases by its one-deletion forms, to find said words one edit away. */
    readonly deletions: ReadonlyMap<string, readonly number[]>,
    readonly words: readonly string[],
  ) {
    this.size = phrases.length;
  }
  /** Said tokens read once per index (bounded: the characters of a language are many, a call's are few). */
  readonly saidCache = new Map<string, Int32Array>();
}

/** Prepares the phrases once for many segments (a phrase with nothing left once normalized never matches). */
export function indexPhrases(phrases: readonly Phrase[], language: 'zh-CN' | 'en'): PhraseIndex {
  const tokenIds = new Map<string, number>();
  const readingIds = new Map<string, number>();
  const nearIds = new Map<string, number>();
  const idIn = (map: Map<string, number>, text: string) => {
    let id = map.get(text);
    if (id === undefined) map.set(text, (id = map.size));
    return id;
  };
  const kept: string[] = [];
  const keyOf: number[] = [];
  const keys: string[] = [];
  const keyIds = new Map<string, number>();
  const starts: number[] = [];
  const lengths: number[] = [];
  const tokens: number[] = [];
  const readings: number[] = [];
  const nears: number[] = [];
  for (const phrase of phrases) {
    const said = speechTokens(phrase.text.slice(0, TEXT_MAX), language).slice(0, PHRASE_TOKENS_MAX);
    if (said.length === 0) continue;
    let key = keyIds.get(phrase.key);
    if (key === undefined) {
      keyIds.set(phrase.key, (key = keys.length));
      keys.push(phrase.key);
    }
    kept.push(phrase.text);
    keyOf.push(key);
    starts.push(tokens.length);
    lengths.push(said.length);
    const read = language === 'en' ? said : readingsInContext(said);
    said.forEach((token, i) => {
      const id = idIn(tokenIds, token);
      tokens.push(id);
      if (language === 'en') {
        // No readings in English; a near word is found by spelling (see saidToken).
        readings.push(-2);
        nears.push(id);
      } else {
        const reading = read[i]!;
        readings.push(idIn(readingIds, reading));
        nears.push(idIn(nearIds, nearReading(reading)));
      }
    });
  }
  const words = [...tokenIds.keys()];
  const deletions = new Map<string, number[]>();
  if (language === 'en') {
    words.forEach((word, id) => {
      if (word.length < NEAR_WORD_MIN) return;
      for (const form of deletionForms(word)) {
        const ids = deletions.get(form);
        if (!ids) deletions.set(form, [id]);
        else if (ids.at(-1) !== id) ids.push(id);
      }
    });
  }
  const index = new PreparedIndex(
    language,
    kept,
    Int32Array.from(keyOf),
    keys,
    Int32Array.from(starts),
    Int32Array.from(lengths),
    Int32Array.from(tokens),
    Int32Array.from(readings),
    Int32Array.from(nears),
    tokenIds,
    readingIds,
    nearIds,
    deletions,
    words,
  );
  // One match now, so the first segment of a call does not pay for the readings' first look-up and
  // the alignment's first compile (some 30 ms) when a tick should show within 20.
  if (index.size > 0) matchSpeech(index.phrases[0]!, index);
  return index;
}

// Buffers reused by every call: what was said, one row per said token, and two rows of the alignment.
let saidTokens = new Int32Array(64);
let saidReadings = new Int32Array(64 * SLOTS);
let saidNears = new Int32Array(64 * SLOTS);
let rowBefore = new Int32Array(65);
let rowNow = new Int32Array(65);

function makeRoom(n: number): void {
  if (saidTokens.length >= n) return;
  const size = Math.max(n, saidTokens.length * 2);
  saidTokens = new Int32Array(size);
  saidReadings = new Int32Array(size * SLOTS);
  saidNears = new Int32Array(size * SLOTS);
  rowBefore = new Int32Array(size + 1);
  rowNow = new Int32Array(size + 1);
}

/** Every key's best match for `said`, best first (keys scoring 0 left out; equal scores in the order the keys were indexed). */
export function matchSpeech(said: string, index: PhraseIndex): Match[] {
  if (!(index instanceof PreparedIndex)) throw new TypeError('matchSpeech needs an index made by indexPhrases');
  const tokens = speechTokens(said.slice(0, TEXT_MAX), index.language);
  const n = Math.min(tokens.length, SAID_TOKENS_MAX);
  if (n === 0 || index.size === 0) return [];
  makeRoom(n);
  for (let i = 0; i < n; i++) {
    const row = saidToken(index, tokens[i]!);
    saidTokens[i] = row[0]!;
    for (let s = 0; s < SLOTS; s++) {
      saidReadings[i * SLOTS + s] = row[1 + s]!;
      saidNears[i * SLOTS + s] = row[1 + SLOTS + s]!;
    }
  }

  // A key's phrases compete by how far each is from being heard (heardAt): its cost as a share of
  // its length, plus what its length asks over the threshold. So the phrase reported is the one
  // that, at any threshold, is heard if any of the key's is.
  const bestCost = new Float64Array(index.keys.length).fill(Infinity);
  const bestNeed = new Float64Array(index.keys.length).fill(Infinity);
  const bestPhrase = new Int32Array(index.keys.length).fill(-1);
  for (let p = 0; p < index.size; p++) {
    const key = index.keyOf[p]!;
    const length = index.length[p]!;
    const allowance = 100 * lengthAllowance(length);
    const cost = phraseCost(index, p, n, (bestNeed[key]! - allowance) * length);
    if (cost === null) continue;
    const share = cost / length;
    if (share + allowance < bestNeed[key]!) {
      bestNeed[key] = share + allowance;
      bestCost[key] = share;
      bestPhrase[key] = p;
    }
  }

  const matches: Match[] = [];
  for (let k = 0; k < index.keys.length; k++) {
    const p = bestPhrase[k]!;
    if (p < 0) continue;
    const score = Math.round(Math.max(0, 1 - bestCost[k]! / 100) * 1000) / 1000;
    if (score > 0) matches.push({ key: index.keys[k]!, phrase: index.phrases[p]!, score, size: index.length[p]! });
  }
  // Array sort is stable: equal scores keep the keys' order.
  return matches.sort((a, b) => b.score - a.score);
}

/**
 * The least cost of finding phrase `p` within the first `n` said tokens, or null when it reaches
 * `stopAt` (another phrase of the key is already as good) or the whole phrase's length (score 0).
 */
function phraseCost(index: PreparedIndex, p: number, n: number, stopAt: number): number | null {
  const start = index.start[p]!;
  const length = index.length[p]!;
  const factor = length <= SHORT_PHRASE ? SHORT_FACTOR : 1;
  const different = COSTS.different * factor;
  const left = COSTS.left * factor;
  const added = COSTS.added * factor;
  const limit = Math.min(stopAt, length * 100);
  let before = rowBefore;
  let now = rowNow;
  // Row 0: the phrase may start anywhere in what was said, free.
  before.fill(0, 0, n + 1);
  for (let j = 0; j < length; j++) {
    const token = index.tokens[start + j]!;
    const reading = index.readings[start + j]!;
    const near = index.nears[start + j]!;
    now[0] = before[0]! + left;
    let rowLeast = now[0]!;
    for (let i = 1; i <= n; i++) {
      const s = (i - 1) * SLOTS;
      let sub: number;
      if (saidTokens[i - 1] === token) sub = COSTS.same;
      else if (saidReadings[s] === reading || saidReadings[s + 1] === reading || saidReadings[s + 2] === reading) sub = COSTS.homophone;
      else if (saidNears[s] === near || saidNears[s + 1] === near || saidNears[s + 2] === near) sub = COSTS.near;
      else sub = different;
      let cost = before[i - 1]! + sub;
      const skip = before[i]! + left;
      if (skip < cost) cost = skip;
      const extra = now[i - 1]! + added;
      if (extra < cost) cost = extra;
      now[i] = cost;
      if (cost < rowLeast) rowLeast = cost;
    }
    // A row's least cost never falls in the rows below it.
    if (rowLeast >= limit) return null;
    const t = before;
    before = now;
    now = t;
  }
  let least = before[0]!;
  for (let i = 1; i <= n; i++) if (before[i]! < least) least = before[i]!;
  return least >= limit ? null : least;
}

// ---------------------------------------------------------------- what a said token is to an index

/**
 * A said token against an index: [its id, its readings' ids × SLOTS, its near readings' ids × SLOTS]
 * (−1 where the index has no such one, so it never equals a phrase's). English: near words in the
 * near slots, no readings.
 */
function saidToken(index: PreparedIndex, token: string): Int32Array {
  let row = index.saidCache.get(token);
  if (row) return row;
  row = new Int32Array(1 + 2 * SLOTS).fill(-1);
  row[0] = index.tokenIds.get(token) ?? -1;
  if (index.language === 'en') {
    nearWords(index, token).slice(0, SLOTS).forEach((id, s) => (row![1 + SLOTS + s] = id));
  } else {
    readingsOf(token)
      .slice(0, SLOTS)
      .forEach((reading, s) => {
        row![1 + s] = index.readingIds.get(reading) ?? -1;
        row![1 + SLOTS + s] = index.nearIds.get(nearReading(reading)) ?? -1;
      });
  }
  if (index.saidCache.size < SAID_CACHE_MAX) index.saidCache.set(token, row);
  return row;
}
/** Tokens kept per index: a call's words are a few hundred; a hostile feed's every character is not kept. */
const SAID_CACHE_MAX = 2_000;
/** Characters whose readings are kept, for every index. */
const READINGS_KEPT = 20_000;

// ---------------------------------------------------------------- Chinese readings

const HAN = /\p{Script=Han}/u;
const readingCache = new Map<string, readonly string[]>();

/** Every toneless reading of one character (ü as v), the one most used first; a non-Chinese one is itself. */
function readingsOf(char: string): readonly string[] {
  let readings = readingCache.get(char);
  if (readings) return readings;
  readings = HAN.test(char) ? [...new Set(pinyin(char, { multiple: true, type: 'array', toneType: 'none', v: true }))] : [char];
  if (readings.length === 0) readings = [char];
  if (readingCache.size < READINGS_KEPT) readingCache.set(char, readings);
  return readings;
}

/** The reading of each character of a phrase in its context (还有 hai, 还款 huan). */
function readingsInContext(chars: readonly string[]): string[] {
  const text = chars.join('');
  // A phrase is read once: the listener builds an index for each set of steps up (a few per
  // phase), from the same phrases, and reading one in context costs about a millisecond.
  const known = readPhrases.get(text);
  if (known) return known;
  const read = pinyin(text, { type: 'array', toneType: 'none', v: true });
  const readings = chars.map((char, i) => (read.length === chars.length && HAN.test(char) && read[i] ? read[i]! : readingsOf(char)[0]!));
  if (readPhrases.size >= READ_PHRASES_KEPT) readPhrases.delete(readPhrases.keys().next().value!);
  readPhrases.set(text, readings);
  return readings;
}

/** Phrases read so far, the oldest dropped first: every phrase of a few packs. */
const readPhrases = new Map<string, string[]>();
const READ_PHRASES_KEPT = 4_000;

/**
 * A reading with what speakers and IMEs blur taken out: z/zh, c/ch, s/sh, n/l, an/ang, en/eng,
 * in/ing; and in/i, so 您 (nin) is near 你 (ni).
 */
export function nearReading(reading: string): string {
  return reading
    .replace(/^([zcs])h/, '$1')
    .replace(/^n(?=[aeiouv])/, 'l')
    .replace(/ng$/, 'n')
    .replace(/in$/, 'i');
}

// ---------------------------------------------------------------- English near words

/** Words shorter than this are near nothing but themselves (cat/cut, to/do are different words). */
const NEAR_WORD_MIN = 4;

/** The word and each form of it with one letter left out. */
function deletionForms(word: string): string[] {
  const forms = [word];
  for (let i = 0; i < word.length; i++) forms.push(word.slice(0, i) + word.slice(i + 1));
  return forms;
}

/** The index's words one edit (a letter changed, added or left out) from `word`. */
function nearWords(index: PreparedIndex, word: string): number[] {
  if (word.length < NEAR_WORD_MIN - 1) return [];
  const found = new Set<number>();
  for (const form of deletionForms(word)) {
    for (const id of index.deletions.get(form) ?? []) {
      const candidate = index.words[id]!;
      if (candidate !== word && oneEditApart(word, candidate)) found.add(id);
    }
  }
  return [...found].sort((a, b) => a - b);
}

function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    let differ = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++differ > 1) return false;
    return differ === 1;
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}
