/**
 * The grammar the recogniser listens with: the pack's lines (and the ways agents say them), so it
 * hears the words of a line, not whatever its general language model guesses.
 *
 * Each phrase is cut at its punctuation into pieces. A line is heard from any of its pieces, the
 * pieces after it each optional, in order; an utterance is one or more such lines. Why not the
 * whole line only: a speaker who skips a clause ("Hello, this is agent 1024") or a recogniser that
 * loses a word at a pause would then hear nothing at all. Why not any piece in any order: short
 * pieces ("hello", "so") then stand in for whatever was said, and lines came out wrong.
 * Words the recogniser's dictionary does not know are left out (it refuses a grammar with one).
 */

/** Digits as a number is read out one by one (agent 1024: "one zero two four"). */
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Bounds: a pack has tens of lines; a grammar of thousands would take the recogniser seconds to load. */
export const PHRASES_MAX = 2000;
const PIECES_MAX = 16;
const WORDS_MAX = 40;

/** A phrase as the pieces a speaker pauses between, each a list of lower-case words. */
export function phrasePieces(text: string): string[][] {
  const plain = text
    // A stage direction in brackets is not said.
    .replace(/\([^()]*\)|（[^（）]*）|\[[^\]]*\]/g, ',')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\d/g, (digit) => ` ${DIGITS[Number(digit)]} `);
  return plain
    .split(/[,.?!:;…"“”()（），。？！：；、—–]+|\s-\s/)
    .map((piece) =>
      piece
        .split(/[\s/-]+/)
        .map((word) => word.replace(/^'+|'+$/g, ''))
        .filter((word) => /^[a-z][a-z']*$/.test(word)),
    )
    .filter((words) => words.length > 0)
    .slice(0, PIECES_MAX);
}

/** The words a set of phrases uses (before the dictionary decides which the recogniser can hear). */
export function phraseWords(phrases: readonly string[]): Set<string> {
  return new Set(phrases.slice(0, PHRASES_MAX).flatMap((phrase) => phrasePieces(phrase).flat()));
}

/**
 * The pronunciations of `words` in a CMU-style dictionary's text ("word PH ON ES", alternatives
 * as "word(2) ..."): the lines to give the recogniser as its whole dictionary, so it loads in
 * milliseconds instead of reading 130,000 words.
 */
export function dictionaryLines(dictionary: string, words: ReadonlySet<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of dictionary.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const word = line.slice(0, space).replace(/\(\d+\)$/, '');
    if (!words.has(word)) continue;
    const lines = found.get(word) ?? [];
    lines.push(line.trimEnd());
    found.set(word, lines);
  }
  return found;
}

export interface Grammar {
  /** JSGF text. */
  jsgf: string;
  /** The recogniser's dictionary: the grammar's words only. */
  dictionary: string;
  /** How many phrases made it in (a phrase none of whose words are known is left out). */
  phrases: number;
  /** Words left out because the dictionary does not know them. */
  unknown: string[];
}

/** The grammar of `phrases` over the words `known` (their dictionary lines); null when no phrase has a known word. */
export function buildGrammar(phrases: readonly string[], known: ReadonlyMap<string, readonly string[]>): Grammar | null {
  const unknown = new Set<string>();
  const rules = new Map<string, string>();
  for (const phrase of phrases.slice(0, PHRASES_MAX)) {
    let budget = WORDS_MAX;
    const pieces = phrasePieces(phrase)
      .map((words) =>
        words.filter((word) => {
          if (known.has(word)) return true;
          unknown.add(word);
          return false;
        }),
      )
      .map((words) => {
        const kept = words.slice(0, Math.max(0, budget));
        budget -= kept.length;
        return kept.join(' ');
      })
      .filter(Boolean);
    if (pieces.length === 0) continue;
    const alternatives = pieces.map((piece, at) => [piece, ...pieces.slice(at + 1).map((later) => `[${later}]`)].join(' '));
    const body = alternatives.map((alternative) => `(${alternative})`).join(' | ');
    if (!rules.has(body)) rules.set(body, `<line${rules.size}>`);
  }
  if (rules.size === 0) return null;
  const lines = [...rules].map(([body, name]) => `${name} = ${body};`);
  const jsgf = ['#JSGF V1.0;', 'grammar ringside;', `public <said> = <line>+;`, `<line> = ${[...rules.values()].join(' | ')};`, ...lines, ''].join('\n');
  const used = new Set([...rules.keys()].flatMap((body) => body.split(/[\s()[\]|]+/).filter(Boolean)));
  const dictionary = [...used].flatMap((word) => known.get(word) ?? []).join('\n') + '\n';
  return { jsgf, dictionary, phrases: rules.size, unknown: [...unknown] };
}
