/**
 * The desk's part in its team while the live screen is up: one link to the team's server, shared
 * by everything the desk sends, and the uploader on the desk's outbox. Made in one place (the
 * live screen, src/screens/live.tsx) and stopped as the screen closes, with a bound: a server
 * gone silent never keeps a quitting desk waiting.
 *
 * It watches the desk from outside (CallDesk.subscribe): each saved call wakes the uploader. The
 * call machine and the desk know nothing of the team; the log they write is all it reads.
 */
import type { CallDesk } from '../call/desk.js';
import { TeamLink } from './link.js';
import { Uploader, type Outbox, type UploadStatus } from './upload.js';

/** How long a closing screen waits for the batch in flight before it cuts the connection. */
export const STOP_WAIT_MS = 2_000;

/** The team link as the screen reads it (`useSyncExternalStore`): a new object on each change. */
export interface TeamView {
  subscribe(listener: () => void): () => void;
  getSnapshot(): UploadStatus;
}

export class DeskTeam implements TeamView {
  readonly link: TeamLink;
  readonly uploader: Uploader;
  private readonly listeners = new Set<() => void>();

  constructor(url: string, outbox: Outbox, agent: () => { number: string; name: string }) {
    this.link = new TeamLink(url, { application: 'ringside desk' });
    // The first time, the desk joins: its id is made and every call it saved before is queued.
    // Done here, before the screen is up, so that one-off write never holds up a key.
    outbox.teamDesk();
    this.uploader = new Uploader(this.link, outbox, agent, () => {
      for (const listener of this.listeners) listener();
    });
  }

  /** Starts sending, and wakes the uploader whenever the desk saves a call. */
  start(desk: CallDesk): void {
    let lastSaved = desk.lastSaved;
    this.unwatch = desk.subscribe(() => {
      if (desk.lastSaved === lastSaved) return;
      lastSaved = desk.lastSaved;
      this.uploader.kick();
    });
    this.uploader.start();
  }

  private unwatch: () => void = () => {};

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getSnapshot(): UploadStatus {
    return this.uploader.status;
  }

  /**
   * Stops: the batch in flight finishes if the server answers within `waitMs`, and is cut
   * otherwise (then it stays queued, and goes up, once, from the next start or `team sync`).
   */
  async stop(waitMs = STOP_WAIT_MS): Promise<void> {
    this.unwatch();
    const stopping = this.uploader.stop();
    await this.link.close(waitMs);
    await stopping;
  }
}
