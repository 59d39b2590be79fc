import { describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import type { PayoutRun } from "../../../src/payouts/schemas";
import { commissionsOf, customer, earningOf, post, refund, sale, seller } from "../support/commissions";
import { call, createBrand, dashboardBrand, teammate } from "../support/fixtures";
import { callRecording, commission, creatorOf, json, lineOf, payableBrand, payoutAccount, payoutIdsOf } from "../support/payouts";
import { expectError } from "../support/tracking";

const open = (key: string) => call("/v1/payout-runs", { method: "POST", key });

describe("payout runs: refusals", () => {
  it("approves nothing without a saved method (param payment_method) or with nothing to transfer", async () => {
    const { brand } = await payableBrand();
    const draft = await json<PayoutRun>(await open(brand.apiKey), 201);
    await expectError((await callRecording(`/v1/payout-runs/${draft.id}/approve`, { key: brand.apiKey })).res, 409, "conflict", "payment_method");

    const empty = await createBrand();
    const creator = await creatorOf(empty);
    await commission(empty.brandId, creator, 3_000); // no payout account: skipped
    const preview = await json<PayoutRun>(await open(empty.apiKey), 201);
    expect(preview).toMatchObject({ status: "draft", transfer_amount: 0, payable_count: 0, skipped_count: 1 });
    const { res, sent } = await callRecording(`/v1/payout-runs/${preview.id}/approve`, { key: empty.apiKey });
    expect((await expectError(res, 409, "conflict", undefined)).message).toContain("nothing to transfer");
    expect(sent).toEqual([]);
  });

  it("keeps runs to their brand: another brand's run and payouts are not found", async () => {
    const { brand } = await payableBrand();
    const other = await createBrand();
    const draft = await json<PayoutRun>(await open(brand.apiKey), 201);
    await expectError(await call(`/v1/payout-runs/${draft.id}`, { key: other.apiKey }), 404, "not_found", "runId");
    await expectError(await call(`/v1/payout-runs/${draft.id}/cancel`, { method: "POST", key: other.apiKey }), 404, "not_found", "runId");
    await expectError(await call(`/v1/payouts/${draft.items![0]!.id}`, { key: other.apiKey }), 404, "not_found", "payoutId");
    expect((await json<{ data: unknown[] }>(await call(`/v1/payouts?run_id=${draft.id}`, { key: other.apiKey }), 200)).data).toEqual([]);
    await expectError(await call(`/v1/payout-runs/${newId("payoutRun")}/approve`, { method: "POST", key: brand.apiKey }), 404, "not_found", "runId");
    await expectError(await call("/v1/payout-runs/run_1", { key: brand.apiKey }), 400, "invalid_request", "runId");
    // Still the brand's own draft, untouched.
    expect((await json<PayoutRun>(await call(`/v1/payout-runs/${draft.id}`, { key: brand.apiKey }), 200)).status).toBe("draft");
  });

  it("lets a member view runs and export them, and only admins open, approve or cancel", async () => {
    const { owner, brandId, campaignId } = await dashboardBrand();
    const creator = await creatorOf({ brandId, campaignId, apiKey: "", apiKeyId: "" });
    await payoutAccount(creator.affiliateId);
    await commission(brandId, creator, 4_000);
    const member = await teammate(owner, brandId, "member");
    const admin = await teammate(owner, brandId, "admin");

    expect((await member.post(`/api/brands/${brandId}/payout-runs`)).status).toBe(403);
    expect((await member.patch(`/api/brands/${brandId}/payout-policy`, { minimum_amount: 1 })).status).toBe(403);
    const draft = await json<PayoutRun>(await admin.post(`/api/brands/${brandId}/payout-runs`), 201);
    expect((await member.get(`/api/brands/${brandId}/payout-runs/${draft.id}`)).status).toBe(200);
    expect((await member.get(`/api/brands/${brandId}/payout-policy`)).status).toBe(200);
    expect((await member.post(`/api/brands/${brandId}/payout-runs/${draft.id}/approve`)).status).toBe(403);
    expect((await member.post(`/api/brands/${brandId}/payout-runs/${draft.id}/cancel`)).status).toBe(403);

    const runs = await member.get(`/api/brands/${brandId}/payout-runs/export.csv`);
    expect(runs.status).toBe(200);
    expect(runs.headers.get("content-type")).toContain("text/csv");
    const runCsv = await runs.text();
    expect(runCsv.split("\r\n")[0]).toMatch(/^id,created_at,status,trigger,currency,transfer_amount,transfer_amount_minor,/);
    expect(runCsv).toContain(`${draft.id},`);
    expect(runCsv).toContain(",draft,manual,USD,40.00,4000,");
    const items = await (await member.get(`/api/brands/${brandId}/payouts/export.csv?run_id=${draft.id}`)).text();
    expect(items).toContain(`${draft.items![0]!.id},${draft.id},`);
    expect(items).toContain(`,pending,,40.00,USD,4000,acct_`);

    expect((await json<PayoutRun>(await admin.post(`/api/brands/${brandId}/payout-runs/${draft.id}/cancel`), 200)).status).toBe("canceled");
  });
});

describe("commissions a payout run holds", () => {
  it("cannot be voided while reserved, and are free again once the run is canceled", async () => {
    const { brand, commissionId } = await payableBrand();
    const draft = await json<PayoutRun>(await open(brand.apiKey), 201);
    const refused = await expectError(await post(brand, `/v1/commissions/${commissionId}/void`), 409, "conflict", undefined);
    expect(refused.message).toContain(`in payout run ${draft.id}`);
    await json(await call(`/v1/payout-runs/${draft.id}/cancel`, { method: "POST", key: brand.apiKey }), 200);
    expect((await post(brand, `/v1/commissions/${commissionId}/void`)).status).toBe(200);
  });

  it("take a refund as a clawback netted by a later run: the run keeps paying what it previewed", async () => {
    const s = await seller(); // 20 %
    await customer(s, "cus_r");
    await sale(s, "cus_r", "in_r", 10_000);
    const earning = (await earningOf(s.brand, "in_r"))!;
    expect((await post(s.brand, `/v1/commissions/${earning.id}/approve`)).status).toBe(200);
    await payoutAccount(s.affiliateId);
    const draft = await json<PayoutRun>(await open(s.brand.apiKey), 201);
    expect(lineOf(draft, s.affiliateId)).toMatchObject({ status: "pending", amount: 2_000 });

    await refund(s, "in_r", 5_000);
    const [clawback, ...others] = await commissionsOf(s.brand, "&kind=clawback");
    expect(others).toEqual([]);
    expect(clawback).toMatchObject({ amount: -1_000, status: "approved", reverses_commission_id: earning.id });
    expect(clawback!.explanation.lines.join(" ")).toContain("in a payout run already");
    expect(await commissionsOf(s.brand, "&kind=reversal")).toEqual([]);
    const [after] = await commissionsOf(s.brand, `&kind=earning`);
    expect(after).toMatchObject({ id: earning.id, status: "approved" });

    const same = await json<PayoutRun>(await call(`/v1/payout-runs/${draft.id}`, { key: s.brand.apiKey }), 200);
    expect(same).toMatchObject({ transfer_amount: 2_000, status: "draft" });
    expect(lineOf(same, s.affiliateId)!.commission_ids).toEqual([earning.id]);
    expect(await payoutIdsOf(s.brand.brandId, [clawback!.id])).toEqual([null]);
  });

  it("keeps one open run per brand, even when two previews race", async () => {
    const { brand } = await payableBrand();
    const other = await createBrand();
    const draft = await json<PayoutRun>(await open(brand.apiKey), 201);
    // Concurrent previews of one brand: each replaces the draft, one stays open.
    const both = await Promise.all([open(brand.apiKey), open(brand.apiKey)]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    const open_ = (await json<{ data: PayoutRun[] }>(await call("/v1/payout-runs?status=draft", { key: brand.apiKey }), 200)).data;
    expect(open_).toHaveLength(1);
    expect(open_[0]!.id).not.toBe(draft.id);
    // Another brand's run is its own business.
    expect((await open(other.apiKey)).status).toBe(201);
  });
});
