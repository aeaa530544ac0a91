const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the ISO week holding `at` (ms since the epoch). */
export function weekStart(at: number): number {
  const day = Math.floor(at / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday.
  return (day - ((day + 3) % 7)) * DAY_MS;
}

/** ISO week label, e.g. `2025-W07`. */
export function isoWeek(at: number): string {
  const thursday = weekStart(at) + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last of the items in each week, in time order; items must be sorted by time. */
export function lastPerWeek<T extends { createdAt: number }>(items: readonly T[]): Array<{ start: number; item: T }> {
  const out: Array<{ start: number; item: T }> = [];
  for (const item of items) {
    const start = weekStart(item.createdAt);
    if (out.length && out[out.length - 1].start === start) out[out.length - 1].item = item;
    else out.push({ start, item });
  }
  return out;
}

export interface WeekPoint {
  /** ISO week, e.g. `2025-W07`. */
  week: string;
  /** Monday of that week (UTC), ISO date. */
  start: string;
  /** Services at Stufe ≥ 3 at the end of the week (the week's last version; now for this week). */
  online: number;
  total: number;
  /** False where no version was taken that week and the week before carries on. */
  recorded: boolean;
}

/**
 * One point per week from the first measured week up to `until`'s week, gaps filled with the
 * value before them (nothing changed in a week without versions), at most `maxWeeks` of the
 * latest.
 */
export function fillWeeks(measured: ReadonlyArray<{ start: number; online: number; total: number }>, until: number, maxWeeks: number): WeekPoint[] {
  if (!measured.length) return [];
  const byStart = new Map(measured.map((m) => [m.start, m]));
  const last = weekStart(until);
  const out: WeekPoint[] = [];
  let carried = measured[0];
  for (let start = measured[0].start; start <= last; start += 7 * DAY_MS) {
    const m = byStart.get(start);
    if (m) carried = m;
    out.push({ week: isoWeek(start), start: new Date(start).toISOString().slice(0, 10), online: carried.online, total: carried.total, recorded: m !== undefined });
  }
  return out.slice(-maxWeeks);
}
