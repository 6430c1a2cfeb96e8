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
import { codeOf } from './connect.js';
import type { TeamLink } from './link.js';
import { pause } from './pause.js';

/** What the uploader reads from the desk's log (CallStore implements it). */
export interface Outbox {
  teamDesk(): string;
  outboxBatch(limit: number): Queued[];
  outboxCount(): number;
  alignOutbox(acked: number): void;
  /** Puts a queued call at the back of the queue (a new, higher number). */
  requeue(callId: number): void;
  ackOutbox(sent: readonly Queued[]): void;
  teamCalls(callIds: readonly number[]): { calls: TeamCall[]; tickets: TeamTicket[] };
}

/** Calls a batch carries at most: one server transaction, small enough that one batch is quick. */
export const BATCH_CALLS = 200;
/**
 * What a batch carries at most, in characters of JSON: calls with long notes and many events make
 * a batch of fewer calls (one call bigger than this still goes, alone).
 */
export const BATCH_CHARS = 2_000_000;
/**
 * How long the uploader reads the desk's log before it lets the screen have its turn: a call takes
 * about a millisecond to read whole, so a backlog is read a few calls at a time between keys.
 */
export const READ_STEP_MS = 8;
/** How many times a batch is tried again at once when the server chose it to give way (a deadlock, a serialization failure). */
export const BATCH_TRIES = 5;

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
  for (let tried = 1; ; tried++) {
    try {
      return await sendBatchOnce(client, deskId, batch, payload);
    } catch (error) {
      // Two desks' batches that meet on the same per-day totals: the server may end one of them
      // to let the other through; it is sent again, whole, as nothing of it was kept.
      if (tried >= BATCH_TRIES || !GIVE_WAY.has(codeOf(error))) throw error;
    }
  }
}

/** A NUL or half of a surrogate pair: what PostgreSQL's jsonb refuses in a string. */
const NOT_IN_JSONB = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Text as the team can keep it: a character jsonb refuses (a NUL a pack's label or a paste let
 * in) becomes U+FFFD. Refused, it would fail its batch every time and hold back every call after it.
 */
function forJsonb(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replace(NOT_IN_JSONB, '\uFFFD') : value;
}

/** The server's codes for a transaction it ended so another could go on (serialization failure, deadlock). */
const GIVE_WAY = new Set(['40001', '40P01']);

