/**
 * A fake ctrl_tcp server that plays back what a real baresip said to Ringside (a transcript the
 * real-call tests captured). It sends baresip's messages in the order they came, waits for each
 * request Ringside sent then and checks it is the same, pauses at the test's steps (the caller
 * acting), and drops the connection where the real link dropped.
 */
import net from 'node:net';
import { encodeNetstring, NetstringDecoder } from '../../src/softphone/netstring.js';

export type WireEntry = { in: string } | { out: string } | { drop: true } | { step: string };

export interface FakeOptions {
  /** How baresip's messages reach the socket: as sent, a byte at a time, or all queued ones in one write. */
  chunking?: 'message' | 'bytes' | 'joined';
}

export class FakeBaresip {
  /** Where the play went wrong: a request not in the transcript, or one out of order. */
  readonly problems: string[] = [];
  private readonly server: net.Server;
  private socket: net.Socket | null = null;
  private at = 0;
  private readonly requests: { command: string; params: string; token: string }[] = [];
  private readonly released = new Set<string>();
  /** A drop waits for what was written before it to be sent. */
  private draining = false;
  /** Captured token → the token of the request Ringside sent this time. */
  private readonly tokens = new Map<string, string>();
  connections = 0;

  private constructor(
    private readonly entries: readonly WireEntry[],
    private readonly options: FakeOptions,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  static async start(entries: readonly WireEntry[], options: FakeOptions = {}): Promise<FakeBaresip> {
    const fake = new FakeBaresip(entries, options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** The whole transcript has been played. */
  get done(): boolean {
    return this.at >= this.entries.length;
  }

  /** Where the play stands, for a failing test's message. */
  get position(): string {
    return `${this.at}/${this.entries.length}: ${JSON.stringify(this.entries[this.at] ?? 'end').slice(0, 120)}`;
  }

  /** Requests Ringside sent that the transcript has no place for (after its end). */
  get extra(): string[] {
    return this.requests.map((request) => `${request.command} ${request.params}`.trim());
  }

  /** Lets the transcript play on past this step. */
  step(name: string): void {
    this.released.add(name);
    this.pump();
  }

  stop(): void {
    this.socket?.destroy();
    this.server.close();
  }

  private accept(socket: net.Socket): void {
    this.connections++;
    // ctrl_tcp takes one client: a new one silently replaces the old.
    this.socket?.destroy();
    this.socket = socket;
    const decoder = new NetstringDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const payload of decoder.push(chunk)) {
        if (payload === null) continue; // Ringside's requests are short: never
        try {
          this.requests.push(JSON.parse(payload));
        } catch {
          // baresip answers malformed JSON with silence
        }
      }
      this.pump();
    });
    socket.on('error', () => {});
    this.pump();
  }

  private pump(): void {
    const outgoing: Buffer[] = [];
    for (;;) {
      const entry = this.entries[this.at];
      if (!entry) break;
      if ('in' in entry) {
        if (!this.socket) break;
        outgoing.push(encodeNetstring(this.withLiveToken(entry.in)));
      } else if ('out' in entry) {
        const request = this.requests.shift();
        if (!request) break;
        const expected = JSON.parse(entry.out);
        if (request.command !== expected.command || request.params !== expected.params) {
          this.problems.push(`expected "${expected.command} ${expected.params}", got "${request.command} ${request.params}" at ${this.position}`);
        }
        this.tokens.set(expected.token, request.token);
      } else if ('step' in entry) {
        if (!this.released.has(entry.step)) break;
      } else {
        this.flush(outgoing);
        // What baresip sent before the drop reaches the link first: a destroy would throw away
        // what the kernel has not taken yet (a flood).
        const socket = this.socket;
        if (socket && socket.writableLength > 0) {
          if (!this.draining) {
            this.draining = true;
            socket.write(Buffer.alloc(0), () => {
              this.draining = false;
              this.pump();
            });
          }
          break;
        }
        this.socket?.destroy();
        this.socket = null;
        this.requests.length = 0;
      }
      this.at++;
    }
    this.flush(outgoing);
  }

  private flush(outgoing: Buffer[]): void {
    if (!this.socket || outgoing.length === 0) return;
    const socket = this.socket;
    if (this.options.chunking === 'joined') socket.write(Buffer.concat(outgoing));
    else if (this.options.chunking === 'bytes') for (const message of outgoing) for (const byte of message) socket.write(Buffer.from([byte]));
    else for (const message of outgoing) socket.write(message);
    outgoing.length = 0;
  }

  private withLiveToken(payload: string): string {
    let message;
    try {
      message = JSON.parse(payload);
    } catch {
      return payload; // a garbled message, as a hostile phone sends
    }
    if (!message?.response || !this.tokens.has(message.token)) return payload;
    return JSON.stringify({ ...message, token: this.tokens.get(message.token) });
  }
}
