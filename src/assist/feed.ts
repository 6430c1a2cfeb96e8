/**
 * The transcript feed: the IO edge of live assist. A speech recogniser writes JSON lines (one
 * segment of speech a line, src/assist/feed-shapes.ts reads them) to a file, a FIFO or a TCP
 * connection on loopback; the feed follows it and hands on segments and notices.
 *
 * Everything that comes in is hostile: lines are bounded (a longer one is skipped to its end),
 * bad lines are counted, never echoed, and the segments handed on are bounded in rate (finals in
 * a bucket, partials the latest per speaker every PARTIAL_EVERY_MS), so a flood costs what was
 * dropped, said in a notice, and never the agent's keys: no more than one read's worth of lines
 * is handled at a time.
 */
import { close, constants, fstat, fstatSync, open, openSync, read, stat, watch, type FSWatcher, type Stats } from 'node:fs';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import { readFeedLine, type FeedProblemKind } from './feed-shapes.js';
import type { TranscriptSource } from './source.js';

export { parseTranscriptSource, type TranscriptSource } from './source.js';
import type { Segment, Speaker } from './segment.js';

/** A line longer than this (in bytes, its newline not counted) is skipped: a segment is a sentence or two. */
export const LINE_MAX_BYTES = 64 * 1024;
/** Final segments handed on at most this many a second, after a burst of FINALS_BURST. */
export const FINALS_PER_SECOND = 20;
export const FINALS_BURST = 40;
/** A speaker's partial segments are handed on at most this often (the latest of them). */
export const PARTIAL_EVERY_MS = 100;
/** TCP clients at once: a recogniser or two per call (the agent's side, the line's), and room for a restart. */
export const MAX_CLIENTS = 4;
/** Counting notices (lines skipped, segments dropped) at most this often. */
const COUNTS_EVERY_MS = 1_000;
/** How often a path is looked at besides what the file system tells (a missing folder, a file system without events). */
const LOOK_EVERY_MS = 250;
/** A busy port is tried again this often. */
const LISTEN_AGAIN_MS = 1_000;
/** stop() settles within this, whatever the source is doing. */
const STOP_WITHIN_MS = 1_000;
/** A file is read this much at a time, and at most READS_PER_LOOK reads before it is looked at again. */
const READ_BYTES = 64 * 1024;
const READS_PER_LOOK = 64;


export type FeedStatus = 'waiting' | 'live' | 'gone' | 'stopped';
export type FeedSourceKind = 'file' | 'fifo' | 'tcp';

/** Lines skipped, by why, since the feed started. */
export interface SkippedLines {
  readonly notJson: number;
  readonly unknownShape: number;
  readonly badField: number;
  readonly badUtf8: number;
  readonly tooLong: number;
}

/** Something the agent should know of the feed: kinds and counts, never anything the line said. */
export type FeedNotice =
  /** Nothing to read yet: the file is not there, the FIFO has no writer, no client has connected (on `port`). */
  | { readonly kind: 'waiting'; readonly source: FeedSourceKind; readonly port?: number }
  /** Speech is coming: the file is open, a writer wrote, a client connected. */
  | { readonly kind: 'live'; readonly source: FeedSourceKind }
  /** It stopped coming: the file vanished, the writer closed, the last client left. The feed waits for it to come back. */
  | { readonly kind: 'gone'; readonly source: FeedSourceKind; readonly why: 'vanished' | 'closed' }
  /** The file was emptied or replaced (rotated): it is read from its start. */
  | { readonly kind: 'restarted'; readonly why: 'truncated' | 'replaced' }
  /** The path cannot be read: not a file or a FIFO, no permission, another error (its code). Looked at again. */
  | { readonly kind: 'cannotRead'; readonly why: 'notFileOrFifo' | 'denied' | 'error'; readonly code?: string }
  /** The port is taken by another program: tried again every second. */
  | { readonly kind: 'portInUse'; readonly port: number }
  /** Lines skipped since the start, by why. */
  | { readonly kind: 'skipped'; readonly lines: SkippedLines }
  /** Final segments passed over since the start: they came faster than FINALS_PER_SECOND. */
  | { readonly kind: 'dropped'; readonly finals: number }
  /** Connections refused since the start: more than MAX_CLIENTS at once. */
  | { readonly kind: 'refused'; readonly clients: number };

export interface FeedHandlers {
  segment(segment: Segment): void;
  notice(notice: FeedNotice): void;
}

