import { and, eq, isNull, sql } from "drizzle-orm";
import { parseRfc3339 } from "../event-time";
import type { Tx } from "../infra/db/client";
import { conversions, trackingEvents, type Attribution } from "../infra/db/schema";
import { newId } from "../infra/ids";
import type { LeadEvent, RefundEvent, SaleEvent } from "../ingest/schemas";
import type { AcceptedEvent } from "../infra/queues/messages";
import { serializeConversion } from "../conversions/schemas";
import { emitEvent } from "../webhooks/emit";
import { adoptUncreditedSales, bind, lockCustomer, takesBinding, type Customer } from "./customers";
import { insideWindow, touchFor, type Touch } from "./touch";
import * as trails from "./trail";

export type EventOutcome = "duplicate_event" | "duplicate_invoice" | "recorded";

/** What recording an event did: its outcome and the webhook deliveries to queue after commit. */
export interface Recorded {
  outcome: EventOutcome;
  deliveries: string[];
}

const WEBHOOK_TYPE = { lead: "lead.created", sale: "sale.created", refund: "refund.created" } as const;

type ConversionInsert = typeof conversions.$inferInsert;
interface Credit {
  touch: Touch | null;
  attribution: Attribution;
  trail: string;
}

function creditColumns(touch: Touch | null) {
  return {
    affiliateId: touch?.affiliateId ?? null,
    enrollmentId: touch?.enrollmentId ?? null,
    campaignId: touch?.campaignId ?? null,
    linkId: touch?.linkId ?? null,
    clickId: touch?.clickId ?? null,
  };
}

function attributionOf(via: Attribution["via"], t: Touch): Attribution {
  return { via, model: t.model, windowDays: t.windowDays, clickId: t.clickId, clickedAt: t.clickedAt.toISOString(), linkCode: t.linkCode };
}

/**
 * Applies the event's click (if any) to a customer and says whom the conversion credits:
 * the click binds the customer when it is inside its window and wins over the current
 * binding (see takesBinding); the conversion is credited through the binding in force.
 */
async function creditThroughCustomer(
  tx: Tx,
  key: CryptoKey,
  event: AcceptedEvent,
  what: string,
  externalId: string,
  email: string | undefined,
  clickId: string | undefined,
  at: Date,
): Promise<{ customer: Customer; credit: Credit }> {
  let customer = await lockCustomer(tx, event.brand, externalId, email);
  let rejected: string | undefined;
  let ignored: Touch | undefined;
  if (clickId) {
    const found = await touchFor(tx, key, clickId);
    if (!found.ok) rejected = trails.unusableClick(clickId, found.reason);
    else if (!insideWindow(found.touch.clickedAt, found.touch.windowDays, at)) rejected = trails.outsideWindow(found.touch, what, at);
    else if (takesBinding(customer.binding, found.touch, at)) {
      customer = await bind(tx, customer, found.touch, event.id, at);
      await adoptUncreditedSales(tx, customer);
      return { customer, credit: { touch: found.touch, attribution: attributionOf("click", found.touch), trail: trails.creditedByClick(found.touch, what, at) } };
    } else ignored = found.touch;
  }
  const binding = customer.binding;
  if (!binding) return { customer, credit: { touch: null, attribution: { via: null, reason: clickId ? "click_not_usable" : "no_click" }, trail: rejected ?? trails.noClick(what, externalId) } };
  const trail = ignored
    ? trails.keptEarlierBinding(externalId, binding.touch, binding.boundAt, ignored)
    : trails.creditedByCustomer(externalId, binding.touch, binding.boundAt) + (rejected ? `; this ${what}'s own click did not count (${rejected.replace(/^not credited: /, "")})` : "");
  return { customer, credit: { touch: binding.touch, attribution: attributionOf("customer", binding.touch), trail } };
}

