import { describe, expect, it } from "vitest";
import { createBrand } from "../support/fixtures";
import { Pipeline, createS2sKey, expectError, signedInit } from "../support/tracking";

async function setup() {
  const brand = await createBrand();
  return { brand, key: await createS2sKey(brand), pipe: new Pipeline() };
}

const sale = (extra: Record<string, unknown> = {}) => ({ customer_external_id: "c1", amount: 4900, currency: "USD", invoice_id: `in_${crypto.randomUUID()}`, ...extra });

describe("S2S text Postgres cannot store", () => {
  it("refuses NUL and lone surrogates in any string with a 400 naming the field, and queues nothing", async () => {
    const { key, pipe } = await setup();
    for (const bad of ["a\u0000b", "\ud800", "x\udc00y", "\udbff"]) {
      for (const field of ["product_id", "invoice_id", "customer_external_id"]) {
        const res = await pipe.edgeFetch("/v1/track/sale", signedInit(sale({ [field]: bad }), key));
        const error = await expectError(res, 400, "invalid_request", field);
        expect(error.message).toMatch(/NUL|surrogate/);
      }
    }
    // A well-formed pair (an emoji) is ordinary text.
    expect((await pipe.edgeFetch("/v1/track/sale", signedInit(sale({ product_id: "plan-\ud83d\ude80" }), key))).status).toBe(202);
    expect(pipe.events.sent.flatMap((m) => m.events)).toHaveLength(1);
  });
});

describe("S2S currencies and dates", () => {
  it("refuses a currency that is not ISO 4217", async () => {
    const { key, pipe } = await setup();
    await expectError(await pipe.edgeFetch("/v1/track/sale", signedInit(sale({ currency: "XYZ" }), key)), 400, "invalid_request", "currency");
    await expectError(await pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "in_1", amount: 1, currency: "ABC" }, key)), 400, "invalid_request", "currency");
    expect(pipe.events.sent).toEqual([]);
  });

  it("refuses occurred_at before 2000 (years 0000–0099 too, never shifted by 1900) and in the future", async () => {
    const { key, pipe } = await setup();
    for (const at of ["0000-01-01T00:00:00Z", "0050-06-01T12:00:00Z", "0099-12-31T23:59:59+00:00", "1999-12-31T23:59:59Z", "1800-01-01T00:00:00Z"]) {
      const error = await expectError(await pipe.edgeFetch("/v1/track/sale", signedInit(sale({ occurred_at: at }), key)), 400, "invalid_request", "occurred_at");
      expect(error.message, at).toContain("2000-01-01");
    }
    await expectError(await pipe.edgeFetch("/v1/track/sale", signedInit(sale({ occurred_at: "2026-02-30T00:00:00Z" }), key)), 400, "invalid_request", "occurred_at");
    expect(pipe.events.sent).toEqual([]);
    expect((await pipe.edgeFetch("/v1/track/sale", signedInit(sale({ occurred_at: "2000-01-01T00:00:00Z" }), key))).status).toBe(202);
  });
});

describe("S2S webhook-id reuse", () => {
  it("answers 409 when a webhook-id comes back with a different body, and the first answer for the same body", async () => {
    const { key, pipe } = await setup();
    const webhookId = `msg_${crypto.randomUUID()}`;
    const body = sale();
    const first = await pipe.edgeFetch("/v1/track/sale", signedInit(body, { ...key, webhookId }));
    expect(first.status).toBe(202);
    const { id } = await first.json<{ id: string }>();

    const again = await pipe.edgeFetch("/v1/track/sale", signedInit(body, { ...key, webhookId }));
    expect(again.status).toBe(202);
    expect((await again.json<{ id: string }>()).id).toBe(id);

    const error = await expectError(await pipe.edgeFetch("/v1/track/sale", signedInit({ ...body, amount: 1 }, { ...key, webhookId })), 409, "conflict", "webhook-id");
    expect(error.message).toContain("different body");
    // Another event type under the same webhook-id is a different body too.
    await expectError(await pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: body.invoice_id, amount: 1, currency: "USD" }, { ...key, webhookId })), 409, "conflict", "webhook-id");
  });

  it("re-queues on a retry with the same id and body when the first queue send failed", async () => {
    const { key, pipe } = await setup();
    const webhookId = `msg_${crypto.randomUUID()}`;
    const body = sale();
    pipe.events.failNext = 3;
    expect((await pipe.edgeFetch("/v1/track/sale", signedInit(body, { ...key, webhookId }))).status).toBe(503);
    expect(pipe.events.sent).toEqual([]);
    expect((await pipe.edgeFetch("/v1/track/sale", signedInit(body, { ...key, webhookId }))).status).toBe(202);
    expect(pipe.events.sent.flatMap((m) => m.events)).toHaveLength(1);
  });
});