export interface FeedOptions {
  /** Who speaks in a line that does not say: the agent unless told (the transcriptSpeaker setting). */
  readonly speaker?: Speaker;
}

const openFd = promisify(open);
const readFd = promisify(read);
const closeFd = promisify(close);
const fstatFd = promisify(fstat);
const statPath = promisify(stat);

/**
 * Cuts bytes into lines at \n (a \r before it dropped). A line past LINE_MAX_BYTES is skipped up
 * to its newline, so what is held is never more than one bounded line.
 */
class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;

  constructor(
    private readonly onLine: (line: Buffer) => void,
    private readonly onTooLong: () => void,
  ) {}

  push(chunk: Buffer): void {
    let from = 0;
    while (from < chunk.length) {
      const newline = chunk.indexOf(10, from);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(from, end);
      if (!this.skipping) {
        if (this.pendingBytes + piece.length > LINE_MAX_BYTES + 1) {
          // (+1: room for the \r of a \r\n line of exactly the bound.)
          this.skipping = true;
          this.pending = [];
          this.pendingBytes = 0;
          this.onTooLong();
        } else if (piece.length > 0) {
          // Copied: the chunk's memory may be reused by the reader.
          this.pending.push(Buffer.from(piece));
          this.pendingBytes += piece.length;
        }
      }
      if (newline === -1) return;
      this.endLine();
      from = newline + 1;
    }
  }

  /** The writer is gone: what it wrote after its last newline is a line too. */
  flush(): void {
    this.endLine();
  }

  /** What was held belongs to a file that was emptied or replaced: forgotten. */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private endLine(): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    if (this.pendingBytes === 0) return;
    let line = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
    this.onLine(line);
  }
}

interface OpenFile {
  readonly kind: 'file';
  readonly fd: number;
  readonly dev: number;
  readonly ino: number;
  position: number;
}

interface OpenFifo {
  readonly kind: 'fifo';
  readonly dev: number;
  readonly ino: number;
  socket: Socket;
  /** The current writer has written (the feed is live). */
  heard: boolean;
}

const wait = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref?.();
  });

export class TranscriptFeed {
  private currentStatus: FeedStatus = 'waiting';
  private stopped = false;
  private readonly speaker: Speaker;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly skipped = { notJson: 0, unknownShape: 0, badField: 0, badUtf8: 0, tooLong: 0 };
  private droppedFinals = 0;
  private refusedClients = 0;
  private readonly countsNotedAt = new Map<'skipped' | 'dropped' | 'refused', number>();
  private readonly countsTimers = new Map<'skipped' | 'dropped' | 'refused', NodeJS.Timeout>();
  private tokens = FINALS_BURST;
  private tokensAt = performance.now();
  private readonly partials = new Map<Speaker, Segment>();
  private partialsTimer: NodeJS.Timeout | null = null;
  private partialsAt = -Infinity;

  // A path
  private readonly splitter = new LineSplitter(
    (line) => this.line(line),
    () => this.skip('tooLong'),
  );
  private opened: OpenFile | OpenFifo | null = null;
  private looking: Promise<void> | null = null;
  private lookAgain = false;
  private lookTimer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  private firstLook = true;
  private lastTrouble = '';

  // TCP
  private server: Server | null = null;
  private readonly clients = new Set<Socket>();
  private listenTimer: NodeJS.Timeout | null = null;
  private portNoticed = false;

  constructor(
    readonly source: TranscriptSource,
    private readonly handlers: FeedHandlers,
    options: FeedOptions = {},
  ) {
    this.speaker = options.speaker ?? 'agent';
  }

  get status(): FeedStatus {
    return this.currentStatus;
  }

  /** The port listened on (a TCP source, once listening), else null. */
  get port(): number | null {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? address.port : null;
  }

  start(): void {
    if (this.source.kind === 'tcp') this.listen();
    else {
      this.lookTimer = setInterval(() => this.look(), LOOK_EVERY_MS);
      this.lookTimer.unref?.();
      this.look();
    }
  }

