/** Times as people read them in tables and exports: local, 2026-11-24 10:00(:05). */

const two = (n: number) => String(n).padStart(2, '0');

/** To the minute: 2026-11-24 10:00. */
export function localMinute(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** To the second, as a spreadsheet shows it: 2026-11-24 10:00:05. */
export function localSecond(ms: number): string {
  return `${localMinute(ms)}:${two(new Date(ms).getSeconds())}`;
}
