/**
 * The desk's live state sent to the team (issue 18, item 3): worked out when the call moves
 * (src/team/live-state.ts) and written to `ringside.desk_state` on the desk's shared connection,
 * and again every few seconds as a heartbeat. It never holds up a key: the desk's change only
 * marks the state dirty, the work runs after the key's turn, only the latest state is sent (what
 * changed while a write was on its way is sent once after it), and a failure only changes the
 * link's status (the next heartbeat tries again).
 */
import type { Client } from 'pg';
import type { DeskView } from '../call/desk.js';
import type { DeskVariables } from '../ui/view.js';
import type { TeamLink } from './link.js';
import { liveState, type LiveState } from './live-state.js';
import { joinTeam } from './upload.js';

/** How often a desk says it is still there (the board counts a desk lost after a few missed). */
export const HEARTBEAT_MS = 5_000;
/** How long a closing screen waits to tell the board it signed off. */
const SIGN_OFF_WAIT_MS = 1_000;

/** The desk as the publisher reads it (CallDesk). */
export interface PublishedDesk {
  getSnapshot(): DeskView;
  subscribe(listener: () => void): () => void;
}

export interface PublisherOptions {
  deskId: string;
  agent: () => { number: string; name: string };
  variables: () => DeskVariables;
  /** The desk's overdue follow-ups now (read with each heartbeat, not with each key). */
  overdueFollowUps: () => number;
  heartbeatMs?: number;
}

const UPSERT_STATE = `INSERT INTO ringside.desk_state AS s (desk_id, agent_number, agent_name, state, since, desk_since, desk_now, detail, seen_at)
  VALUES ($1, $2, $3, $4, now() - make_interval(secs => $5::float8 / 1000), $6, $7, $8::jsonb, now())
  ON CONFLICT (desk_id) DO UPDATE SET agent_number = excluded.agent_number, agent_name = excluded.agent_name, state = excluded.state,
    since = CASE WHEN s.state = excluded.state AND s.desk_since = excluded.desk_since THEN s.since ELSE excluded.since END,
    desk_since = excluded.desk_since, desk_now = excluded.desk_now, detail = excluded.detail, seen_at = excluded.seen_at`;

/**
 * Writes one state: `deskNow` is the desk's time as it was worked out. The server dates the
 * state by how long the desk had been in it; a state that goes on keeps the moment first given.
 */
export async function publishState(client: Client, deskId: string, agent: { number: string; name: string }, state: LiveState | { state: 'off'; since: number; detail: object }, deskNow: number): Promise<void> {
  await client.query(UPSERT_STATE, [deskId, agent.number, agent.name, state.state, Math.max(0, deskNow - state.since), state.since, deskNow, JSON.stringify(state.detail)]);
}

export class StatePublisher {
  private last: LiveState | null = null;
  private dirty = false;
  private sending: Promise<void> | null = null;
  private queued = false;
  private joined = false;
  private stopped = false;
  private overdue = 0;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly link: TeamLink,
    private readonly desk: PublishedDesk,
    private readonly options: PublisherOptions,
  ) {}

  /** The last state worked out (what the board shows once it is sent). */
  get state(): LiveState | null {
    return this.last;
  }

  start(): void {
    this.overdue = this.readOverdue();
    this.unsubscribe = this.desk.subscribe(() => this.changed());
    this.heartbeat = setInterval(() => {
      this.overdue = this.readOverdue();
      this.changed();
    }, this.options.heartbeatMs ?? HEARTBEAT_MS);
    this.heartbeat.unref?.();
    this.changed();
  }

  /** The call moved: the state is sent after this turn (a burst of moves is one write). */
  private changed(): void {
    this.dirty = true;
    if (this.queued || this.sending || this.stopped) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.sending ??= this.flush().finally(() => {
        this.sending = null;
        if (this.dirty && !this.stopped) this.changed();
      });
    });
  }

  private async flush(): Promise<void> {
    if (!this.dirty || this.stopped) return;
    this.dirty = false;
    const view = this.desk.getSnapshot();
    const now = view.now();
    const state = liveState(view.snapshot, now, { variables: this.options.variables(), overdueFollowUps: this.overdue }, this.last);
    this.last = state;
    const agent = this.options.agent();
    try {
      await this.link.exclusive(async (client) => {
        if (!this.joined) await joinTeam(client, this.options.deskId, agent);
        this.joined = true;
        await publishState(client, this.options.deskId, agent, state, now);
      });
    } catch {
      // Said by the link's status; the next heartbeat sends the state as it is then.
      this.joined = false;
    }
  }

  private readOverdue(): number {
    try {
      return this.options.overdueFollowUps();
    } catch {
      return this.overdue; // the log busy this instant: the last count stands
    }
  }

  /**
   * Stops sending. `signOff`: the board is told the desk closed (so it shows as signed off, not
   * lost); without it the desk simply falls silent. Either way it waits a moment at most
   * (SIGN_OFF_WAIT_MS) for a state on its way and the sign-off: a silent server never holds up a
   * quitting desk (the link cuts what is left: src/team/desk-team.ts).
   */
  async stop(options: { signOff?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.unsubscribe?.();
    const deadline = Date.now() + SIGN_OFF_WAIT_MS;
    const atMost = async (work: Promise<unknown> | null) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([work?.catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
      clearTimeout(timer);
    };
    await atMost(this.sending);
    if (!options.signOff || !this.joined || Date.now() >= deadline) return;
    const now = this.desk.getSnapshot().now();
    await atMost(this.link.exclusive((client) => publishState(client, this.options.deskId, this.options.agent(), { state: 'off', since: now, detail: {} }, now)));
  }
}
