import { describe, expect, it } from "vitest";
import { createBrand } from "../support/fixtures";
import { Pipeline, clickAt, createS2sKey, expectError, signedInit, unreachableDatabase } from "../support/tracking";

async function setup() {
  const brand = await createBrand();
  return { key: await createS2sKey(brand), pipe: new Pipeline() };
}

describe("S2S event bodies", () => {
  it("names the offending field of every invalid lead, sale and refund", async () => {
    const { key, pipe } = await setup();
    const click = await clickAt("lnk_0000000000seed000000000001", new Date());
    const sale = { customer_external_id: "c1", amount: 100, currency: "USD", invoice_id: "in_1" };
    const cases: [string, unknown, string][] = [
      ["lead", { customer_external_id: "c1" }, "click_id"],
      ["lead", { click_id: click }, "customer_external_id"],
      ["lead", { click_id: "clk_123", customer_external_id: "c1" }, "click_id"],
      ["lead", { click_id: click, customer_external_id: "c1", email: "not-an-email" }, "email"],
      ["lead", { click_id: click, customer_external_id: "" }, "customer_external_id"],
      ["lead", { click_id: click, customer_external_id: "c1", emial: "typo@example.com" }, "emial"],
      ["sale", { ...sale, amount: 10.5 }, "amount"],
      ["sale", { ...sale, amount: -1 }, "amount"],
      ["sale", { ...sale, amount: "100" }, "amount"],
      ["sale", { ...sale, currency: "usd" }, "currency"],
      ["sale", { ...sale, invoice_id: undefined }, "invoice_id"],
      ["sale", { ...sale, customer_external_id: undefined }, "customer_external_id"],
      ["sale", { ...sale, occurred_at: "last tuesday" }, "occurred_at"],
      ["sale", { ...sale, occurred_at: new Date(Date.now() + 3600_000).toISOString() }, "occurred_at"],
      ["refund", { invoice_id: "in_1", amount: 0, currency: "USD" }, "amount"],
      ["refund", { invoice_id: "in_1", amount: 100 }, "currency"],
    ];
    for (const [type, body, param] of cases) {
      const res = await pipe.edgeFetch(`/v1/track/${type}`, signedInit(body, key));
      const error = await expectError(res, 400, "invalid_request", param);
      expect(error.message, `${type} ${param}`).toContain(`\`${param}\``);
    }
    expect(pipe.events.sent).toEqual([]);
  });

  it("refuses a click id that was altered or forged, even if well-formed", async () => {
    const { key, pipe } = await setup();
    const genuine = await clickAt("lnk_0000000000seed000000000001", new Date());
    const altered = genuine.slice(0, 20) + (genuine[20] === "A" ? "B" : "A") + genuine.slice(21);
    const error = await expectError(await pipe.edgeFetch("/v1/track/lead", signedInit({ click_id: altered, customer_external_id: "c1" }, key)), 400, "invalid_request", "click_id");
    expect(error.message).toContain("not a click id issued by Rekomi");
  });

  it("refuses malformed JSON, non-JSON content, unknown event types and oversized bodies", async () => {
    const { key, pipe } = await setup();
    await expectError(await pipe.edgeFetch("/v1/track/sale", signedInit("{not json", key)), 400, "invalid_request");
    await expectError(await pipe.edgeFetch("/v1/track/sale", signedInit([1, 2], key)), 400, "invalid_request");
    const text = signedInit({ invoice_id: "x" }, key);
    await expectError(await pipe.edgeFetch("/v1/track/refund", { ...text, headers: { ...(text.headers as Record<string, string>), "content-type": "text/plain" } }), 415, "unsupported_media_type");
    await expectError(await pipe.edgeFetch("/v1/track/purchase", signedInit({}, key)), 404, "not_found");
    await expectError(await pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "x".repeat(70_000) }, key)), 413, "payload_too_large");
    expect(pipe.events.sent).toEqual([]);
  });

  it("answers 503 (retry later, same webhook-id) when the key is not cached and Postgres is unreachable", async () => {
    const { key, pipe } = await setup();
    const res = await pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "in_1", amount: 100, currency: "USD" }, key), { DATABASE_URL: unreachableDatabase() });
    const error = await expectError(res, 503, "service_unavailable");
    expect(error.message).toContain("same `webhook-id`");
    expect(pipe.events.sent).toEqual([]);
  });
});
