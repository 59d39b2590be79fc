import { describe, expect, it } from "vitest";
import { createAffiliate, createBrand, enroll } from "../support/fixtures";
import { Pipeline, clickAt, createS2sKey, signedInit } from "../support/tracking";

describe("POST /v1/track/{type}", () => {
  it("accepts a signed sale, answers 202 once it is queued, and queues it with the key's brand", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate();
    const { linkId } = await enroll(brand, affiliateId);
    const key = await createS2sKey(brand);
    const clickId = await clickAt(linkId, new Date());
    const pipe = new Pipeline();
    const sale = { customer_external_id: "cus_42", click_id: clickId, amount: 4900, currency: "USD", invoice_id: "in_1001", product_id: "pro", occurred_at: new Date().toISOString() };
    const res = await pipe.edgeFetch("/v1/track/sale", signedInit(sale, { ...key, webhookId: "msg_sale_1" }));
    expect(res.status).toBe(202);
    const body = await res.json<{ id: string; status: string }>();
    expect(body).toEqual({ id: expect.stringMatching(/^tev_[0-9a-z]{26}$/), status: "accepted" });
    const queued = pipe.events.sent.flatMap((m) => m.events);
    expect(queued).toEqual([
      { id: body.id, brand: brand.brandId, key: key.keyId, delivery: "msg_sale_1", type: "sale", data: sale, receivedAt: expect.any(Number) },
    ]);
  });

  it("answers a redelivered webhook-id with the same id (the consumer makes it a no-op)", async () => {
    const brand = await createBrand();
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    const refund = { invoice_id: "in_7", amount: 1000, currency: "EUR" };
    const first = await pipe.edgeFetch("/v1/track/refund", signedInit(refund, { ...key, webhookId: "msg_dup" }));
    const again = await pipe.edgeFetch("/v1/track/refund", signedInit(refund, { ...key, webhookId: "msg_dup", timestamp: Math.floor(Date.now() / 1000) + 5 }));
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    const answer = await first.json<{ id: string }>();
    expect(await again.json()).toEqual(answer);

    // Another brand using the same webhook-id is another event.
    const other = await createBrand();
    const theirs = await pipe.edgeFetch("/v1/track/refund", signedInit(refund, { ...(await createS2sKey(other)), webhookId: "msg_dup" }));
    expect((await theirs.json<{ id: string }>()).id).not.toBe(answer.id);
  });

  it("packs events arriving together into few messages, each answered only after its message is queued", async () => {
    const brand = await createBrand();
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: `in_${i}`, amount: 100, currency: "USD" }, key))),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202));
    expect(pipe.events.sent.flatMap((m) => m.events)).toHaveLength(20);
    expect(pipe.events.sent.length).toBeLessThan(20);
  });

  it("answers 503 (retry with the same webhook-id) when the event cannot be queued", async () => {
    const brand = await createBrand();
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    pipe.events.failNext = 3;
    const res = await pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "in_x", amount: 100, currency: "USD" }, key));
    expect(res.status).toBe(503);
    expect((await res.json<{ error: { code: string; message: string } }>()).error.message).toContain("same `webhook-id`");
    expect(pipe.events.sent).toEqual([]);
  });
});
