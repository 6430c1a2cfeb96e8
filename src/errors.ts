import { CONTROL_CHARACTER } from './controls.js';

/**
 * An error meant for a person: a sentence that says what is wrong, where, and what to do.
 * The CLI prints its message (no stack) and exits with its code: 2 for bad usage or bad input files.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

const ACTED_ON = new RegExp(`${CONTROL_CHARACTER.source}|\\n`, 'gu');

/**
 * Text from outside as it goes into a sentence or a list: a path, a file name, an id someone
 * typed, a parser's quote of a file. The characters a terminal would act on (an escape sequence,
 * a bell, a line break, a direction override) are shown as \u escapes, so naming the text cannot
 * retitle or recolour the terminal it is said on, or forge a line of output. Every such text is
 * shown through here (or `quoted`), never as it came.
 */
export function printable(text: string): string {
  return text.replace(ACTED_ON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text of several lines, each made `printable`: the line breaks between them are kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/** Text someone gave, quoted in a sentence (an id, a value): `printable`, between double quotes. */
export function quoted(text: string): string {
  return `"${printable(text)}"`;
}

/**
 * An unforeseen error in a few words, for a sentence: its kind and code, never its message (a
 * message may quote anything: a SyntaxError quotes the text it could not parse, caller data
 * included).
 */
export function errorKind(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return [name, code].filter((part): part is string => typeof part === 'string' && /^[\w.]{1,40}$/.test(part)).join(' ') || 'error';
}

/**
 * Where an error of Ringside's own goes when nothing awaits it (a phone listener, a promise the
 * link starts by itself): never swallowed. By default it is thrown on its own, where the screen's
 * last handler (src/ui/show.tsx) brings Ink down and says a sentence; a test may watch instead.
 */
let internalErrorSink: (error: unknown) => void = (error) => {
  queueMicrotask(() => {
    throw error;
  });
};

export function reportInternalError(error: unknown): void {
  internalErrorSink(error);
}

/** Sends internal errors to `sink` until the returned function is called (tests). */
export function watchInternalErrors(sink: (error: unknown) => void): () => void {
  const before = internalErrorSink;
  internalErrorSink = sink;
  return () => {
    internalErrorSink = before;
  };
}
