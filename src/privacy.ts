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
