/* Counts per day or week for the timeline under the map. Pure functions. */

import {DAY_MS, parseDay} from "./styles.js";

/** Buckets of `unit` days (1 or 7) from startMs to endMs: [{start, count}] from [[date, count], ...]. */
export function bucketCounts(dayCounts, startMs, endMs, unit) {
  const size = unit * DAY_MS;
  const length = Math.max(1, Math.floor((endMs - startMs) / size) + 1);
  const buckets = Array.from({length}, (_, i) => ({start: startMs + i * size, count: 0}));
  for (const [date, count] of dayCounts) {
    const day = parseDay(date);
    if (day === null || day < startMs || day > endMs) continue;
    buckets[Math.min(length - 1, Math.floor((day - startMs) / size))].count += count;
  }
  return buckets;
}

/** Days a bar may cover so that at most `maxBars` bars fit: 1 (a day) or 7 (a week) or more weeks. */
export function bucketUnit(startMs, endMs, maxBars) {
  const days = Math.floor((endMs - startMs) / DAY_MS) + 1;
  if (days <= maxBars) return 1;
  return 7 * Math.ceil(days / 7 / maxBars);
}

/** The next date of playback: a day, a week or a calendar month on. */
export function stepDate(dayMs, step, direction = 1) {
  if (step === "month") {
    const date = new Date(dayMs);
    const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + direction, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), lastDay));
  }
  return dayMs + direction * (step === "week" ? 7 : 1) * DAY_MS;
}
