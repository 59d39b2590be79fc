import { and, eq, gte, sql } from "drizzle-orm";
import { tiersOf } from "../campaigns/tiers";
import type { Tx } from "../infra/db/client";
import { campaigns, commissionOverrides, commissions, conversions } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { emitEvent } from "../webhooks/emit";
import { calculateCommission, monthsBetween, type CommissionModel, type CommissionOverride, type CommissionTier, type CreatorMonth, type CustomerHistory } from "./calculate";
import { fraudFlags } from "./fraud";
import { fraudSignals } from "./fraud-signals";
import { serializeCommission } from "./schemas";

type Sale = typeof conversions.$inferSelect;
type Campaign = typeof campaigns.$inferSelect;

const DAY_MS = 86_400_000;

export function modelOf(c: Campaign): CommissionModel {
  return {
    type: c.commissionType,
    rateBps: c.commissionRateBps,
    amount: c.commissionAmount,
    currency: c.currency,
    duration: c.commissionDuration,
    durationMonths: c.commissionDurationMonths,
  };
}

/**
 * The customer's history as the commission model sees it: payments counted from the
 * first sale of this customer credited to the same enrollment (the creator who brought
 * them to this campaign), in payment order. A sale without a customer is its own first.
 */
async function historyOf(tx: Tx, sale: Sale): Promise<CustomerHistory> {
  if (!sale.customerId) return { firstPaymentAt: sale.occurredAt, isFirstPayment: true };
  const at = sale.occurredAt.toISOString();
  const [row] = await tx
    .select({
      first: sql<string>`min(${conversions.occurredAt})`,
      earlier: sql<number>`count(*) filter (where ${conversions.occurredAt} < ${at}::timestamptz or (${conversions.occurredAt} = ${at}::timestamptz and ${conversions.id} < ${sale.id}))::int`,
    })
    .from(conversions)
    .where(and(eq(conversions.customerId, sale.customerId), eq(conversions.enrollmentId, sale.enrollmentId!), eq(conversions.type, "sale")));
  const first = row?.first ? new Date(row.first) : sale.occurredAt;
  return { firstPaymentAt: first < sale.occurredAt ? first : sale.occurredAt, isFirstPayment: Number(row?.earlier ?? 0) === 0 };
}

/** The campaign's performance tiers (campaigns/tiers.ts), as the commission model takes them. */
async function commissionTiersOf(tx: Tx, campaignId: string): Promise<CommissionTier[]> {
  const rows = (await tiersOf(tx, [campaignId])).get(campaignId) ?? [];
  return rows.map((t) => ({ metric: t.metric, threshold: t.threshold, type: t.type, rateBps: t.rateBps, amount: t.amount }));
}

/** What of the sale (the outer `conversions` row) its recorded refunds in its own currency gave back. */
const refundedOfSale = sql`coalesce((select sum(r.amount) from ${conversions} r where r.brand_id = ${conversions.brandId} and r.sale_id = ${conversions.id} and r.type = 'refund' and r.currency = ${conversions.currency}), 0)`;

/**
 * Whether the sale still counts towards tiers: not fully refunded (a `full` refund, or
 * refunds adding up to its amount) and no dispute of it opened (or lost) and not won.
 */
const keptSale = sql`(
  (${refundedOfSale} = 0 or ${conversions.amount} > ${refundedOfSale})
  and not exists (select 1 from ${conversions} r where r.brand_id = ${conversions.brandId} and r.sale_id = ${conversions.id} and r.type = 'refund' and r.kind = 'full')
  and not exists (
    select 1 from ${conversions} d where d.brand_id = ${conversions.brandId} and d.sale_id = ${conversions.id} and d.type = 'dispute' and d.kind in ('opened', 'lost')
      and not exists (select 1 from ${conversions} w where w.brand_id = d.brand_id and w.type = 'dispute' and w.kind = 'won' and w.reference_id = d.reference_id)
  )
)`;

/**
 * The creator's month so far in this campaign: their credited sales (same test or live
 * mode) from the start of the sale's calendar month (UTC) up to this sale, in payment
 * order, and the revenue of those paid in the campaign currency. A sale fully refunded,
 * or with a dispute opened and not won, does not count (buying and refunding cannot climb
 * a tier); a partial refund is netted out of revenue. Counted as recorded: a sale, refund
 * or dispute recorded late counts from then on; earlier commissions are not redone.
 */
