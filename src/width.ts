/** Text measured by display width: a Chinese character takes two columns. */
import stringWidth from 'string-width';

/**
 * Cuts text to at most `width` columns, ending in … when it had to cut. The cut falls between
 * words: English keeps whole words, Chinese any whole character; a rule ID (R-OPEN-NOW), a number
 * or a time is never split (what cannot show whole does not show). Spaces, commas, a separator
 * dot (·) and an opening bracket left before the … go.
 */
export function fitWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  // Character by character as the terminal shows them (an emoji with its skin tone is one), in
  // one pass: a pack line thousands of characters long is cut as fast as a short one.
  const kept: string[] = [];
  let used = 0;
  let next = '';
  for (const { segment } of graphemes.segment(text)) {
    const size = stringWidth(segment);
    if (used + size > width - 1) {
      next = segment;
      break;
    }
    kept.push(segment);
    used += size;
  }
  let end = kept.length;
  if (inWord(next) && end > 0 && inWord(kept[end - 1]!)) {
    // Cut inside a word: back to its start, unless it is the only word and may be cut (a long
    // English word still shows its beginning; an ID or a number never shows a part).
    let start = end;
    while (start > 0 && inWord(kept[start - 1]!)) start--;
    if (start > 0 || unsplittable(kept.slice(0, end).join('') + next)) end = start;
  }
  while (end > 0 && DROPPED_BEFORE_ELLIPSIS.test(kept[end - 1]!)) end--;
  return `${kept.slice(0, end).join('')}…`;
}

/** A character of a Latin word, number or code (not a space, not Chinese). */
function inWord(segment: string): boolean {
  return segment !== '' && stringWidth(segment) === 1 && !/[\s\u2000-\u206f\u3000-\u303f\uff00-\uffef]/u.test(segment);
}

/** A word that shows whole or not at all: one with a digit in it, or a code like R-OPEN. */
function unsplittable(word: string): boolean {
  return /\d|^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+/.test(word);
}

const DROPPED_BEFORE_ELLIPSIS = /^[\s,;:、，；：·・（「『“‘(\[{]$/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Fits text to exactly `width` columns: cut, or padded with spaces. */
export function padDisplay(text: string, width: number): string {
  const fitted = fitWidth(text, width);
  return fitted + ' '.repeat(Math.max(0, width - stringWidth(fitted)));
}

export { stringWidth };

// The characters a terminal acts on: in their own module (no string-width), because every
// sentence needs them and `--version` must not load a text measurer.
import { CONTROL_CHARACTERS } from './controls.js';
export { CONTROL_CLASS, CONTROL_CHARACTER, CONTROL_CHARACTERS } from './controls.js';

/** Text with those characters taken out (what a caller's phone sends us). */
export function withoutControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/** The end of the text in at most `width` columns, starting with … when it had to cut (a long field's last words, where the typing is). */
export function fitWidthEnd(text: string, width: number): string {
  if (width <= 0) return '';
  // Only the tail can show: a field thousands of characters long is measured no further back
  // than a row's worth (a grapheme is at most a few dozen code units).
  const tail = text.length > width * 16 ? text.slice(-width * 16) : text;
  if (tail === text && stringWidth(text) <= width) return text;
  const segments = [...graphemes.segment(tail)].map((s) => s.segment);
  const kept: string[] = [];
  let used = 0;
  // (The first segment of a tail cut from a longer text may be half a character.)
  for (let i = segments.length - 1; i >= (tail === text ? 0 : 1); i--) {
    const next = stringWidth(segments[i]!);
    if (used + next > width - 1) break;
    kept.push(segments[i]!);
    used += next;
  }
  return `…${kept.reverse().join('')}`;
}
