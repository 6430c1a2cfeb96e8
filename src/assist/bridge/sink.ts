/**
 * Where the bridge writes the feed: a file (appended to; made the owner's alone, never written
 * through a link), a FIFO Ringside reads, or a TCP port Ringside listens on, on this machine only
 * (speech goes over it unencrypted).
 */
import { closeSync, constants, fchmodSync, fstatSync, lstatSync, openSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

export type SinkProblem =
  | { kind: 'badAddress' }
  | { kind: 'notLoopback'; host: string }
  | { kind: 'link' }
  | { kind: 'notFile' }
  | { kind: 'otherOwner'; uid: number }
  | { kind: 'cannotOpen'; code: string }
  | { kind: 'noReader'; seconds: number }
  | { kind: 'refused'; code: string }
  | { kind: 'gone'; code: string };

export class SinkError extends Error {
  constructor(readonly problem: SinkProblem) {
    super(problem.kind);
  }
}

export interface Sink {
  /** Writes one line (a JSON segment and its newline); resolves once it is handed to the file or socket. */
  write(line: string): Promise<void>;
  close(): Promise<void>;
}

/** How long to wait for a FIFO's reader or a listener's answer before saying so. */
export const SINK_WAIT_MS = 5_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** A `tcp://HOST:PORT` address, or null when the destination is a path. Throws for a tcp:// that is not one. */
export function tcpAddress(destination: string): { host: string; port: number } | null {
  if (!/^tcp:/i.test(destination)) return null;
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw new SinkError({ kind: 'badAddress' });
  }
  const port = Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65535 || (url.pathname !== '' && url.pathname !== '/')) throw new SinkError({ kind: 'badAddress' });
  if (!LOOPBACK.has(url.hostname)) throw new SinkError({ kind: 'notLoopback', host: url.hostname });
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

export async function openSink(destination: string): Promise<Sink> {
  const tcp = tcpAddress(destination);
  return tcp ? connectTcp(tcp.host, tcp.port) : openPath(destination);
}

function openPath(path: string): Promise<Sink> {
  let existing;
  try {
    existing = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new SinkError({ kind: 'cannotOpen', code: (error as NodeJS.ErrnoException).code ?? 'error' });
    existing = null;
  }
  if (existing?.isSymbolicLink()) throw new SinkError({ kind: 'link' });
  if (existing && !existing.isFile() && !existing.isFIFO()) throw new SinkError({ kind: 'notFile' });
  const uid = process.getuid?.();
  if (existing && uid !== undefined && existing.uid !== uid) throw new SinkError({ kind: 'otherOwner', uid: existing.uid });
  return existing?.isFIFO() ? openFifo(path) : Promise.resolve(openFile(path, existing === null));
}

/** A regular file, appended to: made new 0600 whatever the umask, or the user's own made 0600. */
function openFile(path: string, create: boolean): Sink {
  const flags = constants.O_WRONLY | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0) | (create ? constants.O_CREAT | constants.O_EXCL : 0);
  let fd: number;
  try {
    fd = openSync(path, flags, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SinkError(code === 'ELOOP' ? { kind: 'link' } : { kind: 'cannotOpen', code });
  }
  // Opened through nothing but itself (O_NOFOLLOW); still, what was opened must be a file.
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new SinkError({ kind: 'notFile' });
  }
  fchmodSync(fd, 0o600);
  return fdSink(fd);
}

/**
 * A FIFO: its reader is Ringside following the feed. Opened without blocking (a blocked open could
 * not be given up), tried again until the reader comes, a bounded while.
 */
async function openFifo(path: string): Promise<Sink> {
  const flags = constants.O_WRONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
  const until = Date.now() + SINK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(path, flags);
      if (!fstatSync(fd).isFIFO()) {
        closeSync(fd);
        throw new SinkError({ kind: 'notFile' });
      }
      return fdSink(fd);
    } catch (error) {
      if (error instanceof SinkError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      // ENXIO: no one has it open for reading yet.
      if (code !== 'ENXIO') throw new SinkError(code === 'ELOOP' ? { kind: 'link' } : { kind: 'cannotOpen', code });
      if (Date.now() >= until) throw new SinkError({ kind: 'noReader', seconds: SINK_WAIT_MS / 1000 });
      await pause(50);
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes to a file or a FIFO; a full FIFO (its reader behind) is waited on, a bounded while without progress. */
function fdSink(fd: number): Sink {
  return {
    async write(line) {
      const data = Buffer.from(line);
      let waitedSince = Date.now();
      for (let at = 0; at < data.length; ) {
        try {
          at += writeSync(fd, data, at);
          waitedSince = Date.now();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'error';
          if (code !== 'EAGAIN') throw new SinkError({ kind: 'gone', code });
          if (Date.now() - waitedSince > SINK_WAIT_MS) throw new SinkError({ kind: 'noReader', seconds: SINK_WAIT_MS / 1000 });
          await pause(20);
        }
      }
    },
    async close() {
      closeSync(fd);
    },
  };
}

function connectTcp(host: string, port: number): Promise<Sink> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port, timeout: SINK_WAIT_MS });
    const fail = (error: NodeJS.ErrnoException) => {
      socket.destroy();
      reject(new SinkError({ kind: 'refused', code: error.code ?? 'error' }));
    };
    socket.once('error', fail);
    socket.once('timeout', () => fail(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    socket.once('connect', () => {
      socket.off('error', fail);
      socket.setTimeout(0);
      let broken: NodeJS.ErrnoException | null = null;
      socket.on('error', (error) => {
        broken = error;
      });
      resolve({
        write: (line) =>
          new Promise((done, failed) => {
            if (broken) return failed(new SinkError({ kind: 'gone', code: broken.code ?? 'error' }));
            socket.write(line, (error) => (error ? failed(new SinkError({ kind: 'gone', code: (error as NodeJS.ErrnoException).code ?? 'error' })) : done()));
          }),
        close: () => new Promise((done) => socket.end(() => done())),
      });
    });
  });
}
