import { describe, expect, it } from "vitest";
import type { Commission } from "../../../src/commissions/schemas";
import { addMemberDirectly, call, signedInCreator, signedUpUser } from "../support/fixtures";
import { expectError } from "../support/tracking";
import { commissionsOf, customer, earningOf, post, sale, seller } from "../support/commissions";

describe("commissions across tenants", () => {
  it("another brand's commissions, creators and campaigns answer 404, never data", async () => {
    const a = await seller();
    await customer(a, "cus_a");
    await sale(a, "cus_a", "in_a", 1000);
    const theirs = (await earningOf(a.brand, "in_a"))!;
    const b = await seller();

    const asB = (path: string, init: { method?: string; json?: unknown } = {}) => call(path, { ...init, key: b.brand.apiKey });
    await expectError(await asB(`/v1/commissions/${theirs.id}`), 404, "not_found", "commissionId");
    for (const action of ["approve", "void", "release"]) await expectError(await asB(`/v1/commissions/${theirs.id}/${action}`, { method: "POST" }), 404, "not_found", "commissionId");
    expect(await commissionsOf(b.brand)).toEqual([]);
    expect(await commissionsOf(b.brand, `&affiliate_id=${a.affiliateId}`)).toEqual([]);
    await expectError(await asB(`/v1/affiliates/${a.affiliateId}/balance`), 404, "not_found", "affiliateId");
    await expectError(await asB(`/v1/campaigns/${a.brand.campaignId}/commission-overrides/pro`, { method: "PUT", json: { type: "flat", amount: 1 } }), 404, "not_found", "campaignId");
    await expectError(await asB(`/v1/campaigns/${a.brand.campaignId}/commission-overrides`), 404, "not_found", "campaignId");
    // Untouched by all of it.
    expect((await earningOf(a.brand, "in_a"))!).toMatchObject({ status: "pending", updated_at: theirs.updated_at });
  });

  it("needs an API key", async () => {
    expect((await call("/v1/commissions")).status).toBe(401);
    expect((await call("/v1/commissions", { key: "rk_live_notarealkeynotarealkeynotarealkey00" })).status).toBe(401);
  });

  it("a creator sees its own commissions from every brand, and nobody else's, without the fraud checks' reasons", async () => {
    const creator = await signedInCreator();
    const me = { affiliateId: creator.affiliateId, email: creator.email };
    const one = await seller(undefined, me);
    const two = await seller(undefined, me);
    const stranger = await seller();
    await customer(one, "cus_1", { email: creator.email });
    await sale(one, "cus_1", "in_1", 1000);
    await customer(two, "cus_2");
    await sale(two, "cus_2", "in_2", 3000);
    await customer(stranger, "cus_3");
    await sale(stranger, "cus_3", "in_3", 5000);

    const res = await creator.browser.get("/api/creator/commissions");
    expect(res.status).toBe(200);
    const own = (await res.json<{ data: (Commission & { brand_name: string })[] }>()).data;
    expect(own.map((c) => [c.brand_name, c.amount]).sort()).toEqual([
      ["Test brand", 200],
      ["Test brand", 600],
    ]);
    expect(new Set(own.map((c) => c.affiliate_id))).toEqual(new Set([creator.affiliateId]));
    const flagged = own.find((c) => c.amount === 200)!;
    expect(flagged.held_for_review).toBe(true);
    expect(flagged).not.toHaveProperty("review_reasons");
    expect(JSON.stringify(own)).not.toContain("Self-referral");
    const filtered = await (await creator.browser.get(`/api/creator/commissions?brand_id=${two.brand.brandId}`)).json<{ data: Commission[] }>();
    expect(filtered.data.map((c) => c.amount)).toEqual([600]);

    // Another creator sees none of them.
    const other = await signedInCreator();
    expect((await (await other.browser.get("/api/creator/commissions")).json<{ data: unknown[] }>()).data).toEqual([]);
    expect((await (await other.browser.get("/api/creator/earnings")).json<{ balances: unknown[] }>()).balances).toEqual([]);
  });

  it("on the dashboard, members read commissions, only admins decide, and another brand's commission is not found", async () => {
    const a = await seller();
    await customer(a, "cus_d");
    await sale(a, "cus_d", "in_d", 1000);
    const commission = (await earningOf(a.brand, "in_d"))!;
    const member = await signedUpUser();
    await addMemberDirectly(a.brand.brandId, member.userId, "member");
    const base = `/api/brands/${a.brand.brandId}/commissions`;
    expect((await member.browser.get(base)).status).toBe(200);
    expect((await member.browser.get(`${base}/${commission.id}`)).status).toBe(200);
    expect((await member.browser.get(`${base}/export.csv`)).status).toBe(200);
    await expectError(await member.browser.post(`${base}/${commission.id}/approve`), 403, "forbidden", undefined);

    // An owner of another brand, through its own brand's path: RLS finds nothing.
    const b = await seller();
    const owner = await signedUpUser();
    await addMemberDirectly(b.brand.brandId, owner.userId, "owner");
    await expectError(await owner.browser.get(`/api/brands/${b.brand.brandId}/commissions/${commission.id}`), 404, "not_found", "commissionId");
    await expectError(await owner.browser.post(`/api/brands/${b.brand.brandId}/commissions/${commission.id}/void`), 404, "not_found", "commissionId");
    await expectError(await owner.browser.get(`${base}/${commission.id}`), 404, "not_found", "brandId");
    expect((await earningOf(a.brand, "in_d"))!.status).toBe("pending");
  });
});
