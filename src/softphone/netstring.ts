/**
 * Netstrings, the framing of baresip's ctrl_tcp: `<byte length>:<payload>,`. A TCP read may end
 * in the middle of one, or hold several; the decoder keeps the rest for the next read.
 *
 * Memory stays bounded whatever the other end declares: a payload up to MAX_WHOLE bytes is kept
 * whole; a longer one is read as it streams by and kept short (`JsonShortener`: each JSON string
 * its first and last few KiB), so a 1 MiB display name still gives its call, with the name cut.
 */
import { JsonShortener } from './short-json.js';

export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
}

/** Longer than any ctrl_tcp message baresip sends (a `callstat` is about 1.5 KiB). */
export const MAX_WHOLE = 64 * 1024;
/** Digits of a length: nine allow up to a gigabyte, read in passing, never kept. */
const MAX_DIGITS = 9;

const COLON = 0x3a;
const COMMA = 0x2c;

export class NetstringDecoder {
  private state: 'length' | 'body' | 'comma' = 'length';
  private digits = '';
  /** Bytes of the body still to come. */
  private left = 0;
  /** The body so far, kept whole (pieces joined once it is complete: a byte-at-a-time read stays linear)... */
  private pieces: Buffer[] = [];
  /** ...or read in passing and kept short. */
  private shortener: JsonShortener | null = null;

  /**
   * The complete payloads in what has arrived so far; null for a long one that was not a flat
   * JSON object (nothing of it could be kept). Throws when the stream is not netstrings.
   */
  push(chunk: Buffer): (string | null)[] {
    const payloads: (string | null)[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.state === 'length') {
        const byte = chunk[at++]!;
        if (byte === COLON && this.digits !== '') {
          this.begin(Number(this.digits));
        } else if (byte >= 0x30 && byte <= 0x39 && this.digits.length < MAX_DIGITS) {
          this.digits += String.fromCharCode(byte);
        } else {
          throw new Error('bad netstring length');
        }
      } else if (this.state === 'body') {
        const piece = chunk.subarray(at, at + this.left);
        at += piece.length;
        this.left -= piece.length;
        if (this.shortener) this.shortener.write(piece);
        else this.pieces.push(piece);
        if (this.left === 0) this.state = 'comma';
      } else {
        if (chunk[at++] !== COMMA) throw new Error('netstring not closed by a comma');
        payloads.push(this.shortener ? this.shortener.end() : Buffer.concat(this.pieces).toString('utf8'));
        this.reset();
      }
    }
    return payloads;
  }

  private begin(length: number): void {
    this.digits = '';
    this.left = length;
    this.state = length === 0 ? 'comma' : 'body';
    this.shortener = length > MAX_WHOLE ? new JsonShortener() : null;
  }

  reset(): void {
    this.state = 'length';
    this.digits = '';
    this.left = 0;
    this.pieces = [];
    this.shortener = null;
  }
}
