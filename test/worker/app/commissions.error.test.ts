import { describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { call, createAffiliate } from "../support/fixtures";
import { expectError } from "../support/tracking";
import { commissionsOf, customer, earningOf, markPaid, post, refund, sale, seller } from "../support/commissions";

describe("commissions API: bad input", () => {
  it("names the parameter of a bad filter, id or cursor, and answers 404 for an unknown id", async () => {
    const s = await seller();
    const get = (path: string) => call(path, { key: s.brand.apiKey });
    await expectError(await get("/v1/commissions?status=owed"), 400, "invalid_request", "status");
    await expectError(await get("/v1/commissions?kind=bonus"), 400, "invalid_request", "kind");
    await expectError(await get("/v1/commissions?affiliate_id=casey"), 400, "invalid_request", "affiliate_id");
    await expectError(await get("/v1/commissions?campaign_id=cmp_x"), 400, "invalid_request", "campaign_id");
    await expectError(await get("/v1/commissions?held_for_review=yes"), 400, "invalid_request", "held_for_review");
    await expectError(await get("/v1/commissions?created_gte=yesterday"), 400, "invalid_request", "created_gte");
    await expectError(await get("/v1/commissions?cursor=%%%"), 400, "invalid_request", "cursor");
    await expectError(await get("/v1/commissions?limit=0"), 400, "invalid_request", "limit");
    await expectError(await get("/v1/commissions/cnv_01jdx3h5c2v7n9q4r8t6w0y2z1"), 400, "invalid_request", "commissionId");
    await expectError(await get(`/v1/commissions/${newId("commission")}`), 404, "not_found", "commissionId");
    await expectError(await post(s.brand, `/v1/commissions/${newId("commission")}/approve`), 404, "not_found", "commissionId");
    await expectError(await get(`/v1/affiliates/${(await createAffiliate()).affiliateId}/balance`), 404, "not_found", "affiliateId");
    await expectError(await get("/v1/affiliates/nobody/balance"), 400, "invalid_request", "affiliateId");
  });

  it("refuses moves the commission's status does not allow, with 409 and what to do instead", async () => {
    const s = await seller({ type: "percentage", rate_bps: 1000, duration: "lifetime", duration_months: null });
    await customer(s, "cus_me", { email: s.affiliateEmail });
    await sale(s, "cus_me", "in_held", 1000);
    await customer(s, "cus_x");
    await sale(s, "cus_x", "in_paid", 1000);
    await sale(s, "cus_x", "in_part", 1000);
    await refund(s, "in_part", 500);

    const held = (await earningOf(s.brand, "in_held"))!;
    const approveHeld = await expectError(await post(s.brand, `/v1/commissions/${held.id}/approve`), 409, "conflict", undefined);
    expect(approveHeld.message).toContain("held for review: release it first");

    const paid = (await earningOf(s.brand, "in_paid"))!;
    await expectError(await post(s.brand, `/v1/commissions/${paid.id}/release`), 409, "conflict", undefined);
    await markPaid(s.brand.brandId, paid.id);
    expect((await expectError(await post(s.brand, `/v1/commissions/${paid.id}/void`), 409, "conflict", undefined)).message).toContain("is paid");
    await expectError(await post(s.brand, `/v1/commissions/${paid.id}/approve`), 409, "conflict", undefined);

    const [reversal] = await commissionsOf(s.brand, "&kind=reversal");
    expect((await expectError(await post(s.brand, `/v1/commissions/${reversal!.id}/void`), 409, "conflict", undefined)).message).toContain("Act on that commission instead");

    // Voided: neither approved nor released later.
    expect((await post(s.brand, `/v1/commissions/${held.id}/void`)).status).toBe(200);
    await expectError(await post(s.brand, `/v1/commissions/${held.id}/release`), 409, "conflict", undefined);
    await expectError(await post(s.brand, `/v1/commissions/${held.id}/approve`), 409, "conflict", undefined);
  });

  it("replays an action retried with the same Idempotency-Key, and refuses the key for another request", async () => {
    const s = await seller();
    await customer(s, "cus_k");
    await sale(s, "cus_k", "in_k1", 1000);
    await sale(s, "cus_k", "in_k2", 1000);
    const [one, two] = [(await earningOf(s.brand, "in_k1"))!, (await earningOf(s.brand, "in_k2"))!];
    const send = (id: string) => call(`/v1/commissions/${id}/approve`, { method: "POST", key: s.brand.apiKey, headers: { "Idempotency-Key": `approve-${s.brand.brandId}` } });
    const first = await send(one.id);
    const again = await send(one.id);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    await expectError(await send(two.id), 409, "idempotency_conflict", "Idempotency-Key");
  });

  it("validates product overrides field by field", async () => {
    const s = await seller();
    const path = `/v1/campaigns/${s.brand.campaignId}/commission-overrides/pro`;
    const put = (json: unknown, p = path) => call(p, { method: "PUT", key: s.brand.apiKey, json });
    await expectError(await put({ type: "percentage" }), 400, "invalid_request", "rate_bps");
    await expectError(await put({ type: "percentage", rate_bps: 10_001 }), 400, "invalid_request", "rate_bps");
    await expectError(await put({ type: "flat", rate_bps: 100 }), 400, "invalid_request", "amount");
    await expectError(await put({ type: "flat", amount: 12.5 }), 400, "invalid_request", "amount");
    await expectError(await put({ type: "flat", amount: 100, tier: 2 }), 400, "invalid_request", "tier");
    await expectError(await put({ type: "percentage", rate_bps: 100 }, `/v1/campaigns/${s.brand.campaignId}/commission-overrides/${"p".repeat(256)}`), 400, "invalid_request", "product_id");
    await expectError(await put({ type: "percentage", rate_bps: 100 }, `/v1/campaigns/${newId("campaign")}/commission-overrides/pro`), 404, "not_found", "campaignId");
    await expectError(await call(path, { method: "DELETE", key: s.brand.apiKey }), 404, "not_found", "product_id");
    const text = await call(path, { method: "PUT", key: s.brand.apiKey, body: "type=flat", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
  });
});
