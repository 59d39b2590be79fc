import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { minorToDecimal } from "../../../src/money";
import { control } from "../support/creator-payouts";
import { advance, approvedRun, creatorOwed, failNextTransfer, payingBrand, payoutRows, platform, queuedEvent, runRow, standInEvents, type PayingBrand } from "../support/payouts-stripe";
import { usingDb } from "../support/fixtures";
import { consume } from "../support/tracking";

/**
 * What happens to a run's charge at Stripe besides Rekomi's own steps: a refund made in
 * Stripe's dashboard, the brand's chargeback, a refund to the brand that failed. Each flags
 * the run for staff (failure_code, failure_message) without changing its status; a failed
 * refund also comes off refunded_amount, once.
 */

const deliver = async (messages: unknown[]) => {
  const result = await consume("rekomi-payouts", messages);
  expect(result.retryMessages).toEqual([]);
  expect(result.explicitAcks).toHaveLength(messages.length);
};
const usd = (minor: number) => `${minorToDecimal(minor, "USD")} USD`;

async function eventsAbout(type: string, match: (object: Record<string, unknown>) => boolean) {
  return (await standInEvents()).filter((e) => e.type === type && match(e.data.object as unknown as Record<string, unknown>));
}

async function emitted(type: string, object: object) {
  const event = (await control("emit", { type, object })) as Stripe.Event;
  return queuedEvent(event);
}

/** A completed run of Ann (30.00) and Bob (10.00), Bob's transfer refused: his 10.00 (and any fee excess) refunded to the brand by Rekomi's settlement. */
async function settledRun(): Promise<{ b: PayingBrand; runId: string; chargeId: string; settled: number; annTransfer: string }> {
  const b = await payingBrand();
  const ann = await creatorOwed(b.brand, 3);
  const bob = await creatorOwed(b.brand, 1);
  const run = await approvedRun(b, [ann, bob]);
  await failNextTransfer(bob.account);
  await advance(b, run.runId);
  const row = await runRow(b, run.runId);
  expect(row).toMatchObject({ status: "completed", failureCode: null });
  expect(row.refundedAmount).toBeGreaterThanOrEqual(1_000);
  const annTransfer = (await payoutRows(b, run.runId)).find((p) => p.affiliateId === ann.affiliateId)!.transferId!;
  return { b, runId: run.runId, chargeId: row.chargeId!, settled: row.refundedAmount, annTransfer };
}

