/**
 * The call log's schema, one entry a version (SQLite's user_version says how many have run:
 * src/store/open.ts). Each entry is one step up; one that has shipped is never edited.
 */
/** Each entry moves the schema one version up; never edit one that has shipped. */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE calls (
    id            INTEGER PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('open', 'saved')),
    pack_id       TEXT NOT NULL,
    strict        INTEGER NOT NULL DEFAULT 0,
    thresholds_json TEXT NOT NULL DEFAULT '{}',
    agent_name    TEXT NOT NULL DEFAULT '',
    agent_number  TEXT NOT NULL DEFAULT '',
    outcome       TEXT,
    ring_at       INTEGER NOT NULL,
    answered_at   INTEGER,
    ended_at      INTEGER,
    saved_at      INTEGER,
    ring_ms       INTEGER,
    talk_ms       INTEGER,
    hold_ms       INTEGER,
    wrap_up_ms    INTEGER,
    late_answer   INTEGER NOT NULL DEFAULT 0,
    hung_up_by    TEXT,
    branches      TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    flagged       INTEGER NOT NULL DEFAULT 0,
    caller_name   TEXT NOT NULL DEFAULT '',
    caller_phone  TEXT NOT NULL DEFAULT '',
    caller_address TEXT NOT NULL DEFAULT '',
    area_code     TEXT NOT NULL DEFAULT '',
    fields_json   TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX calls_ring_at ON calls (ring_at);
  CREATE INDEX calls_open ON calls (status) WHERE status = 'open';
  CREATE TABLE call_events (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    seq      INTEGER NOT NULL,
    at       INTEGER NOT NULL,
    type     TEXT NOT NULL,
    event_json TEXT NOT NULL,
    PRIMARY KEY (call_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE call_reasons (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    seq      INTEGER NOT NULL,
    code     TEXT NOT NULL,
    label    TEXT NOT NULL,
    grp      TEXT NOT NULL,
    PRIMARY KEY (call_id, code)
  ) WITHOUT ROWID;
  CREATE TABLE hold_segments (
    call_id       INTEGER NOT NULL REFERENCES calls (id),
    seq           INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    asked_to_wait INTEGER NOT NULL,
    thanks        TEXT NOT NULL,
    check_backs   INTEGER NOT NULL,
    PRIMARY KEY (call_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE call_steps (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    seq      INTEGER NOT NULL,
    step_id  TEXT NOT NULL,
    phase    TEXT NOT NULL,
    status   TEXT NOT NULL,
    at       INTEGER,
    count    INTEGER NOT NULL,
    rules    TEXT NOT NULL,
    PRIMARY KEY (call_id, step_id)
  ) WITHOUT ROWID;
  CREATE TABLE rule_outcomes (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    rule     TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    at       INTEGER,
    why      TEXT NOT NULL,
    PRIMARY KEY (call_id, rule)
  ) WITHOUT ROWID;
  CREATE TABLE notes (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    at       INTEGER NOT NULL,
    text     TEXT NOT NULL
  );
  CREATE TABLE tickets (
    id         INTEGER PRIMARY KEY,
    call_id    INTEGER NOT NULL UNIQUE REFERENCES calls (id),
    kind       TEXT NOT NULL CHECK (kind IN ('complaint', 'suggestion')),
    summary    TEXT NOT NULL,
    owner      TEXT NOT NULL,
    opened_at  INTEGER NOT NULL,
    due_at     INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open'
  );
  `,
  // 2: training calls and the scorecard (items A-N, each with its failures and their moments).
  `
  ALTER TABLE calls ADD COLUMN mode TEXT NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'training'));
  ALTER TABLE calls ADD COLUMN scenario_id TEXT;
  ALTER TABLE calls ADD COLUMN score INTEGER;
  ALTER TABLE calls ADD COLUMN score_passed INTEGER;
  ALTER TABLE calls ADD COLUMN score_judged INTEGER;
  ALTER TABLE calls ADD COLUMN instant_fail TEXT NOT NULL DEFAULT '';
  ALTER TABLE calls ADD COLUMN instant_fail_set TEXT NOT NULL DEFAULT '';
  CREATE TABLE scorecard (
    call_id  INTEGER NOT NULL REFERENCES calls (id),
    item     TEXT NOT NULL,
    verdict  TEXT NOT NULL CHECK (verdict IN ('pass', 'fail', 'n/a', 'unreviewed')),
    failures_json TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (call_id, item)
  ) WITHOUT ROWID;
  `,
  // 3: the follow-up list reads open tickets by due date.
  `
  CREATE INDEX tickets_open ON tickets (status, due_at);
  `,
  // 4: per-day totals for \`ringside stats\`, kept up to date as calls are saved, so stats over a
  // million calls read a few thousand rows. Times are kept as histograms (ring wait in 1 s steps,
  // talk, hold and wrap-up in 5 s steps) for the p90; scores by the point. Built from the calls
  // already logged. Call-backs: the ticket a call worked, and what became of the ticket. Meta: a
  // log filled by demo-data says so.
  `
  CREATE TABLE day_calls (
    day          TEXT NOT NULL,
    agent_number TEXT NOT NULL,
    agent_name   TEXT NOT NULL,
    pack_id      TEXT NOT NULL,
    calls        INTEGER NOT NULL,
    answered     INTEGER NOT NULL,
    in_three_rings INTEGER NOT NULL,
    ring_sum     INTEGER NOT NULL,
    talk_sum     INTEGER NOT NULL,
    held         INTEGER NOT NULL,
    hold_sum     INTEGER NOT NULL,
    wrap_up_n    INTEGER NOT NULL,
    wrap_up_sum  INTEGER NOT NULL,
    scored       INTEGER NOT NULL,
    score_sum    INTEGER NOT NULL,
    rules_met    INTEGER NOT NULL,
    rules_missed INTEGER NOT NULL,
    tickets      INTEGER NOT NULL,
    PRIMARY KEY (day, agent_number, agent_name, pack_id)
  ) WITHOUT ROWID;
  CREATE TABLE day_times (
    day     TEXT NOT NULL,
    measure TEXT NOT NULL,
    bucket  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, measure, bucket)
  ) WITHOUT ROWID;
  CREATE TABLE day_rules (
    day     TEXT NOT NULL,
    rule    TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, rule, outcome)
  ) WITHOUT ROWID;
  CREATE TABLE day_reasons (
    day     TEXT NOT NULL,
    code    TEXT NOT NULL,
    label   TEXT NOT NULL,
    n       INTEGER NOT NULL,
    talk_n  INTEGER NOT NULL,
    talk_sum INTEGER NOT NULL,
    PRIMARY KEY (day, code, label)
  ) WITHOUT ROWID;
  ALTER TABLE calls ADD COLUMN callback_ticket INTEGER REFERENCES tickets (id);
  ALTER TABLE tickets ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tickets ADD COLUMN closed_at INTEGER;
  ALTER TABLE tickets ADD COLUMN result TEXT;
  ALTER TABLE tickets ADD COLUMN closed_by_call INTEGER REFERENCES calls (id);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 5: R-RING-3 has one definition (machines/judge.ts): a call that rang past the ring limit
  // unanswered, or was rejected, is missed; a caller who gave up within the limit is not judged
  // (it was "met" before). The verdicts already logged are judged again the same way, and the
  // per-day totals count R-RING-3 from the verdicts (met and missed), and the tickets of the
  // day's calls closed by a call-back on time and late (R-FOLLOW-UP), and are built again from
  // the calls. Indexes: the exact p90 of each time reads only the calls in its histogram step;
  // a ticket's call-backs are found without reading the whole log. (A row whose settings are
  // damaged is judged with the default limit: one damaged row must not keep the log shut.)
  `
  DELETE FROM rule_outcomes WHERE rule = 'R-RING-3' AND call_id IN (
    SELECT id FROM calls WHERE status = 'saved' AND answered_at IS NULL AND callback_ticket IS NULL AND outcome = 'missed'
       AND late_answer = 0 AND coalesce(ring_ms, 0) < coalesce(CASE WHEN json_valid(thresholds_json) THEN json_extract(thresholds_json, '$.ringMs') END, 15000));
  UPDATE rule_outcomes SET outcome = 'missed',
         at = (SELECT c.ended_at FROM calls c WHERE c.id = rule_outcomes.call_id),
         why = (SELECT CASE WHEN c.outcome = 'rejected' THEN 'rejected after ' ELSE 'rang ' END || ((coalesce(c.ring_ms, 0) + 500) / 1000)
                       || CASE WHEN c.outcome = 'rejected' THEN ' s' ELSE ' s unanswered' END
                  FROM calls c WHERE c.id = rule_outcomes.call_id)
   WHERE rule = 'R-RING-3' AND call_id IN (SELECT id FROM calls WHERE status = 'saved' AND answered_at IS NULL AND callback_ticket IS NULL);
  ALTER TABLE day_calls RENAME COLUMN in_three_rings TO ring3_met;
  ALTER TABLE day_calls ADD COLUMN ring3_missed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE day_calls ADD COLUMN tickets_on_time INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE day_calls ADD COLUMN tickets_late INTEGER NOT NULL DEFAULT 0;
  DELETE FROM day_calls;
  DELETE FROM day_times;
  DELETE FROM day_rules;
  DELETE FROM day_reasons;
  CREATE INDEX calls_live_ring_ms ON calls (ring_ms, ring_at)
    WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_talk_ms ON calls (talk_ms, ring_at)
    WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_hold_ms ON calls (hold_ms, ring_at)
    WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_live_wrap_up_ms ON calls (wrap_up_ms, ring_at)
    WHERE status = 'saved' AND mode = 'live' AND callback_ticket IS NULL AND answered_at IS NOT NULL;
  CREATE INDEX calls_callback_ticket ON calls (callback_ticket) WHERE callback_ticket IS NOT NULL;
  `,
  // 6: a call's notes are found without reading every note in the log (history reads a page of
  // calls with their notes in one query: src/store/calls.ts).
  `
  CREATE INDEX notes_call ON notes (call_id, at);
  `,
  // 7: the team's outbox (src/store/outbox.ts). Once the desk has joined a team (meta team_desk),
  // every change to a saved call or its ticket puts the call in the outbox in the same
  // transaction, by these triggers: nothing the team must see can be written without it. A call
  // changed again moves to the end with a new number (INSERT OR REPLACE, AUTOINCREMENT: never
  // reused), so the numbers a desk sends only grow.
  `
  CREATE TABLE outbox (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id INTEGER NOT NULL UNIQUE REFERENCES calls (id)
  );
  CREATE TRIGGER outbox_call_saved AFTER UPDATE ON calls
    WHEN NEW.status = 'saved' AND EXISTS (SELECT 1 FROM meta WHERE key = 'team_desk')
    BEGIN INSERT OR REPLACE INTO outbox (call_id) VALUES (NEW.id); END;
  CREATE TRIGGER outbox_ticket_opened AFTER INSERT ON tickets
    WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'team_desk')
    BEGIN INSERT OR REPLACE INTO outbox (call_id) VALUES (NEW.call_id); END;
  CREATE TRIGGER outbox_ticket_changed AFTER UPDATE ON tickets
    WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'team_desk')
    BEGIN INSERT OR REPLACE INTO outbox (call_id) VALUES (NEW.call_id); END;
  `,
  // 8: a step the transcript ticked keeps its evidence (machines/steps.ts HeardEvidence: the
  // words heard, when, the score) as JSON; NULL for a step ticked by a key.
  `
  ALTER TABLE call_steps ADD COLUMN heard TEXT;
  `,
];
/** The migrations after which the per-day totals are built again from the calls (their definition changed). */
export const TOTALS_BUILT_AT: readonly number[] = [4, 5];