/** A sale without a customer id is credited by its own click alone. */
async function creditThroughClick(tx: Tx, key: CryptoKey, clickId: string, at: Date): Promise<Credit> {
  const found = await touchFor(tx, key, clickId);
  if (!found.ok) return { touch: null, attribution: { via: null, reason: found.reason }, trail: trails.unusableClick(clickId, found.reason) };
  if (!insideWindow(found.touch.clickedAt, found.touch.windowDays, at)) {
    return { touch: null, attribution: { via: null, reason: "outside_window", clickId, clickedAt: found.touch.clickedAt.toISOString() }, trail: trails.outsideWindow(found.touch, "sale", at) };
  }
  return { touch: found.touch, attribution: attributionOf("click", found.touch), trail: trails.creditedByClick(found.touch, "sale", at) };
}

/**
 * Inserts the conversion and, in the same transaction, the brand's `lead.created` /
 * `sale.created` / `refund.created` webhook event (the outbox). Undefined when a unique
 * key says this conversion already exists.
 */
async function insertConversion(tx: Tx, values: Omit<ConversionInsert, "id">): Promise<{ id: string; deliveries: string[] } | undefined> {
  const [row] = await tx
    .insert(conversions)
    .values({ id: newId("conversion"), ...values })
    .onConflictDoNothing()
    .returning();
  if (!row) return undefined;
  const deliveries = await emitEvent(tx, row.brandId, WEBHOOK_TYPE[row.type as keyof typeof WEBHOOK_TYPE], row.id, serializeConversion(row));
  return { id: row.id, deliveries };
}

async function recordLead(tx: Tx, key: CryptoKey, event: AcceptedEvent, data: LeadEvent): Promise<Recorded> {
  const at = new Date(event.receivedAt);
  const { customer, credit } = await creditThroughCustomer(tx, key, event, "lead", data.customer_external_id, data.email, data.click_id, at);
  const lead = await insertConversion(tx, {
    brandId: event.brand,
    type: "lead",
    sourceEventId: event.id,
    customerId: customer.id,
    customerExternalId: customer.externalId,
    ...creditColumns(credit.touch),
    occurredAt: at,
    attribution: credit.attribution,
    trail: credit.trail,
  });
  return { outcome: "recorded", deliveries: lead?.deliveries ?? [] };
}

async function recordSale(tx: Tx, key: CryptoKey, event: AcceptedEvent, data: SaleEvent): Promise<Recorded> {
  const at = new Date(data.occurred_at ? parseRfc3339(data.occurred_at)! : event.receivedAt);
  let customer: Customer | undefined;
  let credit: Credit;
  if (data.customer_external_id) {
    ({ customer, credit } = await creditThroughCustomer(tx, key, event, "sale", data.customer_external_id, undefined, data.click_id, at));
  } else {
    credit = await creditThroughClick(tx, key, data.click_id!, at);
  }
  const sale = await insertConversion(tx, {
    brandId: event.brand,
    type: "sale",
    sourceEventId: event.id,
    customerId: customer?.id ?? null,
    customerExternalId: customer?.externalId ?? null,
    ...creditColumns(credit.touch),
    amount: data.amount,
    currency: data.currency,
    invoiceId: data.invoice_id,
    productId: data.product_id ?? null,
    occurredAt: at,
    attribution: credit.attribution,
    trail: credit.trail,
  });
  // Unique (brand, invoice) among sales: the same payment reported twice counts once.
  if (!sale) return { outcome: "duplicate_invoice", deliveries: [] };
  // Refunds that arrived before their sale follow it now, checked against it in arrival order.
  const early = await tx
    .select()
    .from(conversions)
    .where(and(eq(conversions.type, "refund"), eq(conversions.invoiceId, data.invoice_id), isNull(conversions.saleId)))
    .orderBy(conversions.createdAt, conversions.id);
  const [saleRow] = early.length ? await tx.select().from(conversions).where(eq(conversions.id, sale.id)) : [];
  for (const refund of early) {
    const checked = await checkedRefund(tx, saleRow!, refund.amount!, refund.currency!);
    await tx
      .update(conversions)
      .set({
        saleId: sale.id,
        ...creditColumns(credit.touch),
        amount: checked.amount,
        attribution: { via: "sale", ...(checked.reason ? { reason: checked.reason } : {}) },
        trail: trails.refundOf(sale.id, data.invoice_id, credit.touch ? credit.trail : null) + checked.note,
      })
      .where(eq(conversions.id, refund.id));
  }
  return { outcome: "recorded", deliveries: sale.deliveries };
}

