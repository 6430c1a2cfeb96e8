/**
 * The privacy boundary (R-PRIVACY): every output that shows caller data asks this module how to
 * show each field, and FIELD_POLICY below is the one table that says so: a field is shown masked,
 * as its length only, hidden, or whole, by the output and the field's kind. Asking for caller data
 * in full (`--unmasked`) shows it whole where an output can be asked; a projector and the team
 * board never can (a room and a wall see them).
 *
 * How a field is masked:
 * - A phone number keeps its separators, +86 and the area code, and at most its last four digits,
 *   never more than half of the local number: 138****5678, 010-****5678, 0755-****567,
 *   +86 138 **** 5678, ****567 (another country's number: its last four only). Anything with too
 *   few digits to be a number, or with letters (a SIP user), is hidden whole.
 * - A name keeps its first character (张**), an address its first three (北京市***); a pack's
 *   private field is masked like a name.
 * - Free text (notes, the summary, a training scenario's typed text) can hold anything the caller
 *   said (an ID-card number, an address): it has one policy, its length only. A record says so in
 *   words, "(masked, 12 characters)"; a screen shows one * a character, so the typing is seen to go on.
 */
import type { CallEvent } from '../machines/call.js';

/**
 * Every output that shows caller data. `desk` is the agent's own screen (their call: all of it
 * shows); `board` is the team board team leads watch (issue 18), fed from the shared store.
 */
export const OUTPUTS = ['desk', 'history', 'export', 'followUps', 'replay', 'projector', 'board'] as const;
export type Output = (typeof OUTPUTS)[number];

/**
 * The kinds of caller data: the three built-in caller fields, a pack's private field, any other
 * caller field (an area code), and free text (notes, the summary, a scenario's typed text).
 */
export const FIELD_KINDS = ['name', 'phone', 'address', 'privateField', 'field', 'freeText'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Masked (see above), its length only, not shown at all (the output shows something else in its place), or whole. */
export type Showing = 'masked' | 'length' | 'hidden' | 'whole';

const MASKED: Record<FieldKind, Showing> = { name: 'masked', phone: 'masked', address: 'masked', privateField: 'masked', field: 'whole', freeText: 'length' };

/** How each output shows each kind of caller data when it is not asked for in full. */
export const FIELD_POLICY: Readonly<Record<Output, Readonly<Record<FieldKind, Showing>>>> = {
  desk: { name: 'whole', phone: 'whole', address: 'whole', privateField: 'whole', field: 'whole', freeText: 'whole' },
  history: MASKED,
  export: MASKED,
  // The follow-ups list shows the call's reasons in place of its summary.
  followUps: { ...MASKED, freeText: 'hidden' },
  replay: MASKED,
  projector: MASKED,
  board: MASKED,
};

/**
 * How an output says free text's length: in words in a record; one * a character on a screen the
 * agent types into (a projector, a replay of that typing). Whether it can be asked for caller data
 * in full: the commands a user runs for themselves can; a projector and the board cannot.
 */
export const OUTPUT_WAYS: Readonly<Record<Output, { length: 'words' | 'stars'; askable: boolean }>> = {
  desk: { length: 'stars', askable: false },
  history: { length: 'words', askable: true },
  export: { length: 'words', askable: true },
  followUps: { length: 'words', askable: true },
  replay: { length: 'stars', askable: true },
  projector: { length: 'stars', askable: false },
  board: { length: 'words', askable: false },
};

/** Whether caller data was asked for in full (`--unmasked`). */
export interface Asked {
  unmasked?: boolean;
}

/** How `output` shows a kind of caller data (whole where it was asked for in full and may be). */
export function showing(output: Output, kind: FieldKind, asked: Asked = {}): Showing {
  return asked.unmasked && OUTPUT_WAYS[output].askable ? 'whole' : FIELD_POLICY[output][kind];
}

/** A value of caller data as `output` shows it; a hidden one is empty. */
export function shown(output: Output, kind: FieldKind, value: string, asked: Asked = {}): string {
  const how = showing(output, kind, asked);
  if (how === 'whole') return value;
  if (how === 'hidden') return '';
  if (how === 'masked' && kind !== 'freeText') return kind === 'phone' ? maskPhone(value) : kind === 'address' ? maskAddress(value) : maskName(value);
  // Free text is never shown in part: its length only.
  return OUTPUT_WAYS[output].length === 'words' ? lengthInWords(value) : stars(value);
}

/** The kind of a caller field: the built-in ones by their id, a pack's own by its `private`. */
export function fieldKind(id: string, isPrivate: (id: string) => boolean): FieldKind {
  if (id === 'name' || id === 'phone' || id === 'address') return id;
  return isPrivate(id) ? 'privateField' : 'field';
}

/** Whether `output` shows every kind whole (nothing to mask: the value itself is handed back). */
function allWhole(output: Output, asked: Asked): boolean {
  return FIELD_KINDS.every((kind) => showing(output, kind, asked) === 'whole');
}

/** One caller field as `output` shows it. */
export function shownField(output: Output, id: string, value: string, isPrivate: (id: string) => boolean, asked: Asked = {}): string {
  return shown(output, fieldKind(id, isPrivate), value, asked);
}

function shownFields(output: Output, fields: Record<string, string>, isPrivate: (id: string) => boolean, asked: Asked): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([id, value]) => [id, shownField(output, id, value, isPrivate, asked)]));
}

