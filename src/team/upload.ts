/**
 * The uploader: the desk's outbox (src/store/outbox.ts) sent to the team in batches, each in one
 * server transaction keyed by desk id + outbox number. The server keeps, per desk, the highest
 * number it has taken (`acked_seq`), under the desk row's lock: a batch sent again after its
 * acknowledgement was lost is taken as already there, so a retry never makes a duplicate, and
 * the desk lets its outbox go only once the server said so. A desk offline for days sends its
 * backlog in order when it is back, by itself.
 */
import type { Client } from 'pg';
import type { Queued, TeamCall, TeamTicket } from '../store/outbox.js';
import type { TeamLink } from './link.js';

/** What the uploader reads from the desk's log (CallStore implements it). */
export interface Outbox {
  teamDesk(): string;
  outboxBatch(limit: number): Queued[];
  outboxCount(): number;
  alignOutbox(acked: number): void;
  ackOutbox(sent: readonly Queued[]): void;
  teamCalls(callIds: readonly number[]): { calls: TeamCall[]; tickets: TeamTicket[] };
}

/** Calls a batch carries: a server round trip each, small enough that one batch is quick. */
export const BATCH_CALLS = 200;

/** The team's call columns with their SQL types (src/team/schema.ts), as the desk sends them. */
const CALL_COLUMNS: [keyof TeamCall, string][] = [
  ['call_id', 'bigint'],
  ['day', 'text'],
  ['ring_at', 'bigint'],
  ['answered_at', 'bigint'],
  ['ended_at', 'bigint'],
  ['saved_at', 'bigint'],
  ['outcome', 'text'],
  ['mode', 'text'],
  ['scenario_id', 'text'],
  ['agent_number', 'text'],
  ['agent_name', 'text'],
  ['pack_id', 'text'],
  ['ring_ms', 'bigint'],
  ['talk_ms', 'bigint'],
  ['hold_ms', 'bigint'],
  ['wrap_up_ms', 'bigint'],
  ['late_answer', 'boolean'],
  ['hung_up_by', 'text'],
  ['branches', 'text'],
  ['flagged', 'boolean'],
  ['score', 'integer'],
  ['instant_fail', 'boolean'],
  ['callback_ticket', 'bigint'],
  ['caller_name', 'text'],
  ['caller_phone', 'text'],
  ['caller_address', 'text'],
  ['area_code', 'text'],
  ['summary', 'text'],
  ['reasons', 'jsonb'],
  ['rules', 'jsonb'],
  ['ticket_status', 'text'],
  ['ticket_due_at', 'bigint'],
  ['ticket_closed_at', 'bigint'],
  ['record', 'jsonb'],
  ['events', 'jsonb'],
];
const TICKET_COLUMNS: [keyof TeamTicket, string][] = [
  ['call_id', 'bigint'],
  ['ticket_id', 'bigint'],
  ['kind', 'text'],
  ['summary', 'text'],
  ['owner', 'text'],
  ['opened_at', 'bigint'],
  ['due_at', 'bigint'],
  ['status', 'text'],
  ['closed_at', 'bigint'],
  ['result', 'text'],
  ['attempts', 'integer'],
];

const names = (columns: [string, string][]) => columns.map(([name]) => name).join(', ');
const typed = (columns: [string, string][]) => columns.map(([name, type]) => `${name} ${type}`).join(', ');
const replaced = (columns: [string, string][], key: string) =>
  columns
    .filter(([name]) => name !== key)
    .map(([name]) => `${name} = excluded.${name}`)
    .join(', ');

// A call sent again replaces its row (the trigger takes its old figures out of the totals and
// puts the new ones in); its team number stays. A ticket keeps what a lead did to it.
const UPSERT_CALLS = `INSERT INTO ringside.calls (desk_id, ${names(CALL_COLUMNS)})
  SELECT $1, ${names(CALL_COLUMNS)} FROM jsonb_to_recordset($2::jsonb) AS x(${typed(CALL_COLUMNS)})
  ON CONFLICT (desk_id, call_id) DO UPDATE SET ${replaced(CALL_COLUMNS, 'call_id')}`;
const UPSERT_TICKETS = `INSERT INTO ringside.tickets (desk_id, ${names(TICKET_COLUMNS)})
  SELECT $1, ${names(TICKET_COLUMNS)} FROM jsonb_to_recordset($2::jsonb) AS x(${typed(TICKET_COLUMNS)})
  ON CONFLICT (desk_id, call_id) DO UPDATE SET ${replaced(TICKET_COLUMNS, 'call_id')}`;

/**
 * Says who the desk is to the team (its agent may have changed since): the desk row made or
 * brought up to date. Returns the highest outbox number the team has taken from this desk.
 */
