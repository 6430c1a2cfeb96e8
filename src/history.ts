/** `ringside history`: the latest calls as a table or JSON, caller data masked unless asked. */
import type { SavedCall } from './store/store.js';
import { shownSavedCall } from './privacy.js';
import { localMinute } from './local-time.js';
import { padDisplay, stringWidth } from './width.js';

/** Whether a pack's own caller field holds private data; unknown packs count as private. */
export type PrivateField = (packId: string, field: string) => boolean;

/** The call as history shows it (privacy.ts): masked unless asked. */
function shown(call: SavedCall, masked: boolean, isPrivate: PrivateField): SavedCall {
  return shownSavedCall('history', call, (field) => isPrivate(call.packId, field), { unmasked: !masked });
}

export function historyJson(calls: SavedCall[], masked: boolean, isPrivate: PrivateField): unknown[] {
  return calls.map((call) => shown(call, masked, isPrivate));
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${Math.round(ms / 1000)}s`);

/** Printable ASCII is as wide as it is long: most cells are, and measuring each (string-width) cost seconds on 100,000 rows. */
const ASCII = /^[\x20-\x7e]*$/;
const widthOf = (text: string) => (ASCII.test(text) ? text.length : stringWidth(text));
const pad = (text: string, width: number) => (ASCII.test(text) && text.length <= width ? text + ' '.repeat(width - text.length) : padDisplay(text, width));


export function formatHistory(calls: SavedCall[], masked: boolean, isPrivate: PrivateField): string {
  if (calls.length === 0) return 'No calls in the log yet. Start `ringside` and take a call.\n';
  // Fixed columns, the caller as wide as its widest entry, then the reasons, which take the rest.
  const who = (call: SavedCall) => {
    const c = shown(call, masked, isPrivate).caller;
    return [c.name, c.phone].filter(Boolean).join(' ');
  };
  const callers = calls.map(who);
  const callerWidth = Math.min(40, callers.reduce((widest, caller) => Math.max(widest, widthOf(caller)), 6));
  // The call number is what `score` and `replay` take: never cut, however long the log. (Not
  // Math.max(...ids): a long page's ids overflow the stack as arguments.)
  const idWidth = calls.reduce((widest, call) => Math.max(widest, String(call.id).length), 4);
  const columns: [string, number][] = [['#', idWidth], ['time', 16], ['mode', 5], ['outcome', 8], ['ring', 4], ['talk', 5], ['hung up', 7], ['missed', 6], ['score', 5], ['caller', callerWidth], ['ticket', 10]];
  const row = (cells: string[], last: string) =>
    `${cells.map((cell, i) => pad(cell, columns[i]![1])).join(' ')} ${last}`.trimEnd();
  const lines = [row(columns.map(([name]) => name), 'reasons')];
  for (const [i, call] of calls.entries()) {
    const missed = call.rules.filter((rule) => rule.outcome === 'missed').length;
    const ticket = call.ticket
      ? `${call.ticket.kind === 'complaint' ? 'complaint' : 'suggest'}${call.flagged ? ' !' : ''}`
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
          String(missed),
          // The score out of 100; "!" when an instant-fail item failed.
          call.scorecard && call.outcome === 'answered' ? `${call.scorecard.total}${call.scorecard.instantFail.length > 0 ? '!' : ''}` : '-',
          callers[i]!,
          ticket,
        ],
        call.reasons.map((reason) => reason.label).join('、'),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
