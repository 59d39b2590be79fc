import { describe, expect, it } from "vitest";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { createBrand, type BrandFixture } from "../support/fixtures";
import { Pipeline, brandRows, createS2sKey, expectError, signedInit } from "../support/tracking";

async function setup() {
  const brand = await createBrand();
  return { brand, key: await createS2sKey(brand), pipe: new Pipeline() };
}

/** A sale of `invoiceId` paid by `paymentId`, recorded as the consumer records one (tests of the edge need the row, not the pipeline). */
async function recordedSale(brand: BrandFixture, invoiceId: string, paymentId: string, amount: number) {
  const eventId = newId("trackingEvent");
  await brandRows(brand.brandId, async (tx) => {
    await tx.insert(schema.trackingEvents).values({ id: eventId, brandId: brand.brandId, source: "s2s", deliveryId: eventId, type: "sale", payload: {}, receivedAt: new Date() });
    await tx.insert(schema.conversions).values({
      id: newId("conversion"),
      brandId: brand.brandId,
      type: "sale",
      sourceEventId: eventId,
      amount,
      currency: "USD",
      invoiceId,
      paymentId,
      occurredAt: new Date(),
      attribution: { via: null, reason: "no_click" },
      trail: "not credited: test sale",
    });
  });
}

const dispute = (extra: Record<string, unknown> = {}) => ({ dispute_id: "dp_1", phase: "opened", payment_id: "pi_1", amount: 4900, currency: "USD", ...extra });

describe("POST /v1/track/dispute and /v1/track/cancellation", () => {
  it("accepts each dispute phase naming the invoice, the payment or both, and queues the body as sent", async () => {
    const { brand, key, pipe } = await setup();
    const bodies = [
      dispute(),
      dispute({ phase: "won", payment_id: undefined, invoice_id: "in_1", occurred_at: new Date().toISOString() }),
      dispute({ phase: "lost", invoice_id: "in_1" }),
    ].map((b) => JSON.parse(JSON.stringify(b)) as Record<string, unknown>);
    for (const body of bodies) expect((await pipe.edgeFetch("/v1/track/dispute", signedInit(body, key))).status).toBe(202);
    const queued = pipe.events.sent.flatMap((m) => m.events);
    expect(queued.map((e) => [e.brand, e.type, e.data])).toEqual(bodies.map((b) => [brand.brandId, "dispute", b]));
  });

  it("accepts a cancellation, with or without the customer", async () => {
    const { key, pipe } = await setup();
    const bodies = [{ subscription_id: "sub_1" }, { subscription_id: "sub_2", customer_external_id: "cus_42", occurred_at: new Date().toISOString() }];
    for (const body of bodies) expect((await pipe.edgeFetch("/v1/track/cancellation", signedInit(body, key))).status).toBe(202);
    expect(pipe.events.sent.flatMap((m) => m.events).map((e) => [e.type, e.data])).toEqual(bodies.map((b) => ["cancellation", b]));
  });

  it("accepts the gateway-shaped fields of sales and refunds: payment, subscription, kind, promotion code, refund id", async () => {
    const { key, pipe } = await setup();
    const sale = { customer_external_id: "cus_1", amount: 4900, currency: "USD", invoice_id: "in_9", payment_id: "pi_9", subscription_id: "sub_9", kind: "renewal", promo_code: "CASEY10" };
    const refund = { payment_id: "pi_9", refund_id: "re_1", amount: 100, currency: "USD" };
    expect((await pipe.edgeFetch("/v1/track/sale", signedInit(sale, key))).status).toBe(202);
    expect((await pipe.edgeFetch("/v1/track/refund", signedInit(refund, key))).status).toBe(202);
    expect(pipe.events.sent.flatMap((m) => m.events).map((e) => e.data)).toEqual([sale, refund]);
  });

  it("names the offending field of every invalid dispute, cancellation and widened sale or refund", async () => {
    const { key, pipe } = await setup();
    const sale = { customer_external_id: "c1", amount: 100, currency: "USD", invoice_id: "in_1" };
    const cases: [string, unknown, string][] = [
      ["dispute", dispute({ payment_id: undefined }), "invoice_id"],
      ["dispute", dispute({ dispute_id: undefined }), "dispute_id"],
      ["dispute", dispute({ dispute_id: "" }), "dispute_id"],
      ["dispute", dispute({ phase: "closed" }), "phase"],
      ["dispute", dispute({ phase: undefined }), "phase"],
      ["dispute", dispute({ amount: 0 }), "amount"],
      ["dispute", dispute({ amount: 12.5 }), "amount"],
      ["dispute", dispute({ currency: "usd" }), "currency"],
      ["dispute", dispute({ currency: "XYZ" }), "currency"],
      ["dispute", dispute({ occurred_at: "yesterday" }), "occurred_at"],
      ["dispute", dispute({ occurred_at: new Date(Date.now() + 3600_000).toISOString() }), "occurred_at"],
      ["dispute", dispute({ reason: "fraudulent" }), "reason"],
      ["cancellation", {}, "subscription_id"],
      ["cancellation", { subscription_id: "" }, "subscription_id"],
      ["cancellation", { subscription_id: "sub_1", amount: 100 }, "amount"],
      ["cancellation", { subscription_id: "sub_1", customer_external_id: "x".repeat(256) }, "customer_external_id"],
      ["sale", { ...sale, kind: "trial" }, "kind"],
      ["sale", { ...sale, payment_id: "" }, "payment_id"],
      ["sale", { ...sale, promo_code: 10 }, "promo_code"],
      ["refund", { amount: 100, currency: "USD" }, "invoice_id"],
      ["refund", { payment_id: "pi_1", refund_id: "", amount: 100, currency: "USD" }, "refund_id"],
    ];
    for (const [type, body, param] of cases) {
      const res = await pipe.edgeFetch(`/v1/track/${type}`, signedInit(JSON.parse(JSON.stringify(body)), key));
      const error = await expectError(res, 400, "invalid_request", param);
      expect(error.message, `${type} ${param}`).toContain(`\`${param}\``);
    }
    expect(pipe.events.sent).toEqual([]);
  });

  it("names every event type it takes when the type is unknown", async () => {
    const { key, pipe } = await setup();
    const error = await expectError(await pipe.edgeFetch("/v1/track/chargeback", signedInit(dispute(), key)), 404, "not_found");
    expect(error.message).toContain("send lead, sale, refund, dispute or cancellation");
  });
});

describe("the edge's refund check when a refund names its payment", () => {
  it("checks a refund naming the invoice (with or without the payment); one naming only the payment is left to the consumer, which caps it", async () => {
    const { brand, key, pipe } = await setup();
    await recordedSale(brand, "in_paid", "pi_paid", 4900);
    await expectError(await pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "in_paid", amount: 5000, currency: "USD" }, key)), 400, "invalid_request", "amount");
    await expectError(
      await pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "in_paid", payment_id: "pi_paid", amount: 100, currency: "EUR" }, key)),
      400,
      "invalid_request",
      "currency",
    );
    expect(pipe.events.sent).toEqual([]);
    expect((await pipe.edgeFetch("/v1/track/refund", signedInit({ payment_id: "pi_paid", amount: 5000, currency: "USD" }, key))).status).toBe(202);
    expect(pipe.events.sent.flatMap((m) => m.events)).toHaveLength(1);
  });
});
