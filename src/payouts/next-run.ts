import type { PayoutSchedule } from "../infra/db/schema";

const DAY_MS = 86_400_000;

/**
 * When the scheduler next opens a run, strictly after `now`: weekly, the next such ISO
 * weekday (1 = Monday) at 00:00 UTC; monthly, the next such day of the month (1–28, which
 * every month has) at 00:00 UTC; manual, never. Pure, so the policy update and the cron
 * agree and tests can pin any date.
 */
export function nextRunAt(policy: { schedule: PayoutSchedule; weekday: number | null; monthDay: number | null }, now: Date): Date | null {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (policy.schedule === "weekly" && policy.weekday !== null) {
    const isoToday = now.getUTCDay() === 0 ? 7 : now.getUTCDay();
    const candidate = midnight + ((policy.weekday - isoToday + 7) % 7) * DAY_MS;
    return new Date(candidate > now.getTime() ? candidate : candidate + 7 * DAY_MS);
  }
  if (policy.schedule === "monthly" && policy.monthDay !== null) {
    const candidate = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), policy.monthDay);
    return new Date(candidate > now.getTime() ? candidate : Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, policy.monthDay));
  }
  return null;
}
