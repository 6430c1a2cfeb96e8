/**
 * Hours of the day as packs write them, "HH:MM-HH:MM" local time (night service 23:30-07:30,
 * call-back hours 09:00-12:00): the pattern, and whether a moment falls in them, once. A range
 * whose end comes before its start wraps midnight.
 */

/** A range of hours as a pack writes it. */
export const HOURS_PATTERN = /^\d\d:\d\d-\d\d:\d\d$/;

/** A range's two ends as [hour, minute] pairs. */
export function hoursEdges(range: string): [[number, number], [number, number]] {
  const [from, to] = range.split('-').map((hm) => [Number(hm.slice(0, 2)), Number(hm.slice(3, 5))] as [number, number]);
  return [from!, to!];
}

/** Whether a moment (ms since the epoch, or a date) falls in one of the ranges, local time. */
export function withinHours(ranges: readonly string[], at: number | Date): boolean {
  const date = new Date(at);
  const minute = date.getHours() * 60 + date.getMinutes();
  return ranges.some((range) => {
    const [from, to] = hoursEdges(range).map(([h, m]) => h * 60 + m) as [number, number];
    return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
  });
}
