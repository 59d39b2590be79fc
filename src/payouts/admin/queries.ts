import { and, desc, eq, gt, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { brands, payoutRuns, payouts } from "../../infra/db/schema";

/** A run whose money is still moving this long after its approval is stuck. */
const STUCK_AFTER_MS = 60 * 60 * 1000;
/** How far back a failed or reversed transfer still makes its run worth a look. */
const TROUBLE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** A payout failed because its run was canceled before money moved: ordinary, not trouble. */
const notCanceled = sql`${payouts.failureCode} is distinct from 'run_canceled'`;

/**
 * Runs across brands for Rekomi staff (platform-admin principal), newest first, with their
 * brand's name. `trouble`: only the ones someone should look at: failed charges; runs
 * charging or transferring more than an hour after approval; runs flagged with a
 * `failure_code` while their money moves or after it moved (a refused settlement refund or
 * reversal, a refund made outside Rekomi, a chargeback, a failed refund to the brand: see
 * src/payouts/events/run-flags.ts); runs with a transfer failed or reversed in the last 30
 * days (not payouts of a canceled run).
 */
export function listRunsAcrossBrands(tx: Tx, opts: { trouble: boolean; limit: number; now: Date }) {
  const troubledPayout = and(eq(payouts.runId, payoutRuns.id), inArray(payouts.status, ["failed", "reversed"]), notCanceled, gt(payouts.updatedAt, new Date(opts.now.getTime() - TROUBLE_WINDOW_MS)));
  const trouble = or(
    eq(payoutRuns.status, "failed"),
    and(inArray(payoutRuns.status, ["charging", "transferring"]), lt(payoutRuns.approvedAt, new Date(opts.now.getTime() - STUCK_AFTER_MS))),
    and(inArray(payoutRuns.status, ["charging", "transferring", "completed"]), isNotNull(payoutRuns.failureCode)),
    sql`exists (select 1 from ${payouts} where ${troubledPayout})`,
  );
  return tx
    .select({ run: payoutRuns, brandName: brands.name })
    .from(payoutRuns)
    .innerJoin(brands, eq(brands.id, payoutRuns.brandId))
    .where(opts.trouble ? trouble : undefined)
    .orderBy(desc(payoutRuns.createdAt), desc(payoutRuns.id))
    .limit(opts.limit);
}

/** The failed and reversed payouts of these runs, for the staff view (not those of a canceled run). */
export function troubledPayoutsOf(tx: Tx, runIds: string[]) {
  if (runIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(payouts)
    .where(and(inArray(payouts.runId, runIds), inArray(payouts.status, ["failed", "reversed"]), notCanceled))
    .orderBy(desc(payouts.updatedAt));
}
