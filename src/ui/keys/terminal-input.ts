/**
 * What the terminal sends, read before Ink sees it. A terminal sends keys, but also pastes,
 * mouse reports, and whatever escape sequences a program or a person puts in its way; Ink 6's
 * key parser crashes on some (`ESC [0m` reaches `useInput` with no input at all) and runs the
 * rest as keys (a pasted address's `n` opened a note). So the screen reads stdin through this
 * filter: Ink gets only text and the few complete key sequences the screen uses, and a
 * bracketed paste comes out whole, as one paste, never as keys.
 *
 * `TerminalReader` is the pure part (chunks in, events out, state across reads); `guardStdin`
 * puts it between a TTY and Ink; `bracketedPaste` asks the terminal to mark pastes.
 */
import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';

const ESC = '\u001b';
const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;
/** The Esc key as Ink reads it at once: a lone ESC would wait for what follows (see `flush`). */
export const ESCAPE_KEY = `${ESC}[27u`;
/** Of a paste, what is kept (UTF-16 units): far more than any field takes, and a bound on memory. */
export const PASTE_KEPT = 100_000;
/** An escape sequence cut off at the end of a read waits for the rest, up to this long. */
const LONGEST_SEQUENCE = 64;
/**
 * A string (OSC, DCS …) whose end is further than this (UTF-16 units) is taken as one without its
 * end: a terminal's reply is short, and the search for an end stays bounded.
 */
export const LONGEST_STRING = 4096;

/** A paste: its text (the first PASTE_KEPT units) and how many characters it had in all. */
export interface Paste {
  readonly text: string;
  readonly length: number;
}

export type TerminalEvent = { readonly kind: 'keys'; readonly keys: string } | ({ readonly kind: 'paste' } & Paste);

/**
 * What an escape at `at` is, and where the input goes on after it: cut off by the end of the
 * read; a control sequence (CSI or SS3, its whole text); Alt with a character; or nothing to act on.
 */
type Scanned = 'incomplete' | { readonly kind: 'sequence' | 'alt' | 'drop'; readonly text: string; readonly next: number };

/** The key sequences the screen uses, each as the one form Ink parses (modifiers dropped: the screen has no use for them). */
function keyOf(sequence: string): string | null {
  const arrow = /^\u001b(?:\[(?:1;\d{1,3})?|O)([ABCD])$/.exec(sequence);
  if (arrow) return `${ESC}[${arrow[1]}`;
  if (/^\u001b\[3(?:;\d{1,3})?~$/.test(sequence)) return `${ESC}[3~`; // Delete
  if (sequence === `${ESC}[Z`) return sequence; // Shift-Tab
  return null;
}

/** Characters in one UTF-16 string, counted as code points (without an array of a huge paste's characters). */
export function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff) n++;
  }
  return n;
}

/**
 * Turns the terminal's reads into keys and pastes. Keys are passed on as Ink reads them: text,
 * the Esc key, an arrow, Delete, Shift-Tab, Alt with a character. Dropped: every other escape
 * sequence (colours, focus and function keys, a terminal's replies), mouse reports (`ESC [M` and
 * its three characters, `ESC [<…M`), and OSC/DCS strings ended in the same read within
 * LONGEST_STRING characters. Between
 * `ESC [200~` and `ESC [201~` everything is the paste's text (escape sequences in it dropped),
 * split across reads as it may be.
 */
export class TerminalReader {
  /** An escape sequence the last read cut off. */
  private pending = '';
  /** A paste whose end has not come yet. */
  private paste: { parts: string[]; kept: number; length: number; endsHigh: boolean } | null = null;
  /** Characters of a mouse report still to come (the report's three bytes may come in a later read). */
  private mouseBytes = 0;
  /**
   * In this read, how far the search for a string's end has got: no BEL or ESC \ starts before
   * `at` (since the string being read began), and `found` if one starts at `at`. A read of many
   * string starts is searched once, not once for each.
   */
  private stringEnd = { at: 0, found: false };

  /**
   * What the reads so far leave open: an escape (Esc, a sequence cut off, or a mouse report whose
   * bytes are still to come: they come with it or at once, and the keys after are keys), a
   * paste, or nothing.
   */
  get open(): 'escape' | 'paste' | null {
    if (this.paste) return 'paste';
    return this.pending || this.mouseBytes > 0 ? 'escape' : null;
  }

