/** `ringside history`: the latest calls as a table or JSON, caller data masked unless asked. */
import type { HistoryRow, SavedCall } from '../store/store.js';
import { shown, shownSavedCall } from '../privacy.js';
import { localMinute } from '../local-time.js';
import type { Language, Words } from '../language.js';
import { padDisplay, stringWidth } from '../width.js';
import { TICKET_KINDS } from '../ui/text.js';

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

interface HistoryWords {
  empty: string;
  /** The fixed columns' headings and widths, then the last column's heading. */
  columns: readonly [string, number][];
  reasons: string;
  /** Seconds, as the ring and talk columns show them. */
  seconds: (n: string) => string;
  modes: Record<'live' | 'training', string>;
  outcomes: Readonly<Record<string, string>>;
  hungUpBy: Readonly<Record<string, string>>;
  tickets: Record<'complaint' | 'suggestion', string>;
  /** A call-back: the ticket it called back about. */
  callBack: (ticket: number) => string;
}

const WORDS: Words<HistoryWords> = {
  'zh-CN': {
    empty: '记录里还没有来电。运行 `ringside` 接一通电话。\n',
    columns: [['#', 4], ['时间', 16], ['类型', 4], ['结果', 6], ['响铃', 5], ['通话', 7], ['挂机方', 6], ['漏项', 4], ['评分', 5], ['来电人', 6], ['工单', 12]],
    reasons: '来电原因',
    seconds: (n) => `${n}秒`,
    modes: { live: '来电', training: '培训' },
    outcomes: { answered: '已接', missed: '未接', rejected: '拒接', unreached: '未接通' },
    hungUpBy: { caller: '客户', agent: '坐席', line: '线路' },
    tickets: TICKET_KINDS['zh-CN'],
    callBack: (ticket) => `回访 T${ticket}`,
  },
  en: {
    empty: 'No calls in the log yet. Start `ringside` and take a call.\n',
    columns: [['#', 4], ['time', 16], ['mode', 5], ['outcome', 8], ['ring', 4], ['talk', 5], ['hung up', 7], ['missed', 6], ['score', 5], ['caller', 6], ['ticket', 12]],
    reasons: 'reasons',
    seconds: (n) => `${n}s`,
    modes: { live: 'live', training: 'train' },
    outcomes: {},
    hungUpBy: {},
    tickets: TICKET_KINDS.en,
    callBack: (ticket) => `back T${ticket}`,
  },
};

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

/** The table of calls (newest first, as read), in the desk's language; the caller's name and phone masked (privacy.ts) unless `masked` is false. */
export function formatHistory(calls: HistoryRow[], masked: boolean, language: Language): string {
  const words = WORDS[language];
  if (calls.length === 0) return words.empty;
  // Fixed columns, the caller as wide as its widest entry, then the reasons, which take the rest.
  const asked = { unmasked: !masked };
  const callers = calls.map(({ caller }) => [shown('history', 'name', caller.name, asked), shown('history', 'phone', caller.phone, asked)].filter(Boolean).join(' '));
  const callerWidth = Math.min(40, callers.reduce((widest, caller) => Math.max(widest, widthOf(caller)), 6));
  // The call number is what `score` and `replay` take: never cut, however long the log. (Not
  // Math.max(...ids): a long page's ids overflow the stack as arguments.)
  const idWidth = calls.reduce((widest, call) => Math.max(widest, String(call.id).length), 4);
  const seconds = (ms: number | null) => (ms === null ? '-' : words.seconds(String(Math.round(ms / 1000))));
  const cells = calls.map((call, i) => {
    const ticket = call.ticketKind
      ? `${words.tickets[call.ticketKind === 'complaint' ? 'complaint' : 'suggestion']}${call.flagged ? ' !' : ''}`
      : call.callbackTicket !== null ? words.callBack(call.callbackTicket) : call.flagged ? '!' : '';
    return [
      String(call.id),
      localMinute(call.ringAt),
      words.modes[call.mode === 'training' ? 'training' : 'live'],
      call.outcome === null ? '-' : (words.outcomes[call.outcome] ?? call.outcome),
      seconds(call.ringMs),
      seconds(call.talkMs),
      call.hungUpBy === null ? '-' : (words.hungUpBy[call.hungUpBy] ?? call.hungUpBy),
      String(call.missedRules),
      // The score out of 100; "!" when an instant-fail item failed.
      call.score && call.outcome === 'answered' ? `${call.score.total}${call.score.instantFail ? '!' : ''}` : '-',
      callers[i]!,
      ticket,
    ];
  });
  // Fixed widths (a longer cell is cut with …), the call number and the caller as wide as theirs.
  const columns = words.columns.map(([name, width], c): [string, number] => [name, c === 0 ? idWidth : c === 9 ? Math.max(callerWidth, widthOf(name)) : width]);
  const row = (cells: string[], last: string) =>
    `${cells.map((cell, i) => pad(cell, columns[i]![1])).join(' ')} ${last}`.trimEnd();
  const lines = [row(columns.map(([name]) => name), words.reasons)];
  for (const [i, call] of calls.entries()) lines.push(row(cells[i]!, call.reasons.join('、')));
  return `${lines.join('\n')}\n`;
}