  /** Stops following: every handle closed, within STOP_WITHIN_MS whatever the source is doing. Nothing is handed on after. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.currentStatus = 'stopped';
    for (const timer of [this.lookTimer, this.listenTimer, this.partialsTimer, ...this.countsTimers.values()]) if (timer) clearTimeout(timer);
    this.watcher?.close();
    this.watcher = null;
    for (const client of this.clients) client.destroy();
    const closing: Promise<unknown>[] = [];
    if (this.server) {
      const server = this.server;
      closing.push(new Promise<void>((resolve) => server.close(() => resolve())));
    }
    // A file being read is closed once the read in flight is back (closing it under the read
    // could hand its number to another file meanwhile); a read that never comes back leaves it.
    closing.push(
      (async () => {
        if (this.looking) await this.looking;
        this.closeOpened();
      })(),
    );
    await Promise.race([Promise.allSettled(closing), wait(STOP_WITHIN_MS)]);
  }

  // ---- What comes in

  private line(bytes: Buffer): void {
    if (this.stopped) return;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      this.skip('badUtf8');
      return;
    }
    if (text.trim() === '') return;
    const read = readFeedLine(text, { speaker: this.speaker });
    if ('problem' in read) {
      this.skip(read.problem.kind);
      return;
    }
    for (const segment of read.segments) this.pass(segment);
  }

  private skip(why: FeedProblemKind | 'badUtf8' | 'tooLong'): void {
    this.skipped[why] += 1;
    this.countLater('skipped');
  }

  /**
   * Hands a segment on within the bounds: a final one while the bucket has a token (it also
   * overtakes the speaker's partial still waiting), a partial as the speaker's latest, at most
   * every PARTIAL_EVERY_MS.
   */
  private pass(segment: Segment): void {
    if (segment.final) {
      this.partials.delete(segment.speaker);
      const now = performance.now();
      this.tokens = Math.min(FINALS_BURST, this.tokens + ((now - this.tokensAt) * FINALS_PER_SECOND) / 1000);
      this.tokensAt = now;
      if (this.tokens < 1) {
        this.droppedFinals += 1;
        this.countLater('dropped');
        return;
      }
      this.tokens -= 1;
      this.handlers.segment(segment);
      return;
    }
    this.partials.set(segment.speaker, segment);
    if (this.partialsTimer) return;
    const due = this.partialsAt + PARTIAL_EVERY_MS - performance.now();
    if (due <= 0) this.passPartials();
    else {
      this.partialsTimer = setTimeout(() => this.passPartials(), due);
      this.partialsTimer.unref?.();
    }
  }

  private passPartials(): void {
    this.partialsTimer = null;
    if (this.stopped) return;
    this.partialsAt = performance.now();
    const waiting = [...this.partials.values()];
    this.partials.clear();
    for (const segment of waiting) this.handlers.segment(segment);
  }

  // ---- Notices

  private tell(notice: FeedNotice, status?: FeedStatus): void {
    if (this.stopped) return;
    if (status) this.currentStatus = status;
    this.handlers.notice(notice);
  }

  /** A counting notice: at once when the last of its kind is a while ago, else once that while is over (with the counts then). */
  private countLater(kind: 'skipped' | 'dropped' | 'refused'): void {
    if (this.countsTimers.has(kind)) return;
    const due = (this.countsNotedAt.get(kind) ?? -Infinity) + COUNTS_EVERY_MS - performance.now();
    const say = () => {
      this.countsTimers.delete(kind);
      this.countsNotedAt.set(kind, performance.now());
      if (kind === 'skipped') this.tell({ kind, lines: { ...this.skipped } });
      else if (kind === 'dropped') this.tell({ kind, finals: this.droppedFinals });
      else this.tell({ kind, clients: this.refusedClients });
    };
    if (due <= 0) say();
    else {
      const timer = setTimeout(say, due);
      timer.unref?.();
      this.countsTimers.set(kind, timer);
    }
  }

  /** A trouble with the path told once, until it changes. */
  private trouble(key: string, notice: FeedNotice, status: FeedStatus): void {
    if (key === this.lastTrouble) return;
    this.lastTrouble = key;
    this.tell(notice, status);
  }

  // ---- A path: a file followed like `tail -F`, or a FIFO

  private get path(): string {
    return (this.source as { path: string }).path;
  }

  /** Looks at the path (one look at a time; asked during one, another follows). */
  private look(): void {
    if (this.stopped) return;
    if (this.looking) {
      this.lookAgain = true;
      return;
    }
    this.looking = this.lookOnce()
      .catch(() => {})
      .finally(() => {
        this.looking = null;
        if (this.lookAgain && !this.stopped) {
          this.lookAgain = false;
          this.look();
        }
      });
  }

