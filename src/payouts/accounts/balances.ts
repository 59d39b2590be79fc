import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { brands, commissions, payouts, type PayoutSkipReason } from "../../infra/db/schema";

/**
 * What the signed-in creator is owed and was paid, per brand and currency, read under the
 * creator's own principal (RLS: their commissions and payouts, across brands). Live money
 * only: test-mode commissions are never paid out.
 */

const sum = (where: ReturnType<typeof sql>) => sql<string>`coalesce(sum(${commissions.amount}) filter (where ${where}), 0)`;

/** The commission's payout is one the creator may see: RLS shows a payout only once its run is approved (0033). */
const beingPaid = sql`exists (select 1 from ${payouts} where ${payouts.id} = ${commissions.payoutId})`;

export interface CreatorBalance {
  brandId: string;
  brandName: string | null;
  currency: string;
  pending: number;
  approved: number;
  inPayout: number;
  paid: number;
  clawbackOutstanding: number;
  nextPayoutAt: Date | null;
}

export async function creatorBalances(tx: Tx, affiliateId: string): Promise<CreatorBalance[]> {
  const rows = await tx
    .select({
      brandId: commissions.brandId,
      brandName: brands.name,
      currency: commissions.currency,
      // Earnings (and their reversals) still in the brand's hold period.
      pending: sum(sql`${commissions.status} = 'pending' and ${commissions.kind} <> 'clawback'`),
      // Due at a later run: approved and in no payout the brand approved (a brand's preview is its own business).
      approved: sum(sql`${commissions.status} = 'approved' and ${commissions.kind} <> 'clawback' and not ${beingPaid}`),
      // In an approved run's payout (netted clawbacks included): being paid now.
      inPayout: sum(sql`${commissions.status} = 'approved' and ${beingPaid}`),
      paid: sum(sql`${commissions.status} = 'paid'`),
      // Refunds after payout, to be netted by a later run (negative).
      clawbacks: sum(sql`${commissions.kind} = 'clawback' and ${commissions.status} in ('pending', 'approved') and not ${beingPaid}`),
    })
    .from(commissions)
    .leftJoin(brands, eq(brands.id, commissions.brandId))
    .where(and(eq(commissions.affiliateId, affiliateId), eq(commissions.livemode, true)))
    .groupBy(commissions.brandId, brands.name, commissions.currency)
    .orderBy(brands.name, commissions.brandId, commissions.currency);
  const schedule = await nextPayouts(tx);
  return rows.map((r) => ({
    brandId: r.brandId,
    brandName: r.brandName,
    currency: r.currency,
    pending: Number(r.pending),
    approved: Number(r.approved),
    inPayout: Number(r.inPayout),
    paid: Number(r.paid),
    clawbackOutstanding: Number(r.clawbacks),
    nextPayoutAt: schedule.get(r.brandId) ?? null,
  }));
}

/**
 * The next scheduled run of each brand the creator works with, through the narrow SECURITY
 * DEFINER `payout_schedule_for_creator()` (0031): payout_policies is the brand's own table.
 */
async function nextPayouts(tx: Tx): Promise<Map<string, Date>> {
  const result = (await tx.execute(sql`select brand_id, next_run_at from payout_schedule_for_creator()`)) as unknown as { rows: { brand_id: string; next_run_at: string | Date | null }[] };
  return new Map(result.rows.filter((r) => r.next_run_at !== null).map((r) => [r.brand_id, new Date(r.next_run_at!)]));
}

/** The creator's payouts across brands, newest first, `limit + 1` rows. */
export function creatorPayouts(tx: Tx, affiliateId: string, opts: { limit: number; before?: string | undefined }) {
  return tx
    .select({
      id: payouts.id,
      brandId: payouts.brandId,
      brandName: brands.name,
      amount: payouts.amount,
      currency: payouts.currency,
      status: payouts.status,
      skipReason: payouts.skipReason,
      transferId: payouts.transferId,
      paidAt: payouts.paidAt,
      createdAt: payouts.createdAt,
    })
    .from(payouts)
    .leftJoin(brands, eq(brands.id, payouts.brandId))
    .where(and(eq(payouts.affiliateId, affiliateId), opts.before ? lt(payouts.id, opts.before) : undefined))
    .orderBy(desc(payouts.id))
    .limit(opts.limit + 1);
}

/** Why a brand's run carried the creator's balance forward, in the creator's words. */
export const SKIP_REASON_TEXT: Record<PayoutSkipReason, string> = {
  below_minimum: "Below the brand's minimum payout: carried forward to the next run.",
  no_payout_account: "You had no payout account: set one up on this page to be paid.",
  payouts_not_enabled: "Your Stripe account could not receive payouts yet: finish what Stripe requires.",
  tax_form_required: "The brand requires a valid tax form: upload one under Tax forms.",
  nothing_due: "Nothing was due after refunds were netted.",
};
