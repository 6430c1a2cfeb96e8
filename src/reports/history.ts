/** `ringside history`: the latest calls as a table or JSON, caller data masked unless asked. */
import type { HistoryRow, SavedCall } from '../store/store.js';
import { shown, shownSavedCall } from '../privacy.js';
import { localMinute } from '../local-time.js';
import { padDisplay, stringWidth } from '../width.js';

/** Whether a pack's own caller field holds private data; unknown packs count as private. */
export type PrivateField = (packId: string, field: string) => boolean;

/** The calls as history's JSON shows them (privacy.ts): masked unless asked. */
export function* historyJson(calls: Iterable<SavedCall>, masked: boolean, isPrivate: PrivateField): Generator<SavedCall> {
  for (const call of calls) yield shownSavedCall('history', call, (field) => isPrivate(call.packId, field), { unmasked: !masked });
}

/**
 * A list written as `JSON.stringify(list, null, 2) + '\n'` writes it, handed out in pieces of
 * about `size` characters: never one string of the whole (100,000 calls pretty-printed are longer
 * than the longest string V8 can hold). Each item is printed alone, as an array's one entry, so
 * it comes out exactly as it would among the others.
 */
export function* jsonArrayPieces(items: Iterable<unknown>, size = 1 << 20): Generator<string> {
  let piece = '';
  let first = true;
  for (const item of items) {
    // `[\n  <item, indented>\n]`: the item as an entry of the array, indented as one.
    const entry = JSON.stringify([item], null, 2).slice(2, -2);
    piece += first ? `[\n${entry}` : `,\n${entry}`;
    first = false;
    if (piece.length >= size) {
      yield piece;
      piece = '';
    }
  }
  yield first ? '[]\n' : `${piece}\n]\n`;
}

/** A whole call as the table shows it (what a store's historyRows reads without reading the call whole). */
export function historyRow(call: SavedCall): HistoryRow {
  return {
    id: call.id,
    ringAt: call.ringAt,
    mode: call.mode,
    outcome: call.outcome,
    ringMs: call.ringMs,
    talkMs: call.talkMs,
    hungUpBy: call.hungUpBy,
    missedRules: call.rules.filter((rule) => rule.outcome === 'missed').length,
    score: call.scorecard ? { total: call.scorecard.total, instantFail: call.scorecard.instantFail.length > 0 } : null,
    caller: { name: call.caller.name, phone: call.caller.phone },
    ticketKind: call.ticket?.kind ?? null,
    flagged: call.flagged,
    callbackTicket: call.callbackTicket,
    reasons: call.reasons.map((reason) => reason.label),
  };
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${Math.round(ms / 1000)}s`);

/**
 * Printable ASCII (one column) and the CJK ideographs (two), one code unit each, are measured by
 * counting: nearly every cell is only those, and measuring each with string-width cost seconds on
 * 100,000 rows. Anything else (full-width digits, emoji, combining marks) is measured by string-width.
 */
const COUNTABLE = /^[\x20-\x7e\u3400-\u4dbf\u4e00-\u9fff]*$/;
function widthOf(text: string): number {
  if (!COUNTABLE.test(text)) return stringWidth(text);
  let width = text.length;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x3400) width++;
  return width;
}
const pad = (text: string, width: number) => {
  const used = widthOf(text);
  return used <= width ? text + ' '.repeat(width - used) : padDisplay(text, width);
};

/** The table of calls (newest first, as read); the caller's name and phone masked (privacy.ts) unless `masked` is false. */
export function formatHistory(calls: HistoryRow[], masked: boolean): string {
  if (calls.length === 0) return 'No calls in the log yet. Start `ringside` and take a call.\n';
  // Fixed columns, the caller as wide as its widest entry, then the reasons, which take the rest.
  const asked = { unmasked: !masked };
  const callers = calls.map(({ caller }) => [shown('history', 'name', caller.name, asked), shown('history', 'phone', caller.phone, asked)].filter(Boolean).join(' '));
  const callerWidth = Math.min(40, callers.reduce((widest, caller) => Math.max(widest, widthOf(caller)), 6));
  // The call number is what `score` and `replay` take: never cut, however long the log. (Not
  // Math.max(...ids): a long page's ids overflow the stack as arguments.)
  const idWidth = calls.reduce((widest, call) => Math.max(widest, String(call.id).length), 4);
  const columns: [string, number][] = [['#', idWidth], ['time', 16], ['mode', 5], ['outcome', 8], ['ring', 4], ['talk', 5], ['hung up', 7], ['missed', 6], ['score', 5], ['caller', callerWidth], ['ticket', 10]];
  const row = (cells: string[], last: string) =>
    `${cells.map((cell, i) => pad(cell, columns[i]![1])).join(' ')} ${last}`.trimEnd();
  const lines = [row(columns.map(([name]) => name), 'reasons')];
  for (const [i, call] of calls.entries()) {
    const ticket = call.ticketKind
      ? `${call.ticketKind === 'complaint' ? 'complaint' : 'suggest'}${call.flagged ? ' !' : ''}`
      : call.callbackTicket !== null ? `back T${call.callbackTicket}` : call.flagged ? '!' : '';
    lines.push(
      row(
        [
          String(call.id),
          localMinute(call.ringAt),
          call.mode === 'training' ? 'train' : 'live',
          call.outcome ?? '-',
          seconds(call.ringMs),
          seconds(call.talkMs),
          call.hungUpBy ?? '-',
          String(call.missedRules),
          // The score out of 100; "!" when an instant-fail item failed.
          call.score && call.outcome === 'answered' ? `${call.score.total}${call.score.instantFail ? '!' : ''}` : '-',
          callers[i]!,
          ticket,
        ],
        call.reasons.join('、'),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
