/**
 * The agent's team tickets for the live screen's follow-ups list (`o`): the open tickets a lead
 * gave to this agent number, or that it took on another desk, read from the team in the
 * background now and then; and the desk's own tickets a lead gave to someone else, which the
 * desk no longer lists. The list the screen asks for is the last one read, handed at once:
 * a key never waits for the server, and a server away leaves the last list as it was.
 */
import type { FollowUp } from '../store/store.js';
import type { TeamLink } from './link.js';
import { TeamStore } from './store.js';

/** How often the list is read again without being asked (the screen also asks when `o` opens it). */
export const TEAM_TICKETS_EVERY_MS = 60_000;
/** The list shows nine: no more are kept. */
const KEPT = 9;

/** What one read brings: the team tickets to list, and the desk's own tickets given away (their numbers on the desk). */
export interface TeamTicketsRead {
  list: FollowUp[];
  givenAway: number[];
}

export class TeamTickets {
  private listed: FollowUp[] = [];
  private away = new Set<number>();
  private reading: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(
    private readonly read: () => Promise<TeamTicketsRead>,
    private readonly everyMs = TEAM_TICKETS_EVERY_MS,
  ) {}

  /** Reads the desk's team tickets through its link to the team (one connection a desk). */
  static over(link: TeamLink, deskId: () => string, agentNumber: () => string): TeamTickets {
    return new TeamTickets(() =>
      link.exclusive(async (client) => {
        const team = TeamStore.on(client, link.url);
        return { list: await team.teamFollowUps(deskId(), agentNumber()), givenAway: await team.givenAway(deskId(), agentNumber()) };
      }),
    );
  }

  start(): void {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), this.everyMs);
    this.timer.unref?.();
  }

  /** The tickets last read (none before the first answer). */
  list(): FollowUp[] {
    return this.listed;
  }

  /** Whether a lead gave this desk's ticket (its number on the desk) to another agent, as last read. */
  givenAway(ticketId: number): boolean {
    return this.away.has(ticketId);
  }

  /** Reads again in the background unless a read is on its way; resolves when it is done (tests wait on it, the screen never). */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.reading ??= this.read()
      .then(
        (read) => {
          if (this.stopped) return;
          this.listed = read.list.slice(0, KEPT);
          this.away = new Set(read.givenAway);
        },
        // The server away or refusing: the last list stays (the header says how the link is).
        () => {},
      )
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }
}
