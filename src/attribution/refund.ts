import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { conversions } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { insertConversion, type ConversionRow, type Recorded } from "./conversion";
import { eventTime, origin, type RefundData } from "./inputs";
import * as trails from "./trail";

/** How a refund or dispute names its sale: the invoice, the payment, or both. */
export interface SaleRef {
  invoiceId: string | null;
  paymentId: string | null;
}

/**
 * What a refund or dispute takes from its sale (nothing while the sale is unknown): the
 * sale's credit and customer, and the invoice and payment the follower does not name itself.
 */
export function followerColumns(sale: ConversionRow | undefined, ref: SaleRef) {
  return {
    saleId: sale?.id ?? null,
    customerId: sale?.customerId ?? null,
    customerExternalId: sale?.customerExternalId ?? null,
    affiliateId: sale?.affiliateId ?? null,
    enrollmentId: sale?.enrollmentId ?? null,
    campaignId: sale?.campaignId ?? null,
    linkId: sale?.linkId ?? null,
    clickId: sale?.clickId ?? null,
    invoiceId: ref.invoiceId ?? sale?.invoiceId ?? null,
    paymentId: ref.paymentId ?? sale?.paymentId ?? null,
  };
}

/**
 * The sale a refund or dispute takes back, locked: by invoice first, else by payment (Stripe
 * charges stopped naming their invoice in API version 2025-03-31.basil, and disputes name
 * only the payment). Undefined while the sale is not recorded yet.
 */
export async function findSale(tx: Tx, brandId: string, ref: SaleRef): Promise<ConversionRow | undefined> {
  if (ref.invoiceId) {
    const [sale] = await tx
      .select()
      .from(conversions)
      .where(and(eq(conversions.brandId, brandId), eq(conversions.type, "sale"), eq(conversions.invoiceId, ref.invoiceId)))
      .for("update");
    if (sale) return sale;
  }
  if (!ref.paymentId) return undefined;
  const [sale] = await tx
    .select()
    .from(conversions)
    .where(and(eq(conversions.brandId, brandId), eq(conversions.type, "sale"), eq(conversions.paymentId, ref.paymentId)))
    .orderBy(asc(conversions.occurredAt), asc(conversions.id))
    .limit(1)
    .for("update");
  return sale;
}

/** What is left to refund of `sale`: its amount less the refunds already linked to it. */
async function leftToRefund(tx: Tx, sale: ConversionRow): Promise<number> {
  const [row] = await tx
    .select({ sum: sql<string>`coalesce(sum(${conversions.amount}), 0)` })
    .from(conversions)
    .where(and(eq(conversions.type, "refund"), eq(conversions.saleId, sale.id), eq(conversions.currency, sale.currency!)));
  return Math.max(0, sale.amount! - Number(row?.sum ?? 0));
}

/**
 * A refund checked against its sale: the edge refuses a wrong currency or an excess when
 * the sale is already recorded; one that gets here anyway (the sale arrived meanwhile, or
 * two refunds raced) is recorded, never dropped: in another currency with the mismatch
 * noted (no commission is taken back), or capped at what is left to refund with the
 * excess noted, so analytics never count more refunded than was paid.
 */
export async function checkedRefund(tx: Tx, sale: ConversionRow, amount: number, currency: string): Promise<{ amount: number; note: string; reason?: string }> {
  if (currency !== sale.currency) return { amount, note: trails.refundCurrencyMismatch(currency, sale.currency!), reason: "currency_mismatch" };
  const left = await leftToRefund(tx, sale);
  if (amount > left) return { amount: left, note: trails.refundCapped(amount, left, currency), reason: "capped" };
  return { amount, note: "" };
}

/** `full` or `partial`: as the gateway says, else (S2S) by comparing with the sale once it is known. */
export function refundKind(partial: boolean | undefined, amount: number, sale: ConversionRow | undefined): "full" | "partial" | null {
  if (partial !== undefined) return partial ? "partial" : "full";
  if (!sale || sale.currency === null) return null;
  return amount < sale.amount! ? "partial" : "full";
}

/**
 * A refund follows its sale (credited as the sale was); one that arrives first is recorded
 * unlinked and linked when the sale arrives (linkFollowers). A gateway refund is applied
 * once per refund id, whichever events report it.
 */
export async function recordRefund(tx: Tx, event: AcceptedEvent, data: RefundData): Promise<Recorded> {
  const ref = { invoiceId: data.invoice_id ?? null, paymentId: data.payment_id ?? null };
  const sale = await findSale(tx, event.brand, ref);
  const checked = sale ? await checkedRefund(tx, sale, data.amount, data.currency) : { amount: data.amount, note: "" };
  const refund = await insertConversion(tx, {
    ...origin(event),
    type: "refund",
    kind: refundKind(data.partial, data.amount, sale),
    referenceId: data.refund_id ?? null,
    ...followerColumns(sale, ref),
    amount: checked.amount,
    currency: data.currency,
    occurredAt: eventTime(event),
    attribution: { via: sale ? "sale" : null, ...(sale ? (checked.reason ? { reason: checked.reason } : {}) : { reason: "sale_not_found" }) },
    trail: (sale ? trails.followerOf({ type: "refund", kind: null }, sale, sale.affiliateId ? sale.trail : null) : trails.beforeSale(ref) + trails.paymentLookup(data.payment_lookup)) + checked.note,
  });
  if (!refund) return { outcome: "duplicate_reference", deliveries: [] };
  return { outcome: "recorded", deliveries: refund.deliveries };
}
