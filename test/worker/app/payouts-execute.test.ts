import { describe, expect, it } from "vitest";
import { feeOn } from "../../../src/payouts/fees";
import { mailTo, webhookEventsAbout } from "../support/fixtures";
import {
  advance,
  approvedRun,
  commissionRowsOf,
  creatorOwed,
  executedWith,
  failNextCharge,
  failNextTransfer,
  moneyAtStripe,
  payingBrand,
  payoutRows,
  platform,
  runRow,
  standInRequests,
} from "../support/payouts-stripe";
import { usingDb } from "../support/fixtures";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { eq } from "drizzle-orm";

/**
 * advanceRun through real parts: Postgres under RLS, the official stripe SDK, the Stripe
 * stand-in (charges, transfers from the charge, refunds, idempotency keys).
 */

// Each test signs up an owner and makes several Stripe objects: slower than the default on a busy machine.
describe("advanceRun: charge, transfers, settlement", { timeout: 60_000 }, () => {
  it("charges the brand once, transfers each payout from that charge, pays the commissions and refunds nothing for a card", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 3);
    const bob = await creatorOwed(b.brand, 2);
    const run = await approvedRun(b, [ann, bob]);

    await advance(b, run.runId);

    const row = await runRow(b, run.runId);
    expect(row).toMatchObject({ status: "completed", chargeAmount: run.charge, feeAmount: feeOn(run.charge, "card"), refundedAmount: 0, failureCode: null });
    expect(row.paymentIntentId).toMatch(/^pi_/);
    expect(row.chargeId).toMatch(/^ch_/);
    expect(row.completedAt).not.toBeNull();

    const payouts = await payoutRows(b, run.runId);
    expect(payouts.map((p) => p.status)).toEqual(["paid", "paid"]);
    for (const p of payouts) {
      expect(p).toMatchObject({ sourceTransaction: row.chargeId, transferGroup: run.runId });
      expect(p.transferId).toMatch(/^tr_/);
      expect(p.paidAt).not.toBeNull();
    }
    const commissions = await commissionRowsOf(b, [...ann.commissionIds, ...bob.commissionIds]);
    expect(commissions.every((c) => c.status === "paid" && c.paidAt !== null)).toBe(true);
    expect(commissions.filter((c) => c.payoutId === run.payoutIds[ann.affiliateId])).toHaveLength(3);

    // What Stripe was asked, with which keys.
    const keys = [`run_${run.runId}_1`, `run_${run.runId}_1_confirm`, ...Object.values(run.payoutIds), `run_${run.runId}_settle`];
    const executed = await executedWith(keys);
    // Created unconfirmed (its id recorded), then confirmed off session with the saved method.
    const charge = executed.filter((r) => r.path === "/v1/payment_intents");
    expect(charge).toHaveLength(1);
    expect(charge[0]!.params).toMatchObject({ amount: String(run.charge), currency: "usd", customer: b.customer, payment_method: b.paymentMethod, transfer_group: run.runId });
    expect(charge[0]!.params).not.toHaveProperty("confirm");
    const confirm = executed.filter((r) => r.path === `/v1/payment_intents/${row.paymentIntentId}/confirm`);
    expect(confirm).toHaveLength(1);
    expect(confirm[0]!).toMatchObject({ idempotencyKey: `run_${run.runId}_1_confirm`, params: { payment_method: b.paymentMethod, off_session: "true" } });
    const transfers = executed.filter((r) => r.path === "/v1/transfers");
    expect(transfers.map((r) => r.idempotencyKey).sort()).toEqual(Object.values(run.payoutIds).sort());
    for (const t of transfers) expect(t.params).toMatchObject({ source_transaction: row.chargeId, transfer_group: run.runId, currency: "usd", metadata: { rekomi_run: run.runId, rekomi_brand: b.brand.brandId } });
    expect(transfers.find((t) => t.idempotencyKey === run.payoutIds[ann.affiliateId])!.params).toMatchObject({ amount: "3000", destination: ann.account, metadata: { rekomi_payout: run.payoutIds[ann.affiliateId] } });
    // The card's fee was estimated exactly: nothing to give back.
    expect(executed.filter((r) => r.path === "/v1/refunds")).toEqual([]);

    const money = await moneyAtStripe(row.chargeId!, payouts.map((p) => p.transferId!));
    expect(money.charged).toBe(money.fee + money.standing + money.refunded);
    expect(money.transferred).toBe(5_000);
    expect(money.transferred).toBeLessThanOrEqual(money.charged);

    const events = await webhookEventsAbout(b.brand.brandId, run.payoutIds[ann.affiliateId]!);
    expect(events).toMatchObject([{ type: "payout.paid", data: { id: run.payoutIds[ann.affiliateId], status: "paid", amount: 3000, transfer_id: expect.stringMatching(/^tr_/), commission_ids: [...ann.commissionIds].sort() } }]);
  });

  it("does everything once however often it runs: a second advanceRun and two concurrent ones make no new charge or transfer", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 1);
    const bob = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann, bob]);

    await Promise.all([advance(b, run.runId), advance(b, run.runId)]);
    await advance(b, run.runId);

    const keys = [`run_${run.runId}_1`, `run_${run.runId}_1_confirm`, ...Object.values(run.payoutIds)];
    const executed = await executedWith(keys);
    expect(executed.filter((r) => r.path === "/v1/payment_intents")).toHaveLength(1);
    expect(executed.filter((r) => r.path.endsWith("/confirm"))).toHaveLength(1);
    expect(executed.filter((r) => r.path === "/v1/transfers")).toHaveLength(2);
    const row = await runRow(b, run.runId);
    expect(row.status).toBe("completed");
    const payouts = await payoutRows(b, run.runId);
    const money = await moneyAtStripe(row.chargeId!, payouts.map((p) => p.transferId!));
    expect(money).toMatchObject({ charged: run.charge, transferred: 2_000, refunded: 0 });
  });

  it("a declined charge fails the run, moves nothing, tells the owner; the retry (attempt 2) charges with a new key and pays", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 2);
    const run = await approvedRun(b, [ann]);
    await failNextCharge(b.customer);

    await advance(b, run.runId);

    const failed = await runRow(b, run.runId);
    expect(failed).toMatchObject({ status: "failed", failureCode: "insufficient_funds", chargeId: null, completedAt: null });
    expect(failed.failureMessage).toMatch(/insufficient funds/i);
    expect((await payoutRows(b, run.runId)).map((p) => p.status)).toEqual(["pending"]);
    expect((await commissionRowsOf(b, ann.commissionIds)).every((c) => c.status === "approved" && c.payoutId === run.payoutIds[ann.affiliateId])).toBe(true);
    expect((await executedWith(Object.values(run.payoutIds))).length).toBe(0);
    expect(await webhookEventsAbout(b.brand.brandId, run.payoutIds[ann.affiliateId]!)).toEqual([]);
    const mail = await mailTo(b.ownerEmail);
    expect(mail.map((m) => m.subject)).toContainEqual(expect.stringContaining("charge of your payout run failed"));
    const audit = await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.select().from(schema.auditEvents).where(eq(schema.auditEvents.targetId, run.runId))));
    expect(audit).toMatchObject([{ action: "payout_run.failed", actorType: "system", metadata: { failure_code: "insufficient_funds", attempt: 1 } }]);

    // Advancing a failed run does nothing (no new charge).
    await advance(b, run.runId);
    expect(await executedWith([`run_${run.runId}_1`])).toHaveLength(1);
    expect(await executedWith([`run_${run.runId}_1_confirm`])).toHaveLength(1);

    // Retry, as the runs API does it: charging again, attempt 2.
    await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.update(schema.payoutRuns).set({ status: "charging", attempt: 2, failureCode: null, failureMessage: null }).where(eq(schema.payoutRuns.id, run.runId))));
    await advance(b, run.runId);
    const paid = await runRow(b, run.runId);
    expect(paid).toMatchObject({ status: "completed", attempt: 2 });
    expect(paid.paymentIntentId).not.toBe(failed.paymentIntentId);
    expect(await executedWith([`run_${run.runId}_2`])).toHaveLength(1);
    expect(await executedWith([`run_${run.runId}_2_confirm`])).toHaveLength(1);
    expect((await payoutRows(b, run.runId)).map((p) => p.status)).toEqual(["paid"]);
  });

  it("a refused transfer fails that payout only: its commissions are free again and exactly its amount is refunded to the brand", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 2);
    const bob = await creatorOwed(b.brand, 3);
    const run = await approvedRun(b, [ann, bob]);
    await failNextTransfer(bob.account);

    await advance(b, run.runId);

    const row = await runRow(b, run.runId);
    expect(row).toMatchObject({ status: "completed", refundedAmount: 3_000 });
    const payouts = await payoutRows(b, run.runId);
    const bobs = payouts.find((p) => p.affiliateId === bob.affiliateId)!;
    expect(bobs).toMatchObject({ status: "failed", failureCode: "account_closed", transferId: null, paidAt: null });
    expect(payouts.find((p) => p.affiliateId === ann.affiliateId)!.status).toBe("paid");
    expect((await commissionRowsOf(b, bob.commissionIds)).every((c) => c.status === "approved" && c.payoutId === null && c.paidAt === null)).toBe(true);
    expect((await commissionRowsOf(b, ann.commissionIds)).every((c) => c.status === "paid")).toBe(true);
    expect(await webhookEventsAbout(b.brand.brandId, bobs.id)).toMatchObject([{ type: "payout.failed", data: { status: "failed", failure_code: "account_closed" } }]);

    const settle = await executedWith([`run_${run.runId}_settle`]);
    expect(settle).toMatchObject([{ path: "/v1/refunds", params: { charge: row.chargeId, amount: "3000" } }]);
    const money = await moneyAtStripe(row.chargeId!, [payouts.find((p) => p.affiliateId === ann.affiliateId)!.transferId!]);
    expect(money).toMatchObject({ charged: run.charge, refunded: 3_000, standing: 2_000 });
    expect(money.charged).toBe(money.fee + money.standing + money.refunded);

    // Advancing again repeats nothing (the refused transfer is not retried, the refund not repeated).
    await advance(b, run.runId);
    const again = (await standInRequests()).filter((r) => r.idempotencyKey === bobs.id || r.idempotencyKey === `run_${run.runId}_settle`);
    expect(again).toHaveLength(2);
  });

  it("refunds what the fee estimate over-collected: a bank debit's actual fee is Stripe's, and the brand gets the rest back", async () => {
    const b = await payingBrand("us_bank_account");
    const ann = await creatorOwed(b.brand, 5);
    // Estimated at the card price, charged by ACH Direct Debit (0.8 %): Stripe's fee is lower.
    const run = await approvedRun(b, [ann], "card");
    await advance(b, run.runId);

    const row = await runRow(b, run.runId);
    const actualFee = feeOn(run.charge, "us_bank_account");
    expect(actualFee).toBeLessThan(feeOn(run.charge, "card"));
    expect(row).toMatchObject({ status: "completed", feeAmount: actualFee, refundedAmount: run.charge - actualFee - 5_000 });
    expect(await executedWith([`run_${run.runId}_settle`])).toMatchObject([{ path: "/v1/refunds", params: { charge: row.chargeId, amount: String(run.charge - actualFee - 5_000) } }]);
    const [payout] = await payoutRows(b, run.runId);
    const money = await moneyAtStripe(row.chargeId!, [payout!.transferId!]);
    expect(money).toMatchObject({ fee: actualFee, standing: 5_000, refunded: row.refundedAmount });
    expect(money.charged).toBe(money.fee + money.standing + money.refunded);
  });

  it("a run that already names this attempt's PaymentIntent asks Stripe for it instead of charging again", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann]);
    // Recorded earlier (a bank debit that was processing), now succeeded at Stripe.
    const intent = await (await platform()).paymentIntents.create(
      { amount: run.charge, currency: "usd", customer: b.customer, payment_method: b.paymentMethod, off_session: true, confirm: true, transfer_group: run.runId, metadata: { rekomi_run: run.runId, rekomi_brand: b.brand.brandId, rekomi_attempt: "1" } },
      { idempotencyKey: `earlier_${run.runId}` },
    );
    await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.update(schema.payoutRuns).set({ paymentIntentId: intent.id }).where(eq(schema.payoutRuns.id, run.runId))));

    await advance(b, run.runId);

    expect(await runRow(b, run.runId)).toMatchObject({ status: "completed", paymentIntentId: intent.id, chargeId: intent.latest_charge });
    expect((await standInRequests()).filter((r) => r.idempotencyKey === `run_${run.runId}_1` || r.idempotencyKey === `run_${run.runId}_1_confirm`)).toEqual([]);
    expect((await standInRequests()).filter((r) => r.method === "GET" && r.path === `/v1/payment_intents/${intent.id}`)).toHaveLength(1);
  });
});