  push(chunk: string): TerminalEvent[] {
    const input = this.pending + chunk;
    this.pending = '';
    this.stringEnd = { at: 0, found: false };
    const events: TerminalEvent[] = [];
    let keys = '';
    const passKeys = () => {
      if (keys) events.push({ kind: 'keys', keys });
      keys = '';
    };
    let i = 0;
    while (i < input.length) {
      if (this.mouseBytes > 0) {
        const unit = input.charCodeAt(i);
        i += unit >= 0xd800 && unit <= 0xdbff && i + 1 < input.length ? 2 : 1;
        this.mouseBytes--;
        continue;
      }
      const escape = input.indexOf(ESC, i);
      const text = input.slice(i, escape === -1 ? input.length : escape);
      if (this.paste) this.addToPaste(text);
      else keys += text;
      if (escape === -1) break;
      const scanned = this.scan(input, escape);
      if (scanned === 'incomplete') {
        this.pending = input.slice(escape);
        break;
      }
      i = scanned.next;
      const { kind, text: sequence } = scanned;
      if (this.paste) {
        // Inside a paste only its end means anything; other sequences in it are dropped.
        if (sequence === PASTE_END) {
          events.push({ kind: 'paste', text: this.paste.parts.join(''), length: this.paste.length });
          this.paste = null;
        }
      } else if (kind === 'alt') {
        keys += sequence; // Alt and a character (or an Esc and a key pressed quickly after it)
      } else if (sequence === PASTE_START) {
        passKeys();
        this.paste = { parts: [], kept: 0, length: 0, endsHigh: false };
      } else if (sequence === `${ESC}[M`) {
        this.mouseBytes = 3; // an X10 mouse report: its button, column and row follow
      } else if (kind === 'sequence') {
        keys += keyOf(sequence) ?? '';
      }
    }
    passKeys();
    return events;
  }

  /**
   * Nothing more came: an Esc on its own is the Esc key, a sequence cut off is dropped, and a
   * paste whose end never came is a paste (a terminal always sends the end; a stray start must
   * not swallow the keyboard).
   */
  flush(): TerminalEvent[] {
    const events: TerminalEvent[] = [];
    if (this.paste) {
      events.push({ kind: 'paste', text: this.paste.parts.join(''), length: this.paste.length });
    } else if (this.pending === ESC) {
      events.push({ kind: 'keys', keys: ESCAPE_KEY });
    }
    this.paste = null;
    this.pending = '';
    this.mouseBytes = 0;
    return events;
  }

  private addToPaste(text: string): void {
    const paste = this.paste!;
    if (!text) return;
    // A character split between two reads (half a surrogate pair in each) is one character.
    const first = text.charCodeAt(0);
    paste.length += codePoints(text) - (paste.endsHigh && first >= 0xdc00 && first <= 0xdfff ? 1 : 0);
    const last = text.charCodeAt(text.length - 1);
    paste.endsHigh = last >= 0xd800 && last <= 0xdbff;
    if (paste.kept >= PASTE_KEPT) return;
    const part = text.slice(0, PASTE_KEPT - paste.kept);
    paste.parts.push(part);
    paste.kept += part.length;
  }

  /** The escape sequence starting at `at` (an ESC). */
  private scan(input: string, at: number): Scanned {
    const drop = (next: number) => ({ kind: 'drop' as const, text: '', next });
    const introducer = input[at + 1];
    if (introducer === undefined) return 'incomplete';
    if (introducer === '[') {
      // CSI: parameter and intermediate bytes, then one final byte.
      let j = at + 2;
      if (input[j] === '[') j++; // the Linux console's ESC [[A
      for (; j < input.length; j++) {
        const byte = input.charCodeAt(j);
        if (byte >= 0x20 && byte <= 0x3f) continue;
        if (byte >= 0x40 && byte <= 0x7e) {
          // An SGR mouse report (ESC [< b;x;y M/m) is not a key.
          return input[at + 2] === '<' ? drop(j + 1) : { kind: 'sequence', text: input.slice(at, j + 1), next: j + 1 };
        }
        return drop(j); // not a sequence after all: drop what came, go on from here
      }
      return j - at > LONGEST_SEQUENCE ? drop(input.length) : 'incomplete';
    }
    if (introducer === 'O') {
      // SS3: one final byte (an arrow on some terminals, F1-F4).
      const final = input.charCodeAt(at + 2);
      if (Number.isNaN(final)) return 'incomplete';
      return final >= 0x40 && final <= 0x7e ? { kind: 'sequence', text: input.slice(at, at + 3), next: at + 3 } : drop(at + 2);
    }
    if (']P_^X'.includes(introducer)) {
      // A string (OSC, DCS …), ended by BEL or ESC \. A terminal's reply comes whole, in one read;
      // without its end in this read (or near) it is Alt and a key, dropped (the keys after it are keys).
      return drop(this.endOfString(input, at + 2) ?? at + 2);
    }
    if (introducer === ESC) return drop(at + 1); // Alt with Esc or an arrow: the rest is read again
    if (introducer === 'N') return drop(at + 2); // SS2
    // Alt and a character: ESC with the one character after it.
    const length = input.codePointAt(at + 1)! > 0xffff ? 2 : 1;
    return { kind: 'alt', text: input.slice(at, at + 1 + length), next: at + 1 + length };
  }

  /**
   * Where the string whose text starts at `from` ends (after its BEL or ESC \), or null: no end in
   * this read within LONGEST_STRING. Strings are asked about in the order of the read, so the
   * search goes on from where the last one stopped.
   */
  private endOfString(input: string, from: number): number | null {
    if (this.stringEnd.at < from) this.stringEnd = { at: from, found: false };
    if (!this.stringEnd.found) {
      const limit = Math.min(input.length, from + LONGEST_STRING + 1);
      let j = this.stringEnd.at;
      while (j < limit && input.charCodeAt(j) !== 0x07 && !(input.charCodeAt(j) === 0x1b && input[j + 1] === '\\')) j++;
      this.stringEnd = { at: j, found: j < limit };
    }
    const { at, found } = this.stringEnd;
    return found ? at + (input.charCodeAt(at) === 0x07 ? 1 : 2) : null;
  }
}

