/** Due dates in working days (R-FOLLOW-UP: call back within two working days). */

/** The moment `days` working days after `from`, skipping Saturdays, Sundays and the given dates (YYYY-MM-DD). */
export function addWorkingDays(from: number, days: number, holidays: readonly string[] = []): number {
  const date = new Date(from);
  let left = days;
  while (left > 0) {
    date.setDate(date.getDate() + 1);
    const weekday = date.getDay();
    const iso = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    if (weekday !== 0 && weekday !== 6 && !holidays.includes(iso)) left--;
  }
  return date.getTime();
}
