/**
 * A JSON text too long to keep whole, read as it streams by and kept short. What ctrl_tcp sends
 * is a flat object of short strings; a message is long only because one string in it is (a
 * caller's display name, which the far end chooses, or a `callstat` reply quoting it). Each
 * string keeps its first and last few KiB, whole characters and escapes only, joined by "…": a
 * field after the long one (the Call-ID after the display name) is kept, and memory stays
 * bounded however long the message.
 */

/** Bytes kept from the start and from the end of each string. */
const HEAD = 4096;
const TAIL = 4096;
/** Beyond these the text is not a ctrl_tcp message (not a flat object of strings). */
const MAX_OUTSIDE_STRINGS = 4096;
const MAX_STRINGS = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
const CUT = Buffer.from('…');

export class JsonShortener {
  private readonly pieces: Buffer[] = [];
  /** Bytes between strings not yet put in `pieces`, and how many there were in all. */
  private outside: number[] = [];
  private outsideTotal = 0;
  private strings = 0;
  private unreadable = false;
  private inString = false;
  // The string being read: its head, then the last TAIL bytes in a ring, with a mark on each
  // byte that begins a character or an escape (where the kept tail may begin).
  private head: number[] = [];
  private headFull = false;
  private readonly ring = Buffer.alloc(TAIL);
  private readonly begins = new Uint8Array(TAIL);
  private ringCount = 0;
  /** Bytes still to come of the character or escape being read. */
  private unitLeft = 0;
  /** The byte after a backslash comes next (a `u` brings four more). */
  private escaping = false;

  write(bytes: Buffer): void {
    if (this.unreadable) return;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (!this.inString) {
        if (byte === QUOTE) this.openString();
        else if (++this.outsideTotal > MAX_OUTSIDE_STRINGS) {
          this.unreadable = true;
          return;
        } else this.outside.push(byte);
        continue;
      }
      let begins = false;
      if (this.unitLeft > 0) {
        this.unitLeft--;
        if (this.escaping) {
          this.escaping = false;
          if (byte === LETTER_U) this.unitLeft = 4;
        }
      } else if (byte === QUOTE) {
        this.closeString();
        continue;
      } else {
        begins = true;
        if (byte === BACKSLASH) {
          this.unitLeft = 1;
          this.escaping = true;
        } else if (byte >= 0xf0) this.unitLeft = 3;
        else if (byte >= 0xe0) this.unitLeft = 2;
        else if (byte >= 0xc0) this.unitLeft = 1;
      }
      if (!this.headFull && begins && this.head.length >= HEAD) this.headFull = true;
      if (!this.headFull) {
        this.head.push(byte);
      } else {
        const at = this.ringCount++ % TAIL;
        this.ring[at] = byte;
        this.begins[at] = begins ? 1 : 0;
      }
    }
  }

  /** The text kept short, or null when it was not a flat object of strings (or ended mid-string). */
  end(): string | null {
    if (this.unreadable || this.inString) return null;
    this.flushOutside();
    return Buffer.concat(this.pieces).toString('utf8');
  }

  private flushOutside(): void {
    if (this.outside.length > 0) this.pieces.push(Buffer.from(this.outside));
    this.outside = [];
  }

  private openString(): void {
    if (++this.strings > MAX_STRINGS) {
      this.unreadable = true;
      return;
    }
    this.flushOutside();
    this.inString = true;
    this.head = [];
    this.headFull = false;
    this.ringCount = 0;
    this.unitLeft = 0;
    this.escaping = false;
  }

  private closeString(): void {
    this.inString = false;
    let tail: Buffer;
    let cut = false;
    if (this.ringCount <= TAIL) {
      tail = Buffer.from(this.ring.subarray(0, this.ringCount));
    } else {
      // The ring has wrapped: the tail begins at the oldest byte that begins a character.
      const oldest = this.ringCount % TAIL;
      let skip = 0;
      while (skip < TAIL && this.begins[(oldest + skip) % TAIL] === 0) skip++;
      const from = (oldest + skip) % TAIL;
      tail = skip >= TAIL ? Buffer.alloc(0) : from >= oldest ? Buffer.concat([this.ring.subarray(from), this.ring.subarray(0, oldest)]) : Buffer.from(this.ring.subarray(from, oldest));
      cut = true;
    }
    this.pieces.push(Buffer.from([QUOTE, ...this.head]), ...(cut ? [CUT] : []), tail, Buffer.from([QUOTE]));
  }
}