async function creatorMonthOf(tx: Tx, sale: Sale, currency: string): Promise<CreatorMonth> {
  const at = sale.occurredAt.toISOString();
  const monthStart = new Date(Date.UTC(sale.occurredAt.getUTCFullYear(), sale.occurredAt.getUTCMonth(), 1));
  const [row] = await tx
    .select({
      sales: sql<number>`count(*)::int`,
      revenue: sql<string>`coalesce(sum(${conversions.amount} - ${refundedOfSale}) filter (where ${conversions.currency} = ${currency}), 0)::text`,
    })
    .from(conversions)
    .where(
      and(
        eq(conversions.affiliateId, sale.affiliateId!),
        eq(conversions.type, "sale"),
        eq(conversions.campaignId, sale.campaignId!),
        eq(conversions.livemode, sale.livemode),
        gte(conversions.occurredAt, monthStart),
        sql`(${conversions.occurredAt} < ${at}::timestamptz or (${conversions.occurredAt} = ${at}::timestamptz and ${conversions.id} < ${sale.id}))`,
        keptSale,
      ),
    );
  return { sales: Number(row?.sales ?? 0), revenue: Number(row?.revenue ?? 0) };
}

/** The override set for the sale's plan (price), which wins over its product's. */
function planOverrides(tx: Tx, campaignId: string, priceId: string | null) {
  if (!priceId) return [];
  return tx.select().from(commissionOverrides).where(and(eq(commissionOverrides.campaignId, campaignId), eq(commissionOverrides.productId, priceId)));
}

/** The commission terms of a sale: its campaign and the override for its product, if any. */
export interface Terms {
  campaign: Campaign;
  override: typeof commissionOverrides.$inferSelect | null;
}

async function termsOf(tx: Tx, sale: Sale): Promise<Terms | undefined> {
  const [row] = await tx
    .select({ campaign: campaigns, override: commissionOverrides })
    .from(campaigns)
    .leftJoin(commissionOverrides, and(eq(commissionOverrides.campaignId, campaigns.id), eq(commissionOverrides.productId, sale.productId ?? "")))
    .where(eq(campaigns.id, sale.campaignId!));
  return row;
}

/**
 * The earning of a credited sale (brand principal, inside the transaction that recorded
 * the sale): computed by calculateCommission under the campaign's current model, put
 * through the fraud checks, held for the campaign's hold period after the payment, and
 * announced as `commission.created`. Nothing when the sale earns nothing (a later payment
 * of a one-time model, a payment past a recurring window). The unique conversion key makes
 * a second call a no-op. `known`: the terms, when the caller read them with the sale.
 * Returns the webhook deliveries to enqueue after commit.
 */
export async function createEarning(tx: Tx, sale: Sale, known?: Terms): Promise<string[]> {
  const terms = known ?? (await termsOf(tx, sale));
  if (!terms) return [];
  const { campaign } = terms;
  const overrides: CommissionOverride[] = [...(await planOverrides(tx, campaign.id, sale.priceId)), ...(terms.override ? [terms.override] : [])].map((o) => ({
    productId: o.productId,
    type: o.type,
    rateBps: o.rateBps,
    amount: o.amount,
  }));
  const model = { ...modelOf(campaign), tiers: await commissionTiersOf(tx, campaign.id) };
  const payment = { amount: sale.amount!, currency: sale.currency!, occurredAt: sale.occurredAt, productId: sale.productId, priceId: sale.priceId };
  const history = await historyOf(tx, sale);
  const month = model.tiers.length > 0 ? await creatorMonthOf(tx, sale, campaign.currency) : undefined;
  const result = calculateCommission(model, payment, history, overrides, month);
  if (!result.eligible) return [];

  const reasons = [...(result.review ? [result.review] : []), ...fraudFlags(await fraudSignals(tx, sale))];
  const holdUntil = new Date(sale.occurredAt.getTime() + campaign.holdDays * DAY_MS);
  const lines = [
    ...result.explanation,
    `Held until ${holdUntil.toISOString().slice(0, 10)}: the campaign's ${campaign.holdDays}-day hold after the payment, then approved.`,
    // The reasons themselves stay in review_reasons, which only the brand sees.
    ...(reasons.some((r) => r.rule !== "currency_mismatch") ? ["Held for review by the fraud checks: a brand member must release it before it can be approved."] : []),
  ];
  const [row] = await tx
    .insert(commissions)
    .values({
      id: newId("commission"),
      brandId: sale.brandId,
      campaignId: campaign.id,
      enrollmentId: sale.enrollmentId!,
      affiliateId: sale.affiliateId!,
      conversionId: sale.id,
      sourceEventId: sale.sourceEventId,
      kind: "earning",
      livemode: sale.livemode,
      amount: result.amount,
      currency: result.currency,
      holdUntil,
      heldForReview: reasons.length > 0,
      reviewReasons: reasons,
      explanation: {
        lines,
        inputs: {
          model: { ...model, holdDays: campaign.holdDays },
          payment: { amount: payment.amount, currency: payment.currency, occurredAt: payment.occurredAt.toISOString(), productId: payment.productId, priceId: payment.priceId },
          history: { firstPaymentAt: history.firstPaymentAt.toISOString(), isFirstPayment: history.isFirstPayment },
          monthIndex: monthsBetween(history.firstPaymentAt, sale.occurredAt) + 1,
          override: overrides[0] ?? null,
          creatorMonth: month ?? null,
        },
      },
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return [];
  return emitEvent(tx, row.brandId, "commission.created", row.id, serializeCommission(row));
}
