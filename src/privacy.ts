/** Masking caller data (R-PRIVACY): what exports, history and a projector show by default. */

/** A phone number with its middle hidden, 138****5678 style. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return phone.replace(/./g, '*');
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
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

/** Free text the agent typed (notes, the summary): it may say anything, so only its shape shows. */
export function maskFreeText(text: string): string {
  return text.replace(/\S/gu, '*');
}

/** One caller field as a projector shows it: the built-in ones by their kind, a pack's private ones like a name. */
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
