/**
 * The team's schema in PostgreSQL (`ringside`), one migration a version, run by `ringside team
 * init` under an advisory lock in one transaction: re-runnable, and two inits at once make it
 * once. A migration that has shipped is never edited.
 *
 * What lives there:
 * - desks: each desk (a call log: its own id), the agent it says it is, how far its uploads are in.
 * - calls: every desk's saved calls (desk id + the desk's call number), the few figures the reads
 *   filter and sum as columns, the call whole as the desk saved it (`record`) and its events.
 * - tickets: the follow-ups the calls opened, with what a lead reassigned.
 * - day_calls, day_times, day_rules, day_reasons: per-day totals kept by a trigger as calls
 *   arrive or change, so stats over millions of calls read a few thousand rows (the same sums
 *   the desk's SQLite keeps: src/store/totals.ts).
 * - desk_state: what each desk is doing now, for the board (LISTEN/NOTIFY wakes its readers).
 *
 * Row-level security: the role `ringside_agent` inserts and reads only its own rows (db_user,
 * the login that wrote them) and the tickets assigned to it; `ringside_lead` reads everything
 * and may reassign follow-ups. A superuser or the schema's owner sees all (they own it).
 */
import type { Client } from 'pg';

/** The NOTIFY channel a desk's state change wakes the boards on. */
export const BOARD_CHANNEL = 'ringside_board';

/** The role groups the printed SQL puts each login in. */
export const AGENT_ROLE = 'ringside_agent';
export const LEAD_ROLE = 'ringside_lead';

