/**
 * Masking caller data (R-PRIVACY): the one policy every output follows unless the caller data is
 * asked for in full (`--unmasked`): history, export, follow-ups, replay and a projector.
 *
 * - A phone number keeps its separators, +86 and the area code, and at most its last four digits,
 *   never more than half of the local number: 138****5678, 010-****5678, 0755-****567,
 *   +86 138 **** 5678, ****567 (another country's number: its last four only). Anything with too
 *   few digits to be a number, or with letters (a SIP user), is hidden whole.
 * - A name keeps its first character (张**), an address its first three (北京市***); a pack's
 *   private field is masked like a name.
 * - Free text the agent typed (notes, the summary) can hold anything the caller said (an ID-card
 *   number, an address): nothing of it shows but its length. A record says so in words,
 *   "(masked, 12 characters)"; a screen shows one * a character, so the typing is seen to go on.
 */
import type { CallEvent } from '../machines/call.js';

/** What may stand between a number's digits: kept where they are. */
const SEPARATOR = /[\s\-\u2010-\u2015().\/\uFF08\uFF09\uFF0D]/u;
/** Digits of any script (a full-width １３８ typed on a Chinese keyboard is a number too). */
const DIGIT = /\p{Nd}/u;
/** Fewer digits than this is no phone number anyone could be found by: hidden whole. */
const FEWEST_DIGITS = 7;

/** Which of a number's digits show (by their index among the digits), by how the number is written. */
function shownDigits(digits: string, plus: boolean): Set<number> {
  const shown = new Set<number>();
  const show = (from: number, to: number) => {
    for (let i = from; i < to; i++) shown.add(i);
  };
  if (digits.length < FEWEST_DIGITS) return shown;
  // A Chinese number: written at home, or after +86 / 0086 (the country code shows).
  const country = plus ? (digits.startsWith('86') ? 2 : -1) : digits.startsWith('0086') && digits.length >= 13 ? 4 : 0;
  const national = digits.slice(Math.max(0, country));
  const start = digits.length - national.length;
  show(0, start);
  // At most the last four, never more than half.
  const tail = (local: number) => show(digits.length - Math.min(4, Math.floor(local / 2)), digits.length);
  if (country < 0 || national.length < FEWEST_DIGITS) {
    tail(national.length);
  } else if (national.length === 11 && national.startsWith('1')) {
    // A mobile: its network prefix and last four, 138****5678.
    show(start, start + 3);
    tail(8);
  } else if (country === 0 && national.startsWith('0') && national.length >= 9) {
    // A landline with its trunk 0 and area code: 010, 02X, or four digits (0755).
    const area = /^0[12]/.test(national) ? 3 : 4;
    show(start, start + area);
    tail(national.length - area);
  } else if (country > 0 && national.length >= 9) {
    // A landline after +86 drops the 0: 10, 2X, or three digits (755).
    const area = /^[12]/.test(national) ? 2 : 3;
    show(start, start + area);
    tail(national.length - area);
  } else {
    tail(national.length);
  }
  return shown;
}

/** A phone number with its middle hidden, 138****5678 style (see the policy above). */
export function maskPhone(phone: string): string {
  const chars = [...phone];
  const plus = chars[0] === '+' || chars[0] === '\uFF0B';
  const body = plus ? chars.slice(1) : chars;
  if (body.some((c) => !DIGIT.test(c) && !SEPARATOR.test(c))) return chars.map((c) => (/\s/u.test(c) ? c : '*')).join('');
  // Digits classified by value (full-width ones too), shown or hidden where they stand.
  const digits = body.filter((c) => DIGIT.test(c)).map((c) => c.normalize('NFKC')).join('');
  const shown = shownDigits(digits, plus);
  let index = 0;
  return chars.map((c, i) => (plus && i === 0) || !DIGIT.test(c) ? c : shown.has(index++) ? c : '*').join('');
}

/** A name kept to its first character: 张先生 → 张**. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length === 0 ? '' : `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

/** An address kept to its first three characters. */
export function maskAddress(address: string): string {
  const chars = [...address];
  return chars.length <= 3 ? '*'.repeat(chars.length) : `${chars.slice(0, 3).join('')}***`;
}

/** Free text on a screen (a projector, a replay): one * a character, as it is typed. */
export function maskFreeText(text: string): string {
  return text.replace(/\S/gu, '*');
}

/** Free text in a record (history, export): its length in words, nothing else; empty stays empty. */
export function maskedLength(text: string): string {
  return text ? `(masked, ${[...text].length} characters)` : '';
}

/** One caller field: the built-in ones by their kind, a pack's private ones like a name, the rest as it is. */
export function maskField(id: string, value: string, isPrivate: (id: string) => boolean): string {
  if (id === 'name') return maskName(value);
  if (id === 'phone') return maskPhone(value);
  if (id === 'address') return maskAddress(value);
  return isPrivate(id) ? maskName(value) : value;
}

/** What a projector shows of a call: its caller's fields, notes and summary masked, the rest as it is. */
export function maskCallerData<T extends { fields: Record<string, string>; notes: readonly { text: string }[]; summary: string }>(
  call: T,
  isPrivate: (id: string) => boolean,
): T {
  return {
    ...call,
    fields: Object.fromEntries(Object.entries(call.fields).map(([id, value]) => [id, maskField(id, value, isPrivate)])),
    notes: call.notes.map((note) => ({ ...note, text: maskFreeText(note.text) })),
    summary: maskFreeText(call.summary),
  };
}

/** A saved call as a record shows it (history): the caller's details, notes and summary masked. */
export function maskSavedCall<
  T extends { caller: { name: string; phone: string; address: string; fields: Record<string, string> }; notes: readonly { text: string }[]; summary: string },
>(call: T, isPrivate: (id: string) => boolean): T {
  return {
    ...call,
    caller: {
      ...call.caller,
      name: maskName(call.caller.name),
      phone: maskPhone(call.caller.phone),
      address: maskAddress(call.caller.address),
      fields: Object.fromEntries(Object.entries(call.caller.fields).map(([id, value]) => [id, maskField(id, value, isPrivate)])),
    },
    notes: call.notes.map((note) => ({ ...note, text: maskedLength(note.text) })),
    summary: maskedLength(call.summary),
  };
}

/**
 * A logged event as a replay feeds it (masked before it reaches the call): the number and name a
 * call rang or was dialled with, the fields set, notes and the summary.
 */
export function maskCallEvent(event: CallEvent, isPrivate: (id: string) => boolean): CallEvent {
  switch (event.type) {
    case 'RING':
    case 'DIAL':
      return {
        ...event,
        ...(event.number ? { number: maskPhone(event.number) } : {}),
        ...(event.name ? { name: maskName(event.name) } : {}),
      };
    case 'SET_FIELD':
      return { ...event, value: maskField(event.field, event.value, isPrivate) };
    case 'ADD_NOTE':
    case 'SET_SUMMARY':
      return { ...event, text: maskFreeText(event.text) };
    default:
      return event;
  }
}