export async function joinTeam(client: Client, deskId: string, agent: { number: string; name: string }): Promise<number> {
  await client.query(
    `INSERT INTO ringside.desks (desk_id, agent_number, agent_name) VALUES ($1, $2, $3)
     ON CONFLICT (desk_id) DO UPDATE SET agent_number = excluded.agent_number, agent_name = excluded.agent_name
     WHERE (ringside.desks.agent_number, ringside.desks.agent_name) IS DISTINCT FROM (excluded.agent_number, excluded.agent_name)`,
    [deskId, agent.number, agent.name],
  );
  const row = await client.query(`SELECT acked_seq FROM ringside.desks WHERE desk_id = $1`, [deskId]);
  return (row.rows[0]?.acked_seq as number | undefined) ?? 0;
}

/**
 * One batch in one transaction: the calls (and tickets) numbered above what the server has from
 * this desk are written, and its mark moved to the batch's last number. Returns how many calls
 * were new to the server (0: all had come before, and only the acknowledgement had been lost).
 */
export async function sendBatch(client: Client, deskId: string, batch: readonly Queued[], payload: { calls: TeamCall[]; tickets: TeamTicket[] }): Promise<number> {
  const last = batch.reduce((max, item) => Math.max(max, item.seq), 0);
  await client.query('BEGIN');
  try {
    const desk = await client.query(`SELECT acked_seq FROM ringside.desks WHERE desk_id = $1 FOR UPDATE`, [deskId]);
    const acked = (desk.rows[0]?.acked_seq as number | undefined) ?? 0;
    const fresh = new Set(batch.filter((item) => item.seq > acked).map((item) => item.callId));
    const calls = payload.calls.filter((call) => fresh.has(call.call_id));
    const tickets = payload.tickets.filter((ticket) => fresh.has(ticket.call_id));
    if (calls.length > 0) await client.query(UPSERT_CALLS, [deskId, JSON.stringify(calls)]);
    if (tickets.length > 0) await client.query(UPSERT_TICKETS, [deskId, JSON.stringify(tickets)]);
    await client.query(`UPDATE ringside.desks SET acked_seq = greatest(acked_seq, $2), uploaded_at = now() WHERE desk_id = $1`, [deskId, last]);
    await client.query('COMMIT');
    return calls.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Sends the whole outbox, batch after batch, each acknowledged before the next is read. Returns
 * how many calls went up. A failure midway leaves the unacknowledged rest in the outbox.
 */
export async function sendOutbox(
  client: Client,
  outbox: Outbox,
  agent: { number: string; name: string },
  options: { batchCalls?: number; afterBatch?: (sent: number) => void } = {},
): Promise<number> {
  const deskId = outbox.teamDesk();
  outbox.alignOutbox(await joinTeam(client, deskId, agent));
  let sent = 0;
  for (;;) {
    const batch = outbox.outboxBatch(options.batchCalls ?? BATCH_CALLS);
    if (batch.length === 0) return sent;
    const payload = outbox.teamCalls(batch.map((item) => item.callId));
    sent += await sendBatch(client, deskId, batch, payload);
    outbox.ackOutbox(batch);
    options.afterBatch?.(sent);
  }
}

/** The team link as the header shows it: connected, or offline with the calls waiting to go up. */
export interface UploadStatus {
  state: 'connecting' | 'connected' | 'offline';
  waiting: number;
  problem: string | null;
}

/** How long the uploader waits before it tries again after a failure: doubling from 1 s to 30 s. */
const RETRY_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
/** How often a connected uploader looks at the outbox without being told (a call saved by another process on this log). */
const IDLE_MS = 5_000;

/**
 * The uploader running beside the screen: sends whatever the outbox holds, when told a call was
 * saved (`kick`) or every few seconds, and after a failure again with a growing pause. It never
 * waits in the way of a key: the log is read in short synchronous steps, the network awaited.
 */
export class Uploader {
  private running = false;
  private wake: (() => void) | null = null;
  private failures = 0;
  private loop: Promise<void> | null = null;
  private current: UploadStatus;

  constructor(
    private readonly link: TeamLink,
    private readonly outbox: Outbox,
    private readonly agent: () => { number: string; name: string },
    private readonly onStatus: (status: UploadStatus) => void = () => {},
  ) {
    this.current = { state: 'connecting', waiting: safeCount(outbox), problem: null };
  }

  get status(): UploadStatus {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A call was saved: send it now. */
  kick(): void {
    this.current = { ...this.current, waiting: safeCount(this.outbox) };
    this.onStatus(this.current);
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.link.exclusive((client) => sendOutbox(client, this.outbox, this.agent()));
        this.failures = 0;
        this.report({ state: 'connected', waiting: safeCount(this.outbox), problem: null });
      } catch (error) {
        this.failures++;
        this.report({ state: 'offline', waiting: safeCount(this.outbox), problem: this.link.status.problem });
      }
      if (!this.running) break;
      await this.pause(this.failures === 0 ? IDLE_MS : RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)]!);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }

  private report(status: UploadStatus): void {
    this.current = status;
    this.onStatus(status);
  }

  /** Stops after the batch in flight (if any): what it sent is acknowledged, the rest stays queued. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}

/** The outbox's count, or what was last known when the log cannot be read this instant (busy). */
function safeCount(outbox: Outbox): number {
  try {
    return outbox.outboxCount();
  } catch {
    return 0;
  }
}