describe("payouts queue: a run's charge at Stripe outside Rekomi's steps", { timeout: 90_000 }, () => {
  it("charge.refunded of Rekomi's own refund changes nothing; a refund made outside Rekomi flags the run with both amounts", async () => {
    const { b, runId, chargeId, settled } = await settledRun();
    const ours = await eventsAbout("charge.refunded", (o) => o.id === chargeId);
    expect(ours).toHaveLength(1);
    await deliver(ours.map(queuedEvent));
    expect(await runRow(b, runId)).toMatchObject({ status: "completed", failureCode: null, refundedAmount: settled });

    // Someone refunds 5.00 of the charge in Stripe's dashboard.
    await (await platform()).refunds.create({ charge: chargeId, amount: 500 });
    const outside = (await eventsAbout("charge.refunded", (o) => o.id === chargeId)).at(-1)!;
    await deliver([queuedEvent(outside), queuedEvent(outside)]);
    const row = await runRow(b, runId);
    expect(row).toMatchObject({ status: "completed", failureCode: "refunded_outside_rekomi", refundedAmount: settled });
    expect(row.failureMessage).toContain(`Stripe shows ${usd(settled + 500)} refunded on charge ${chargeId}`);
    expect(row.failureMessage).toContain(`Rekomi recorded ${usd(settled)}`);
  });

  it("charge.dispute.created and .closed on a run's charge flag it with the dispute's status and amount; other charges' disputes are acknowledged", async () => {
    const { b, runId, chargeId } = await settledRun();
    const charge = await (await platform()).charges.retrieve(chargeId);
    const dispute = { id: `dp_${runId}`, object: "dispute", charge: chargeId, amount: charge.amount, currency: "usd", status: "needs_response", reason: "fraudulent" };
    await deliver([await emitted("charge.dispute.created", dispute)]);
    let row = await runRow(b, runId);
    expect(row).toMatchObject({ status: "completed", failureCode: "charge_disputed" });
    expect(row.failureMessage).toContain(`dispute dp_${runId} of ${usd(charge.amount)}, status needs_response, reason fraudulent`);

    await deliver([await emitted("charge.dispute.closed", { ...dispute, status: "lost" })]);
    row = await runRow(b, runId);
    expect(row).toMatchObject({ status: "completed", failureCode: "charge_disputed" });
    expect(row.failureMessage).toContain("status lost");

    // A dispute of a platform charge that is no payout run's.
    const other = await payingBrand();
    const stripe = await platform();
    const intent = await stripe.paymentIntents.create({ amount: 700, currency: "usd", customer: other.customer, payment_method: other.paymentMethod, off_session: true, confirm: true });
    await deliver([await emitted("charge.dispute.created", { ...dispute, id: `dp_other_${runId}`, charge: intent.latest_charge })]);
  });

  it("refund.failed takes the refund off refunded_amount once, flags the run, and survives later flags; the run is found by metadata or by the charge", async () => {
    const { b, runId, chargeId, settled, annTransfer } = await settledRun();
    // Ann's transfer is reversed: Rekomi refunds its 30.00 to the brand.
    await (await platform()).transfers.createReversal(annTransfer, { amount: 1_000 });
    await deliver([queuedEvent((await eventsAbout("transfer.reversed", (o) => o.id === annTransfer))[0]!)]);
    expect((await runRow(b, runId)).refundedAmount).toBe(settled + 3_000);
    const refunds = await eventsAbout("refund.created", (o) => o.charge === chargeId);
    const settlement = refunds.find((e) => (e.data.object as Stripe.Refund).metadata?.rekomi_reason === "settlement")!.data.object as Stripe.Refund;
    const reversal = refunds.find((e) => (e.data.object as Stripe.Refund).metadata?.rekomi_reason === "transfer_reversed")!.data.object as Stripe.Refund;
    expect(settlement.amount).toBe(settled);

    const settlementFailed = await emitted("refund.failed", { ...settlement, status: "failed", failure_reason: "expired_or_canceled_card" });
    await deliver([settlementFailed]);
    await deliver([settlementFailed]);
    let row = await runRow(b, runId);
    expect(row).toMatchObject({ status: "completed", failureCode: "refund_failed", refundedAmount: 3_000 });
    expect(row.failureMessage).toContain(`Refund ${settlement.id} of ${usd(settled)} to the brand failed at Stripe (expired_or_canceled_card)`);

    // A later flag replaces the message; the refund stays taken off once (payout_refund_failures).
    await deliver([await emitted("charge.dispute.created", { id: `dp_${runId}`, object: "dispute", charge: chargeId, amount: 500, currency: "usd", status: "warning_needs_response", reason: "general" })]);
    await deliver([settlementFailed]);
    row = await runRow(b, runId);
    expect(row).toMatchObject({ failureCode: "charge_disputed", refundedAmount: 3_000 });

    // A refund made outside Rekomi (no rekomi_reason) that fails is flagged, but was never
    // counted in refunded_amount, so nothing comes off; the charge names the run.
    const outside = await emitted("refund.failed", { ...reversal, id: `re_outside_${runId}`, metadata: {}, amount: 700, status: "failed", failure_reason: "unknown" });
    await deliver([outside]);
    row = await runRow(b, runId);
    expect(row).toMatchObject({ failureCode: "refund_failed", refundedAmount: 3_000 });
    expect(row.failureMessage).toContain(`Refund re_outside_${runId} of`);

    // Without rekomi_run in its metadata, Rekomi's own refund is found by its charge (transfer_group).
    const reversalFailed = await emitted("refund.failed", { ...reversal, metadata: { rekomi_reason: "transfer_reversed" }, status: "failed", failure_reason: "lost_or_stolen_card" });
    await deliver([reversalFailed, reversalFailed]);
    row = await runRow(b, runId);
    expect(row).toMatchObject({ status: "completed", failureCode: "refund_failed", refundedAmount: 0 });
    expect(row.failureMessage).toContain(`Refund ${reversal.id} of`);
    const failures = await usingDb((db) => withBrand(db, b.brand.brandId, (tx) => tx.select().from(schema.payoutRefundFailures).where(eq(schema.payoutRefundFailures.runId, runId)).orderBy(schema.payoutRefundFailures.createdAt)));
    expect(failures.map((f) => [f.refundId, f.amount, f.reason])).toEqual([
      [settlement.id, settled, "expired_or_canceled_card"],
      [reversal.id, 3_000, "lost_or_stolen_card"],
    ]);
  });
});
