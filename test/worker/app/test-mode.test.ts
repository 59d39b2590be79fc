import { describe, expect, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { addMemberDirectly, call, signedInCreator, signedUpUser, usingDb } from "../support/fixtures";
import { expectJson } from "../support/brand-dashboard";
import { customer, sale, seller, type Seller } from "../support/commissions";
import { parseCsv } from "../../support/csv";

/**
 * A sale from a gateway's test mode, credited to the seller's creator, with its earning:
 * written as the events consumer writes a test-mode Stripe event (livemode false on the
 * event, the conversion and the commission).
 */
async function testModeSale(s: Seller, invoiceId: string, amount: number, commission: number) {
  const eventId = newId("trackingEvent");
  const conversionId = newId("conversion");
  const commissionId = newId("commission");
  const brandId = s.brand.brandId;
  await usingDb((db) =>
    withBrand(db, brandId, async (tx) => {
      await tx.insert(schema.trackingEvents).values({ id: eventId, brandId, source: "stripe", livemode: false, deliveryId: `evt_${eventId}`, type: "sale", payload: {}, receivedAt: new Date() });
      await tx.insert(schema.conversions).values({
        id: conversionId,
        brandId,
        type: "sale",
        kind: "first_purchase",
        source: "stripe",
        livemode: false,
        sourceEventId: eventId,
        affiliateId: s.affiliateId,
        enrollmentId: s.enrollmentId,
        campaignId: s.brand.campaignId,
        linkId: s.linkId,
        customerExternalId: "cus_test",
        amount,
        currency: "USD",
        invoiceId,
        paymentId: `pi_${invoiceId}`,
        occurredAt: new Date(),
        attribution: { via: "customer" },
        trail: "test-mode sale",
      });
      await tx.insert(schema.commissions).values({
        id: commissionId,
        brandId,
        campaignId: s.brand.campaignId,
        enrollmentId: s.enrollmentId,
        affiliateId: s.affiliateId,
        conversionId,
        sourceEventId: eventId,
        kind: "earning",
        livemode: false,
        amount: commission,
        currency: "USD",
        holdUntil: new Date(Date.now() + 30 * 86_400_000),
        explanation: { lines: ["test-mode earning"], inputs: {} },
      });
    }),
  );
  return { conversionId, commissionId };
}

/** A brand with one live sale through the real S2S pipeline (20 % of 10,000) and one test-mode sale (700 of 5,000), seen by an admin and the creator. */
async function liveAndTest() {
  const creator = await signedInCreator();
  const s = await seller(undefined, { affiliateId: creator.affiliateId, email: creator.email });
  await customer(s, "cus_live");
  await sale(s, "cus_live", "in_live", 10_000);
  const test = await testModeSale(s, "in_test", 5000, 700);
  const admin = await signedUpUser();
  await addMemberDirectly(s.brand.brandId, admin.userId, "admin");
  return { s, creator, admin: admin.browser, test };
}

type Row = { id: string; type?: string; invoice_id?: string | null; amount: number };
const page = async (path: string, key: string) => (await expectJson<{ data: Row[] }>(await call(path, { key }), 200)).data;

describe("test-mode data is kept apart from live data", () => {
  it("lists live conversions and commissions by default, and only test-mode ones with mode=test, on both doors", async () => {
    const { s, admin, test } = await liveAndTest();
    const key = s.brand.apiKey;

    const live = await page("/v1/conversions?limit=100", key);
    expect(live.map((c) => [c.type, c.invoice_id])).toEqual([
      ["sale", "in_live"],
      ["lead", null],
    ]);
    expect(await page("/v1/conversions?limit=100&mode=live", key)).toEqual(live);
    const testOnly = await page("/v1/conversions?limit=100&mode=test", key);
    expect(testOnly.map((c) => c.id)).toEqual([test.conversionId]);
    expect(await page("/v1/conversions?mode=test&type=sale&limit=100", key)).toEqual(testOnly);
    expect(await page("/v1/conversions?mode=test&type=refund&limit=100", key)).toEqual([]);

    const liveCommissions = await page("/v1/commissions?limit=100", key);
    expect(liveCommissions.map((c) => c.amount)).toEqual([2000]);
    expect((await page("/v1/commissions?limit=100&mode=test", key)).map((c) => [c.id, c.amount])).toEqual([[test.commissionId, 700]]);

    // The dashboard's door answers the same operation alike.
    const base = `/api/brands/${s.brand.brandId}`;
    expect((await expectJson<{ data: Row[] }>(await admin.get(`${base}/conversions?limit=100&mode=test`), 200)).data).toEqual(testOnly);
    expect((await expectJson<{ data: Row[] }>(await admin.get(`${base}/commissions?limit=100`), 200)).data).toEqual(liveCommissions);

    const bad = await call("/v1/conversions?mode=sandbox", { key });
    expect(bad.status).toBe(400);
    expect((await bad.json<{ error: { param: string } }>()).error.param).toBe("mode");
  });

  it("never adds test money to a balance: the brand's view of a creator, and the creator's own earnings and list", async () => {
    const { s, creator } = await liveAndTest();
    const balance = async (query: string) =>
      (await expectJson<{ balances: { currency: string; pending: number }[] }>(await call(`/v1/affiliates/${s.affiliateId}/balance${query}`, { key: s.brand.apiKey }), 200)).balances;
    expect(await balance("")).toEqual([expect.objectContaining({ currency: "USD", pending: 2000 })]);
    expect(await balance("?mode=test")).toEqual([expect.objectContaining({ currency: "USD", pending: 700 })]);

    type Earnings = { balances: { brand: { id: string }; pending: number }[]; months: { currency: string; amount: number }[] };
    const live = await expectJson<Earnings>(await creator.browser.get("/api/creator/earnings"), 200);
    expect(live.balances.map((b) => [b.brand.id, b.pending])).toEqual([[s.brand.brandId, 2000]]);
    expect(live.months.map((m) => [m.currency, m.amount])).toEqual([["USD", 2000]]);
    const test = await expectJson<Earnings>(await creator.browser.get("/api/creator/earnings?mode=test"), 200);
    expect(test.balances.map((b) => [b.brand.id, b.pending])).toEqual([[s.brand.brandId, 700]]);
    expect(test.months.map((m) => [m.currency, m.amount])).toEqual([["USD", 700]]);

    const list = async (query: string) => (await expectJson<{ data: Row[] }>(await creator.browser.get(`/api/creator/commissions${query}`), 200)).data.map((c) => c.amount);
    expect(await list("")).toEqual([2000]);
    expect(await list("?mode=test")).toEqual([700]);
  });

  it("exports live rows by default and test-mode rows only with mode=test", async () => {
    const { s, admin, test } = await liveAndTest();
    const base = `/api/brands/${s.brand.brandId}`;
    const ids = async (path: string) => {
      const res = await admin.get(path);
      expect(res.status, await res.clone().text()).toBe(200);
      return parseCsv(await res.text())
        .slice(1)
        .map((row) => row[0]);
    };
    const liveConversions = await ids(`${base}/conversions/export.csv`);
    expect(liveConversions).toHaveLength(2);
    expect(liveConversions).not.toContain(test.conversionId);
    expect(await ids(`${base}/conversions/export.csv?mode=test`)).toEqual([test.conversionId]);
    const liveCommissions = await ids(`${base}/commissions/export.csv`);
    expect(liveCommissions).toHaveLength(1);
    expect(liveCommissions).not.toContain(test.commissionId);
    expect(await ids(`${base}/commissions/export.csv?mode=test`)).toEqual([test.commissionId]);
  });

  it("keeps analytics' counts and revenue to one mode (clicks, which have no mode, show in both)", async () => {
    const { s, admin } = await liveAndTest();
    await usingDb((db) =>
      withBrand(db, s.brand.brandId, (tx) =>
        tx.insert(schema.linkDailyClicks).values({ linkId: s.linkId, day: new Date().toISOString().slice(0, 10), brandId: s.brand.brandId, campaignId: s.brand.campaignId, enrollmentId: s.enrollmentId, affiliateId: s.affiliateId, clicks: 3 }),
      ),
    );
    type Analytics = { totals: { clicks: number; leads: number; sales: number; revenue: { currency: string; sales_amount: number; net_amount: number }[] }; top_affiliates: { net_amount: number }[] };
    const analytics = async (query: string) => expectJson<Analytics>(await admin.get(`/api/brands/${s.brand.brandId}/analytics${query}`), 200);
    const live = await analytics("");
    expect({ leads: live.totals.leads, sales: live.totals.sales, revenue: live.totals.revenue.map((r) => [r.currency, r.sales_amount, r.net_amount]) }).toEqual({
      leads: 1,
      sales: 1,
      revenue: [["USD", 10_000, 10_000]],
    });
    expect(live.top_affiliates.map((t) => t.net_amount)).toEqual([10_000]);
    const test = await analytics("?mode=test");
    expect({ leads: test.totals.leads, sales: test.totals.sales, revenue: test.totals.revenue.map((r) => [r.currency, r.sales_amount, r.net_amount]) }).toEqual({
      leads: 0,
      sales: 1,
      revenue: [["USD", 5000, 5000]],
    });
    expect(test.top_affiliates.map((t) => t.net_amount)).toEqual([5000]);
    expect([live.totals.clicks, test.totals.clicks]).toEqual([3, 3]);
  });
});
