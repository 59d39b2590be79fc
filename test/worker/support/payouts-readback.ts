import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { expect } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { Balance, Kind, ModelRun, Snapshot, Status } from "../../support/payouts-model/snapshot";
import { balanceOf } from "./commissions";
import { usingDb } from "./fixtures";
import { CURRENCY, type PayoutsSequence } from "./payouts-driver";

/** What the database, the API and Stripe say after a sequence of the money proof (payouts-driver.ts), in the reference model's terms. */
export async function snapshotOf(seq: PayoutsSequence): Promise<Snapshot> {
  const ids = seq.creators.map((c) => c.affiliateId);
  const creatorOf = (affiliateId: string) => ids.indexOf(affiliateId);
  const rows = await usingDb((db) =>
    withBrand(db, seq.world.brand.brandId, (tx) =>
      tx
        .select({ event: schema.trackingEvents.deliveryId, affiliateId: schema.commissions.affiliateId, kind: schema.commissions.kind, amount: schema.commissions.amount, status: schema.commissions.status })
        .from(schema.commissions)
        .innerJoin(schema.trackingEvents, eq(schema.trackingEvents.id, schema.commissions.sourceEventId))
        .where(and(eq(schema.commissions.brandId, seq.world.brand.brandId), inArray(schema.commissions.affiliateId, ids))),
    ),
  );
  const commissions: Snapshot["commissions"] = {};
  for (const r of rows) commissions[`c:${r.event}`] = { creator: creatorOf(r.affiliateId), kind: r.kind as Kind, amount: r.amount, status: r.status as Status };
  const balances: Balance[] = await Promise.all(
    ids.map(async (affiliateId) => {
      const b = (await balanceOf(seq.world.brand, affiliateId)).find((x) => x.currency === CURRENCY);
      return { pending: b?.pending ?? 0, approved: b?.approved ?? 0, paid: b?.paid ?? 0, clawback: b?.clawbacks_outstanding ?? 0 };
    }),
  );
  const runs: ModelRun[] = [];
  for (const id of seq.runIds) {
    const run = await seq.getRun(id);
    runs.push({
      status: run.status as ModelRun["status"],
      attempt: run.attempt,
      transfers: run.transfer_amount,
      charge: run.charge_amount,
      fee: run.fee_amount,
      refunded: run.refunded_amount,
      payouts: run
        .items!.filter((p) => ids.includes(p.affiliate_id))
        .sort((a, b) => creatorOf(a.affiliate_id) - creatorOf(b.affiliate_id))
        .map((p) => ({ creator: creatorOf(p.affiliate_id), amount: p.amount, status: p.status, skipReason: p.skip_reason })),
    });
  }
  return { commissions, balances, runs };
}

/**
 * What Stripe (the stand-in) recorded agrees with the runs: one charge per run with the
 * run's amount and fee, refunds adding up to what the run says it refunded, one transfer per
 * paid or reversed payout from that charge (source_transaction, transfer_group, destination,
 * amount), never more than the charge less its fee, and after completion the charge is
 * exactly fee + standing transfers + refunds. Each creator's paid balance is its standing transfers.
 */
export async function checkStripe(seq: PayoutsSequence, balances: Balance[]): Promise<void> {
  const standingTo = new Map<string, number>();
  for (const id of seq.runIds) {
    const run = await seq.getRun(id);
    if (!run.charge_id) {
      expect(run.status, `${id} has no charge`).toBe("failed");
      continue;
    }
    const intent = await seq.world.stripe.paymentIntents.retrieve(run.payment_intent_id!, { expand: ["latest_charge.balance_transaction"] });
    const charge = intent.latest_charge as Stripe.Charge;
    const fee = (charge.balance_transaction as Stripe.BalanceTransaction).fee;
    expect({ id: charge.id, amount: charge.amount, customer: intent.customer, group: intent.transfer_group, fee, refunded: charge.amount_refunded }, id).toEqual({
      id: run.charge_id,
      amount: run.charge_amount,
      customer: seq.customer,
      group: run.id,
      fee: run.fee_amount,
      refunded: run.refunded_amount,
    });
    let transferred = 0;
    let standing = 0;
    for (const p of run.items!.filter((p) => p.status === "paid" || p.status === "reversed")) {
      const transfer = await seq.world.stripe.transfers.retrieve(p.transfer_id!);
      const creator = seq.creators.find((c) => c.affiliateId === p.affiliate_id)!;
      expect({ amount: transfer.amount, source: transfer.source_transaction, group: transfer.transfer_group, destination: transfer.destination, reversed: transfer.amount_reversed === transfer.amount }, p.id).toEqual({
        amount: p.amount,
        source: run.charge_id,
        group: run.id,
        destination: creator.account,
        reversed: p.status === "reversed",
      });
      transferred += transfer.amount;
      if (p.status === "paid") {
        standing += transfer.amount;
        standingTo.set(p.affiliate_id, (standingTo.get(p.affiliate_id) ?? 0) + transfer.amount);
      }
    }
    expect(transferred, `${id}: transfers exceed the charge less Stripe's fee`).toBeLessThanOrEqual(charge.amount - fee);
    if (run.status === "completed") expect(charge.amount, `${id}: charge = fee + standing transfers + refunds`).toBe(fee + standing + charge.amount_refunded);
  }
  expect(balances.map((b) => b.paid), "paid = standing transfers").toEqual(seq.creators.map((c) => standingTo.get(c.affiliateId) ?? 0));
}