  private async lookOnce(): Promise<void> {
    this.watchFolder();
    let found: Stats | null = null;
    let code = '';
    try {
      found = await statPath(this.path);
    } catch (error) {
      code = (error as NodeJS.ErrnoException).code ?? 'error';
    }
    if (this.stopped) return;
    const was = this.opened;
    if (was && (!found || found.dev !== was.dev || found.ino !== was.ino)) {
      // Gone or replaced: what its writer wrote before is read first.
      await this.finishOpened();
      if (this.stopped) return;
      if (!found) {
        // Waiting for it to come back is what "gone" says.
        this.lastTrouble = 'missing';
        this.tell({ kind: 'gone', source: was.kind, why: 'vanished' }, 'gone');
        return;
      }
      this.firstLook = false;
      await this.openPath(found, 'replaced');
    } else if (!was) {
      if (!found) {
        const missing = code === 'ENOENT' || code === 'ENOTDIR';
        if (missing) this.trouble('missing', { kind: 'waiting', source: 'file' }, this.currentStatus === 'gone' ? 'gone' : 'waiting');
        else this.trouble(`stat ${code}`, { kind: 'cannotRead', why: code === 'EACCES' || code === 'EPERM' ? 'denied' : 'error', code }, 'waiting');
        this.firstLook = false;
        return;
      }
      const first = this.firstLook;
      this.firstLook = false;
      await this.openPath(found, first ? 'start' : 'appeared');
    }
    if (this.stopped) return;
    if (this.opened?.kind === 'file') await this.readFile(this.opened);
  }

  /** Opens what the path names now: a file (read from its end when it was there at the start, else from its beginning) or a FIFO. */
  private async openPath(found: Stats, why: 'start' | 'appeared' | 'replaced'): Promise<void> {
    if (!found.isFile() && !found.isFIFO()) {
      this.trouble('notFileOrFifo', { kind: 'cannotRead', why: 'notFileOrFifo' }, 'waiting');
      return;
    }
    let fd: number;
    try {
      // Without blocking: a FIFO opens at once whether or not a writer is there.
      fd = await openFd(this.path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code !== 'ENOENT') this.trouble(`open ${code}`, { kind: 'cannotRead', why: code === 'EACCES' || code === 'EPERM' ? 'denied' : 'error', code }, 'waiting');
      return;
    }
    let opened: Stats;
    try {
      opened = await fstatFd(fd);
    } catch {
      await closeFd(fd).catch(() => {});
      return;
    }
    if (this.stopped || (!opened.isFile() && !opened.isFIFO())) {
      await closeFd(fd).catch(() => {});
      if (!this.stopped) this.trouble('notFileOrFifo', { kind: 'cannotRead', why: 'notFileOrFifo' }, 'waiting');
      return;
    }
    this.lastTrouble = '';
    this.splitter.reset();
    if (opened.isFIFO()) {
      this.openFifo(fd, opened);
      this.tell({ kind: 'waiting', source: 'fifo' }, this.currentStatus === 'gone' ? 'gone' : 'waiting');
      return;
    }
    // Lines already in the file at the start were said on earlier calls: only what is appended counts.
    this.opened = { kind: 'file', fd, dev: opened.dev, ino: opened.ino, position: why === 'start' ? opened.size : 0 };
    if (why === 'replaced') this.tell({ kind: 'restarted', why: 'replaced' }, 'live');
    else this.tell({ kind: 'live', source: 'file' }, 'live');
  }

  /** Reads what was appended, a bounded number of reads at a time; a file shorter than where the feed was has been emptied. */
  private async readFile(file: OpenFile): Promise<void> {
    const now = await fstatFd(file.fd);
    if (this.stopped || this.opened !== file) return;
    if (now.size < file.position) {
      file.position = 0;
      this.splitter.reset();
      this.tell({ kind: 'restarted', why: 'truncated' }, 'live');
    }
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (let reads = 0; reads < READS_PER_LOOK; reads += 1) {
      const { bytesRead } = await readFd(file.fd, buffer, 0, READ_BYTES, file.position);
      if (this.stopped || this.opened !== file || bytesRead === 0) return;
      file.position += bytesRead;
      this.splitter.push(buffer.subarray(0, bytesRead));
    }
    // More is there: read on after the next look (which also sees a rotation meanwhile).
    this.lookAgain = true;
  }

