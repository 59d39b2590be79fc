import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { commissions, payoutRuns, payouts } from "../../infra/db/schema";
import { DomainError } from "../../infra/domain-error";
import { emitEvent } from "../../webhooks/emit";
import { lockRun, payoutsOfRun } from "../queries";
import { serializePayout } from "../schemas";

/**
 * Cancels a run before any money moved (`draft`, or `failed`: its charge was declined):
 * its pending payouts become `failed` with `run_canceled` (payouts are never deleted) and
 * their commissions are free for a later run. A run that had been approved announced its
 * payouts as `payout.created`, so each one freed is announced as `payout.failed`; the caller
 * enqueues the deliveries after commit (as approval does). Returns whether it changed anything.
 */
export async function cancelRun(tx: Tx, brandId: string, runId: string, now = new Date()): Promise<{ changed: boolean; deliveries: string[] }> {
  const run = await lockRun(tx, runId);
  if (!run) throw new DomainError("not_found", `No payout run ${runId}.`, { param: "runId" });
  if (run.status === "canceled") return { changed: false, deliveries: [] };
  if (run.status !== "draft" && run.status !== "failed") {
    throw new DomainError("conflict", `Payout run ${runId} is ${run.status}; only draft or failed runs can be canceled.`);
  }
  const freed = await release(tx, runId, now);
  await tx.update(payoutRuns).set({ status: "canceled", updatedAt: now }).where(eq(payoutRuns.id, runId));
  const deliveries: string[] = [];
  if (run.approvedAt !== null && freed.size > 0) {
    for (const p of await payoutsOfRun(tx, runId)) {
      if (freed.has(p.id)) deliveries.push(...(await emitEvent(tx, brandId, "payout.failed", p.id, serializePayout(p))));
    }
  }
  return { changed: true, deliveries };
}

async function release(tx: Tx, runId: string, now: Date): Promise<Set<string>> {
  const freed = await tx
    .update(payouts)
    .set({ status: "failed", failureCode: "run_canceled", failureMessage: "The run was canceled before any money moved.", updatedAt: now })
    .where(and(eq(payouts.runId, runId), eq(payouts.status, "pending")))
    .returning({ id: payouts.id });
  if (freed.length === 0) return new Set();
  await tx
    .update(commissions)
    .set({ payoutId: null, updatedAt: now })
    .where(and(inArray(commissions.payoutId, freed.map((p) => p.id)), eq(commissions.status, "approved")));
  return new Set(freed.map((p) => p.id));
}
