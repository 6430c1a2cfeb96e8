/** `ringside history`: the latest calls as a table or JSON, caller data masked unless asked. */
import stringWidth from 'string-width';
import type { SavedCall } from './store/db.js';
import { maskAddress, maskName, maskPhone } from './privacy.js';

function caller(call: SavedCall, masked: boolean): SavedCall['caller'] {
  if (!masked) return call.caller;
  return {
    ...call.caller,
    name: maskName(call.caller.name),
    phone: maskPhone(call.caller.phone),
    address: maskAddress(call.caller.address),
  };
}

export function historyJson(calls: SavedCall[], masked: boolean): unknown[] {
  return calls.map((call) => ({ ...call, caller: caller(call, masked) }));
}

/** Pads by display width, so Chinese (two columns a character) lines up. */
export function padDisplay(text: string, width: number): string {
  let out = text;
  while (stringWidth(out) > width) out = [...out].slice(0, -1).join('');
  return out + ' '.repeat(Math.max(0, width - stringWidth(out)));
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${Math.round(ms / 1000)}s`);

function localTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function formatHistory(calls: SavedCall[], masked: boolean): string {
  if (calls.length === 0) return 'No calls in the log yet. Start `ringside` and take a call.\n';
  const columns: [string, number][] = [['#', 5], ['time', 17], ['outcome', 9], ['ring', 5], ['talk', 6], ['hung up', 8], ['missed', 7], ['caller', 14], ['reasons', 24]];
  const lines = [columns.map(([name, width]) => padDisplay(name, width)).join(' ').trimEnd()];
  for (const call of calls) {
    const who = caller(call, masked);
    const missed = call.rules.filter((rule) => rule.outcome === 'missed').length;
    const cells = [
      String(call.id),
      localTime(call.ringAt),
      call.outcome ?? '-',
      seconds(call.ringMs),
      seconds(call.talkMs),
      call.hungUpBy ?? '-',
      String(missed),
      [who.name, who.phone].filter(Boolean).join(' '),
      call.reasons.map((reason) => reason.label).join('、'),
    ];
    lines.push(cells.map((cell, i) => padDisplay(cell, columns[i]![1])).join(' ').trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
