import { eq, sql } from "drizzle-orm";
import type { AppConfig } from "../../infra/app/config";
import type { Db, Tx } from "../../infra/db/client";
import { payoutRunBrand } from "../../infra/db/lookups";
import { withBrand } from "../../infra/db/principal";
import { payoutRefundFailures, payoutRuns } from "../../infra/db/schema";
import { minorToDecimal } from "../../money";
import { platformStripe } from "../platform";

/**
 * Flags on a run for staff: things that happened to a run's charge at Stripe outside
 * Rekomi's own steps (a refund made in Stripe's dashboard, a chargeback, a refund to the
 * brand that failed). A flag sets `failure_code` and `failure_message` and never the status:
 * the money already moved, and only staff can settle it with the brand. The staff view
 * (src/payouts/admin/queries.ts) lists flagged runs as trouble.
 */

export type RunFlag = "refunded_outside_rekomi" | "charge_disputed" | "refund_failed";
export type RunRow = typeof payoutRuns.$inferSelect;

/** People's money in a message: "30.00 USD". */
export const shown = (amount: number, currency: string) => `${minorToDecimal(amount, currency)} ${currency}`;

/** The run, locked for this transaction (flags and refunded_amount change one at a time). */
async function lockedRun(tx: Tx, runId: string): Promise<RunRow | undefined> {
  const [run] = await tx.select().from(payoutRuns).where(eq(payoutRuns.id, runId)).for("update");
  return run;
}

/** Sets the flag (replacing an earlier one: the latest thing staff must know). */
export async function flagRun(tx: Tx, run: RunRow, flag: RunFlag, text: string): Promise<void> {
  await tx.update(payoutRuns).set({ failureCode: flag, failureMessage: text.slice(0, 500), updatedAt: new Date() }).where(eq(payoutRuns.id, run.id));
}

/**
 * Records a refund to the brand that failed and takes it off the run's `refunded_amount`
 * (never below 0): once per refund, whatever flags came between (the refund id is the
 * key). Returns false when it was already recorded.
 */
export async function recordFailedRefund(tx: Tx, run: RunRow, refund: { id: string; amount: number; reason: string | null }): Promise<boolean> {
  const [recorded] = await tx
    .insert(payoutRefundFailures)
    .values({ refundId: refund.id, runId: run.id, brandId: run.brandId, amount: refund.amount, currency: run.currency, reason: refund.reason })
    .onConflictDoNothing()
    .returning({ id: payoutRefundFailures.refundId });
  if (!recorded) return false;
  await tx
    .update(payoutRuns)
    .set({ refundedAmount: sql`greatest(${payoutRuns.refundedAmount} - ${refund.amount}, 0)`, updatedAt: new Date() })
    .where(eq(payoutRuns.id, run.id));
  return true;
}

/** The payout run (id and brand) a platform charge belongs to, by its `transfer_group` (= run id); null when it is no run of this deployment. */
export async function runOfGroup(db: Db, group: unknown): Promise<{ runId: string; brandId: string } | null> {
  if (typeof group !== "string" || !group) return null;
  const brandId = await payoutRunBrand(db, group);
  return brandId ? { runId: group, brandId } : null;
}

/** The run of a charge an event names only by id (disputes, refunds): Stripe's charge says its `transfer_group`. */
export async function runOfCharge(config: AppConfig, db: Db, chargeId: unknown): Promise<{ runId: string; brandId: string } | null> {
  if (typeof chargeId !== "string" || !chargeId) return null;
  const charge = await (await platformStripe(config)).charges.retrieve(chargeId);
  return runOfGroup(db, charge.transfer_group);
}

/** Runs `fn` on the locked run under its brand. */
export function onRun<T>(db: Db, found: { runId: string; brandId: string }, fn: (tx: Tx, run: RunRow) => Promise<T>): Promise<T | undefined> {
  return withBrand(db, found.brandId, async (tx) => {
    const run = await lockedRun(tx, found.runId);
    return run ? fn(tx, run) : undefined;
  });
}

export function ignored(event: { id: string; type: string }, why: string, detail: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: "info", message: `Stripe event ignored: ${why}`, event_id: event.id, type: event.type, ...detail }));
}
