/**
 * The desk's part in its team while the live screen is up: one link to the team's server, shared
 * by everything the desk sends and reads: the uploader on the desk's outbox, the live state the
 * board shows (src/team/publish.ts), and the agent's team tickets for the `o` list
 * (src/team/team-tickets.ts). Made in one place (the live screen, src/screens/live.tsx) and
 * stopped as the screen closes, with a bound: a server gone silent never keeps a quitting desk
 * waiting.
 *
 * It watches the desk from outside (CallDesk.subscribe): each saved call wakes the uploader, each
 * change of the call is published. The call machine and the desk know nothing of the team; the
 * log they write is all it reads.
 */
import type { CallDesk } from '../call/desk.js';
import type { FollowUp } from '../store/store.js';
import { TeamLink } from './link.js';
import { StatePublisher, type PublisherOptions } from './publish.js';
import { TeamTickets } from './team-tickets.js';
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

  private publisher: StatePublisher | null = null;
  private readonly tickets: TeamTickets;
  private readonly deskId: string;

  constructor(
    url: string,
    outbox: Outbox,
    private readonly agent: () => { number: string; name: string },
    /** What the live state needs besides the desk (none: the desk sends its calls only). */
    private readonly published?: Omit<PublisherOptions, 'deskId' | 'agent'>,
  ) {
    this.link = new TeamLink(url, { application: 'ringside desk' });
    // The first time, the desk joins: its id is made and every call it saved before is queued.
    // Done here, before the screen is up, so that one-off write never holds up a key.
    this.deskId = outbox.teamDesk();
    this.uploader = new Uploader(this.link, outbox, agent, () => {
      for (const listener of this.listeners) listener();
    });
    this.tickets = TeamTickets.over(this.link, () => this.deskId, () => agent().number);
  }

  /** Starts sending: the outbox (woken whenever the desk saves a call), the live state, and reading the team tickets. */
  start(desk: CallDesk): void {
    let lastSaved = desk.lastSaved;
    this.unwatch = desk.subscribe(() => {
      if (desk.lastSaved === lastSaved) return;
      lastSaved = desk.lastSaved;
      this.uploader.kick();
    });
    this.uploader.start();
    if (this.published) {
      this.publisher = new StatePublisher(this.link, desk, { ...this.published, deskId: this.deskId, agent: this.agent });
      this.publisher.start();
    }
    this.tickets.start();
  }

  /** The desk's own open follow-ups less those a lead gave to another agent (as last read). */
  ownFollowUps(local: readonly FollowUp[]): FollowUp[] {
    return local.filter((followUp) => !this.tickets.givenAway(followUp.ticketId));
  }

  /** The agent's team tickets as last read (a read started in the background, never awaited by a key). */
  followUps(): FollowUp[] {
    void this.tickets.refresh();
    return this.tickets.list();
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
    this.tickets.stop();
    // The board is told the desk signed off (bounded by the publisher itself).
    await this.publisher?.stop({ signOff: true });
    const stopping = this.uploader.stop();
    await this.link.close(waitMs);
    await stopping;
  }
}
