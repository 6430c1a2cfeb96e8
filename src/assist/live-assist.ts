/**
 * Live assist on the live screen: follows the transcript feed (src/assist/feed.ts), turns each
 * final segment into a HEARD command (src/assist/listen.ts) and gives it to the desk, the same one
 * way in as a key or the phone (the desk logs it, the machine decides whether it ticks). Partial
 * results show as "hearing…" and tick nothing. The screen reads one snapshot: the feed's state,
 * what is being heard, the last notice.
 */
import type { CallDesk } from '../call/desk.js';
import type { DeskVariables } from '../ui/view.js';
import type { AssistLink, AssistView } from '../ui/use-assist.js';
import { TranscriptFeed, type FeedNotice, type TranscriptSource } from './feed.js';
import { feedNoticeText } from './feed-notice.js';
import { heardCommand, prepareListening } from './listen.js';
import type { Segment, Speaker } from './segment.js';

export interface LiveAssistOptions {
  /** A match scoring this much ticks its step (the `heardThreshold` setting). */
  readonly threshold: number;
  /** The silence after a caller's question before the repeat line is offered (the `repeatAfterSeconds` setting). */
  readonly repeatAfterMs: number;
  /** Who speaks in a feed whose lines do not say (the `transcriptSpeaker` setting). */
  readonly speaker: Speaker;
  /** The desk's values for the lines' {variables}, as they are now. */
  readonly variables: () => DeskVariables;
}

/** How long a notice about the feed stays on screen (a skipped line, a flood); one about a feed that cannot be read stays while it cannot. */
export const NOTICE_MS = 10_000;
const LASTING: ReadonlySet<FeedNotice['kind']> = new Set(['gone', 'cannotRead', 'portInUse']);
const FINALS_WAITING_MAX = 200;

export class LiveAssist implements AssistLink {
  private readonly feed: TranscriptFeed;
  private view: AssistView = Object.freeze({ status: 'waiting', hearing: null, notice: null });
  private readonly listeners = new Set<() => void>();
  private noticeTimer: NodeJS.Timeout | null = null;
  /**
   * Final segments waiting for their turn: one is heard (matched, logged, given to the call) per
   * turn of the event loop, so a burst from the feed never holds a key or a frame up for long.
   */
  private readonly finals: Segment[] = [];
  private hearing: NodeJS.Immediate | null = null;
  private stopped = false;
  readonly repeatAfterMs: number;

  constructor(
    private readonly desk: CallDesk,
    source: TranscriptSource,
    private readonly options: LiveAssistOptions,
  ) {
    this.repeatAfterMs = options.repeatAfterMs;
    this.feed = new TranscriptFeed(source, { segment: (segment) => this.heard(segment), notice: (notice) => this.noticed(notice) }, { speaker: options.speaker });
  }

  start(): void {
    this.feed.start();
    // Once the screen is up: the matcher's first use loads its dictionaries, not the first words of a call.
    const warm = setTimeout(() => prepareListening(this.desk.pack, this.options.variables()), 0);
    warm.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    if (this.hearing) clearImmediate(this.hearing);
    await this.feed.stop();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getSnapshot(): AssistView {
    return this.view;
  }

  private change(next: Partial<AssistView>): void {
    this.view = Object.freeze({ ...this.view, ...next });
    for (const listener of this.listeners) listener();
  }

  /**
   * A segment from the feed: a partial one is shown; a final one waits its turn to go to the call.
   * The feed is live once it has said something (a file that merely exists, or a connection, has not).
   */
  private heard(segment: Segment): void {
    if (this.stopped) return;
    if (!segment.final) {
      this.change({ status: 'live', hearing: { speaker: segment.speaker, text: segment.text } });
      return;
    }
    // The feed hands on 20 a second at most; this bound is for a listener that fell behind.
    if (this.finals.length < FINALS_WAITING_MAX) this.finals.push(segment);
    this.hearing ??= setImmediate(() => this.hearNext());
    // What that side was heard saying is said now: its partial goes (a later partial, in order, would stay).
    if (this.view.hearing?.speaker === segment.speaker) this.change({ hearing: null });
  }

  private hearNext(): void {
    this.hearing = null;
    const segment = this.finals.shift();
    if (!segment || this.stopped) return;
    if (this.finals.length > 0) this.hearing = setImmediate(() => this.hearNext());
    const status = this.view.status === 'live' ? {} : { status: 'live' as const };
    const command = heardCommand(segment, this.desk.snapshot.context, { threshold: this.options.threshold, variables: this.options.variables() });
    // Taken or not (no call on the desk: nothing to hear), the screen is told by the desk.
    if (command) this.desk.take(command, 'transcript');
    if (status.status) this.change(status);
  }

  private noticed(notice: FeedNotice): void {
    // Live is the first segment's to say (heard); a notice that lasts stays while the feed cannot be read.
    const status = notice.kind === 'live' ? this.view.status : notice.kind === 'waiting' ? 'waiting' : LASTING.has(notice.kind) ? 'gone' : this.view.status;
    const text = notice.kind === 'live' ? null : feedNoticeText(notice);
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
    if (text && !LASTING.has(notice.kind) && notice.kind !== 'waiting') {
      this.noticeTimer = setTimeout(() => {
        this.noticeTimer = null;
        this.change({ notice: null });
      }, NOTICE_MS);
      this.noticeTimer.unref();
    }
    this.change({ status, notice: text, ...(status !== 'live' ? { hearing: null } : {}) });
  }
}