/** A call on a screen (its context): the caller's fields, notes and summary as `output` shows them. */
export function shownCall<T extends { fields: Record<string, string>; notes: readonly { text: string }[]; summary: string }>(
  output: Output,
  call: T,
  isPrivate: (id: string) => boolean,
  asked: Asked = {},
): T {
  if (allWhole(output, asked)) return call;
  return {
    ...call,
    fields: shownFields(output, call.fields, isPrivate, asked),
    notes: call.notes.map((note) => ({ ...note, text: shown(output, 'freeText', note.text, asked) })),
    summary: shown(output, 'freeText', call.summary, asked),
  };
}

/** A saved call (history): the caller's details, fields, notes and summary as `output` shows them. */
export function shownSavedCall<
  T extends {
    caller: { name: string; phone: string; address: string; fields: Record<string, string> };
    notes: readonly { text: string }[];
    summary: string;
    steps?: readonly { heard?: { text: string } }[];
  },
>(output: Output, call: T, isPrivate: (id: string) => boolean, asked: Asked = {}): T {
  if (allWhole(output, asked)) return call;
  return {
    ...call,
    // What the transcript heard for a step is speech, free text like a note: the agent may have said the caller's name or number.
    ...(call.steps ? { steps: call.steps.map((step) => (step.heard ? { ...step, heard: { ...step.heard, text: shown(output, 'freeText', step.heard.text, asked) } } : step)) } : {}),
    caller: {
      ...call.caller,
      name: shown(output, 'name', call.caller.name, asked),
      phone: shown(output, 'phone', call.caller.phone, asked),
      address: shown(output, 'address', call.caller.address, asked),
      fields: shownFields(output, call.caller.fields, isPrivate, asked),
    },
    notes: call.notes.map((note) => ({ ...note, text: shown(output, 'freeText', note.text, asked) })),
    summary: shown(output, 'freeText', call.summary, asked),
  };
}

/**
 * A logged event as `output` feeds it to a call (a replay masks before the call sees it): the
 * number and name a call rang or was dialled with, the fields set, notes and the summary.
 */
export function shownCallEvent(output: Output, event: CallEvent, isPrivate: (id: string) => boolean, asked: Asked = {}): CallEvent {
  if (allWhole(output, asked)) return event;
  switch (event.type) {
    case 'RING':
    case 'DIAL':
      return {
        ...event,
        ...(event.number ? { number: shown(output, 'phone', event.number, asked) } : {}),
        ...(event.name ? { name: shown(output, 'name', event.name, asked) } : {}),
      };
    case 'SET_FIELD':
      return { ...event, value: shownField(output, event.field, event.value, isPrivate, asked) };
    case 'ADD_NOTE':
    case 'SET_SUMMARY':
    case 'HEARD':
      return { ...event, text: shown(output, 'freeText', event.text, asked) };
    default:
      return event;
  }
}

/**
 * What a caller says (a training scenario's lines) as `output` shows it: wherever the words carry
 * caller data (`data`: the caller's name and its parts, their number, what the scenario types
 * for them), that data shows as free text does there (on a projector one * a character); the
 * rest of the words as said, so a class can follow the call.
 */
export function shownSaid(output: Output, said: string, data: readonly string[], asked: Asked = {}): string {
  if (showing(output, 'freeText', asked) === 'whole') return said;
  const values = [...new Set(data.filter((value) => value.trim() !== ''))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return said;
  const escaped = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A Chinese surname said alone is one character that is also part of everyday words (周 in 下周,
  // 马 in 马上): it is the caller's name only where it stands as one (姓周, 周女士, or said alone).
  const asName = (value: string) =>
    [...value].length === 1 && /\p{Script=Han}/u.test(value)
      ? `(?<=姓)${escaped(value)}|${escaped(value)}(?=${CJK_TITLES.join('|')})|^${escaped(value)}(?=[。！？!?.]?$)`
      : escaped(value);
  const pattern = new RegExp(values.map(asName).join('|'), 'giu');
  return said.replace(pattern, (value) => shown(output, 'freeText', value, asked) || '*');
}

/**
 * Speech heard on a call (what a transcript heard the agent say) as `output` shows it: the
 * caller's data as `shownSaid` masks it, and every number of four digits or more however it was
 * said (13812345678, 138 1234 5678, 一三八一二三四五六七八, 幺零二四): a recogniser writes numbers in
 * words as often as in digits, and a number read back is an account, a card or a phone.
 */
export function shownSpeech(output: Output, said: string, data: readonly string[], asked: Asked = {}): string {
  if (showing(output, 'freeText', asked) === 'whole') return said;
  return shownSaid(output, said, data, asked).replace(SPOKEN_NUMBER, (digits) => shown(output, 'freeText', digits, asked) || '*');
}
const SPOKEN_DIGIT = '[0-9０-９零〇一二三四五六七八九幺两]';
const SPOKEN_NUMBER = new RegExp(`${SPOKEN_DIGIT}(?:[\\s-]?${SPOKEN_DIGIT}){3,}`, 'gu');

/** The courtesy titles a Chinese name is said with (张先生): what stands before one is a name. */
export const CJK_TITLES = ['先生', '女士', '小姐', '太太', '老师', '师傅', '阿姨', '同学', '经理'] as const;

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


/** Free text on a screen: one * a character, as it is typed. */
function stars(text: string): string {
  return text.replace(/\S/gu, '*');
}

/** Free text in a record: its length in words, nothing else; empty stays empty. */
function lengthInWords(text: string): string {
  return text ? `(masked, ${[...text].length} characters)` : '';
}
