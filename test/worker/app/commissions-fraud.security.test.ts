import { describe, expect, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { ClickRecord } from "../../../src/infra/queues/messages";
import { usingDb } from "../support/fixtures";
import { clickAt, consume } from "../support/tracking";
import { commissionsOf, customer, earningOf, refund, sale, seller, type Seller } from "../support/commissions";

/** Counted clicks on the seller's link, all from one IP, `spacingMs` apart; returns their click ids. */
async function clicksFromOneIp(s: Seller, n: number, spacingMs: number, ip = "203.0.113.9"): Promise<string[]> {
  const start = Date.now() - 3_600_000;
  const clicks: ClickRecord[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * spacingMs);
    clicks.push({ id: await clickAt(s.linkId, at), link: s.linkId, brand: s.brand.brandId, campaign: s.brand.campaignId, enrollment: s.enrollmentId, affiliate: s.affiliateId, at: at.getTime(), ua: "Mozilla/5.0", ip });
  }
  expect((await consume("rekomi-clicks", [{ v: 1, clicks }])).explicitAcks).toHaveLength(1);
  return clicks.map((c) => c.id);
}

const rules = async (s: Seller, invoice: string) => (await earningOf(s.brand, invoice))!.review_reasons.map((r) => r.rule);

describe("fraud checks hold flagged commissions for review, with their reasons", () => {
  it("self-referral: the customer's email is the creator's own, in any case and with a +tag", async () => {
    const s = await seller();
    const [local, domain] = s.affiliateEmail.split("@");
    await customer(s, "cus_me", { email: `${local}+deal@${domain!.toUpperCase()}` });
    await sale(s, "cus_me", "in_me", 1000);
    await customer(s, "cus_other", { email: "someone.else@example.com" });
    await sale(s, "cus_other", "in_other", 1000);

    const flagged = (await earningOf(s.brand, "in_me"))!;
    expect(flagged).toMatchObject({ held_for_review: true, status: "pending" });
    expect(flagged.review_reasons).toEqual([{ rule: "self_referral", reason: expect.stringContaining("is the creator's own address") }]);
    expect(flagged.explanation.lines.at(-1)).toContain("Held for review by the fraud checks");
    expect(await earningOf(s.brand, "in_other")).toMatchObject({ held_for_review: false, review_reasons: [] });
    // The review queue holds exactly the flagged one.
    expect((await commissionsOf(s.brand, "&held_for_review=true")).map((c) => c.id)).toEqual([flagged.id]);
  });

  it("duplicate-IP bursts: five clicks from one IP on the link within minutes of the converting click", async () => {
    const burst = await seller();
    const ids = await clicksFromOneIp(burst, 5, 60_000);
    await customer(burst, "cus_b", { clickId: ids[2] });
    await sale(burst, "cus_b", "in_b", 1000);
    const [reason] = (await earningOf(burst.brand, "in_b"))!.review_reasons;
    expect(reason).toMatchObject({ rule: "ip_burst" });
    expect(reason!.reason).toContain(`5 clicks on link t${burst.linkId.slice(-12)}`);
    expect(reason!.reason).toContain(ids[2]);

    // Four clicks, or five spread over hours, are not a burst.
    const few = await seller();
    const fewIds = await clicksFromOneIp(few, 4, 60_000);
    await customer(few, "cus_f", { clickId: fewIds[0] });
    await sale(few, "cus_f", "in_f", 1000);
    expect(await rules(few, "in_f")).toEqual([]);
    const spread = await seller();
    const spreadIds = await clicksFromOneIp(spread, 5, 11 * 60_000);
    await customer(spread, "cus_s", { clickId: spreadIds[0] });
    await sale(spread, "cus_s", "in_s", 1000);
    expect(await rules(spread, "in_s")).toEqual([]);
  });

  it("click flooding: hundreds of clicks on the enrollment for hardly any sale", async () => {
    const s = await seller();
    await usingDb((db) =>
      withBrand(db, s.brand.brandId, (tx) =>
        tx.insert(schema.linkDailyClicks).values({
          linkId: s.linkId,
          day: new Date().toISOString().slice(0, 10),
          brandId: s.brand.brandId,
          campaignId: s.brand.campaignId,
          enrollmentId: s.enrollmentId,
          affiliateId: s.affiliateId,
          clicks: 600,
        }),
      ),
    );
    await customer(s, "cus_fl");
    await sale(s, "cus_fl", "in_fl1", 1000);
    const [reason] = (await earningOf(s.brand, "in_fl1"))!.review_reasons;
    expect(reason).toMatchObject({ rule: "click_flooding" });
    expect(reason!.reason).toContain("600 clicks but 1 credited sale(s) in the last 30 days");
    // A second sale brings the rate to 1 in 300: above the floor.
    await sale(s, "cus_fl", "in_fl2", 1000);
    expect(await rules(s, "in_fl2")).toEqual([]);
  });

  it("refund abuse: most of the creator's recent sales were refunded", async () => {
    const s = await seller();
    await customer(s, "cus_ra");
    for (const n of [1, 2, 3, 4]) await sale(s, "cus_ra", `in_ra${n}`, 1000);
    for (const n of [1, 2, 3]) await refund(s, `in_ra${n}`, 1000);
    await sale(s, "cus_ra", "in_ra5", 1000);
    for (const n of [1, 2, 3, 4]) expect(await rules(s, `in_ra${n}`)).toEqual([]);
    const [reason] = (await earningOf(s.brand, "in_ra5"))!.review_reasons;
    expect(reason).toMatchObject({ rule: "refund_abuse" });
    expect(reason!.reason).toContain("3 of the creator's 5 sales in the last 90 days were refunded (60 %");
  });
});
