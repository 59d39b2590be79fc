import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createEarning } from "../../../src/commissions/earn";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { addMemberDirectly, call, signedUpUser, usingDb } from "../support/fixtures";
import { commissionsOf, customer, sale, seller, type Seller } from "../support/commissions";

interface GatewayProduct {
  product_id: string | null;
  price_id: string | null;
  source: string;
  livemode: boolean;
  sales_count: number;
  last_seen_at: string;
}

/**
 * A Stripe sale of a plan, credited to the seller's creator. Stripe events reach
 * conversions through the gateway consumer; here the row is written as it would record it.
 */
async function stripeSale(s: Seller, productId: string, priceId: string, occurredAt: Date, livemode = true): Promise<string> {
  const eventId = newId("trackingEvent");
  const conversionId = newId("conversion");
  await usingDb((db) =>
    withBrand(db, s.brand.brandId, async (tx) => {
      await tx.insert(schema.trackingEvents).values({ id: eventId, brandId: s.brand.brandId, source: "stripe", deliveryId: eventId, type: "sale", payload: {}, receivedAt: new Date(), livemode });
      await tx.insert(schema.conversions).values({
        id: conversionId,
        brandId: s.brand.brandId,
        type: "sale",
        kind: "first_purchase",
        source: "stripe",
        livemode,
        sourceEventId: eventId,
        affiliateId: s.affiliateId,
        enrollmentId: s.enrollmentId,
        campaignId: s.brand.campaignId,
        amount: 10_000,
        currency: "USD",
        invoiceId: `in_${conversionId}`,
        productId,
        priceId,
        occurredAt,
        attribution: { model: "direct" } as never,
        trail: "test sale",
      });
    }),
  );
  return conversionId;
}

describe("products and prices seen on sales", () => {
  it("lists each product / price pair with its source, sales and last sale, on both doors, for the brand only", async () => {
    const s = await seller();
    await customer(s, "cus_p");
    await sale(s, "cus_p", "in_p1", 1000, { product_id: "prod_basic", occurred_at: "2026-10-01T10:00:00Z" });
    await sale(s, "cus_p", "in_p2", 1000, { product_id: "prod_basic", occurred_at: "2026-10-03T10:00:00Z" });
    await sale(s, "cus_p", "in_p3", 1000); // no product: not listed
    await stripeSale(s, "prod_team", "price_team_yearly", new Date("2026-11-02T10:00:00Z"), false);
    const other = await seller();
    await sale(other, "cus_x", "in_x", 1000, { product_id: "prod_other_brand" });

    const res = await call("/v1/gateway-products", { key: s.brand.apiKey });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json<{ data: GatewayProduct[]; has_more: boolean }>();
    expect(body).toEqual({
      data: [
        { object: "gateway_product", product_id: "prod_team", price_id: "price_team_yearly", source: "stripe", livemode: false, sales_count: 1, last_seen_at: "2026-11-02T10:00:00.000Z" },
        { object: "gateway_product", product_id: "prod_basic", price_id: null, source: "s2s", livemode: true, sales_count: 2, last_seen_at: "2026-10-03T10:00:00.000Z" },
      ],
      has_more: false,
      next_cursor: null,
    });

    const viewer = await signedUpUser();
    await addMemberDirectly(s.brand.brandId, viewer.userId, "viewer");
    const dashboard = await viewer.browser.get(`/api/brands/${s.brand.brandId}/gateway-products`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.json()).toEqual(body);
  });

  it("a plan's override, picked from those ids, sets the rate of that plan's sales", async () => {
    const s = await seller({ type: "percentage", rate_bps: 2000, duration: "lifetime", duration_months: null });
    const put = (id: string, json: unknown) => call(`/v1/campaigns/${s.brand.campaignId}/commission-overrides/${id}`, { method: "PUT", key: s.brand.apiKey, json });
    expect((await put("prod_team", { type: "flat", amount: 500 })).status).toBe(200);
    expect((await put("price_team_yearly", { type: "flat", amount: 1500 })).status).toBe(200);
    const yearly = await stripeSale(s, "prod_team", "price_team_yearly", new Date());
    const monthly = await stripeSale(s, "prod_team", "price_team_monthly", new Date());
    // What the consumer does once it has recorded a credited sale.
    await usingDb((db) =>
      withBrand(db, s.brand.brandId, async (tx) => {
        for (const id of [yearly, monthly]) {
          const [row] = await tx.select().from(schema.conversions).where(eq(schema.conversions.id, id));
          await createEarning(tx, row!);
        }
      }),
    );
    const earnings = await commissionsOf(s.brand);
    const byConversion = new Map(earnings.map((c) => [c.conversion_id, c]));
    expect(byConversion.get(yearly)).toMatchObject({ amount: 1500 });
    expect(byConversion.get(yearly)!.explanation.lines).toContain("Plan (price) price_team_yearly has its own rate, which replaces the campaign's.");
    expect(byConversion.get(monthly)).toMatchObject({ amount: 500 });
    expect(byConversion.get(monthly)!.explanation.lines).toContain("Product prod_team has its own rate, which replaces the campaign's.");
  });
});
