/**
 * `ringside export`: the call log as CSV, JSON or JSON Lines, one row per live call, streamed
 * from SQLite to the output with backpressure (never the whole log in memory). Caller name,
 * phone and address are masked and the summary is reduced to its length unless `--unmasked`,
 * which writes only to a file created readable by its owner.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { quoted, UserError } from '../errors.js';
import type { Language, Words } from '../language.js';
import { localSecond } from '../local-time.js';
import { shown } from '../privacy.js';
import type { ExportRow, LogReads } from '../store/store.js';

export type ExportFormat = 'csv' | 'json' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'jsonl'];

const NOT_A_DAY: Words<(what: string, text: string) => string> = {
  'zh-CN': (what, text) => `${what} 要写成 YYYY-MM-DD 格式的日期，例如 2026-11-24；${text} 不是。`,
  en: (what, text) => `${what} takes a day as YYYY-MM-DD, for example 2026-11-24; ${text} is not one.`,
};

/** `YYYY-MM-DD` as the local midnight it starts; `end` gives the midnight after (the day included). */
export function parseDay(text: string, what: string, end = false, language: Language = 'en'): number {
  const [, y, m, d] = (/^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? []).map(Number);
  const date = y === undefined ? null : new Date(y, m! - 1, d);
  if (!date || date.getFullYear() !== y || date.getMonth() !== m! - 1 || date.getDate() !== d) {
    throw new UserError(NOT_A_DAY[language](what, quoted(text)));
  }
  return end ? new Date(y!, m! - 1, d! + 1).getTime() : date.getTime();
}

/** Local time, as a spreadsheet shows it (empty when there is none). */
const localTime = (ms: number | null) => (ms === null ? '' : localSecond(ms));
const secondsOf = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

/** One call as exported: the columns in order, masked unless asked. */
function record(row: ExportRow, masked: boolean): Record<string, string | number | boolean | null> {
  const asked = { unmasked: !masked };
  return {
    id: row.id,
    ring_at: localTime(row.ring_at),
    outcome: row.outcome,
    agent_number: row.agent_number,
    agent_name: row.agent_name,
    pack: row.pack_id,
    ring_s: secondsOf(row.ring_ms),
    talk_s: secondsOf(row.talk_ms),
    hold_s: secondsOf(row.hold_ms),
    wrap_up_s: secondsOf(row.wrap_up_ms),
    late_answer: row.late_answer === 1,
    hung_up_by: row.hung_up_by,
    branches: row.branches,
    reasons: row.reasons ?? '',
    reason_codes: row.reason_codes ?? '',
    missed_rules: row.missed_rules ?? '',
    score: row.score,
    flagged: row.flagged === 1,
    ticket: row.ticket_kind,
    ticket_due: localTime(row.ticket_due_at),
    ticket_status: row.ticket_status,
    caller_name: shown('export', 'name', row.caller_name, asked),
    caller_phone: shown('export', 'phone', row.caller_phone, asked),
    caller_address: shown('export', 'address', row.caller_address, asked),
    area_code: shown('export', 'field', row.area_code, asked),
    summary: shown('export', 'freeText', row.summary, asked),
  };
}

/** Columns of phone digits: a spreadsheet would read them as numbers (1.38123E+10, 0755 → 755). */
const DIGIT_COLUMNS = new Set(['caller_phone', 'area_code']);

/**
 * A CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ is escaped so
 * a spreadsheet reads text, never a formula (a caller's words are not to be run). In the phone
 * columns a value of digits alone (a leading + allowed) is written ="…", the one formula we
 * write: it gives back those digits as text, every one of them and the leading 0.
 */
function csvCell(value: string | number | boolean | null, column: string): string {
  if (value === null) return '';
  let text = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  if (DIGIT_COLUMNS.has(column) && /^\+?\d+$/.test(text)) text = `="${text}"`;
  else if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface ExportOptions {
  format: ExportFormat;
  from: number;
  to: number;
  masked: boolean;
  out: Writable;
  /** Called as rows are written (done, total), for a progress bar. */
  progress?: (done: number, total: number) => void;
}

/** Writes the export; resolves with the number of calls written. */
export async function exportCalls(store: LogReads, options: ExportOptions): Promise<number> {
  const { format, out, masked } = options;
  const total = await store.countCalls(options.from, options.to);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let done = 0;
  // Excel reads UTF-8 CSV (Chinese text) right only with the byte-order mark; CRLF is what it writes.
  if (format === 'json') await write('[');
  for await (const row of store.exportRows(options.from, options.to)) {
    const call = record(row, masked);
    if (format === 'csv') {
      if (done === 0) await write(`\uFEFF${Object.keys(call).join(',')}\r\n`);
      await write(`${Object.entries(call).map(([column, value]) => csvCell(value, column)).join(',')}\r\n`);
    } else if (format === 'json') {
      await write(`${done === 0 ? '\n' : ',\n'}  ${JSON.stringify(call)}`);
    } else {
      await write(`${JSON.stringify(call)}\n`);
    }
    done++;
    if (done % 1000 === 0) options.progress?.(done, total);
  }
  if (format === 'json') await write(done === 0 ? ']\n' : '\n]\n');
  if (format === 'csv' && done === 0) await write(`\uFEFF${Object.keys(record(EMPTY_ROW, masked)).join(',')}\r\n`);
  options.progress?.(done, total);
  return done;
}

/** A row with nothing in it: the CSV header of an empty export. */
const EMPTY_ROW: ExportRow = {
  id: 0, ring_at: 0, answered_at: null, ended_at: null, outcome: null, agent_number: '', agent_name: '', pack_id: '',
  ring_ms: null, talk_ms: null, hold_ms: null, wrap_up_ms: null, late_answer: 0, hung_up_by: null, branches: '', flagged: 0,
  score: null, caller_name: '', caller_phone: '', caller_address: '', area_code: '', summary: '', reasons: null,
  reason_codes: null, missed_rules: null, ticket_kind: null, ticket_due_at: null, ticket_status: null,
};

/** A progress bar on a terminal: `exporting [#####·····] 45% 450000/1000000` (`doing` in the desk's language). */
export function progressBar(stream: NodeJS.WriteStream, doing = 'exporting'): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (percent === last) return;
    last = percent;
    const filled = Math.round(percent / 5);
    stream.write(`\r${doing} [${'#'.repeat(filled)}${'·'.repeat(20 - filled)}] ${percent}% ${done}/${total}${percent === 100 ? '\n' : ''}`);
  };
}
