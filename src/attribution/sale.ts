import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { withTrialConversion } from "../gateways/trial";
import type { SaleEvent } from "../gateways/types";
import type { Tx } from "../infra/db/client";
import { conversions } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { insertConversion, type ConversionRow, type Recorded } from "./conversion";
import { creditThroughClick, creditThroughCustomer, rowLookups, type Credit } from "./credit";
import { eventTime, origin, type SaleData } from "./inputs";
import { checkedRefund, followerColumns, refundKind } from "./refund";
import { creditColumns } from "./touch";
import * as trails from "./trail";

/**
 * A payment: credited by its click, its customer's binding, or its promotion code (in that
 * order), once per invoice. Refunds and disputes that arrived before it follow it now.
 */
export async function recordSale(tx: Tx, key: CryptoKey, event: AcceptedEvent, reported: SaleData): Promise<Recorded> {
  const at = eventTime(event);
  const data = await withTrialHistory(tx, event.brand, reported);
  let customer: { id: string; externalId: string } | undefined;
  let credit: Credit;
  if (data.customer_external_id) {
    const claim = { what: "sale", externalId: data.customer_external_id, clickId: data.click_id, promoCode: data.promo_code };
    ({ customer, credit } = await creditThroughCustomer(rowLookups(tx, key, event.brand), event, claim, at));
  } else {
    credit = await creditThroughClick(rowLookups(tx, key, event.brand), data.click_id, data.promo_code, at);
  }
  const sale = await insertConversion(tx, saleValues(event, data, customer, credit, at));
  // Unique (brand, invoice) among sales: the same payment reported twice counts once.
  if (!sale) return { outcome: "duplicate_invoice", deliveries: [] };
  await linkFollowers(tx, sale.row);
  return { outcome: "recorded", deliveries: sale.deliveries };
}

/** The conversion row of a sale credited by `credit` (recordSale, and recordSales for a batch). */
export function saleValues(event: AcceptedEvent, data: SaleData, customer: { id: string; externalId: string } | undefined, credit: Credit, at: Date) {
  return {
    ...origin(event),
    type: "sale" as const,
    kind: data.kind ?? null,
    customerId: customer?.id ?? null,
    customerExternalId: customer?.externalId ?? null,
    ...creditColumns(credit.touch),
    amount: data.amount,
    currency: data.currency,
    invoiceId: data.invoice_id,
    paymentId: data.payment_id ?? null,
    subscriptionId: data.subscription_id ?? null,
    productId: data.product_id ?? null,
    priceId: data.price_id ?? null,
    promoCode: data.promo_code ?? null,
    occurredAt: at,
    attribution: credit.attribution,
    trail: credit.trail + (data.trial_converted ? trails.trialConverted(data.subscription_id) : "") + trails.paymentLookup(data.payment_lookup),
  };
}

/**
 * The first paid charge after a trial, where the gateway cannot say it (Stripe, Paddle: an
 * ordinary renewal): decided from what is recorded of its subscription (src/gateways/trial.ts).
 */
async function withTrialHistory(tx: Tx, brandId: string, data: SaleData): Promise<SaleData> {
  if (data.kind !== "renewal" || !data.subscription_id) return data;
  const [seen] = await tx
    .select({
      trials: sql<number>`count(*) filter (where ${conversions.type} = 'trial_started')::int`,
      sales: sql<number>`count(*) filter (where ${conversions.type} = 'sale')::int`,
    })
    .from(conversions)
    .where(and(eq(conversions.brandId, brandId), eq(conversions.subscriptionId, data.subscription_id)));
  return withTrialConversion(data as SaleEvent, { trialStarted: (seen?.trials ?? 0) > 0, earlierSales: seen?.sales ?? 0 });
}

/**
 * Links the refunds and disputes that arrived before `sale` (naming its invoice or its
 * payment) to it, in arrival order, each refund checked against what is left to refund.
 * They are credited as the sale is; their commissions follow in accrueCommissions.
 * `early`: those followers when the caller read them already (earlyFollowers).
 */
export async function linkFollowers(tx: Tx, sale: ConversionRow, early?: ConversionRow[]): Promise<void> {
  const followers = early ?? (await earlyFollowers(tx, sale.brandId, [sale]));
  const saleTrail = sale.affiliateId ? sale.trail : null;
  for (const f of followers) {
    const checked = f.type === "refund" ? await checkedRefund(tx, sale, f.amount!, f.currency!) : { amount: f.amount!, note: "" as string, reason: undefined };
    await tx
      .update(conversions)
      .set({
        ...followerColumns(sale, f),
        amount: checked.amount,
        ...(f.type === "refund" && f.kind === null ? { kind: refundKind(undefined, checked.amount, sale) } : {}),
        attribution: { via: "sale", ...(checked.reason ? { reason: checked.reason } : {}) },
        trail: trails.followerOf(f, sale, saleTrail) + checked.note,
      })
      .where(eq(conversions.id, f.id));
  }
}

/** The unlinked refunds and disputes naming the invoice or payment of one of `sales`, in arrival order (one statement). */
export async function earlyFollowers(tx: Tx, brandId: string, sales: Pick<ConversionRow, "invoiceId" | "paymentId">[]): Promise<ConversionRow[]> {
  const invoices = sales.flatMap((s) => (s.invoiceId ? [s.invoiceId] : []));
  const payments = sales.flatMap((s) => (s.paymentId ? [s.paymentId] : []));
  const names: SQL[] = [];
  if (invoices.length > 0) names.push(inArray(conversions.invoiceId, invoices));
  if (payments.length > 0) names.push(inArray(conversions.paymentId, payments));
  if (names.length === 0) return [];
  return tx
    .select()
    .from(conversions)
    .where(and(eq(conversions.brandId, brandId), inArray(conversions.type, ["refund", "dispute"]), isNull(conversions.saleId), or(...names)))
    .orderBy(asc(conversions.createdAt), asc(conversions.id));
}

/** Whether `follower` names `sale` (its invoice, or its payment). */
export const follows = (follower: ConversionRow, sale: ConversionRow) =>
  follower.invoiceId === sale.invoiceId || (sale.paymentId !== null && follower.paymentId === sale.paymentId);
