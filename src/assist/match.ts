/**
 * INTERFACE ONLY (to be implemented): matching what was said to the phrases of the steps.
 *
 * Pure and deterministic: the same words and phrases always give the same scores.
 */

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
}

/** Phrases prepared once (normalized, their pinyin read) for many segments. */
export interface PhraseIndex {
  readonly language: 'zh-CN' | 'en';
  readonly size: number;
}

export declare function indexPhrases(phrases: readonly Phrase[], language: 'zh-CN' | 'en'): PhraseIndex;

/** Every key's best match for `said`, best first (keys scoring 0 left out). */
export declare function matchSpeech(said: string, index: PhraseIndex): Match[];

/** Speech text as matching reads it: simplified characters, no punctuation or fillers, numbers as digits read one by one. */
export declare function normalizeSpeech(text: string, language: 'zh-CN' | 'en'): string;