async function sendBatchOnce(client: Client, deskId: string, batch: readonly Queued[], payload: { calls: TeamCall[]; tickets: TeamTicket[] }): Promise<number> {
  const last = batch.reduce((max, item) => Math.max(max, item.seq), 0);
  await client.query('BEGIN');
  try {
    const desk = await client.query(`SELECT acked_seq FROM ringside.desks WHERE desk_id = $1 FOR UPDATE`, [deskId]);
    const acked = (desk.rows[0]?.acked_seq as number | undefined) ?? 0;
    const fresh = new Set(batch.filter((item) => item.seq > acked).map((item) => item.callId));
    const calls = payload.calls.filter((call) => fresh.has(call.call_id));
    const tickets = payload.tickets.filter((ticket) => fresh.has(ticket.call_id));
    if (calls.length > 0) await client.query(UPSERT_CALLS, [deskId, JSON.stringify(calls, forJsonb)]);
    if (tickets.length > 0) await client.query(UPSERT_TICKETS, [deskId, JSON.stringify(tickets, forJsonb)]);
    await client.query(`UPDATE ringside.desks SET acked_seq = greatest(acked_seq, $2), uploaded_at = now() WHERE desk_id = $1`, [deskId, last]);
    await client.query('COMMIT');
    return calls.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * The next batch from the outbox with what goes up of its calls, read a call at a time: after
 * READ_STEP_MS of reading, the screen gets its turn before the next call is read. It ends at
 * BATCH_CALLS calls or BATCH_CHARS of JSON, whichever comes first.
 */
export async function readBatch(
  outbox: Outbox,
  limits: { calls?: number; chars?: number } = {},
  setAside: Set<number> = new Set(),
): Promise<{ batch: Queued[]; payload: { calls: TeamCall[]; tickets: TeamTicket[] } }> {
  const queued = outbox.outboxBatch(limits.calls ?? BATCH_CALLS);
  const batch: Queued[] = [];
  const payload: { calls: TeamCall[]; tickets: TeamTicket[] } = { calls: [], tickets: [] };
  let chars = 0;
  let stepStarted = performance.now();
  for (const item of queued) {
    if (performance.now() - stepStarted >= READ_STEP_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      stepStarted = performance.now();
    }
    // Set aside in this pass and so at the back of the queue: what follows it was set aside too.
    if (setAside.has(item.callId)) break;
    let one: { calls: TeamCall[]; tickets: TeamTicket[] };
    try {
      one = outbox.teamCalls([item.callId]);
    } catch (error) {
      // A call the log cannot read back (a damaged row: its own sentence says so wherever it is
      // read) goes to the back of the queue, so it never holds back the calls after it.
      if (/^SQLITE_/.test((error as { code?: string }).code ?? '')) throw error;
      outbox.requeue(item.callId);
      setAside.add(item.callId);
      continue;
    }
    const size = one.calls.reduce((sum, call) => sum + JSON.stringify(call).length, 0);
    if (batch.length > 0 && chars + size > (limits.chars ?? BATCH_CHARS)) break;
    batch.push(item);
    payload.calls.push(...one.calls);
    payload.tickets.push(...one.tickets);
    chars += size;
  }
  return { batch, payload };
}

/**
 * Sends the whole outbox, batch after batch, each acknowledged before the next is read. Returns
 * how many calls went up. A failure midway leaves the unacknowledged rest in the outbox.
 */
export async function sendOutbox(
  client: Client,
  outbox: Outbox,
  agent: { number: string; name: string },
  options: { batchCalls?: number; batchChars?: number; afterBatch?: (sent: number) => void; maxBatches?: number; setAside?: Set<number> } = {},
): Promise<number> {
  const deskId = outbox.teamDesk();
  outbox.alignOutbox(await joinTeam(client, deskId, agent));
  const setAside = options.setAside ?? new Set<number>();
  let sent = 0;
  for (let batches = 0; batches < (options.maxBatches ?? Infinity); batches++) {
    const { batch, payload } = await readBatch(outbox, { calls: options.batchCalls, chars: options.batchChars }, setAside);
    if (batch.length === 0) return sent;
    sent += await sendBatch(client, deskId, batch, payload);
    outbox.ackOutbox(batch);
    options.afterBatch?.(sent);
  }
  return sent;
}

/** Whether the outbox holds a call to send in this pass (not one set aside in it). */
export function moreToSend(outbox: Outbox, setAside: ReadonlySet<number>): boolean {
  const next = outbox.outboxBatch(1)[0];
  return next !== undefined && !setAside.has(next.callId);
}

/** The team link as the header shows it: connected, or offline with the calls waiting to go up. */
export interface UploadStatus {
  readonly state: 'connecting' | 'connected' | 'offline';
  readonly waiting: number;
  /** Why the link is offline, as a sentence (a refused login, no schema): null when connected or the server is only away. */
  readonly problem: string | null;
}

/** How long the uploader waits before it tries again after a failure: doubling from 1 s to 30 s. */
const RETRY_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
/** How often a connected uploader looks at the outbox without being told (a call saved by another process on this log). */
const IDLE_MS = 5_000;
/** How soon the uploader tries again when the desk's own log was busy (another process writing to it). */
const LOG_BUSY_MS = 250;

/**
 * The uploader running beside the screen: sends whatever the outbox holds, when told a call was
 * saved (`kick`) or every few seconds, and after a failure again with a growing pause (a kick
 * tries at once). It never waits in the way of a key: the log is read in short synchronous
 * steps, the network awaited.
 */
export class Uploader {
  private running = false;
  private wake: (() => void) | null = null;
  private failures = 0;
  private loop: Promise<void> | null = null;
  private current: UploadStatus;
  private lastCount = 0;
  /** The try now running was asked for by a kick; the pause before it was ended by one. */
  private kicked = false;
  private wokenByKick = false;

  constructor(
    private readonly link: TeamLink,
    private readonly outbox: Outbox,
    private readonly agent: () => { number: string; name: string },
    private readonly onStatus: (status: UploadStatus) => void = () => {},
  ) {
    this.current = { state: 'connecting', waiting: this.count(), problem: null };
  }

  /** The status now: a new object whenever any of it changed, the same one otherwise. */
  get status(): UploadStatus {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A call was saved: send it now (and count it as waiting until it is sent). */
  kick(): void {
    this.report({ ...this.current, waiting: this.count() });
    if (!this.wake) return;
    this.wokenByKick = true;
    this.wake();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let pause = IDLE_MS;
      this.kicked = this.wokenByKick;
      this.wokenByKick = false;
      try {
        // A batch at a time on the shared link, so the live state and the team tickets go between
        // batches: a desk catching up on days of calls still shows on the board as it is.
        const setAside = new Set<number>();
        do await this.link.exclusive((client) => sendOutbox(client, this.outbox, this.agent(), { maxBatches: 1, setAside }));
        while (this.running && moreToSend(this.outbox, setAside));
        this.failures = 0;
        this.report({ state: 'connected', waiting: this.count(), problem: null });
      } catch (error) {
        if (/^SQLITE_/.test(codeOf(error))) {
          // The desk's own log was busy a moment: what was sent and not yet let go of goes again (the server takes it once).
          pause = LOG_BUSY_MS;
        } else {
          // A try a saved call asked for (a kick) does not lengthen the wait: the pause grows with the time offline, not with the calls taken meanwhile.
          if (!this.kicked) this.failures++;
          pause = RETRY_MS[Math.min(Math.max(this.failures, 1) - 1, RETRY_MS.length - 1)]!;
          this.report({ state: 'offline', waiting: this.count(), problem: this.link.status.problem });
        }
      }
      if (!this.running) break;
      await this.pause(pause);
    }
  }

  private pause(ms: number): Promise<void> {
    return pause(ms, (wake) => (this.wake = wake), false);
  }

  private report(status: UploadStatus): void {
    const now = this.current;
    if (now && now.state === status.state && now.waiting === status.waiting && now.problem === status.problem) return;
    this.current = status;
    this.onStatus(status);
  }

  /**
   * Stops after the batch in flight: what the server acknowledged leaves the outbox, the rest
   * stays queued for the next start. A batch the server never answers is ended by closing the
   * link (`TeamLink.close` with a bound): the link is shared, so its owner closes it.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** The outbox's count, or the last one read when the log cannot be read this instant (busy). */
  private count(): number {
    try {
      this.lastCount = this.outbox.outboxCount();
    } catch {
      // kept: the last count read
    }
    return this.lastCount;
  }
}
