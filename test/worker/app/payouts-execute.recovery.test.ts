import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { applyTransferReversal } from "../../../src/payouts/execute/reverse";
import { feeOn } from "../../../src/payouts/fees";
import { usingDb } from "../support/fixtures";
import {
  advance,
  approvedRun,
  config,
  creatorOwed,
  executedWith,
  failNextRefund,
  failNextReversal,
  moneyAtStripe,
  payingBrand,
  payoutRows,
  platform,
  runRow,
  settleNextChargeIn,
  standInRequests,
} from "../support/payouts-stripe";

/**
 * advanceRun and transfer reversals where Stripe's units differ from ISO's, where Stripe
 * refuses a refund or a reversal for good, and where an answer was lost beyond Stripe's
 * 24-hour idempotency window: real Postgres, the stripe SDK, the Stripe stand-in.
 */
describe("the money mover: Stripe's units, refusals, lost answers", { timeout: 60_000 }, () => {
  it("sends ISK in Stripe's units (ISO's krónur × 100) and records Stripe's fee back in krónur", async () => {
    const b = await payingBrand();
    // 9 × 1,000 kr: the card charge is 9,300 kr, whose fee at the stand-in (2.9 % + 30 of Stripe's hundredths) is a whole 270 kr.
    const ann = await creatorOwed(b.brand, 9);
    const run = await approvedRun(b, [ann], "card", "ISK");
    expect(run.charge).toBe(9_300);

    await advance(b, run.runId);

    const row = await runRow(b, run.runId);
    expect(row).toMatchObject({ status: "completed", currency: "ISK", feeAmount: 270, refundedAmount: 30, failureCode: null });
    const [payout] = await payoutRows(b, run.runId);
    const executed = await executedWith([`run_${run.runId}_1`, payout!.id, `run_${run.runId}_settle`]);
    expect(executed.find((r) => r.path === "/v1/payment_intents")!.params).toMatchObject({ amount: "930000", currency: "isk" });
    expect(executed.find((r) => r.path === "/v1/transfers")!.params).toMatchObject({ amount: "900000", currency: "isk" });
    expect(executed.find((r) => r.path === "/v1/refunds")!.params).toMatchObject({ amount: "3000" });
    const money = await moneyAtStripe(row.chargeId!, [payout!.transferId!]);
    expect(money).toMatchObject({ charged: 930_000, fee: 27_000, standing: 900_000, refunded: 3_000 });
    expect(money.charged).toBe(money.fee + money.standing + money.refunded);
  });

  it("keeps the fee estimate when Stripe's fee is in another currency than the run's (the platform settles in USD, the run is in EUR)", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 2);
    const run = await approvedRun(b, [ann], "card", "EUR");
    await settleNextChargeIn(b.customer, "usd", 1.1);

    await advance(b, run.runId);

    const row = await runRow(b, run.runId);
    const estimate = feeOn(run.charge, "card");
    expect(row).toMatchObject({ status: "completed", currency: "EUR", feeAmount: estimate, refundedAmount: 0 });
    const money = await moneyAtStripe(row.chargeId!, []);
    expect(money.fee).toBe(Math.round(estimate * 1.1));
    expect(money.fee).not.toBe(estimate);
  });

  it("a settlement refund Stripe refuses is recorded on the run (settlement_refund_refused), which stays transferring and is not retried", async () => {
    const b = await payingBrand("us_bank_account");
    const ann = await creatorOwed(b.brand, 5);
    // Estimated at the card price, charged by bank debit: the over-collected fee is to be refunded.
    const run = await approvedRun(b, [ann], "card");
    await failNextRefund(b.customer);

    await advance(b, run.runId);

    const row = await runRow(b, run.runId);
    expect(row).toMatchObject({ status: "transferring", failureCode: "settlement_refund_refused", refundedAmount: 0, completedAt: null, feeAmount: feeOn(run.charge, "us_bank_account") });
    expect(row.failureMessage).toMatch(/charge_disputed/);
    expect((await payoutRows(b, run.runId)).map((p) => p.status)).toEqual(["paid"]);

    // The next advance (the sweeper's) leaves it for staff: the refund is not asked again.
    await advance(b, run.runId);
    expect((await standInRequests()).filter((r) => r.idempotencyKey === `run_${run.runId}_settle`)).toHaveLength(1);
    expect((await runRow(b, run.runId)).status).toBe("transferring");
  });

  it("a reversal whose refund to the brand Stripe refuses: the payout is reversed and both it and its run carry reversal_refund_refused", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 2);
    const run = await approvedRun(b, [ann]);
    await advance(b, run.runId);
    const [paid] = await payoutRows(b, run.runId);
    await (await platform()).transfers.createReversal(paid!.transferId!, { amount: 500 });
    await failNextRefund(b.customer);

    await usingDb((db) => applyTransferReversal(config(), db, { id: paid!.transferId!, transferGroup: run.runId, payoutId: paid!.id }));

    const [reversed] = await payoutRows(b, run.runId);
    expect(reversed).toMatchObject({ status: "reversed", failureCode: "reversal_refund_refused" });
    const row = await runRow(b, run.runId);
    expect(row).toMatchObject({ status: "completed", failureCode: "reversal_refund_refused", refundedAmount: 0 });
    const money = await moneyAtStripe(row.chargeId!, [paid!.transferId!]);
    expect(money).toMatchObject({ standing: 0, refunded: 0 });
  });

  it("a refused reversal of the rest keeps the payout paid with reversal_rest_refused; a later reversal (another amount, another key) finishes it", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 3);
    const run = await approvedRun(b, [ann]);
    await advance(b, run.runId);
    const [paid] = await payoutRows(b, run.runId);
    const stripe = await platform();
    const seen = { id: paid!.transferId!, transferGroup: run.runId, payoutId: paid!.id };
    await stripe.transfers.createReversal(paid!.transferId!, { amount: 1_000 });
    await failNextReversal(paid!.transferId!);

    await usingDb((db) => applyTransferReversal(config(), db, seen));

    const [stuck] = await payoutRows(b, run.runId);
    expect(stuck).toMatchObject({ status: "paid", failureCode: "reversal_rest_refused" });
    expect(await runRow(b, run.runId)).toMatchObject({ failureCode: "reversal_rest_refused", refundedAmount: 0 });
    expect(await executedWith([`payout_${paid!.id}_reversal`])).toEqual([]);

    // Staff reverse another 500 at Stripe; its event comes: the rest (1,500) is a new amount, so a new key.
    await stripe.transfers.createReversal(paid!.transferId!, { amount: 500 });
    await usingDb((db) => applyTransferReversal(config(), db, seen));

    const [reversed] = await payoutRows(b, run.runId);
    expect(reversed).toMatchObject({ status: "reversed", failureCode: "transfer_reversed" });
    expect(await executedWith([`payout_${paid!.id}_reverse_rest_1500`])).toMatchObject([{ params: { amount: "1500" } }]);
    const row = await runRow(b, run.runId);
    expect(row.refundedAmount).toBe(3_000);
    const money = await moneyAtStripe(row.chargeId!, [paid!.transferId!]);
    expect(money).toMatchObject({ standing: 0, refunded: 3_000 });
  });

  it("confirms this attempt's PaymentIntent when the run names one still waiting for confirmation (its confirm answer was lost), creating none", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann]);
    const created = await (await platform()).paymentIntents.create(
      { amount: run.charge, currency: "usd", customer: b.customer, payment_method: b.paymentMethod, transfer_group: run.runId, metadata: { rekomi_run: run.runId, rekomi_brand: b.brand.brandId, rekomi_attempt: "1" } },
      { idempotencyKey: `earlier_${run.runId}` },
    );
    expect(created.status).toBe("requires_confirmation");
    await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.update(schema.payoutRuns).set({ paymentIntentId: created.id }).where(eq(schema.payoutRuns.id, run.runId))));

    await advance(b, run.runId);

    expect(await runRow(b, run.runId)).toMatchObject({ status: "completed", paymentIntentId: created.id });
    expect(await executedWith([`run_${run.runId}_1`])).toEqual([]);
    expect(await executedWith([`run_${run.runId}_1_confirm`])).toMatchObject([{ path: `/v1/payment_intents/${created.id}/confirm`, params: { off_session: "true", payment_method: b.paymentMethod } }]);
  });

  it("a transfer made earlier whose answer was lost past the idempotency window is found in the run's transfer group and recorded, not made again", async () => {
    const b = await payingBrand();
    const ann = await creatorOwed(b.brand, 2);
    const bob = await creatorOwed(b.brand, 1);
    const run = await approvedRun(b, [ann, bob]);
    const stripe = await platform();
    // The charge succeeded and is recorded; Ann's transfer was made under a key Stripe has forgotten.
    const intent = await stripe.paymentIntents.create(
      { amount: run.charge, currency: "usd", customer: b.customer, payment_method: b.paymentMethod, off_session: true, confirm: true, transfer_group: run.runId, metadata: { rekomi_run: run.runId, rekomi_brand: b.brand.brandId, rekomi_attempt: "1" } },
      { idempotencyKey: `earlier_${run.runId}` },
    );
    const annsId = run.payoutIds[ann.affiliateId]!;
    const lost = await stripe.transfers.create(
      { amount: 2_000, currency: "usd", destination: ann.account, source_transaction: intent.latest_charge as string, transfer_group: run.runId, metadata: { rekomi_payout: annsId, rekomi_run: run.runId, rekomi_brand: b.brand.brandId } },
      { idempotencyKey: `forgotten_${annsId}` },
    );
    await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.update(schema.payoutRuns).set({ status: "transferring", paymentIntentId: intent.id, chargeId: intent.latest_charge as string, feeAmount: feeOn(run.charge, "card") }).where(eq(schema.payoutRuns.id, run.runId))));

    await advance(b, run.runId);

    const payouts = await payoutRows(b, run.runId);
    expect(payouts.find((p) => p.id === annsId)).toMatchObject({ status: "paid", transferId: lost.id });
    expect(payouts.find((p) => p.affiliateId === bob.affiliateId)!.status).toBe("paid");
    expect(await executedWith([annsId])).toEqual([]);
    expect(await executedWith([run.payoutIds[bob.affiliateId]!])).toHaveLength(1);
    const row = await runRow(b, run.runId);
    expect(row.status).toBe("completed");
    const money = await moneyAtStripe(row.chargeId!, payouts.map((p) => p.transferId!));
    expect(money).toMatchObject({ transferred: 3_000, refunded: 0 });
    expect(money.charged).toBe(money.fee + money.standing + money.refunded);
  });
});
