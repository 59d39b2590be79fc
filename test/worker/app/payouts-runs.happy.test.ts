import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { chargeFor } from "../../../src/payouts/fees";
import type { Payout, PayoutRun } from "../../../src/payouts/schemas";
import { markPaid } from "../support/commissions";
import { call, createBrand, usingDb, webhookEventsAbout } from "../support/fixtures";
import { acceptedTaxForm, callRecording, commission, creatorOf, json, lineOf, payableBrand, payoutAccount, payoutIdsOf, savedMethod } from "../support/payouts";

const open = (key: string) => call("/v1/payout-runs", { method: "POST", key });

describe("payout run preview", () => {
  it("nets each creator's approved live commissions in the policy currency and says why the others wait", async () => {
    const brand = await createBrand();
    await json(await call("/v1/payout-policy", { method: "PATCH", key: brand.apiKey, json: { minimum_amount: 1_000 } }), 200);
    const [netted, withReversal, noAccount, notEnabled, small, owing] = await Promise.all(["Netted", "Reversed", "No account", "Not enabled", "Small", "Owing"].map((n) => creatorOf(brand, n)));
    for (const c of [netted, withReversal, small, owing]) await payoutAccount(c!.affiliateId);
    await payoutAccount(notEnabled!.affiliateId, { transfersActive: false });

    // Earnings, a clawback of an earning paid earlier, a reinstatement of a dispute won.
    const paid = await commission(brand.brandId, netted!, 1_000);
    await markPaid(brand.brandId, paid);
    const e1 = await commission(brand.brandId, netted!, 3_000);
    const e2 = await commission(brand.brandId, netted!, 2_000);
    const claw = await commission(brand.brandId, netted!, -500, { kind: "clawback", reversesId: paid });
    const back = await commission(brand.brandId, netted!, 200, { kind: "reinstatement", reversesId: claw });
    // Left out: another currency, test mode, not approved yet.
    const eur = await commission(brand.brandId, netted!, 9_999, { currency: "EUR" });
    const test = await commission(brand.brandId, netted!, 7_777, { livemode: false });
    const pending = await commission(brand.brandId, netted!, 1_234, { status: "pending" });
    // An unpaid earning and the reversal netted against it share its status: both in.
    const earning = await commission(brand.brandId, withReversal!, 3_000);
    const reversal = await commission(brand.brandId, withReversal!, -1_000, { kind: "reversal", reversesId: earning });
    const waiting = await commission(brand.brandId, noAccount!, 4_000);
    await commission(brand.brandId, notEnabled!, 4_000);
    await commission(brand.brandId, small!, 500);
    const owingPaid = await commission(brand.brandId, owing!, 2_000);
    await markPaid(brand.brandId, owingPaid);
    const owingEarning = await commission(brand.brandId, owing!, 1_000);
    const owingClaw = await commission(brand.brandId, owing!, -1_500, { kind: "clawback", reversesId: owingPaid });

    const run = await json<PayoutRun>(await open(brand.apiKey), 201);
    const transfers = 4_700 + 2_000;
    const { charge, fee } = chargeFor(transfers, "card");
    expect(run).toMatchObject({
      object: "payout_run",
      status: "draft",
      trigger: "manual",
      currency: "USD",
      transfer_amount: transfers,
      fee_amount: fee,
      charge_amount: charge,
      refunded_amount: 0,
      attempt: 0,
      payment_method_id: null,
      transfer_group: run.id,
      payable_count: 2,
      skipped_count: 4,
      approved_at: null,
    });
    expect(charge - fee).toBeGreaterThanOrEqual(transfers);
    expect(lineOf(run, netted!.affiliateId)).toMatchObject({ status: "pending", skip_reason: null, amount: 4_700, creator_name: "Netted", transfer_group: run.id, commission_ids: [e1, e2, claw, back].sort() });
    expect(lineOf(run, withReversal!.affiliateId)).toMatchObject({ status: "pending", amount: 2_000, commission_ids: [earning, reversal].sort() });
    expect(lineOf(run, noAccount!.affiliateId)).toMatchObject({ status: "skipped", skip_reason: "no_payout_account", amount: 4_000, commission_ids: [waiting] });
    expect(lineOf(run, notEnabled!.affiliateId)).toMatchObject({ status: "skipped", skip_reason: "payouts_not_enabled" });
    expect(lineOf(run, small!.affiliateId)).toMatchObject({ status: "skipped", skip_reason: "below_minimum", amount: 500 });
    expect(lineOf(run, owing!.affiliateId)).toMatchObject({ status: "skipped", skip_reason: "nothing_due", amount: -500 });

    // Pending lines reserve their commissions; skipped ones carry them forward untouched.
    const nettedPayout = lineOf(run, netted!.affiliateId)!.id;
    expect(await payoutIdsOf(brand.brandId, [e1, e2, claw, back])).toEqual([nettedPayout, nettedPayout, nettedPayout, nettedPayout]);
    expect(await payoutIdsOf(brand.brandId, [eur, test, pending, waiting, owingEarning, owingClaw])).toEqual([null, null, null, null, null, null]);
    // A paid commission stays with the payout that paid it.
    expect((await payoutIdsOf(brand.brandId, [paid]))[0]).not.toBe(nettedPayout);
  });

  it("skips a creator without a valid tax form when the brand requires one, and pays one whose form it accepted", async () => {
    const { brand, creator } = await payableBrand();
    const filed = await creatorOf(brand, "Filed");
    await payoutAccount(filed.affiliateId);
    await commission(brand.brandId, filed, 3_000);
    await acceptedTaxForm(brand.brandId, filed.affiliateId);
    await json(await call("/v1/payout-policy", { method: "PATCH", key: brand.apiKey, json: { require_tax_form: true } }), 200);
    const run = await json<PayoutRun>(await open(brand.apiKey), 201);
    expect(lineOf(run, creator.affiliateId)).toMatchObject({ status: "skipped", skip_reason: "tax_form_required" });
    expect(lineOf(run, filed.affiliateId)).toMatchObject({ status: "pending", amount: 3_000 });
    expect(run).toMatchObject({ transfer_amount: 3_000, payable_count: 1, skipped_count: 1 });
  });

  it("estimates the charge for the saved method's type", async () => {
    const { brand } = await payableBrand(10_000);
    await savedMethod(brand.brandId, "us_bank_account");
    const run = await json<PayoutRun>(await open(brand.apiKey), 201);
    expect(run).toMatchObject({ transfer_amount: 10_000, ...(({ charge, fee }) => ({ charge_amount: charge, fee_amount: fee }))(chargeFor(10_000, "us_bank_account")) });
  });

  it("replaces a draft with a new preview: the old one is canceled and its commissions go to the new one", async () => {
    const { brand, creator, commissionId } = await payableBrand();
    const first = await json<PayoutRun>(await open(brand.apiKey), 201);
    const later = await commission(brand.brandId, creator, 1_000);
    const second = await json<PayoutRun>(await open(brand.apiKey), 201);
    expect(second.id).not.toBe(first.id);
    const old = await json<PayoutRun>(await call(`/v1/payout-runs/${first.id}`, { key: brand.apiKey }), 200);
    expect(old.status).toBe("canceled");
    expect(lineOf(old, creator.affiliateId)).toMatchObject({ status: "failed", failure_code: "run_canceled" });
    const line = lineOf(second, creator.affiliateId)!;
    expect(line).toMatchObject({ status: "pending", amount: 6_000 });
    expect(await payoutIdsOf(brand.brandId, [commissionId, later])).toEqual([line.id, line.id]);
  });
});

