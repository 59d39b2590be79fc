import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { acceptOfferDirectly, createAffiliate, teammate } from "../support/fixtures";
import { clickThrough, dashboardS2sKey, dashboardTracking, expectJson, track } from "../support/brand-dashboard";
import { Pipeline, brandRows, clickAt, daysAgo } from "../support/tracking";

type Revenue = { currency: string; sales_amount: number; refunds_amount: number; disputes_amount: number; net_amount: number };
type Counts = { clicks: number; leads: number; sales: number; refunds: number; disputes: number; revenue: Revenue[] };
type Analytics = {
  from: string;
  to: string;
  days: (Counts & { day: string })[];
  totals: Counts;
  top_affiliates: { affiliate_id: string; display_name: string; currency: string; clicks: number; sales: number; sales_amount: number; refunds_amount: number; disputes_amount: number; net_amount: number }[];
};

const day = (daysBack: number) => daysAgo(daysBack).toISOString().slice(0, 10);
const noon = (daysBack: number) => `${day(daysBack)}T12:00:00Z`;

/** Two creators in one campaign: Ada brings USD sales (one refunded), Bo brings more USD and some EUR. */
async function twoCreators() {
  const t = await dashboardTracking({ creatorName: "Ada" });
  const bo = await createAffiliate({ listed: true, name: "Bo" });
  const boEnrollment = await expectJson<{ id: string }>(await t.owner.post(`/api/brands/${t.brandId}/campaigns/${t.campaignId}/enrollments`, { affiliate_id: bo.affiliateId }), 201);
  await acceptOfferDirectly(bo.affiliateId, boEnrollment.id);
  const boLink = await expectJson<{ id: string; code: string }>(await t.owner.post(`/api/brands/${t.brandId}/links`, { enrollment_id: boEnrollment.id }), 201);
  const pipe = new Pipeline();
  const [adaToday] = await clickThrough(pipe, t.link.code, 2);
  await brandRows(t.brandId, (tx) =>
    tx.insert(schema.linkDailyClicks).values({ linkId: boLink.id, day: day(3), brandId: t.brandId, campaignId: t.campaignId, enrollmentId: boEnrollment.id, affiliateId: bo.affiliateId, clicks: 5 }),
  );
  const key = await dashboardS2sKey(t.owner, t.brandId);
  await track(pipe, key, [
    ["lead", { click_id: adaToday, customer_external_id: "cus_ada_1" }],
    ["sale", { click_id: await clickAt(t.link.id, daysAgo(5)), amount: 4900, currency: "USD", invoice_id: "a1", occurred_at: noon(3) }],
    ["sale", { customer_external_id: "cus_ada_1", amount: 2000, currency: "USD", invoice_id: "a2" }],
    ["refund", { invoice_id: "a2", amount: 2000, currency: "USD" }],
    ["sale", { click_id: await clickAt(boLink.id, daysAgo(4)), amount: 10_000, currency: "USD", invoice_id: "b1", occurred_at: noon(1) }],
    ["sale", { click_id: await clickAt(boLink.id, daysAgo(4)), amount: 3000, currency: "EUR", invoice_id: "b2", occurred_at: noon(1) }],
    // Organic: not credited, so not in the analytics.
    ["sale", { customer_external_id: "cus_organic", amount: 99_900, currency: "USD", invoice_id: "o1" }],
  ]);
  return { ...t, bo: bo.affiliateId };
}

