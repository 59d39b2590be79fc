import { describe, expect, it } from "vitest";
import { nextRunAt } from "../../../src/payouts/next-run";

const at = (iso: string) => new Date(iso);
const weekly = (weekday: number) => ({ schedule: "weekly" as const, weekday, monthDay: null });
const monthly = (monthDay: number) => ({ schedule: "monthly" as const, weekday: null, monthDay });

describe("next payout run", () => {
  it("weekly: the next such ISO weekday at 00:00 UTC, strictly after now", () => {
    // 2026-12-09 is a Wednesday (ISO 3).
    expect(nextRunAt(weekly(3), at("2026-12-09T10:00:00Z"))).toEqual(at("2026-12-16T00:00:00Z"));
    expect(nextRunAt(weekly(3), at("2026-12-08T23:59:59Z"))).toEqual(at("2026-12-09T00:00:00Z"));
    expect(nextRunAt(weekly(3), at("2026-12-09T00:00:00Z"))).toEqual(at("2026-12-16T00:00:00Z"));
    expect(nextRunAt(weekly(1), at("2026-12-09T10:00:00Z"))).toEqual(at("2026-12-14T00:00:00Z"));
    // Sunday is 7, not 0.
    expect(nextRunAt(weekly(7), at("2026-12-09T10:00:00Z"))).toEqual(at("2026-12-13T00:00:00Z"));
    expect(nextRunAt(weekly(1), at("2026-12-13T12:00:00Z"))).toEqual(at("2026-12-14T00:00:00Z"));
  });

  it("monthly: the next such day of the month at 00:00 UTC, across the year's end", () => {
    expect(nextRunAt(monthly(15), at("2026-12-09T10:00:00Z"))).toEqual(at("2026-12-15T00:00:00Z"));
    expect(nextRunAt(monthly(1), at("2026-12-09T10:00:00Z"))).toEqual(at("2027-01-01T00:00:00Z"));
    expect(nextRunAt(monthly(9), at("2026-12-09T00:00:00Z"))).toEqual(at("2027-01-09T00:00:00Z"));
    expect(nextRunAt(monthly(28), at("2027-02-28T00:00:01Z"))).toEqual(at("2027-03-28T00:00:00Z"));
  });

  it("manual: never", () => {
    expect(nextRunAt({ schedule: "manual", weekday: null, monthDay: null }, at("2026-12-09T10:00:00Z"))).toBeNull();
  });

  it("is always in the future and at most one period away", () => {
    for (let h = 0; h < 24 * 60; h += 7) {
      const now = new Date(Date.UTC(2026, 0, 1) + h * 3_600_000);
      for (let d = 1; d <= 7; d++) {
        const next = nextRunAt(weekly(d), now)!;
        expect(next.getTime()).toBeGreaterThan(now.getTime());
        expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(7 * 86_400_000);
        expect(next.getUTCDay() === 0 ? 7 : next.getUTCDay()).toBe(d);
      }
      const next = nextRunAt(monthly(28), now)!;
      expect(next.getTime()).toBeGreaterThan(now.getTime());
      expect(next.getUTCDate()).toBe(28);
      expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(31 * 86_400_000);
    }
  });
});
