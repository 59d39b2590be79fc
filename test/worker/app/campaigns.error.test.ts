import { describe, expect, it } from "vitest";
import { call, createBrand } from "../support/fixtures";

type ErrorBody = { error: { code: string; message: string; param?: string; request_id: string } };

const valid = {
  name: "Partners",
  destination_url: "https://brand.example",
  commission: { type: "percentage", rate_bps: 2000, currency: "USD", duration: "lifetime" },
};

async function expectError(res: Response, status: number, code: string, param?: string) {
  expect(res.status).toBe(status);
  const body = await res.json<ErrorBody>();
  expect(body.error.code).toBe(code);
  expect(body.error.request_id).toMatch(/^req_/);
  expect(res.headers.get("Request-Id")).toBe(body.error.request_id);
  if (param !== undefined) expect(body.error.param).toBe(param);
  expect(body.error.message.length).toBeGreaterThan(10);
  return body;
}

describe("campaigns API refuses bad input with the envelope", () => {
  const cases: [string, unknown, string][] = [
    ["missing name", { ...valid, name: undefined }, "name"],
    ["blank name", { ...valid, name: "   " }, "name"],
    ["non-http destination", { ...valid, destination_url: "javascript:alert(1)" }, "destination_url"],
    ["float rate", { ...valid, commission: { ...valid.commission, rate_bps: 12.5 } }, "commission.rate_bps"],
    ["rate above 100 %", { ...valid, commission: { ...valid.commission, rate_bps: 10001 } }, "commission.rate_bps"],
    ["percentage without rate", { ...valid, commission: { type: "percentage", currency: "USD", duration: "lifetime" } }, "commission.rate_bps"],
    ["flat without amount", { ...valid, commission: { type: "flat", currency: "USD", duration: "one_time" } }, "commission.amount"],
    ["float amount", { ...valid, commission: { type: "flat", amount: 19.99, currency: "USD", duration: "one_time" } }, "commission.amount"],
    ["recurring without months", { ...valid, commission: { ...valid.commission, duration: "recurring" } }, "commission.duration_months"],
    ["lowercase currency", { ...valid, commission: { ...valid.commission, currency: "usd" } }, "commission.currency"],
    ["cookie window of a decade", { ...valid, cookie_window_days: 3650 }, "cookie_window_days"],
    ["unknown attribution model", { ...valid, attribution_model: "linear" }, "attribution_model"],
    ["lowercase market", { ...valid, target_markets: ["us"] }, "target_markets.0"],
  ];
  for (const [name, body, param] of cases) {
    it(`names the field: ${name}`, async () => {
      const brand = await createBrand();
      await expectError(await call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: body }), 400, "invalid_request", param);
    });
  }

  it("refuses malformed JSON, non-JSON bodies and oversized bodies", async () => {
    const brand = await createBrand();
    await expectError(
      await call("/v1/campaigns", { method: "POST", key: brand.apiKey, body: "{not json", headers: { "content-type": "application/json" } }),
      400,
      "invalid_request",
    );
    await expectError(await call("/v1/campaigns", { method: "POST", key: brand.apiKey, body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "unsupported_media_type");
    await expectError(await call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: { ...valid, terms: "x".repeat(300 * 1024) } }), 413, "payload_too_large");
  });

  it("refuses unknown fields and inconsistent commission updates on PATCH", async () => {
    const brand = await createBrand();
    await expectError(await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { brand_id: "brd_x" } }), 400, "invalid_request");
    // The fixture campaign is a 20 % percentage model: switching to flat without an amount is refused.
    await expectError(
      await call(`/v1/campaigns/${brand.campaignId}`, { method: "PATCH", key: brand.apiKey, json: { commission: { type: "flat" } } }),
      400,
      "invalid_request",
      "commission.amount",
    );
  });

  it("refuses malformed ids, cursors and limits", async () => {
    const brand = await createBrand();
    await expectError(await call("/v1/campaigns/not-an-id", { key: brand.apiKey }), 400, "invalid_request", "campaignId");
    await expectError(await call("/v1/campaigns?cursor=%%%", { key: brand.apiKey }), 400, "invalid_request", "cursor");
    await expectError(await call("/v1/campaigns?limit=1000", { key: brand.apiKey }), 400, "invalid_request", "limit");
    await expectError(await call("/v1/campaigns?limit=abc", { key: brand.apiKey }), 400, "invalid_request", "limit");
  });

  it("answers unknown routes and ids with 404 in the envelope", async () => {
    const brand = await createBrand();
    await expectError(await call("/v1/nothing-here", { key: brand.apiKey }), 404, "not_found");
    await expectError(await call("/v1/campaigns/cmp_0000000000000000000000zzzz", { key: brand.apiKey }), 404, "not_found", "campaignId");
  });

  it("refuses an Idempotency-Key that is not printable ASCII", async () => {
    const brand = await createBrand();
    await expectError(
      await call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: valid, headers: { "Idempotency-Key": "x".repeat(300) } }),
      400,
      "invalid_request",
      "Idempotency-Key",
    );
  });
});