describe("GET /api/brands/{brandId}/analytics", () => {
  it("counts clicks and credited conversions per UTC day, with revenue per currency and top creators", async () => {
    const b = await twoCreators();
    const member = await teammate(b.owner, b.brandId, "member");
    const a = await expectJson<Analytics>(await member.get(`/api/brands/${b.brandId}/analytics`), 200);
    expect({ from: a.from, to: a.to, days: a.days.length }).toEqual({ from: day(29), to: day(0), days: 30 });
    expect(a.days.map((d) => d.day)).toEqual(Array.from({ length: 30 }, (_, i) => day(29 - i)));
    expect(a.totals).toEqual({
      clicks: 7,
      leads: 1,
      sales: 4,
      refunds: 1,
      disputes: 0,
      revenue: expect.arrayContaining([
        { currency: "USD", sales_amount: 16_900, refunds_amount: 2000, disputes_amount: 0, net_amount: 14_900 },
        { currency: "EUR", sales_amount: 3000, refunds_amount: 0, disputes_amount: 0, net_amount: 3000 },
      ]),
    });
    expect(a.totals.revenue).toHaveLength(2);
    const byDay = new Map(a.days.map((d) => [d.day, d]));
    expect(byDay.get(day(3))).toMatchObject({ clicks: 5, sales: 1, revenue: [{ currency: "USD", net_amount: 4900 }] });
    expect(byDay.get(day(1))).toMatchObject({ clicks: 0, sales: 2 });
    expect(byDay.get(day(0))).toMatchObject({ clicks: 2, leads: 1, sales: 1, refunds: 1, revenue: [{ currency: "USD", sales_amount: 2000, refunds_amount: 2000, disputes_amount: 0, net_amount: 0 }] });
    expect(byDay.get(day(10))).toEqual({ day: day(10), clicks: 0, leads: 0, sales: 0, refunds: 0, disputes: 0, revenue: [] });

    expect(a.top_affiliates.map((t) => [t.currency, t.display_name, t.net_amount, t.clicks, t.sales])).toEqual([
      ["EUR", "Bo", 3000, 5, 1],
      ["USD", "Bo", 10_000, 5, 1],
      ["USD", "Ada", 4900, 2, 2],
    ]);
    expect(a.top_affiliates[2]).toMatchObject({ affiliate_id: b.affiliateId, sales_amount: 6900, refunds_amount: 2000, disputes_amount: 0 });
  });

  it("narrows to one creator, one campaign, or a range of days", async () => {
    const b = await twoCreators();
    const get = async (query: string) => expectJson<Analytics>(await b.owner.get(`/api/brands/${b.brandId}/analytics?${query}`), 200);
    const ada = await get(`affiliate_id=${b.affiliateId}`);
    expect({ clicks: ada.totals.clicks, sales: ada.totals.sales, top: ada.top_affiliates.map((t) => t.display_name) }).toEqual({ clicks: 2, sales: 2, top: ["Ada"] });
    const window = await get(`from=${day(3)}&to=${day(1)}`);
    expect(window.days.map((d) => d.day)).toEqual([day(3), day(2), day(1)]);
    expect({ clicks: window.totals.clicks, sales: window.totals.sales, leads: window.totals.leads }).toEqual({ clicks: 5, sales: 3, leads: 0 });
    const otherCampaign = await get("campaign_id=cmp_01jdx3h5c2v7n9q4r8t6w0y2z1");
    expect(otherCampaign.totals).toEqual({ clicks: 0, leads: 0, sales: 0, refunds: 0, disputes: 0, revenue: [] });
    expect(otherCampaign.top_affiliates).toEqual([]);
  });
});

describe("disputes in analytics", () => {
  it("subtracts a dispute opened from net revenue on its day, adds it back the day it is won, and moves nothing when lost", async () => {
    const b = await twoCreators();
    // The consumer records dispute phases against the sale they name (credited like it); written here as it writes them.
    const [sale] = await brandRows(b.brandId, (tx) => tx.select().from(schema.conversions).where(and(eq(schema.conversions.type, "sale"), eq(schema.conversions.invoiceId, "a1"))));
    const phase = (kind: "opened" | "won" | "lost", reference: string, amount: number, daysBack: number) =>
      brandRows(b.brandId, async (tx) => {
        const eventId = newId("trackingEvent");
        await tx.insert(schema.trackingEvents).values({ id: eventId, brandId: b.brandId, source: "s2s", deliveryId: eventId, type: "dispute", payload: {}, receivedAt: new Date() });
        await tx.insert(schema.conversions).values({
          id: newId("conversion"),
          brandId: b.brandId,
          type: "dispute",
          kind,
          referenceId: reference,
          sourceEventId: eventId,
          affiliateId: sale!.affiliateId,
          enrollmentId: sale!.enrollmentId,
          campaignId: sale!.campaignId,
          amount,
          currency: "USD",
          invoiceId: "a1",
          saleId: sale!.id,
          occurredAt: new Date(noon(daysBack)),
          attribution: { via: "sale" },
          trail: `dispute ${kind}`,
        });
      });
    await phase("opened", "dp_won", 4900, 2);
    await phase("won", "dp_won", 4900, 1);
    await phase("opened", "dp_lost", 1000, 1);
    await phase("lost", "dp_lost", 1000, 0);

    const a = await expectJson<Analytics>(await b.owner.get(`/api/brands/${b.brandId}/analytics`), 200);
    const usd = (c: Counts) => c.revenue.find((r) => r.currency === "USD");
    expect(a.totals.disputes).toBe(2);
    expect(usd(a.totals)).toEqual({ currency: "USD", sales_amount: 16_900, refunds_amount: 2000, disputes_amount: 1000, net_amount: 13_900 });
    const byDay = new Map(a.days.map((d) => [d.day, d]));
    expect([byDay.get(day(2))!.disputes, usd(byDay.get(day(2))!)]).toEqual([1, { currency: "USD", sales_amount: 0, refunds_amount: 0, disputes_amount: 4900, net_amount: -4900 }]);
    expect([byDay.get(day(1))!.disputes, usd(byDay.get(day(1))!)?.disputes_amount]).toEqual([1, -4900 + 1000]);
    expect([byDay.get(day(0))!.disputes, usd(byDay.get(day(0))!)?.disputes_amount]).toEqual([0, 0]);
    // Ada's sale a1 lost 10.00 to the dispute that was lost; the one won cost nothing.
    expect(a.top_affiliates.find((t) => t.affiliate_id === b.affiliateId)).toMatchObject({ sales_amount: 6900, refunds_amount: 2000, disputes_amount: 1000, net_amount: 3900 });
  }, 60_000);
});
