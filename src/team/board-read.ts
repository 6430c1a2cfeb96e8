/**
 * The board's reader: its own connection to the team's server, LISTENing on the board's channel
 * to wake at once when a desk's state changes, and reading every couple of seconds as well (a
 * notification sent while the reader was away is gone, and a desk that fell silent sends none).
 * The server away: the last read stands (the screen says how old it is) and the reader connects
 * again by itself.
 */
import type { Client } from 'pg';
import { connectTeam, cutClient, teamProblem } from './connect.js';
import { pause } from './pause.js';
import { BOARD_CHANNEL, requireSchema } from './schema.js';
import type { DeskRow } from './board-model.js';

/** The desks a board reads at most, the latest heard first (a team far larger is not one board, and a login cannot flood it). */
export const BOARD_ROWS = 2_000;
/** How often the board reads without being woken. */
export const POLL_MS = 2_000;
/** The least time between two reads, however many desks wake it (a burst is one read). */
const MIN_GAP_MS = 50;
/** Waits before connecting again: growing from 1 s to 5 s. */
const RETRY_MS = [1_000, 2_000, 3_000, 5_000];
/** A read that takes longer than this counts as the server away. */
const READ_TIMEOUT_MS = 10_000;

export interface BoardRead {
  rows: DeskRow[];
  /** The server's time as it answered, and this machine's then: the board's now is serverNow + (Date.now() - at). */
  serverNow: number;
  at: number;
}

export interface ReaderStatus {
  state: 'connected' | 'away';
  /** Why, as a sentence (no password in it); null when connected. */
  problem: string | null;
}

const BOARD_QUERY = `
  SELECT s.desk_id::text AS desk_id, s.agent_number, s.agent_name, s.state, s.detail, s.desk_now,
         (extract(epoch FROM s.since) * 1000)::float8 AS since, (extract(epoch FROM s.seen_at) * 1000)::float8 AS seen_at,
         coalesce(d.calls, 0)::float8 AS calls, coalesce(d.answered, 0)::float8 AS answered, coalesce(d.ring3_met, 0)::float8 AS ring3_met,
         (extract(epoch FROM now()) * 1000)::float8 AS server_now
    FROM ringside.desk_state s
    LEFT JOIN (SELECT agent_number, sum(calls) AS calls, sum(answered) AS answered, sum(ring3_met) AS ring3_met
                 FROM ringside.day_calls WHERE day = $1 GROUP BY agent_number) d ON d.agent_number = s.agent_number
   ORDER BY s.seen_at DESC LIMIT ${BOARD_ROWS}`;

/** Today as the desks date their calls (the local day, YYYY-MM-DD). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** One read of every desk's state and today's totals. */
export async function readBoard(client: Client, now = Date.now()): Promise<BoardRead> {
  const result = await client.query(BOARD_QUERY, [localDay(now)]);
  const rows: DeskRow[] = result.rows.map((row) => ({
    deskId: row.desk_id,
    agentNumber: row.agent_number,
    agentName: row.agent_name,
    state: row.state,
    since: row.since,
    seenAt: row.seen_at,
    deskNow: Number(row.desk_now),
    detail: row.detail,
    callsToday: row.calls,
    answeredToday: row.answered,
    ring3Today: row.ring3_met,
  }));
  return { rows, serverNow: (result.rows[0]?.server_now as number | undefined) ?? (await serverNow(client)), at: Date.now() };
}

async function serverNow(client: Client): Promise<number> {
  return (await client.query(`SELECT (extract(epoch FROM now()) * 1000)::float8 AS now`)).rows[0].now as number;
}

/** Connects for the board: the server there, the login taken, the schema this Ringside's (or a UserError that says why not). */
export async function connectBoard(url: string, timeoutMs?: number): Promise<Client> {
  const client = await connectTeam(url, { application: 'ringside board', timeoutMs });
  try {
    await requireSchema(client);
    await readBoard(client);
  } catch (error) {
    await client.end().catch(() => {});
    throw teamProblem(error, url);
  }
  return client;
}

export interface ReaderOptions {
  onRead: (read: BoardRead) => void;
  onStatus?: (status: ReaderStatus) => void;
  pollMs?: number;
  timeoutMs?: number;
}

export class BoardReader {
  private client: Client | null;
  private running = false;
  private wake: (() => void) | null = null;
  private woken = false;
  private loop: Promise<void> | null = null;
  private failures = 0;
  /** Whether `client` is LISTENing on the board's channel. */
  private listening = false;
  private current: ReaderStatus = { state: 'connected', problem: null };

  /** `client`: a connection already made (connectBoard), or null to make one. */
  constructor(
    private readonly url: string,
    client: Client | null,
    private readonly options: ReaderOptions,
  ) {
    this.client = client;
  }

  get status(): ReaderStatus {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      try {
        const client = await this.connected();
        this.woken = false;
        const read = await withTimeout(readBoard(client), READ_TIMEOUT_MS);
        if (!this.running) break;
        this.failures = 0;
        this.report({ state: 'connected', problem: null });
        this.options.onRead(read);
        await this.pause(this.woken ? Math.max(0, MIN_GAP_MS - (Date.now() - started)) : (this.options.pollMs ?? POLL_MS));
      } catch (error) {
        this.drop();
        if (!this.running) break;
        this.failures++;
        this.report({ state: 'away', problem: teamProblem(error, this.url).message });
        await this.pause(RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)]!);
      }
    }
  }

  private async connected(): Promise<Client> {
    if (this.client && this.listening) return this.client;
    const client = this.client ?? (await connectTeam(this.url, { application: 'ringside board', timeoutMs: this.options.timeoutMs }));
    this.client = client;
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client.on('notification', () => {
      this.woken = true;
      this.wake?.();
    });
    await requireSchema(client);
    await client.query(`LISTEN ${BOARD_CHANNEL}`);
    this.listening = true;
    return client;
  }

  private drop(client: Client | null = this.client): void {
    if (!client) return;
    if (this.client === client) {
      this.client = null;
      this.listening = false;
    }
    client.removeAllListeners('notification');
    void client.end().catch(() => {});
    // A read waiting on a connection that is gone goes on at once to find it so.
    this.wake?.();
  }

  private pause(ms: number): Promise<void> {
    return pause(this.woken && ms > MIN_GAP_MS ? MIN_GAP_MS : ms, (wake) => (this.wake = wake));
  }

  private report(status: ReaderStatus): void {
    if (status.state === this.current.state && status.problem === this.current.problem) return;
    this.current = status;
    this.options.onStatus?.(status);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    const client = this.client;
    this.client = null;
    // A polite end, a moment at most: a server gone silent would keep a quitting board waiting.
    if (client) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const ended = await Promise.race([client.end().then(() => true, () => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 500)))]);
      clearTimeout(timer);
      if (!ended) cutClient(client);
    }
    await this.loop;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('read timeout'), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
