/**
 * A desk's one connection to the team's server, shared by what the desk sends (the uploader, the
 * live state): a team of fifty desks costs the server fifty connections, not a hundred. Work on it
 * runs one piece at a time (`exclusive`), so one piece's transaction never takes in another's
 * statement. A connection the server dropped is let go, and the next piece of work connects again.
 * It never throws at the screen: what failed is said by the status it reports.
 */
import type { Client } from 'pg';
import { UserError } from '../errors.js';
import { codeOf, connectTeam, cutClient, serverAway, teamProblem } from './connect.js';
import { requireSchema } from './schema.js';

export type LinkState = 'connecting' | 'connected' | 'offline';

export interface LinkStatus {
  state: LinkState;
  /** Why the link is offline, as a sentence (no password in it); null when connected or only away. */
  problem: string | null;
}

export class TeamLink {
  private client: Client | null = null;
  /** The client being connected, so a close can cut it too. */
  private connecting: Client | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private current: LinkStatus = { state: 'connecting', problem: null };
  private readonly listeners = new Set<(status: LinkStatus) => void>();

  constructor(
    readonly url: string,
    private readonly options: { application?: string; timeoutMs?: number } = {},
  ) {}

  get status(): LinkStatus {
    return this.current;
  }

  onStatus(listener: (status: LinkStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `work` on the connection (made first when there is none), after the work before it.
   * Resolves with its answer, or rejects with a UserError that says what failed; a connection the
   * failure may have broken is let go.
   */
  exclusive<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.closed) throw new UserError('closed', 1);
      try {
        const client = await this.connected();
        const answer = await work(client);
        this.report({ state: 'connected', problem: null });
        return answer;
      } catch (error) {
        // The desk's own log held up (another process writing to it): not the link's failure.
        if (isLocal(error)) throw error;
        this.drop();
        const problem = teamProblem(error, this.url);
        this.report({ state: 'offline', problem: serverAway(error) ? null : problem.message });
        throw problem;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private async connected(): Promise<Client> {
    if (this.client) return this.client;
    const client = await connectTeam(this.url, { ...this.options, onClient: (made) => (this.connecting = made) }).finally(() => (this.connecting = null));
    try {
      await requireSchema(client);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      cutClient(client);
      throw new UserError('closed', 1);
    }
    client.on('error', () => this.drop());
    client.on('end', () => {
      if (this.client === client) this.client = null;
    });
    this.client = client;
    return client;
  }

  /** Lets the connection go (the next work connects again). */
  drop(): void {
    const client = this.client;
    this.client = null;
    if (client) void client.end().catch(() => {});
  }

  private report(status: LinkStatus): void {
    if (status.state === this.current.state && status.problem === this.current.problem) return;
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }

  /**
   * Ends the link once the work queued on it is done, waiting `waitMs` at most: work still in
   * flight then (a server gone silent, a connection being made) is cut, and fails as a lost
   * connection does. What a batch cut that way sent is not acknowledged: it stays queued.
   */
  async close(waitMs = Infinity): Promise<void> {
    const queued = this.queue;
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      queued.then(() => false),
      new Promise<boolean>((resolve) => {
        if (Number.isFinite(waitMs)) timer = setTimeout(() => resolve(true), waitMs);
      }),
    ]);
    clearTimeout(timer);
    this.closed = true;
    if (late) {
      if (this.connecting) cutClient(this.connecting);
      if (this.client) cutClient(this.client);
      this.client = null;
      await queued;
      return;
    }
    this.drop();
  }
}

/** An error of the desk's own log (better-sqlite3's, SQLITE_BUSY and the like), not of the team's server. */
function isLocal(error: unknown): boolean {
  return /^SQLITE_/.test(codeOf(error));
}