export const TEAM_MIGRATIONS: string[] = [
  `
  CREATE TABLE ringside.desks (
    desk_id      uuid PRIMARY KEY,
    db_user      name NOT NULL DEFAULT current_user,
    agent_number text NOT NULL CHECK (length(agent_number) <= 16),
    agent_name   text NOT NULL CHECK (length(agent_name) <= 40),
    acked_seq    bigint NOT NULL DEFAULT 0,
    joined_at    timestamptz NOT NULL DEFAULT now(),
    uploaded_at  timestamptz
  );

  CREATE TABLE ringside.calls (
    id            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    desk_id       uuid NOT NULL REFERENCES ringside.desks,
    call_id       bigint NOT NULL,
    db_user       name NOT NULL DEFAULT current_user,
    day           text NOT NULL,
    ring_at       bigint NOT NULL,
    answered_at   bigint,
    ended_at      bigint,
    saved_at      bigint,
    outcome       text,
    mode          text NOT NULL CHECK (mode IN ('live', 'training')),
    scenario_id   text,
    agent_number  text NOT NULL,
    agent_name    text NOT NULL,
    pack_id       text NOT NULL,
    ring_ms       bigint,
    talk_ms       bigint,
    hold_ms       bigint,
    wrap_up_ms    bigint,
    late_answer   boolean NOT NULL,
    hung_up_by    text,
    branches      text NOT NULL,
    flagged       boolean NOT NULL,
    score         integer,
    instant_fail  boolean NOT NULL,
    callback_ticket bigint,
    caller_name   text NOT NULL,
    caller_phone  text NOT NULL,
    caller_address text NOT NULL,
    area_code     text NOT NULL,
    summary       text NOT NULL,
    reasons       jsonb NOT NULL,
    rules         jsonb NOT NULL,
    ticket_status text,
    ticket_due_at bigint,
    ticket_closed_at bigint,
    record        jsonb NOT NULL,
    events        jsonb NOT NULL,
    PRIMARY KEY (desk_id, call_id)
  );
  CREATE INDEX calls_ring_at ON ringside.calls (ring_at);
  CREATE INDEX calls_live_ring_ms ON ringside.calls (ring_ms, ring_at) WHERE mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_talk_ms ON ringside.calls (talk_ms, ring_at) WHERE mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_hold_ms ON ringside.calls (hold_ms, ring_at) WHERE mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_wrap_up_ms ON ringside.calls (wrap_up_ms, ring_at) WHERE mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;

  CREATE TABLE ringside.tickets (
    id           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    desk_id      uuid NOT NULL REFERENCES ringside.desks,
    ticket_id    bigint NOT NULL,
    call_id      bigint NOT NULL,
    db_user      name NOT NULL DEFAULT current_user,
    kind         text NOT NULL,
    summary      text NOT NULL,
    owner        text NOT NULL,
    opened_at    bigint NOT NULL,
    due_at       bigint NOT NULL,
    status       text NOT NULL,
    closed_at    bigint,
    result       text,
    attempts     integer NOT NULL DEFAULT 0,
    assigned_to  text,
    assigned_by  name,
    assigned_at  timestamptz,
    -- One ticket a call (the desk numbers a ticket again when its call is saved again).
    PRIMARY KEY (desk_id, call_id)
  );
  CREATE INDEX tickets_open ON ringside.tickets (status, due_at);

  CREATE TABLE ringside.day_calls (
    day          text NOT NULL,
    agent_number text NOT NULL,
    agent_name   text NOT NULL,
    pack_id      text NOT NULL,
    calls        bigint NOT NULL DEFAULT 0,
    answered     bigint NOT NULL DEFAULT 0,
    ring3_met    bigint NOT NULL DEFAULT 0,
    ring3_missed bigint NOT NULL DEFAULT 0,
    ring_sum     bigint NOT NULL DEFAULT 0,
    talk_sum     bigint NOT NULL DEFAULT 0,
    held         bigint NOT NULL DEFAULT 0,
    hold_sum     bigint NOT NULL DEFAULT 0,
    wrap_up_n    bigint NOT NULL DEFAULT 0,
    wrap_up_sum  bigint NOT NULL DEFAULT 0,
    scored       bigint NOT NULL DEFAULT 0,
    score_sum    bigint NOT NULL DEFAULT 0,
    rules_met    bigint NOT NULL DEFAULT 0,
    rules_missed bigint NOT NULL DEFAULT 0,
    tickets      bigint NOT NULL DEFAULT 0,
    tickets_on_time bigint NOT NULL DEFAULT 0,
    tickets_late bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agent_number, agent_name, pack_id)
  );
  CREATE TABLE ringside.day_times (
    day     text NOT NULL,
    measure text NOT NULL,
    bucket  bigint NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (day, measure, bucket)
  );
  CREATE TABLE ringside.day_rules (
    day     text NOT NULL,
    rule    text NOT NULL,
    outcome text NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (day, rule, outcome)
  );
  CREATE TABLE ringside.day_reasons (
    day      text NOT NULL,
    code     text NOT NULL,
    label    text NOT NULL,
    n        bigint NOT NULL,
    talk_n   bigint NOT NULL,
    talk_sum bigint NOT NULL,
    PRIMARY KEY (day, code, label)
  );

  -- Adds calls to the per-day totals (sign 1) or takes them out (-1): the sums of
  -- src/store/totals.ts summarySql. Live calls only (training is practice), not call-backs (the
  -- agent's calls out). Rows are written in key order, so uploads at once never deadlock.
  CREATE FUNCTION ringside.count_calls(changed ringside.calls[], sign integer) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = ringside, pg_temp AS $count$
    INSERT INTO ringside.day_calls AS d (day, agent_number, agent_name, pack_id, calls, answered, ring3_met, ring3_missed, ring_sum, talk_sum,
                                     held, hold_sum, wrap_up_n, wrap_up_sum, scored, score_sum, rules_met, rules_missed, tickets, tickets_on_time, tickets_late)
    SELECT c.day, c.agent_number, c.agent_name, c.pack_id, sign * count(*),
           sign * count(*) FILTER (WHERE c.answered_at IS NOT NULL),
           sign * sum((SELECT count(*) FROM jsonb_array_elements(c.rules) r WHERE r->>'rule' = 'R-RING-3' AND r->>'outcome' = 'met')),
           sign * sum((SELECT count(*) FROM jsonb_array_elements(c.rules) r WHERE r->>'rule' = 'R-RING-3' AND r->>'outcome' = 'missed')),
           sign * sum(CASE WHEN c.answered_at IS NOT NULL THEN coalesce(c.ring_ms, 0) ELSE 0 END),
           sign * sum(coalesce(c.talk_ms, 0)),
           sign * count(*) FILTER (WHERE coalesce(c.hold_ms, 0) > 0), sign * sum(coalesce(c.hold_ms, 0)),
           sign * count(*) FILTER (WHERE c.answered_at IS NOT NULL AND c.wrap_up_ms IS NOT NULL),
           sign * sum(CASE WHEN c.answered_at IS NOT NULL THEN coalesce(c.wrap_up_ms, 0) ELSE 0 END),
           sign * count(c.score), sign * sum(coalesce(c.score, 0)),
           sign * sum((SELECT count(*) FROM jsonb_array_elements(c.rules) r WHERE r->>'outcome' = 'met')),
           sign * sum((SELECT count(*) FROM jsonb_array_elements(c.rules) r WHERE r->>'outcome' = 'missed')),
           sign * count(c.ticket_status),
           sign * count(*) FILTER (WHERE c.ticket_status = 'closed' AND c.ticket_closed_at <= c.ticket_due_at),
           sign * count(*) FILTER (WHERE c.ticket_status = 'closed' AND NOT coalesce(c.ticket_closed_at <= c.ticket_due_at, false))
      FROM unnest(changed) c WHERE c.mode = 'live' AND c.callback_ticket IS NULL
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, agent_number, agent_name, pack_id) DO UPDATE SET calls = d.calls + excluded.calls, answered = d.answered + excluded.answered,
      ring3_met = d.ring3_met + excluded.ring3_met, ring3_missed = d.ring3_missed + excluded.ring3_missed, ring_sum = d.ring_sum + excluded.ring_sum,
      talk_sum = d.talk_sum + excluded.talk_sum, held = d.held + excluded.held, hold_sum = d.hold_sum + excluded.hold_sum,
      wrap_up_n = d.wrap_up_n + excluded.wrap_up_n, wrap_up_sum = d.wrap_up_sum + excluded.wrap_up_sum, scored = d.scored + excluded.scored,
      score_sum = d.score_sum + excluded.score_sum, rules_met = d.rules_met + excluded.rules_met, rules_missed = d.rules_missed + excluded.rules_missed,
      tickets = d.tickets + excluded.tickets, tickets_on_time = d.tickets_on_time + excluded.tickets_on_time, tickets_late = d.tickets_late + excluded.tickets_late;

    INSERT INTO ringside.day_times AS t (day, measure, bucket, n)
    SELECT day, measure, bucket, sign * count(*) FROM (
      SELECT c.day, 'ring' AS measure, c.ring_ms / 1000 AS bucket FROM unnest(changed) c
       WHERE c.mode = 'live' AND c.callback_ticket IS NULL AND c.answered_at IS NOT NULL
      UNION ALL SELECT c.day, 'talk', c.talk_ms / 5000 FROM unnest(changed) c WHERE c.mode = 'live' AND c.callback_ticket IS NULL AND c.talk_ms IS NOT NULL
      UNION ALL SELECT c.day, 'hold', c.hold_ms / 5000 FROM unnest(changed) c WHERE c.mode = 'live' AND c.callback_ticket IS NULL AND c.hold_ms > 0
      UNION ALL SELECT c.day, 'wrapUp', c.wrap_up_ms / 5000 FROM unnest(changed) c
       WHERE c.mode = 'live' AND c.callback_ticket IS NULL AND c.answered_at IS NOT NULL AND c.wrap_up_ms IS NOT NULL
      UNION ALL SELECT c.day, 'score', c.score FROM unnest(changed) c WHERE c.mode = 'live' AND c.callback_ticket IS NULL AND c.score IS NOT NULL
    ) times WHERE bucket IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, measure, bucket) DO UPDATE SET n = t.n + excluded.n;

    INSERT INTO ringside.day_rules AS t (day, rule, outcome, n)
    SELECT c.day, r->>'rule', r->>'outcome', sign * count(*)
      FROM unnest(changed) c CROSS JOIN jsonb_array_elements(c.rules) r
     WHERE c.mode = 'live' AND c.callback_ticket IS NULL
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, rule, outcome) DO UPDATE SET n = t.n + excluded.n;

    INSERT INTO ringside.day_reasons AS t (day, code, label, n, talk_n, talk_sum)
    SELECT c.day, r->>'code', r->>'label', sign * count(*), sign * count(c.talk_ms), sign * sum(coalesce(c.talk_ms, 0))
      FROM unnest(changed) c CROSS JOIN jsonb_array_elements(c.reasons) r
     WHERE c.mode = 'live' AND c.callback_ticket IS NULL
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, code, label) DO UPDATE SET n = t.n + excluded.n, talk_n = t.talk_n + excluded.talk_n, talk_sum = t.talk_sum + excluded.talk_sum;
  $count$;

  -- The totals follow every statement on the calls: the rows it took out, then those it put in.
  CREATE FUNCTION ringside.calls_inserted() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = ringside, pg_temp AS $t$
  BEGIN PERFORM ringside.count_calls(ARRAY(SELECT n::ringside.calls FROM new_rows n), 1); RETURN NULL; END $t$;
  CREATE FUNCTION ringside.calls_updated() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = ringside, pg_temp AS $t$
  BEGIN PERFORM ringside.count_calls(ARRAY(SELECT o::ringside.calls FROM old_rows o), -1); PERFORM ringside.count_calls(ARRAY(SELECT n::ringside.calls FROM new_rows n), 1); RETURN NULL; END $t$;
  CREATE FUNCTION ringside.calls_deleted() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = ringside, pg_temp AS $t$
  BEGIN PERFORM ringside.count_calls(ARRAY(SELECT o::ringside.calls FROM old_rows o), -1); RETURN NULL; END $t$;
  CREATE TRIGGER calls_inserted AFTER INSERT ON ringside.calls REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ringside.calls_inserted();
  CREATE TRIGGER calls_updated AFTER UPDATE ON ringside.calls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ringside.calls_updated();
  CREATE TRIGGER calls_deleted AFTER DELETE ON ringside.calls REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ringside.calls_deleted();

  -- What each desk is doing now (src/team/live-state.ts), one row a desk, sent within a second of
  -- a change and again every few seconds (seen_at: a desk not heard from is lost, not idle).
  -- since: when the state began by the server's clock (now() less the time the desk had been in
  -- it, so a desk's clock that is off does not matter); desk_since and desk_now are the desk's
  -- own clock, and the times in detail are on it (server time = seen_at - (desk_now - t)).
  CREATE TABLE ringside.desk_state (
    desk_id      uuid PRIMARY KEY REFERENCES ringside.desks,
    db_user      name NOT NULL DEFAULT current_user,
    agent_number text NOT NULL CHECK (length(agent_number) <= 16),
    agent_name   text NOT NULL CHECK (length(agent_name) <= 40),
    state        text NOT NULL CHECK (state IN ('ready', 'ringing', 'talking', 'hold', 'wrapUp', 'callBack', 'off')),
    since        timestamptz NOT NULL,
    desk_since   bigint NOT NULL,
    desk_now     bigint NOT NULL,
    detail       jsonb NOT NULL DEFAULT '{}' CHECK (pg_column_size(detail) <= 65536),
    seen_at      timestamptz NOT NULL DEFAULT now()
  );
  -- A change wakes the boards; a heartbeat (only seen_at and the desk's clock new) does not.
  CREATE FUNCTION ringside.desk_state_changed() RETURNS trigger LANGUAGE plpgsql AS $t$
  BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.state, OLD.since, OLD.detail, OLD.agent_number, OLD.agent_name) IS NOT DISTINCT FROM (NEW.state, NEW.since, NEW.detail, NEW.agent_number, NEW.agent_name) THEN
      RETURN NULL;
    END IF;
    PERFORM pg_notify('${BOARD_CHANNEL}', NEW.desk_id::text);
    RETURN NULL;
  END $t$;
  CREATE TRIGGER desk_state_changed AFTER INSERT OR UPDATE ON ringside.desk_state FOR EACH ROW EXECUTE FUNCTION ringside.desk_state_changed();

  -- Which agent number each agent's login is, as the administrator says (not as a desk claims):
  -- the follow-ups a lead gives to a number are that login's to read.
  CREATE TABLE ringside.logins (
    db_user      name PRIMARY KEY,
    agent_number text NOT NULL CHECK (length(agent_number) <= 16)
  );

  -- Who may do what (the two groups exist: team init makes them when missing). The totals are
  -- written by the calls' triggers alone: nobody calls count_calls by hand.
  REVOKE EXECUTE ON FUNCTION ringside.count_calls(ringside.calls[], integer), ringside.calls_inserted(), ringside.calls_updated(), ringside.calls_deleted() FROM PUBLIC;
  GRANT USAGE ON SCHEMA ringside TO ${AGENT_ROLE}, ${LEAD_ROLE};
  GRANT SELECT ON ringside.schema_version TO ${AGENT_ROLE}, ${LEAD_ROLE};
  GRANT SELECT, INSERT, UPDATE ON ringside.desks, ringside.calls, ringside.desk_state TO ${AGENT_ROLE};
  GRANT SELECT ON ringside.tickets TO ${AGENT_ROLE};
  GRANT INSERT (desk_id, ticket_id, call_id, kind, summary, owner, opened_at, due_at, status, closed_at, result, attempts) ON ringside.tickets TO ${AGENT_ROLE};
  -- What the uploader sets when a ticket is sent again (src/team/upload.ts UPSERT_TICKETS); not what a lead did to it.
  GRANT UPDATE (ticket_id, call_id, kind, summary, owner, opened_at, due_at, status, closed_at, result, attempts) ON ringside.tickets TO ${AGENT_ROLE};
  GRANT SELECT ON ALL TABLES IN SCHEMA ringside TO ${LEAD_ROLE};
  GRANT UPDATE (assigned_to, assigned_by, assigned_at) ON ringside.tickets TO ${LEAD_ROLE};

  ALTER TABLE ringside.desks ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ringside.calls ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ringside.tickets ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ringside.desk_state ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ringside.logins ENABLE ROW LEVEL SECURITY;
  CREATE POLICY agent_own ON ringside.logins FOR SELECT TO ${AGENT_ROLE} USING (db_user = current_user);
  CREATE POLICY lead_reads ON ringside.logins FOR SELECT TO ${LEAD_ROLE} USING (true);
  -- An agent's login writes rows of its own desks only (a row claiming another login, or filed
  -- under another login's desk, is refused) and reads them; it also reads the tickets given to
  -- one of its agent numbers, with their calls (the caller to call back).
  CREATE POLICY agent_own ON ringside.desks TO ${AGENT_ROLE} USING (db_user = current_user) WITH CHECK (db_user = current_user);
  CREATE POLICY agent_own ON ringside.calls TO ${AGENT_ROLE} USING (db_user = current_user)
    WITH CHECK (db_user = current_user AND desk_id IN (SELECT desk_id FROM ringside.desks WHERE db_user = current_user));
  CREATE POLICY agent_own ON ringside.desk_state TO ${AGENT_ROLE} USING (db_user = current_user)
    WITH CHECK (db_user = current_user AND desk_id IN (SELECT desk_id FROM ringside.desks WHERE db_user = current_user));
  CREATE POLICY agent_own ON ringside.tickets TO ${AGENT_ROLE} USING (db_user = current_user)
    WITH CHECK (db_user = current_user AND desk_id IN (SELECT desk_id FROM ringside.desks WHERE db_user = current_user));
  GRANT SELECT ON ringside.logins TO ${AGENT_ROLE};
  CREATE POLICY agent_assigned ON ringside.tickets FOR SELECT TO ${AGENT_ROLE}
    USING (assigned_to IN (SELECT agent_number FROM ringside.logins WHERE db_user = current_user));
  CREATE POLICY agent_assigned ON ringside.calls FOR SELECT TO ${AGENT_ROLE}
    USING (EXISTS (SELECT 1 FROM ringside.tickets t WHERE t.desk_id = calls.desk_id AND t.call_id = calls.call_id
                     AND t.assigned_to IN (SELECT agent_number FROM ringside.logins WHERE db_user = current_user)));
  CREATE POLICY lead_reads ON ringside.desks FOR SELECT TO ${LEAD_ROLE} USING (true);
  CREATE POLICY lead_reads ON ringside.calls FOR SELECT TO ${LEAD_ROLE} USING (true);
  CREATE POLICY lead_reads ON ringside.desk_state FOR SELECT TO ${LEAD_ROLE} USING (true);
  CREATE POLICY lead_reads ON ringside.tickets FOR SELECT TO ${LEAD_ROLE} USING (true);
  CREATE POLICY lead_assigns ON ringside.tickets FOR UPDATE TO ${LEAD_ROLE} USING (true) WITH CHECK (true);
  `,
];

