import { and, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { brands, payoutRuns, payouts } from "../../infra/db/schema";

/** A run whose money has been moving this long without a step is stuck (the sweeper's horizon). */
const STUCK_AFTER_MS = 60 * 60 * 1000;
/** How far back a failed or reversed transfer still makes its run worth a look. */
const TROUBLE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Runs across brands for Rekomi staff (platform-admin principal), newest first, with their
 * brand's name. `trouble`: only the ones someone should look at: failed charges, runs charging
 * or transferring for over an hour, runs with a failed or reversed transfer in the last 30 days.
 */
export function listRunsAcrossBrands(tx: Tx, opts: { trouble: boolean; limit: number; now: Date }) {
  const troubledPayout = and(eq(payouts.runId, payoutRuns.id), inArray(payouts.status, ["failed", "reversed"]), gt(payouts.updatedAt, new Date(opts.now.getTime() - TROUBLE_WINDOW_MS)));
  const trouble = or(
    eq(payoutRuns.status, "failed"),
    and(inArray(payoutRuns.status, ["charging", "transferring"]), lt(payoutRuns.updatedAt, new Date(opts.now.getTime() - STUCK_AFTER_MS))),
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

/** The failed and reversed payouts of these runs, for the staff view. */
export function troubledPayoutsOf(tx: Tx, runIds: string[]) {
  if (runIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(payouts)
    .where(and(inArray(payouts.runId, runIds), inArray(payouts.status, ["failed", "reversed"])))
    .orderBy(desc(payouts.updatedAt));
}
