/**
 * A small TCP proxy in front of a test cluster, for the network's faults: it forwards both ways
 * and, on command, drops every connection now, drops the next connection that has sent N more
 * bytes to the server (a batch cut mid-way), drops a connection instead of passing on the
 * server's reply to COMMIT (the commit made, its acknowledgement lost), or goes silent (takes
 * connections and bytes, passes nothing on, answers nothing: a server behind a dead route).
 * Each fault happens once; then it forwards again.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

/** The server's CommandComplete for COMMIT: 'C', length 11, "COMMIT\0". */
const COMMIT_REPLY = Buffer.concat([Buffer.from([0x43, 0, 0, 0, 11]), Buffer.from('COMMIT\0', 'latin1')]);

type Fault = { kind: 'none' } | { kind: 'dropAfter'; bytes: number } | { kind: 'loseCommitAck' } | { kind: 'silent' };

export interface Proxy {
  readonly port: number;
  /** Drops every open connection now. */
  dropAll(): void;
  /** Drops the connection that sends the `bytes`-th byte to the server from now on (the bytes before it passed). */
  dropAfter(bytes: number): void;
  /** Drops the next connection whose COMMIT the server answers, instead of passing the answer on. */
  loseCommitAck(): void;
  /** Takes connections and their bytes and passes nothing on, until `forward()`. */
  silent(): void;
  /** Forwards again (ends a fault that has not happened yet). */
  forward(): void;
  /** How many faults have happened. */
  readonly faults: number;
  close(): Promise<void>;
}

export function startProxy(targetPort: number): Promise<Proxy> {
  const pairs = new Set<{ client: Socket; server: Socket | null }>();
  let fault: Fault = { kind: 'none' };
  let faults = 0;
  let sentSinceArmed = 0;
  const cut = (pair: { client: Socket; server: Socket | null }) => {
    pair.client.destroy();
    pair.server?.destroy();
    pairs.delete(pair);
  };
  const happened = () => {
    faults++;
    fault = { kind: 'none' };
  };

  const server: Server = createServer((client) => {
    const pair: { client: Socket; server: Socket | null } = { client, server: null };
    pairs.add(pair);
    client.on('error', () => cut(pair));
    client.on('close', () => cut(pair));
    if (fault.kind === 'silent') {
      client.on('data', () => {});
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    pair.server = upstream;
    upstream.on('error', () => cut(pair));
    upstream.on('close', () => cut(pair));
    let tail = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (fault.kind === 'silent') return;
      if (fault.kind === 'dropAfter') {
        const room = fault.bytes - sentSinceArmed;
        if (chunk.length >= room) {
          if (room > 0) upstream.write(chunk.subarray(0, room));
          happened();
          // The bytes before the cut reach the server; then the line goes.
          upstream.end(() => cut(pair));
          client.destroy();
          return;
        }
        sentSinceArmed += chunk.length;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (fault.kind === 'silent') return;
      if (fault.kind === 'loseCommitAck') {
        // The reply may straddle two reads: look at the end of the last one as well.
        const seen = Buffer.concat([tail, chunk]);
        if (seen.includes(COMMIT_REPLY)) {
          happened();
          cut(pair);
          return;
        }
        tail = seen.subarray(Math.max(0, seen.length - COMMIT_REPLY.length));
      }
      client.write(chunk);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        port,
        dropAll: () => {
          for (const pair of [...pairs]) cut(pair);
          faults++;
        },
        dropAfter: (bytes) => {
          sentSinceArmed = 0;
          fault = { kind: 'dropAfter', bytes };
        },
        loseCommitAck: () => {
          fault = { kind: 'loseCommitAck' };
        },
        silent: () => {
          fault = { kind: 'silent' };
        },
        forward: () => {
          fault = { kind: 'none' };
        },
        get faults() {
          return faults;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const pair of [...pairs]) cut(pair);
            server.close(() => done());
          }),
      });
    });
  });
}
