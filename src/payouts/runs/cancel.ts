import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { commissions, payoutRuns, payouts } from "../../infra/db/schema";
import { DomainError } from "../../infra/domain-error";
import { lockRun } from "../queries";

/**
 * Cancels a run before any money moved (`draft`, or `failed`: its charge was declined):
 * its pending payouts become `failed` with `run_canceled` (payouts are never deleted) and
 * their commissions are free for a later run. Returns whether it changed anything.
 */
export async function cancelRun(tx: Tx, runId: string, now = new Date()): Promise<boolean> {
  const run = await lockRun(tx, runId);
  if (!run) throw new DomainError("not_found", `No payout run ${runId}.`, { param: "runId" });
  if (run.status === "canceled") return false;
  if (run.status !== "draft" && run.status !== "failed") {
    throw new DomainError("conflict", `Payout run ${runId} is ${run.status}; only draft or failed runs can be canceled.`);
  }
  await release(tx, runId, now);
  await tx.update(payoutRuns).set({ status: "canceled", updatedAt: now }).where(eq(payoutRuns.id, runId));
  return true;
}

async function release(tx: Tx, runId: string, now: Date): Promise<void> {
  const freed = await tx
    .update(payouts)
    .set({ status: "failed", failureCode: "run_canceled", failureMessage: "The run was canceled before any money moved.", updatedAt: now })
    .where(and(eq(payouts.runId, runId), eq(payouts.status, "pending")))
    .returning({ id: payouts.id });
  if (freed.length === 0) return;
  await tx
    .update(commissions)
    .set({ payoutId: null, updatedAt: now })
    .where(and(inArray(commissions.payoutId, freed.map((p) => p.id)), eq(commissions.status, "approved")));
}
