import { describe, expect, it } from "vitest";
import { commissionProblems } from "../../../src/campaigns/schemas";
import { randomBase62, timingSafeEqual } from "../../../src/infra/crypto";
import { decodeCursor, toPage } from "../../../src/infra/http/pagination";
import { newId } from "../../../src/infra/ids";

describe("cursor pagination", () => {
  it("round-trips the last id of a full page and reports has_more", () => {
    const rows = [newId("campaign"), newId("campaign"), newId("campaign")].map((id) => ({ id }));
    const page = toPage(rows, 2, (r) => r.id);
    expect(page.data).toEqual([rows[0]!.id, rows[1]!.id]);
    expect(page.has_more).toBe(true);
    expect(decodeCursor(page.next_cursor!)).toBe(rows[1]!.id);
  });

  it("has no cursor on the last page", () => {
    expect(toPage([{ id: newId("link") }], 2, (r) => r)).toMatchObject({ has_more: false, next_cursor: null });
  });

  it("refuses cursors it did not issue", () => {
    expect(() => decodeCursor("bm90LWFuLWlk")).toThrow(/cursor/);
    expect(() => decodeCursor("%%%")).toThrow(/cursor/);
  });
});

describe("commission model rules", () => {
  const base = { currency: "USD", hold_days: 30, min_payout_amount: 0 };
  it("accepts consistent models", () => {
    expect(commissionProblems({ ...base, type: "percentage", rate_bps: 2500, duration: "recurring", duration_months: 12 })).toEqual([]);
    expect(commissionProblems({ ...base, type: "flat", amount: 1000, duration: "one_time" })).toEqual([]);
  });
  it("names each inconsistent field", () => {
    expect(commissionProblems({ ...base, type: "flat", rate_bps: 100, duration: "lifetime", duration_months: 3 }).map((p) => p.path)).toEqual([
      "amount",
      "rate_bps",
      "duration_months",
    ]);
  });
});

describe("crypto helpers", () => {
  it("compares strings without short-circuiting on length or content", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abd")).toBe(false);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
    expect(timingSafeEqual("", "a")).toBe(false);
  });
  it("draws base62 of the requested length", () => {
    const s = randomBase62(64);
    expect(s).toMatch(/^[0-9A-Za-z]{64}$/);
    expect(randomBase62(64)).not.toBe(s);
  });
});
