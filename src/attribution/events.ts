import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "../db/client";
import { conversions, trackingEvents, type Attribution } from "../db/schema";
import { newId } from "../ids";
import type { LeadEvent, RefundEvent, SaleEvent } from "../ingest/schemas";
import type { AcceptedEvent } from "../queues/messages";
import { adoptUncreditedSales, bind, lockCustomer, takesBinding, type Customer } from "./customers";
import { insideWindow, touchFor, type Touch } from "./touch";
import * as trails from "./trail";

export type EventOutcome = "duplicate_event" | "duplicate_invoice" | "recorded";

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

async function insertConversion(tx: Tx, values: Omit<ConversionInsert, "id">): Promise<string | undefined> {
  const [row] = await tx
    .insert(conversions)
    .values({ id: newId("conversion"), ...values })
    .onConflictDoNothing()
    .returning({ id: conversions.id });
  return row?.id;
}

async function recordLead(tx: Tx, key: CryptoKey, event: AcceptedEvent, data: LeadEvent): Promise<EventOutcome> {
  const at = new Date(event.receivedAt);
  const { customer, credit } = await creditThroughCustomer(tx, key, event, "lead", data.customer_external_id, data.email, data.click_id, at);
  await insertConversion(tx, {
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
  return "recorded";
}

async function recordSale(tx: Tx, key: CryptoKey, event: AcceptedEvent, data: SaleEvent): Promise<EventOutcome> {
  const at = data.occurred_at ? new Date(data.occurred_at) : new Date(event.receivedAt);
  let customer: Customer | undefined;
  let credit: Credit;
  if (data.customer_external_id) {
    ({ customer, credit } = await creditThroughCustomer(tx, key, event, "sale", data.customer_external_id, undefined, data.click_id, at));
  } else {
    credit = await creditThroughClick(tx, key, data.click_id!, at);
  }
  const saleId = await insertConversion(tx, {
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
  if (!saleId) return "duplicate_invoice";
  // Refunds that arrived before their sale follow it now.
  await tx
    .update(conversions)
    .set({ saleId, ...creditColumns(credit.touch), attribution: { via: "sale" }, trail: trails.refundOf(saleId, data.invoice_id, credit.touch ? credit.trail : null) })
    .where(and(eq(conversions.type, "refund"), eq(conversions.invoiceId, data.invoice_id), isNull(conversions.saleId)));
  return "recorded";
}

async function recordRefund(tx: Tx, event: AcceptedEvent, data: RefundEvent): Promise<EventOutcome> {
  const [sale] = await tx
    .select()
    .from(conversions)
    .where(and(eq(conversions.type, "sale"), eq(conversions.invoiceId, data.invoice_id)));
  await insertConversion(tx, {
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
    amount: data.amount,
    currency: data.currency,
    invoiceId: data.invoice_id,
    saleId: sale?.id ?? null,
    occurredAt: new Date(event.receivedAt),
    attribution: { via: sale ? "sale" : null, ...(sale ? {} : { reason: "sale_not_found" }) },
    trail: sale ? trails.refundOf(sale.id, data.invoice_id, sale.affiliateId ? sale.trail : null) : trails.refundBeforeSale(data.invoice_id),
  });
  return "recorded";
}

/**
 * Records one accepted event and its conversion in the caller's transaction (under the
 * event's brand). The event row goes first: if this delivery was already recorded, the
 * unique (brand, source, webhook-id) key makes the rest a no-op.
 */
export async function recordEvent(tx: Tx, key: CryptoKey, event: AcceptedEvent): Promise<EventOutcome> {
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
  if (!fresh) return "duplicate_event";
  switch (event.type) {
    case "lead":
      return recordLead(tx, key, event, event.data as LeadEvent);
    case "sale":
      return recordSale(tx, key, event, event.data as SaleEvent);
    case "refund":
      return recordRefund(tx, event, event.data as RefundEvent);
  }
}
