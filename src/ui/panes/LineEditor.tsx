import { Box, Text } from 'ink';
import { CONTROL_CHARACTER, CONTROL_CHARACTERS, fitWidth, fitWidthEnd, stringWidth } from '../../width.js';
import type { Paste } from '../keys/terminal-input.js';
import { colonAfter } from '../../typography.js';

export interface EditKey {
  readonly input: string;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly tab?: boolean;
  readonly arrow?: boolean;
}

/** A line being typed, and its length in characters (kept as it changes, so a key costs the same at any length). */
export interface Line {
  readonly buffer: string;
  readonly length: number;
}

export type EditResult = Line & {
  readonly done: null | 'keep' | 'drop';
  /** Characters that did not go in: the line was at its limit. */
  readonly refused: number;
};

/**
 * How long each kind of line may be, in characters: a caller's name, phone or address is a
 * line; a note or the summary a few paragraphs (R-TICKET's summary is read by whoever calls
 * back); the reason filter a few words. Said on the screen as the line nears its limit.
 */
export const LINE_LIMITS = { field: 100, note: 2000, summary: 2000, filter: 40 } as const;

/** The limit's counter shows from this share of it on. */
const COUNTER_FROM = 0.8;

export function lineOf(text: string): Line {
  return { buffer: text, length: [...text].length };
}

/** The line without its last character (a code point, as the terminal's Backspace takes it). */
function withoutLast(line: Line): Line {
  const { buffer } = line;
  if (buffer === '') return line;
  const last = buffer.charCodeAt(buffer.length - 1);
  const pair = last >= 0xdc00 && last <= 0xdfff && buffer.length > 1 && buffer.charCodeAt(buffer.length - 2) >= 0xd800 && buffer.charCodeAt(buffer.length - 2) <= 0xdbff;
  return { buffer: buffer.slice(0, pair ? -2 : -1), length: line.length - 1 };
}

/**
 * One line of text, as a pure step: type, Backspace, Enter keeps it, Esc drops it. The screen's
 * single key handler feeds it, so keys that arrive together (an input method's commit and its
 * Enter, a fast typist) are applied in order. A controlled text input component loses them:
 * ink-text-input saved "张先生⏎" in one burst as "". A character past `limit` is refused and
 * counted, never dropped unsaid; control characters are not text.
 */
export function editLine(line: Line, key: EditKey, limit: number): EditResult {
  if (key.escape) return { ...line, done: 'drop', refused: 0 };
  if (key.return) return { ...line, done: 'keep', refused: 0 };
  if (key.backspace || key.delete) return { ...withoutLast(line), done: null, refused: 0 };
  if (!key.input || key.ctrl || key.meta || key.tab || key.arrow) return { ...line, done: null, refused: 0 };
  // Keys that arrive in one burst come as one string: each backspace in it deletes, Enter ends,
  // other control characters and escape sequences drop.
  let next = line;
  let refused = 0;
  for (const char of key.input.replace(/\u001b\[[0-9;]*[A-Za-z~]/g, '')) {
    if (char === '\r' || char === '\n') return { ...next, done: 'keep', refused };
    if (char === '\u007f' || char === '\b') next = withoutLast(next);
    else if (CONTROL_CHARACTER.test(char)) continue;
    else if (next.length >= limit) refused++;
    else next = { buffer: next.buffer + char, length: next.length + 1 };
  }
  return { ...next, done: null, refused };
}

const LINE_BREAKS = /\r\n|[\r\n\t\u2028\u2029\u0085]/g;
/** Half a character: a paste cut at the reader's bound may end in one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A paste into a line: taken whole up to the limit, its line breaks and tabs made spaces (a line
 * holds one line; an address pasted from three lines is still the address) and other control
 * characters left out. `refused`: characters past the limit; `lineBreaks`: some became spaces.
 */
export function pasteInto(line: Line, paste: Paste, limit: number): Line & { refused: number; lineBreaks: boolean } {
  const spaced = paste.text.replace(LINE_BREAKS, ' ');
  const lineBreaks = spaced !== paste.text;
  const clean = spaced.replace(CONTROL_CHARACTERS, '').replace(LONE_SURROGATE, '');
  const room = Math.max(0, limit - line.length);
  const chars = [...clean];
  const taken = chars.slice(0, room);
  // The part of the paste the terminal reader did not keep (beyond any limit) is refused too.
  const notKept = Math.max(0, paste.length - [...paste.text].length);
  return { buffer: line.buffer + taken.join(''), length: line.length + taken.length, refused: chars.length - taken.length + notKept, lineBreaks };
}

/**
 * The line being typed, on one row whatever its length (its end, where the typing is), with its
 * length against the limit once near it, and a second row saying what did not go in.
 */
export function LineEditor({ label, buffer, length, limit, width, notice }: { readonly label: string; readonly buffer: string; readonly length: number; readonly limit: number; readonly width: number; readonly notice: string | null }) {
  const counter = length >= limit * COUNTER_FROM ? ` ${length}/${limit}` : '';
  const head = fitWidth(` ${label}${counter}${colonAfter(`${label}${counter}`)}`, Math.max(4, width - 8));
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={counter && length >= limit ? 'yellow' : 'cyan'}>{head}</Text>
        {fitWidthEnd(buffer, width - stringWidth(head) - 1)}
        <Text inverse> </Text>
      </Text>
      {notice && <Text color="yellow">{fitWidth(` ⚠ ${notice}`, width)}</Text>}
    </Box>
  );
}
