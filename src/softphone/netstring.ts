/**
 * Netstrings, the framing of baresip's ctrl_tcp: `<byte length>:<payload>,`. A TCP read may end
 * in the middle of one, or hold several; the decoder keeps the rest for the next read.
 */

export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
}

/** Longer than any ctrl_tcp message: a length past it means the stream is not netstrings. */
const MAX_LENGTH = 1 << 20;

export class NetstringDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  /** The complete payloads in what has arrived so far; throws when the stream is not netstrings. */
  push(chunk: Buffer): string[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const payloads: string[] = [];
    for (;;) {
      const colon = this.buffer.indexOf(0x3a); // ':'
      if (colon === -1) {
        if (this.buffer.length > 10) throw new Error('no netstring length');
        break;
      }
      const digits = this.buffer.subarray(0, colon).toString('latin1');
      if (!/^\d{1,7}$/.test(digits) || Number(digits) > MAX_LENGTH) throw new Error('bad netstring length');
      const length = Number(digits);
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) break;
      if (this.buffer[end] !== 0x2c) throw new Error('netstring not closed by a comma'); // ','
      payloads.push(this.buffer.subarray(colon + 1, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 1);
    }
    return payloads;
  }

  reset(): void {
    this.buffer = Buffer.alloc(0);
  }
}
