/**
 * Timestamps senders give us (S2S `occurred_at`, gateway payloads), parsed strictly.
 * `Date.parse` accepts many shapes, and `Date.UTC` maps years 0–99 to 1900–1999 (the
 * two-digit-year trap), so an RFC 3339 date-time is read field by field with
 * `setUTCFullYear`, which takes the year as given.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Epoch milliseconds of an RFC 3339 date-time with an offset, or null when it is not one (or no such day). */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  d.setUTCHours(hour, minute, second, Math.floor(Number(`0${m[7] ?? ""}`) * 1000));
  const offsetMinutes = m[8] ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!m[8] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return null;
  return d.getTime() - offsetMinutes * 60_000;
}

/** No event of a subscription business happened before this. */
export const EARLIEST_EVENT_MS = Date.UTC(2000, 0, 1);

/**
 * Why an event time is not plausible, or null: before 2000-01-01, or later than now plus
 * the clock tolerance the signature check already allows.
 */
export function eventTimeProblem(ms: number, nowMs: number, toleranceMs: number): string | null {
  if (ms < EARLIEST_EVENT_MS) return "must not be before 2000-01-01T00:00:00Z";
  if (ms > nowMs + toleranceMs) return "must not be in the future";
  return null;
}
