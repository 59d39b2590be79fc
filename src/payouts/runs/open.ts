import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { commissions, OPEN_RUN_STATUSES, payoutCommissions, payoutRuns, payouts, taxFormReviews, taxForms } from "../../infra/db/schema";
import { DomainError } from "../../infra/domain-error";
import { newId } from "../../infra/ids";
import { factsForBrand } from "../../tax-forms/payout-gate";
import { taxFormsAllowPayout } from "../../tax-forms/validity";
import { chargeFor } from "../fees";
import { planRun, type CreatorFacts } from "../plan";
import { readPolicy } from "../policy/policy";
import { cancelRun } from "./cancel";

export interface OpenRunOptions {
  /**
   * `manual`: a person's preview, which replaces any draft. `schedule`: the scheduler, which
   * replaces only its own stale draft, leaves a person's draft and a run whose money moves alone
   * (null), and keeps no draft with nothing to transfer (null).
   */
  trigger: "manual" | "schedule";
  /** Who opened it: a user or key id, or `schedule`. */
  createdBy: string;
  /** `STRIPE_PLATFORM_COUNTRY`: the policy's currency is its settlement currency. */
  platformCountry: string;
}

/**
 * Opens a payout run as a `draft` (the preview), brand principal, in the caller's
 * transaction: plans one line per creator from the approved, live commissions no payout
 * holds (planRun), writes each line as a `pending` or `skipped` payout with the commissions
 * it nets, and reserves the commissions of pending lines (`commissions.payout_id`), so
 * nothing can change under the amounts the preview shows. Returns the run id, or null when
 * the scheduler opens nothing (see OpenRunOptions). 409 to a person when a run is charging,
 * transferring or failed.
 */
export async function openRun(tx: Tx, brandId: string, opts: OpenRunOptions, now = new Date()): Promise<string | null> {
  const scheduled = opts.trigger === "schedule";
  // Serializes openers of one brand: the unique open-run index would otherwise turn a race into a 500.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payout_run:${brandId}`}))`);
  const [open] = await tx.select().from(payoutRuns).where(inArray(payoutRuns.status, [...OPEN_RUN_STATUSES]));
  if (open) {
    if (open.status !== "draft") {
      if (scheduled) return null;
      throw new DomainError("conflict", `Payout run ${open.id} is ${open.status}: finish, retry or cancel it before opening another.`);
    }
    // A scheduled draft nobody approved is stale at the next occurrence; a person's draft is theirs.
    if (scheduled && open.trigger !== "schedule") return null;
    await cancelRun(tx, brandId, open.id, now);
  }

  const policy = await readPolicy(tx, brandId, opts.platformCountry);
  const due = await tx
    .select({ id: commissions.id, affiliateId: commissions.affiliateId, amount: commissions.amount, currency: commissions.currency })
    .from(commissions)
    .where(and(eq(commissions.status, "approved"), eq(commissions.livemode, true), isNull(commissions.payoutId), eq(commissions.currency, policy.currency)));
  const lines = planRun(policy, due, await creatorFacts(tx, { brandId, requireTaxForm: policy.requireTaxForm }, [...new Set(due.map((c) => c.affiliateId))], now));

  const runId = newId("payoutRun");
  const transfers = lines.reduce((sum, l) => sum + (l.skipReason === null ? l.amount : 0), 0);
  // A scheduled draft with nothing to pay would never be approved and would hold the brand's one open run.
  if (scheduled && transfers <= 0) return null;
  const { charge, fee } = chargeFor(transfers, policy.paymentMethod?.type ?? "card");
  await tx.insert(payoutRuns).values({
    id: runId,
    brandId,
    status: "draft",
    trigger: opts.trigger,
    currency: policy.currency,
    transferAmount: transfers,
    feeAmount: fee,
    chargeAmount: charge,
    transferGroup: runId,
    createdBy: opts.createdBy,
  });
  if (lines.length === 0) return runId;

  const rows = lines.map((l) => ({ line: l, id: newId("payout") }));
  await tx.insert(payouts).values(
    rows.map(({ line, id }) => ({
      id,
      runId,
      brandId,
      affiliateId: line.affiliateId,
      status: line.skipReason === null ? ("pending" as const) : ("skipped" as const),
      skipReason: line.skipReason,
      amount: line.amount,
      currency: line.currency,
      stripeAccountId: line.stripeAccountId,
      transferGroup: runId,
    })),
  );
  const amountOf = new Map(due.map((c) => [c.id, c.amount]));
  await tx.insert(payoutCommissions).values(rows.flatMap(({ line, id }) => line.commissionIds.map((commissionId) => ({ payoutId: id, commissionId, brandId, amount: amountOf.get(commissionId)! }))));

  for (const { line, id } of rows) {
    if (line.skipReason !== null) continue;
    // Conditional on what the plan read: a commission voided, reversed or reserved meanwhile fails the count.
    const reserved = await tx
      .update(commissions)
      .set({ payoutId: id, updatedAt: now })
      .where(and(inArray(commissions.id, line.commissionIds), eq(commissions.status, "approved"), isNull(commissions.payoutId)))
      .returning({ id: commissions.id });
    if (reserved.length !== line.commissionIds.length) throw new DomainError("conflict", "Commissions changed while the run was being opened; open it again.");
  }
  return runId;
}

/** What the plan needs to know of each creator: a connected account that takes transfers, and a tax form when the brand requires one. */
async function creatorFacts(tx: Tx, brand: { brandId: string; requireTaxForm: boolean }, affiliateIds: string[], now: Date): Promise<Map<string, CreatorFacts>> {
  const facts = new Map<string, CreatorFacts>();
  if (affiliateIds.length === 0) return facts;
  const accounts = await payoutAccountsForBrand(tx, affiliateIds);
  const forms = brand.requireTaxForm ? await tx.select().from(taxForms).where(inArray(taxForms.affiliateId, affiliateIds)) : [];
  const reviews = brand.requireTaxForm ? await tx.select().from(taxFormReviews).where(and(eq(taxFormReviews.brandId, brand.brandId), inArray(taxFormReviews.affiliateId, affiliateIds))) : [];
  for (const affiliateId of affiliateIds) {
    const account = accounts.find((a) => a.affiliate_id === affiliateId);
    const ownForms = forms.filter((f) => f.affiliateId === affiliateId);
    const ownReviews = reviews.filter((r) => r.affiliateId === affiliateId);
    facts.set(affiliateId, {
      stripeAccountId: account?.stripe_account_id ?? null,
      transfersActive: account?.transfers_active ?? false,
      taxFormAllows: taxFormsAllowPayout(brand, factsForBrand(ownForms, ownReviews, brand.brandId), now),
    });
  }
  return facts;
}

/**
 * The connected accounts of the brand's creators (SECURITY DEFINER `payout_accounts_for_brand`,
 * 0033): a brand reads no payout_accounts row, only whether each creator it works with can take
 * a transfer, and to which account.
 */
async function payoutAccountsForBrand(tx: Tx, affiliateIds: string[]): Promise<{ affiliate_id: string; stripe_account_id: string; transfers_active: boolean }[]> {
  const ids = sql`array[${sql.join(affiliateIds.map((id) => sql`${id}`), sql`, `)}]::text[]`;
  const result = (await tx.execute(sql`select affiliate_id, stripe_account_id, transfers_active from payout_accounts_for_brand(${ids})`)) as unknown as {
    rows: { affiliate_id: string; stripe_account_id: string; transfers_active: boolean }[];
  };
  return result.rows;
}
