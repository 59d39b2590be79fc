import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, brands, campaigns, commissions, conversions, type CommissionKind, type CommissionStatus } from "../infra/db/schema";
import type { BalanceAmounts } from "./schemas";

export interface CommissionFilters {
  /** Live or test-mode commissions: a list never mixes them. */
  livemode: boolean;
  status?: CommissionStatus | undefined;
  kind?: CommissionKind | undefined;
  affiliateId?: string | undefined;
  campaignId?: string | undefined;
  brandId?: string | undefined;
  heldForReview?: boolean | undefined;
  createdGte?: Date | undefined;
  createdLt?: Date | undefined;
}

function matching(f: CommissionFilters, before: string | undefined) {
  return and(
    eq(commissions.livemode, f.livemode),
    f.status ? eq(commissions.status, f.status) : undefined,
    f.kind ? eq(commissions.kind, f.kind) : undefined,
    f.affiliateId ? eq(commissions.affiliateId, f.affiliateId) : undefined,
    f.campaignId ? eq(commissions.campaignId, f.campaignId) : undefined,
    f.brandId ? eq(commissions.brandId, f.brandId) : undefined,
    f.heldForReview === undefined ? undefined : f.heldForReview ? and(eq(commissions.heldForReview, true), eq(commissions.status, "pending")) : eq(commissions.heldForReview, false),
    f.createdGte ? gte(commissions.createdAt, f.createdGte) : undefined,
    f.createdLt ? lt(commissions.createdAt, f.createdLt) : undefined,
    before ? lt(commissions.id, before) : undefined,
  );
}

const names = { affiliateName: affiliates.displayName, campaignName: campaigns.name, brandName: brands.name };

/**
 * Newest first, `limit + 1` rows, with the names a person needs beside the ids (those the
 * principal may see); the principal decides whose (a brand's, or a creator's across brands).
 */
export function listCommissions(tx: Tx, filters: CommissionFilters, opts: { limit: number; before?: string | undefined }) {
  return tx
    .select({ commission: commissions, ...names })
    .from(commissions)
    .leftJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
    .leftJoin(campaigns, eq(campaigns.id, commissions.campaignId))
    .leftJoin(brands, eq(brands.id, commissions.brandId))
    .where(matching(filters, opts.before))
    .orderBy(desc(commissions.id))
    .limit(opts.limit + 1)
    .then((rows) => rows.map((r) => ({ id: r.commission.id, ...r })));
}

export async function findCommission(tx: Tx, id: string) {
  const [row] = await tx.select().from(commissions).where(eq(commissions.id, id));
  return row;
}

/** A commission with the names beside its ids and the conversion it comes from (whose trail says why it was credited). */
export async function findCommissionDetail(tx: Tx, id: string) {
  const [row] = await tx
    .select({ commission: commissions, ...names, conversion: conversions })
    .from(commissions)
    .leftJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
    .leftJoin(campaigns, eq(campaigns.id, commissions.campaignId))
    .leftJoin(brands, eq(brands.id, commissions.brandId))
    .leftJoin(conversions, eq(conversions.id, commissions.conversionId))
    .where(eq(commissions.id, id));
  return row;
}

const sum = (where: ReturnType<typeof sql>) => sql<string>`coalesce(sum(${commissions.amount}) filter (where ${where}), 0)`;

/**
 * A creator's balances per currency (and per brand for the creator's own view), from the
 * commissions the principal can see. Reversals count with their earning's status; a
 * clawback is outstanding until a payout nets it (then it counts as paid, negatively).
 * Live or test-mode commissions only, never both: test money is never owed.
 */
export async function balances(tx: Tx, filters: { livemode: boolean; affiliateId?: string }, byBrand: boolean) {
  const brand = byBrand ? [commissions.brandId, brands.name] : [];
  const rows = await tx
    .select({
      brandId: byBrand ? commissions.brandId : sql<string>`''`,
      brandName: byBrand ? brands.name : sql<string | null>`null`,
      currency: commissions.currency,
      pending: sum(sql`${commissions.status} = 'pending' and ${commissions.kind} <> 'clawback'`),
      approved: sum(sql`${commissions.status} = 'approved' and ${commissions.kind} <> 'clawback'`),
      paid: sum(sql`${commissions.status} = 'paid'`),
      clawbacks: sum(sql`${commissions.kind} = 'clawback' and ${commissions.status} in ('pending', 'approved')`),
    })
    .from(commissions)
    .leftJoin(brands, eq(brands.id, commissions.brandId))
    .where(and(eq(commissions.livemode, filters.livemode), filters.affiliateId ? eq(commissions.affiliateId, filters.affiliateId) : undefined))
    .groupBy(...brand, commissions.currency)
    .orderBy(...brand, commissions.currency);
  return rows.map((r) => {
    const amounts: BalanceAmounts = {
      currency: r.currency,
      pending: Number(r.pending),
      approved: Number(r.approved),
      paid: Number(r.paid),
      clawbacks_outstanding: Number(r.clawbacks),
      payable: Number(r.approved) + Number(r.clawbacks),
    };
    return { brandId: r.brandId, brandName: r.brandName, amounts };
  });
}

/** Net earnings per month and currency over the last `months` (voided commissions excluded), live or test-mode: the creator's chart. */
export async function monthlyEarnings(tx: Tx, months: number, livemode: boolean): Promise<{ month: string; currency: string; amount: number }[]> {
  const month = sql<string>`to_char(date_trunc('month', ${commissions.createdAt} at time zone 'UTC'), 'YYYY-MM')`;
  const rows = await tx
    .select({ month, currency: commissions.currency, amount: sql<string>`sum(${commissions.amount})` })
    .from(commissions)
    .where(and(eq(commissions.livemode, livemode), sql`${commissions.status} <> 'voided'`, gte(commissions.createdAt, sql`date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' - make_interval(months => ${months - 1})`)))
    .groupBy(month, commissions.currency)
    .orderBy(month, commissions.currency);
  return rows.map((r) => ({ month: r.month, currency: r.currency, amount: Number(r.amount) }));
}