/** What is left to refund of `sale`: its amount less the refunds already linked to it. */
async function leftToRefund(tx: Tx, sale: typeof conversions.$inferSelect): Promise<number> {
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
async function checkedRefund(tx: Tx, sale: typeof conversions.$inferSelect, amount: number, currency: string): Promise<{ amount: number; note: string; reason?: string }> {
  if (currency !== sale.currency) return { amount, note: trails.refundCurrencyMismatch(currency, sale.currency!), reason: "currency_mismatch" };
  const left = await leftToRefund(tx, sale);
  if (amount > left) return { amount: left, note: trails.refundCapped(amount, left, currency), reason: "capped" };
  return { amount, note: "" };
}

async function recordRefund(tx: Tx, event: AcceptedEvent, data: RefundEvent): Promise<Recorded> {
  const [sale] = await tx
    .select()
    .from(conversions)
    .where(and(eq(conversions.type, "sale"), eq(conversions.invoiceId, data.invoice_id)))
    .for("update");
  const checked = sale ? await checkedRefund(tx, sale, data.amount, data.currency) : { amount: data.amount, note: "" };
  const refund = await insertConversion(tx, {
    brandId: event.brand,
    type: "refund",
    sourceEventId: event.id,
    customerId: sale?.customerId ?? null,
    customerExternalId: sale?.customerExternalId ?? null,
    affiliateId: sale?.affiliateId ?? null,
    enrollmentId: sale?.enrollmentId ?? null,
    campaignId: sale?.campaignId ?? null,
    linkId: sale?.linkId ?? null,
    clickId: sale?.clickId ?? null,
    amount: checked.amount,
    currency: data.currency,
    invoiceId: data.invoice_id,
    saleId: sale?.id ?? null,
    occurredAt: new Date(event.receivedAt),
    attribution: { via: sale ? "sale" : null, ...(sale ? (checked.reason ? { reason: checked.reason } : {}) : { reason: "sale_not_found" }) },
    trail: (sale ? trails.refundOf(sale.id, data.invoice_id, sale.affiliateId ? sale.trail : null) : trails.refundBeforeSale(data.invoice_id)) + checked.note,
  });
  return { outcome: "recorded", deliveries: refund?.deliveries ?? [] };
}

/**
 * Records one accepted event, its conversion and the conversion's webhook event in the
 * caller's transaction (under the event's brand). The event row goes first: if this
 * delivery was already recorded, the unique (brand, source, webhook-id) key makes the
 * rest a no-op.
 */
export async function recordEvent(tx: Tx, key: CryptoKey, event: AcceptedEvent): Promise<Recorded> {
  const [fresh] = await tx
    .insert(trackingEvents)
    .values({
      id: event.id,
      brandId: event.brand,
      source: "s2s",
      deliveryId: event.delivery,
      keyId: event.key,
      type: event.type,
      payload: event.data,
      receivedAt: new Date(event.receivedAt),
    })
    .onConflictDoNothing()
    .returning({ id: trackingEvents.id });
  if (!fresh) return { outcome: "duplicate_event", deliveries: [] };
  switch (event.type) {
    case "lead":
      return recordLead(tx, key, event, event.data as LeadEvent);
    case "sale":
      return recordSale(tx, key, event, event.data as SaleEvent);
    case "refund":
      return recordRefund(tx, event, event.data as RefundEvent);
    default:
      throw new Error(`no recorder for ${event.type} events yet`);
  }
}
