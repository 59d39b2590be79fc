import { and, desc, eq, getTableColumns, lt, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, payoutRuns, payouts, type PayoutRunStatus } from "../infra/db/schema";
import type { PayoutFilters, PayoutRow, RunRow } from "./schemas";

/** Reads of runs and their payouts, as the brand (RLS scopes every row to it). */

// Subqueries name the outer table in SQL: drizzle leaves columns of a one-table select unqualified.
const runColumns = {
  ...getTableColumns(payoutRuns),
  payableCount: sql<number>`(select count(*) from payouts p where p.run_id = payout_runs.id and p.status <> 'skipped')::int`,
  skippedCount: sql<number>`(select count(*) from payouts p where p.run_id = payout_runs.id and p.status = 'skipped')::int`,
};

export function listRuns(tx: Tx, opts: { status?: PayoutRunStatus | undefined; limit: number; before?: string | undefined }): Promise<RunRow[]> {
  return tx
    .select(runColumns)
    .from(payoutRuns)
    .where(and(opts.status ? eq(payoutRuns.status, opts.status) : undefined, opts.before ? lt(payoutRuns.id, opts.before) : undefined))
    .orderBy(desc(payoutRuns.id))
    .limit(opts.limit + 1);
}

export async function findRun(tx: Tx, id: string): Promise<RunRow | undefined> {
  const [row] = await tx.select(runColumns).from(payoutRuns).where(eq(payoutRuns.id, id));
  return row;
}

/** The run's row, locked for a change of status; undefined when the brand has no such run. */
export async function lockRun(tx: Tx, id: string) {
  const [row] = await tx.select().from(payoutRuns).where(eq(payoutRuns.id, id)).for("update");
  return row;
}

const payoutColumns = {
  ...getTableColumns(payouts),
  creatorName: affiliates.displayName,
  commissionIds: sql<string[]>`coalesce((select array_agg(pc.commission_id order by pc.commission_id) from payout_commissions pc where pc.payout_id = payouts.id), '{}')`,
};

export function listPayouts(tx: Tx, filters: PayoutFilters, opts: { limit: number; before?: string | undefined }): Promise<PayoutRow[]> {
  return tx
    .select(payoutColumns)
    .from(payouts)
    .leftJoin(affiliates, eq(affiliates.id, payouts.affiliateId))
    .where(
      and(
        filters.runId ? eq(payouts.runId, filters.runId) : undefined,
        filters.affiliateId ? eq(payouts.affiliateId, filters.affiliateId) : undefined,
        filters.status ? eq(payouts.status, filters.status) : undefined,
        opts.before ? lt(payouts.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(payouts.id))
    .limit(opts.limit + 1);
}

export async function findPayout(tx: Tx, id: string): Promise<PayoutRow | undefined> {
  const [row] = await tx.select(payoutColumns).from(payouts).leftJoin(affiliates, eq(affiliates.id, payouts.affiliateId)).where(eq(payouts.id, id));
  return row;
}

/** Every line of a run, payable ones first, then by creator. */
export function payoutsOfRun(tx: Tx, runId: string): Promise<PayoutRow[]> {
  return tx
    .select(payoutColumns)
    .from(payouts)
    .leftJoin(affiliates, eq(affiliates.id, payouts.affiliateId))
    .where(eq(payouts.runId, runId))
    .orderBy(sql`${payouts.status} = 'skipped'`, payouts.affiliateId);
}

/** The run as the API answers it: the row with its counts and its items. */
export async function runWithItems(tx: Tx, id: string): Promise<{ run: RunRow; items: PayoutRow[] } | undefined> {
  const run = await findRun(tx, id);
  return run && { run, items: await payoutsOfRun(tx, id) };
}
