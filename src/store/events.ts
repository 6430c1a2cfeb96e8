/**
 * The event log: every event the call machine accepts is appended as it happens (a key is read
 * only once its write returns), so an open call can be rebuilt after the program dies and any
 * call replayed. A call's row is opened when it starts ringing.
 */
import type { CallEvent } from '../../machines/call.js';
import type { Thresholds } from '../pack/schema.js';
import type { LogFile } from './open.js';
import type { OpenCall } from './store.js';

/** Opens a new call row when it starts ringing. */
export function openCall(log: LogFile, 
  packId: string,
  agent: { name: string; number: string },
  ringAt: number,
  settings: { strict: boolean; thresholds: Thresholds; scenarioId?: string | null },
): number {
  const result = log.statement(
      `INSERT INTO calls (status, pack_id, strict, thresholds_json, agent_name, agent_number, ring_at, mode, scenario_id) VALUES ('open', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      packId,
      settings.strict ? 1 : 0,
      JSON.stringify(settings.thresholds),
      agent.name,
      agent.number,
      ringAt,
      settings.scenarioId ? 'training' : 'live',
      settings.scenarioId ?? null,
    );
  return Number(result.lastInsertRowid);
}

/** Appends one accepted event; it survives the process being killed once this returns. */
export function appendEvent(log: LogFile, callId: number, event: CallEvent): void {
  log.statement(
      `INSERT INTO call_events (call_id, seq, at, type, event_json)
       VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM call_events WHERE call_id = ?), ?, ?, ?)`,
    )
    .run(callId, callId, event.at, event.type, JSON.stringify(event));
}

/**
 * The live call that was in progress when Ringside last stopped, with its events, if any.
 * A training call cut short is not restored: the class starts the scenario again.
 */
export function findOpenCall(log: LogFile): OpenCall | null {
  const row = log.statement(`SELECT id, pack_id, strict, thresholds_json FROM calls WHERE status = 'open' AND mode = 'live' ORDER BY id DESC LIMIT 1`)
    .get() as
    | { id: number; pack_id: string; strict: number; thresholds_json: string }
    | undefined;
  if (!row) return null;
  const events = log.statement(`SELECT seq, event_json FROM call_events WHERE call_id = ? ORDER BY seq`)
    .all(row.id) as { seq: number; event_json: string }[];
  return {
    id: row.id,
    packId: row.pack_id,
    strict: row.strict === 1,
    thresholds: log.readJson(row.thresholds_json, row.id, { 'zh-CN': '设置', en: 'the settings' }) as Thresholds,
    events: events.map((e) => log.readJson(e.event_json, row.id, { 'zh-CN': `第 ${e.seq} 个事件`, en: `event ${e.seq}` }) as CallEvent),
  };
}

/** Takes an unfinished training call out of the log (its events and its row); a saved or live call is never touched. */
export function discardOpenTrainingCall(log: LogFile, callId: number): void {
  log.patiently(() =>
    log.db
      .transaction(() => {
        const open = log.statement(`SELECT 1 FROM calls WHERE id = ? AND status = 'open' AND mode = 'training'`).get(callId);
        if (!open) return;
        log.statement(`DELETE FROM call_events WHERE call_id = ?`).run(callId);
        log.statement(`DELETE FROM calls WHERE id = ?`).run(callId);
      })
      .immediate(),
  );
}

/** A call's logged events in order (for a replay), or null when there is no such call. */
export function callEvents(log: LogFile, callId: number): { packId: string; strict: boolean; thresholds: Thresholds; events: CallEvent[] } | null {
  const row = log.statement(`SELECT pack_id, strict, thresholds_json FROM calls WHERE id = ?`).get(callId) as
    | { pack_id: string; strict: number; thresholds_json: string }
    | undefined;
  if (!row) return null;
  const rows = log.statement(`SELECT seq, event_json FROM call_events WHERE call_id = ? ORDER BY seq`).all(callId) as { seq: number; event_json: string }[];
  return {
    packId: row.pack_id,
    strict: row.strict === 1,
    thresholds: log.readJson(row.thresholds_json, callId, { 'zh-CN': '设置', en: 'the settings' }) as Thresholds,
    events: rows.map((r) => log.readJson(r.event_json, callId, { 'zh-CN': `第 ${r.seq} 个事件`, en: `event ${r.seq}` }) as CallEvent),
  };
}