/** A TTY as Ink uses it: read(), 'readable', raw mode. */
export type TtyInput = NodeJS.ReadStream;

/** How long a paste may pause (nothing read) before it is taken as ended, its end marker lost. */
export const PASTE_IDLE_MS = 2000;

/**
 * The stdin Ink reads, and the pastes beside it: `source` read through a TerminalReader. Keys
 * come out of read() as Ink expects; each paste goes to the listeners of `onPaste`, in its place
 * among the keys (handed over as Ink reads up to it).
 */
export class GuardedInput extends EventEmitter {
  private readonly reader = new TerminalReader();
  private readonly queue: TerminalEvent[] = [];
  private readonly pasteListeners = new Set<(paste: Paste) => void>();
  private listening = false;
  private flushTimer: { immediate: NodeJS.Immediate } | { timeout: NodeJS.Timeout } | null = null;

  constructor(private readonly source: TtyInput) {
    super();
    // Ink starts reading when it listens for 'readable', and stops when it stops listening.
    this.on('newListener', (event) => {
      if (event === 'readable' && !this.listening) {
        this.listening = true;
        this.source.on('readable', this.readSource);
      }
    });
    this.on('removeListener', (event) => {
      if (event === 'readable' && this.listenerCount('readable') === 0) this.stopReading();
    });
  }

  /** Ink's stdin: the guarded input itself, as the stream type Ink's options take. */
  get stdin(): NodeJS.ReadStream {
    return this as unknown as NodeJS.ReadStream;
  }

  get isTTY(): boolean {
    return this.source.isTTY === true;
  }

  /** Pastes, whole; returns the way to stop listening. */
  onPaste(listener: (paste: Paste) => void): () => void {
    this.pasteListeners.add(listener);
    return () => this.pasteListeners.delete(listener);
  }

  setEncoding(): this {
    this.source.setEncoding('utf8');
    return this;
  }

  setRawMode(mode: boolean): this {
    this.source.setRawMode?.(mode);
    return this;
  }

  ref(): this {
    this.source.ref?.();
    return this;
  }

  unref(): this {
    this.source.unref?.();
    return this;
  }

  /** The next run of keys for Ink; a paste before it is handed to its listeners first. */
  read(): string | null {
    for (let event = this.queue.shift(); event; event = this.queue.shift()) {
      if (event.kind === 'keys') return event.keys;
      for (const listener of this.pasteListeners) listener({ text: event.text, length: event.length });
    }
    return null;
  }

  private readonly readSource = () => {
    this.clearFlush();
    for (let chunk = this.source.read() as string | Buffer | null; chunk !== null; chunk = this.source.read() as string | Buffer | null) {
      this.queue.push(...this.reader.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
    }
    this.scheduleFlush();
    if (this.queue.length > 0) this.emit('readable');
  };

  /** An Esc alone is the Esc key once nothing follows at once (as Ink does it); a paste ends when it stops coming. */
  private scheduleFlush(): void {
    const open = this.reader.open;
    if (!open) return;
    const flush = () => {
      this.flushTimer = null;
      this.queue.push(...this.reader.flush());
      if (this.queue.length > 0) this.emit('readable');
    };
    this.flushTimer = open === 'escape' ? { immediate: setImmediate(flush) } : { timeout: setTimeout(flush, PASTE_IDLE_MS).unref() };
  }

  private clearFlush(): void {
    if (this.flushTimer === null) return;
    if ('immediate' in this.flushTimer) clearImmediate(this.flushTimer.immediate);
    else clearTimeout(this.flushTimer.timeout);
    this.flushTimer = null;
  }

  private stopReading(): void {
    if (!this.listening) return;
    this.listening = false;
    this.source.off('readable', this.readSource);
    this.clearFlush();
  }
}

/** The terminal's stdin for Ink, with pastes beside it. */
export function guardStdin(source: TtyInput): GuardedInput {
  return new GuardedInput(source);
}

/**
 * Asks the terminal to mark pastes (`ESC [?2004h`), so a paste can be told from typing; `off`
 * (also run if the process exits without it) leaves the terminal as it was. Written straight to
 * the file descriptor: at the very end the stream may be gone, and a terminal that is gone has
 * nothing left to restore.
 */
export function bracketedPaste(stdout: { readonly isTTY?: boolean; readonly fd?: number }): { off: () => void } {
  if (!stdout.isTTY) return { off: () => {} };
  const write = (text: string) => {
    try {
      writeSync(stdout.fd ?? 1, text);
    } catch {
      // The terminal is gone (closed, EIO): there is nothing to restore.
    }
  };
  let on = true;
  const off = () => {
    if (!on) return;
    on = false;
    process.off('exit', off);
    write(`${ESC}[?2004l`);
  };
  write(`${ESC}[?2004h`);
  process.on('exit', off);
  return { off };
}