  /** The file or FIFO the path named before: a file read to its end, its last unended line taken; then closed. */
  private async finishOpened(): Promise<void> {
    const was = this.opened;
    if (was?.kind === 'file') {
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      for (let reads = 0; reads < READS_PER_LOOK; reads += 1) {
        const { bytesRead } = await readFd(was.fd, buffer, 0, READ_BYTES, was.position).catch(() => ({ bytesRead: 0 }));
        if (this.stopped || bytesRead === 0) break;
        was.position += bytesRead;
        this.splitter.push(buffer.subarray(0, bytesRead));
      }
    }
    this.splitter.flush();
    this.closeOpened();
  }

  private closeOpened(): void {
    const was = this.opened;
    this.opened = null;
    if (was?.kind === 'file') close(was.fd, () => {});
    else if (was?.kind === 'fifo') was.socket.destroy();
  }

  /**
   * Reads a FIFO through a socket on its descriptor (non-blocking: no thread waits on a writer
   * that may never come). A writer closing ends the socket: the FIFO is opened again before the
   * old end is closed, so the next writer always finds a reader.
   */
  private openFifo(fd: number, found: Stats): void {
    const socket = new Socket({ fd, readable: true, writable: false });
    const fifo: OpenFifo = { kind: 'fifo', dev: found.dev, ino: found.ino, socket, heard: false };
    this.opened = fifo;
    socket.on('data', (chunk: Buffer) => {
      if (this.opened !== fifo) return;
      if (!fifo.heard) {
        fifo.heard = true;
        this.tell({ kind: 'live', source: 'fifo' }, 'live');
      }
      this.splitter.push(chunk);
    });
    const ended = () => {
      if (this.opened !== fifo || this.stopped) return;
      this.splitter.flush();
      this.opened = null;
      let next: number | null = null;
      try {
        next = openSyncNonBlocking(this.path);
      } catch {
        next = null;
      }
      socket.destroy();
      this.tell({ kind: 'gone', source: 'fifo', why: 'closed' }, 'gone');
      if (next !== null) {
        const nextFound = fstatSyncSafe(next);
        if (nextFound?.isFIFO() && nextFound.dev === fifo.dev && nextFound.ino === fifo.ino) {
          this.splitter.reset();
          this.openFifo(next, nextFound);
          return;
        }
        close(next, () => {});
      }
      // The path names something else now: the next look opens it.
      this.look();
    };
    socket.on('end', ended);
    socket.on('close', ended);
    socket.on('error', ended);
  }

  /** Watches the path's folder (a file's events there, and its replacement by name); the regular look is the fallback. */
  private watchFolder(): void {
    if (this.watcher || this.stopped) return;
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.look();
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      this.watcher = null;
    }
  }

  // ---- TCP on loopback

  private listen(): void {
    const { host, port } = this.source as { host: string; port: number };
    const server = createServer({ allowHalfOpen: false });
    this.server = server;
    server.maxConnections = MAX_CLIENTS;
    server.on('drop', () => {
      this.refusedClients += 1;
      this.countLater('refused');
    });
    server.on('connection', (socket) => this.client(socket));
    server.on('listening', () => this.tell({ kind: 'waiting', source: 'tcp', port: this.port ?? port }, this.currentStatus === 'gone' ? 'gone' : 'waiting'));
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (this.stopped) return;
      if (error.code === 'EADDRINUSE') {
        if (!this.portNoticed) this.tell({ kind: 'portInUse', port }, 'waiting');
        this.portNoticed = true;
      } else this.trouble(`listen ${error.code}`, { kind: 'cannotRead', why: error.code === 'EACCES' ? 'denied' : 'error', code: error.code ?? 'error' }, 'waiting');
      this.listenTimer = setTimeout(() => {
        if (!this.stopped) server.listen({ host, port, exclusive: true });
      }, LISTEN_AGAIN_MS);
      this.listenTimer.unref?.();
    });
    server.listen({ host, port, exclusive: true });
  }

  private client(socket: Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.clients.add(socket);
    if (this.clients.size === 1) this.tell({ kind: 'live', source: 'tcp' }, 'live');
    const splitter = new LineSplitter(
      (line) => this.line(line),
      () => this.skip('tooLong'),
    );
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!this.clients.delete(socket)) return;
      splitter.flush();
      if (this.clients.size === 0) this.tell({ kind: 'gone', source: 'tcp', why: 'closed' }, 'gone');
    });
  }
}

function openSyncNonBlocking(path: string): number {
  // Non-blocking: on a FIFO this returns at once, writer or not.
  return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
}

function fstatSyncSafe(fd: number): Stats | null {
  try {
    return fstatSync(fd);
  } catch {
    return null;
  }
}
