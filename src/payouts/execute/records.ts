import { and, eq, inArray, sql } from "drizzle-orm";
import type { AppConfig } from "../../infra/app/config";
import type { Tx } from "../../infra/db/client";
import { commissions, payoutCommissions, payoutRuns, payouts } from "../../infra/db/schema";
import { emitEvent } from "../../webhooks/emit";
import { enqueueDeliveries } from "../../webhooks/enqueue";
import { findPayout } from "../queries";
import { serializePayout } from "../schemas";
import type { Refusal } from "./stripe-errors";

/**
 * The database side of the money mover: each function records one answer Stripe gave, in the
 * caller's short transaction under the brand principal, with a condition on the current
 * status so a repeated or concurrent step changes nothing the second time.
 */

export type Run = typeof payoutRuns.$inferSelect;
export type Payout = typeof payouts.$inferSelect;

export async function readRun(tx: Tx, runId: string): Promise<Run | undefined> {
  const [run] = await tx.select().from(payoutRuns).where(eq(payoutRuns.id, runId));
  return run;
}

export function pendingPayouts(tx: Tx, runId: string): Promise<Payout[]> {
  return tx.select().from(payouts).where(and(eq(payouts.runId, runId), eq(payouts.status, "pending"))).orderBy(payouts.id);
}

/** The payout as outbound webhooks carry it: the API's Payout object, read back after the change. */
async function payoutEventData(tx: Tx, payoutId: string): Promise<Record<string, unknown>> {
  const row = await findPayout(tx, payoutId);
  return serializePayout(row!);
}

/** The transfer exists: the payout is paid and so are the commissions it pays. Returns webhook deliveries to enqueue. */
export async function recordPaid(tx: Tx, payout: Payout, transfer: { id: string; sourceTransaction: string }): Promise<string[]> {
  const now = new Date();
  const [paid] = await tx
    .update(payouts)
    .set({ status: "paid", transferId: transfer.id, sourceTransaction: transfer.sourceTransaction, paidAt: now, updatedAt: now })
    .where(and(eq(payouts.id, payout.id), eq(payouts.status, "pending")))
    .returning();
  if (!paid) return [];
  await tx
    .update(commissions)
    .set({ status: "paid", paidAt: now, updatedAt: now })
    .where(and(eq(commissions.payoutId, payout.id), inArray(commissions.id, tx.select({ id: payoutCommissions.commissionId }).from(payoutCommissions).where(eq(payoutCommissions.payoutId, payout.id)))));
  return emitEvent(tx, payout.brandId, "payout.paid", payout.id, await payoutEventData(tx, paid.id));
}

/**
 * The payout's money did not reach the creator (`failed`: the transfer was refused;
 * `reversed`: it was taken back): its commissions are free again (approved, `payout_id` null)
 * for a later run. Only a `pending` payout can fail and only a `paid` one be reversed, so this
 * happens once: `moved` says whether this call did it.
 */
export async function recordUnpaid(tx: Tx, payout: Payout, to: "failed" | "reversed", refusal: Refusal): Promise<{ moved: boolean; deliveries: string[] }> {
  const now = new Date();
  const [unpaid] = await tx
    .update(payouts)
    .set({ status: to, failureCode: refusal.code, failureMessage: refusal.message.slice(0, 500), updatedAt: now })
    .where(and(eq(payouts.id, payout.id), eq(payouts.status, to === "failed" ? "pending" : "paid")))
    .returning();
  if (!unpaid) return { moved: false, deliveries: [] };
  await tx.update(commissions).set({ status: "approved", paidAt: null, payoutId: null, updatedAt: now }).where(eq(commissions.payoutId, payout.id));
  return { moved: true, deliveries: await emitEvent(tx, payout.brandId, "payout.failed", payout.id, await payoutEventData(tx, unpaid.id)) };
}

/** Money given back to the brand from the run's charge. */
export async function addRefunded(tx: Tx, runId: string, amount: number): Promise<void> {
  await tx
    .update(payoutRuns)
    .set({ refundedAmount: sql`${payoutRuns.refundedAmount} + ${amount}`, updatedAt: new Date() })
    .where(eq(payoutRuns.id, runId));
}

/** Queues outbound webhook deliveries after their transaction committed; a lost enqueue is found by the webhooks sweeper. */
export async function deliverLater(config: Pick<AppConfig, "WEBHOOKS">, brandId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await enqueueDeliveries(config.WEBHOOKS, brandId, ids).catch((err: unknown) =>
    console.error(JSON.stringify({ level: "warn", message: "webhook enqueue failed; the sweeper will retry", brand_id: brandId, error: String(err) })),
  );
}