describe("approving, retrying and canceling a run", () => {
  it("approves a draft: charging, first attempt, the saved method fixed, payout.created announced, advance_run queued", async () => {
    const { brand, creator } = await payableBrand();
    const methodId = await savedMethod(brand.brandId);
    const draft = await json<PayoutRun>(await open(brand.apiKey), 201);
    const { res, sent } = await callRecording(`/v1/payout-runs/${draft.id}/approve`, { key: brand.apiKey });
    const run = await json<PayoutRun>(res, 200);
    expect(run).toMatchObject({ status: "charging", attempt: 1, payment_method_id: methodId, approved_by: brand.apiKeyId, transfer_amount: 5_000 });
    expect(Date.parse(run.approved_at!)).toBeGreaterThan(Date.now() - 60_000);
    expect(sent).toEqual([{ v: 1, kind: "advance_run", brand: brand.brandId, run: draft.id }]);
    const payout = lineOf(run, creator.affiliateId)!;
    expect(await webhookEventsAbout(brand.brandId, payout.id)).toEqual([expect.objectContaining({ type: "payout.created", data: expect.objectContaining({ id: payout.id, amount: 5_000, status: "pending" }) })]);

    // Approved once: a second approval and a new preview are refused while its money moves.
    const again = await callRecording(`/v1/payout-runs/${draft.id}/approve`, { key: brand.apiKey });
    expect(again.res.status).toBe(409);
    expect(again.sent).toEqual([]);
    const blocked = await open(brand.apiKey);
    expect(blocked.status).toBe(409);
    expect((await blocked.json<{ error: { message: string } }>()).error.message).toContain(draft.id);
  });

  it("keeps the approval when the queue send fails: the run stays charging for the sweeper", async () => {
    const { brand } = await payableBrand();
    await savedMethod(brand.brandId);
    const draft = await json<PayoutRun>(await open(brand.apiKey), 201);
    const broken = { send: async () => Promise.reject(new Error("queue unavailable")) };
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const { env } = await import("cloudflare:workers");
    const worker = (await import("../../../src/infra/app/worker")).default;
    const ctx = createExecutionContext();
    const res = await worker.fetch!(new Request(`http://worker.test/v1/payout-runs/${draft.id}/approve`, { method: "POST", headers: { authorization: `Bearer ${brand.apiKey}` } }) as never, { ...env, PAYOUTS_QUEUE: broken } as never, ctx);
    await waitOnExecutionContext(ctx);
    expect((await json<PayoutRun>(res, 200)).status).toBe("charging");
    expect((await json<PayoutRun>(await call(`/v1/payout-runs/${draft.id}`, { key: brand.apiKey }), 200)).status).toBe("charging");
  });

  it("retries only a failed run: charging again, one more attempt, the failure cleared, queued", async () => {
    const { brand } = await payableBrand();
    await savedMethod(brand.brandId);
    const draft = await json<PayoutRun>(await open(brand.apiKey), 201);
    expect((await callRecording(`/v1/payout-runs/${draft.id}/retry`, { key: brand.apiKey })).res.status).toBe(409);
    await callRecording(`/v1/payout-runs/${draft.id}/approve`, { key: brand.apiKey });
    expect((await callRecording(`/v1/payout-runs/${draft.id}/retry`, { key: brand.apiKey })).res.status).toBe(409);
    // What the money mover records when the charge is declined.
    await usingDb((db) =>
      withBrand(db, brand.brandId, (tx) =>
        tx.update(schema.payoutRuns).set({ status: "failed", failureCode: "card_declined", failureMessage: "Your card was declined." }).where(eq(schema.payoutRuns.id, draft.id)),
      ),
    );
    const { res, sent } = await callRecording(`/v1/payout-runs/${draft.id}/retry`, { key: brand.apiKey });
    expect(await json<PayoutRun>(res, 200)).toMatchObject({ status: "charging", attempt: 2, failure_code: null, failure_message: null });
    expect(sent).toEqual([{ v: 1, kind: "advance_run", brand: brand.brandId, run: draft.id }]);
  });

  it("cancels a draft or a failed run and frees its commissions (payout.failed for what an approval announced); a charging run cannot be canceled", async () => {
    const { brand, creator, commissionId } = await payableBrand();
    const draft = await json<PayoutRun>(await open(brand.apiKey), 201);
    const canceled = await json<PayoutRun>(await call(`/v1/payout-runs/${draft.id}/cancel`, { method: "POST", key: brand.apiKey }), 200);
    expect(canceled.status).toBe("canceled");
    expect(lineOf(canceled, creator.affiliateId)).toMatchObject({ status: "failed", failure_code: "run_canceled", amount: 5_000 });
    expect(await payoutIdsOf(brand.brandId, [commissionId])).toEqual([null]);
    // Never approved, never announced: nothing to take back.
    expect(await webhookEventsAbout(brand.brandId, lineOf(canceled, creator.affiliateId)!.id)).toEqual([]);
    expect((await call(`/v1/payout-runs/${draft.id}/approve`, { method: "POST", key: brand.apiKey })).status).toBe(409);

    await savedMethod(brand.brandId);
    const next = await json<PayoutRun>(await open(brand.apiKey), 201);
    await callRecording(`/v1/payout-runs/${next.id}/approve`, { key: brand.apiKey });
    expect((await call(`/v1/payout-runs/${next.id}/cancel`, { method: "POST", key: brand.apiKey })).status).toBe(409);
    await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.update(schema.payoutRuns).set({ status: "failed" }).where(eq(schema.payoutRuns.id, next.id))));
    const failedRun = await json<PayoutRun>(await call(`/v1/payout-runs/${next.id}/cancel`, { method: "POST", key: brand.apiKey }), 200);
    expect(failedRun.status).toBe("canceled");
    expect(await payoutIdsOf(brand.brandId, [commissionId])).toEqual([null]);
    // The approval announced payout.created; the cancel says it failed, as the API's Payout.
    const payout = lineOf(failedRun, creator.affiliateId)!;
    const events = await webhookEventsAbout(brand.brandId, payout.id);
    expect(events.map((e) => e.type).sort()).toEqual(["payout.created", "payout.failed"]);
    expect(events.find((e) => e.type === "payout.failed")!.data).toMatchObject({ id: payout.id, object: "payout", status: "failed", failure_code: "run_canceled", amount: 5_000, commission_ids: [commissionId] });
  });
});

