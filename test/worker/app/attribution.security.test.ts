import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Conversion } from "../../../src/conversions/schemas";
import { describeDbError } from "../../../src/infra/db/errors";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { call, createAffiliate, createBrand, enroll } from "../support/fixtures";
import { Pipeline, brandRows, clickAt, createS2sKey, daysAgo, signedInit } from "../support/tracking";

type Page<T> = { data: T[] };

/** The Postgres error a write failed with ("code: message"). */
async function failure(write: Promise<unknown>): Promise<string> {
  try {
    await write;
  } catch (err) {
    return describeDbError(err);
  }
  return "succeeded";
}

async function brandWithCustomer() {
  const brand = await createBrand();
  const { affiliateId } = await createAffiliate();
  const link = await enroll(brand, affiliateId);
  const key = await createS2sKey(brand);
  return { brand, affiliateId, link, key };
}

async function send(pipe: Pipeline, key: { keyId: string; secret: string }, type: string, body: unknown) {
  const res = await pipe.edgeFetch(`/v1/track/${type}`, signedInit(body, key));
  expect(res.status).toBe(202);
}

describe("a brand's S2S key never touches another brand's customers or conversions", () => {
  it("keeps customers, bindings, invoices and refunds apart even when ids collide and clicks are borrowed", async () => {
    const a = await brandWithCustomer();
    const b = await brandWithCustomer();
    const pipe = new Pipeline();
    const aClick = await clickAt(a.link.linkId, daysAgo(1));
    await send(pipe, a.key, "lead", { click_id: aClick, customer_external_id: "shared-id", email: "a@example.com" });
    await send(pipe, a.key, "sale", { customer_external_id: "shared-id", amount: 1000, currency: "USD", invoice_id: "in_shared" });
    // Brand B reuses A's customer id, invoice id and even A's genuine click id.
    await send(pipe, b.key, "lead", { click_id: aClick, customer_external_id: "shared-id", email: "b@example.com" });
    await send(pipe, b.key, "sale", { customer_external_id: "shared-id", click_id: aClick, amount: 5, currency: "USD", invoice_id: "in_shared" });
    await send(pipe, b.key, "refund", { invoice_id: "in_shared", amount: 1000, currency: "USD" });
    expect((await pipe.drain()).events!.retryMessages).toEqual([]);

    const aConversions = (await (await call("/v1/conversions", { key: a.brand.apiKey })).json<Page<Conversion>>()).data;
    expect(aConversions.map((c) => [c.type, c.amount, c.affiliate_id]).sort()).toEqual(
      [
        ["lead", null, a.affiliateId],
        ["sale", 1000, a.affiliateId],
      ].sort(),
    );
    const bConversions = (await (await call("/v1/conversions", { key: b.brand.apiKey })).json<Page<Conversion>>()).data;
    expect(bConversions).toHaveLength(3);
    for (const c of bConversions) expect(c.affiliate_id).toBeNull();
    const bLead = bConversions.find((c) => c.type === "lead")!;
    expect(bLead.attribution).toMatchObject({ via: null, reason: "click_not_usable" });
    expect(bLead.attribution.trail).toBe(`not credited: ${aClick} was not made through a tracking link of this brand`);
    const bRefund = bConversions.find((c) => c.type === "refund")!;
    const bSale = bConversions.find((c) => c.type === "sale")!;
    expect(bRefund.sale_id).toBe(bSale.id);

    // A's customer is untouched: still bound to A's click, still A's email.
    const [aCustomer] = await brandRows(a.brand.brandId, (tx) => tx.select().from(schema.customers).where(eq(schema.customers.externalId, "shared-id")));
    expect(aCustomer).toMatchObject({ brandId: a.brand.brandId, email: "a@example.com", affiliateId: a.affiliateId, clickId: aClick });
    // And B sees neither A's customer rows nor A's conversions, by list or by id.
    const visibleToB = await brandRows(b.brand.brandId, (tx) => tx.select().from(schema.customers).where(eq(schema.customers.externalId, "shared-id")));
    expect(visibleToB.map((c) => c.brandId)).toEqual([b.brand.brandId]);
    const aSale = aConversions.find((c) => c.type === "sale")!;
    expect((await call(`/v1/conversions/${aSale.id}`, { key: b.brand.apiKey })).status).toBe(404);
  });

  it("cannot bind a customer or credit a conversion to another brand's enrollment, even with a bug upstream", async () => {
    const a = await brandWithCustomer();
    const b = await brandWithCustomer();
    const eventId = newId("trackingEvent");
    await brandRows(b.brand.brandId, (tx) =>
      tx.insert(schema.trackingEvents).values({ id: eventId, brandId: b.brand.brandId, source: "s2s", deliveryId: "msg_forged", keyId: b.key.keyId, type: "refund", payload: {}, receivedAt: new Date() }),
    );
    const aCredit = { affiliateId: a.affiliateId, enrollmentId: a.link.enrollmentId, campaignId: a.brand.campaignId };
    // Written under B's principal with A's enrollment: the composite enrollment key refuses it.
    expect(
      await failure(brandRows(b.brand.brandId, (tx) =>
        tx.insert(schema.conversions).values({
          id: newId("conversion"),
          brandId: b.brand.brandId,
          type: "refund",
          sourceEventId: eventId,
          ...aCredit,
          amount: 1,
          currency: "USD",
          invoiceId: "in_forged",
          occurredAt: new Date(),
          attribution: { via: null },
          trail: "forged",
        }),
      )),
    ).toMatch(/^23503: .*"conversions_enrollment"/);
    expect(
      await failure(brandRows(b.brand.brandId, (tx) =>
        tx.insert(schema.customers).values({
          id: newId("customer"),
          brandId: b.brand.brandId,
          externalId: "forged",
          ...aCredit,
          clickId: "clk_x",
          linkId: a.link.linkId,
          clickedAt: new Date(),
          windowDays: 30,
          attributionModel: "last_click",
          boundAt: new Date(),
        }),
      )),
    ).toMatch(/^23503: .*"customers_enrollment"/);
    // And a row claiming brand A cannot be written under B's principal at all (RLS).
    expect(
      await failure(brandRows(b.brand.brandId, (tx) => tx.insert(schema.customers).values({ id: newId("customer"), brandId: a.brand.brandId, externalId: "sneaky" }))),
    ).toMatch(/^42501: .*row-level security/);
  });
});