/** A constant key for the advisory lock every init takes (two inits at once: one migrates). */
const INIT_LOCK = 0x52494e47; // 'RING'

/** The schema's version on the server: 0 when Ringside's tables are not there. */
export async function schemaVersion(client: Client): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('ringside.schema_version') IS NOT NULL AS there`);
  if (!exists.rows[0].there) return 0;
  const row = await client.query(`SELECT version FROM ringside.schema_version`);
  return (row.rows[0]?.version as number | undefined) ?? 0;
}

/**
 * Creates or brings up to date the team's schema, in one transaction under the init lock; the
 * two role groups made first when missing. Returns the versions before and after.
 */
export async function migrateTeam(client: Client): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [INIT_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ringside`);
    await client.query(`CREATE TABLE IF NOT EXISTS ringside.schema_version (version integer NOT NULL)`);
    const from = await schemaVersion(client);
    if (from > TEAM_MIGRATIONS.length) {
      await client.query('ROLLBACK');
      const error = new Error('newer schema') as Error & { code: string; version: number };
      error.code = 'RINGSIDE_NEWER_SCHEMA';
      error.version = from;
      throw error;
    }
    for (const role of [AGENT_ROLE, LEAD_ROLE]) {
      const there = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
      if (there.rowCount !== 0) continue;
      try {
        await client.query('SAVEPOINT role');
        await client.query(`CREATE ROLE ${role} NOLOGIN`);
      } catch (error) {
        // A login without CREATEROLE: the administrator makes the two groups (the sentence says how).
        if ((error as { code?: string }).code !== '42501') throw error;
        const missing = new Error('roles') as Error & { code: string };
        missing.code = 'RINGSIDE_NO_ROLES';
        throw missing;
      }
    }
    for (let version = from; version < TEAM_MIGRATIONS.length; version++) await client.query(TEAM_MIGRATIONS[version]!);
    await client.query(`DELETE FROM ringside.schema_version`);
    await client.query(`INSERT INTO ringside.schema_version (version) VALUES ($1)`, [TEAM_MIGRATIONS.length]);
    await client.query('COMMIT');
    return { from, to: TEAM_MIGRATIONS.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** Refuses a server whose schema is missing or not this Ringside's (a sentence through teamProblem). */
export async function requireSchema(client: Client): Promise<void> {
  const version = await schemaVersion(client);
  if (version === TEAM_MIGRATIONS.length) return;
  const error = new Error('schema') as Error & { code: string; version: number };
  error.code = version === 0 ? 'RINGSIDE_NO_SCHEMA' : version < TEAM_MIGRATIONS.length ? 'RINGSIDE_OLD_SCHEMA' : 'RINGSIDE_NEWER_SCHEMA';
  error.version = version;
  throw error;
}