describe("listing runs and payouts", () => {
  it("pages runs newest first without items, and payouts by run, creator and status", async () => {
    const { brand, creator } = await payableBrand();
    const other = await creatorOf(brand, "Unpaid");
    await commission(brand.brandId, other, 2_000);
    const first = await json<PayoutRun>(await open(brand.apiKey), 201);
    const second = await json<PayoutRun>(await open(brand.apiKey), 201);

    const page1 = await json<{ data: PayoutRun[]; has_more: boolean; next_cursor: string }>(await call("/v1/payout-runs?limit=1", { key: brand.apiKey }), 200);
    expect(page1.data.map((r) => r.id)).toEqual([second.id]);
    expect(page1.data[0]).not.toHaveProperty("items");
    expect(page1.data[0]).toMatchObject({ payable_count: 1, skipped_count: 1 });
    const page2 = await json<{ data: PayoutRun[]; has_more: boolean }>(await call(`/v1/payout-runs?limit=1&cursor=${page1.next_cursor}`, { key: brand.apiKey }), 200);
    expect(page2.data.map((r) => r.id)).toEqual([first.id]);
    const drafts = await json<{ data: PayoutRun[] }>(await call("/v1/payout-runs?status=draft", { key: brand.apiKey }), 200);
    expect(drafts.data.map((r) => r.id)).toEqual([second.id]);

    const ofRun = await json<{ data: Payout[] }>(await call(`/v1/payouts?run_id=${second.id}`, { key: brand.apiKey }), 200);
    expect(ofRun.data).toHaveLength(2);
    const skipped = await json<{ data: Payout[] }>(await call(`/v1/payouts?status=skipped&affiliate_id=${other.affiliateId}`, { key: brand.apiKey }), 200);
    expect(skipped.data.map((p) => p.run_id)).toEqual([second.id, first.id]);
    const pending = lineOf(second, creator.affiliateId)!;
    expect(await json<Payout>(await call(`/v1/payouts/${pending.id}`, { key: brand.apiKey }), 200)).toEqual(pending);
    expect((await call("/v1/payouts?run_id=nope", { key: brand.apiKey })).status).toBe(400);
  });
});
