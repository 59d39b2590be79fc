import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { EventOutcome } from "../attribution/events";
import type { Tx } from "../infra/db/client";
import { campaigns, commissionOverrides, commissions, conversions, customers } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { createEarnings } from "./earn";
import { reinstateForDispute } from "./reinstate";
import { reverseForRefund } from "./reverse";

/**
 * The commissions an event's conversions call for, in the transaction that recorded the
 * event (brand principal): an earning for every credited sale that has none yet, then a
 * reversal or clawback for every credited refund or dispute opening of such a sale that
 * has none yet, then a reinstatement for every dispute won whose opening took something.
 *
 * The scope is what the event can have changed: its invoice and payment (the sale, its
 * refunds and disputes) and its customer (a lead or a click can credit the customer's
 * earlier sales, and with them their refunds). Looking for conversions without a
 * commission, rather than at what this event inserted, makes every path (credited at once,
 * adopted later, refund before sale, won before opened) the same path, and makes a
 * redelivered event a no-op. Returns the webhook deliveries to enqueue after commit.
 */
export async function accrueCommissions(tx: Tx, event: AcceptedEvent, outcome: EventOutcome): Promise<string[]> {
  if (outcome !== "recorded") return [];
  return accrueInScope(tx, event.brand, [event.data as Scope]);
}

/** What an event's data names that its commissions may hang on. */
export interface Scope {
  invoice_id?: string | null;
  payment_id?: string;
  customer_external_id?: string;
}

/**
 * accrueCommissions for the union of many recorded events' scopes (one brand), in a fixed
 * number of statements for the sales (the due query, then createEarnings); the refunds and
 * disputes it finds (rare in a batch of sales) take a few statements each.
 */
export async function accrueInScope(tx: Tx, brandId: string, scopes: Scope[]): Promise<string[]> {
  const invoices = [...new Set(scopes.flatMap((d) => (d.invoice_id ? [d.invoice_id] : [])))];
  const payments = [...new Set(scopes.flatMap((d) => (d.payment_id ? [d.payment_id] : [])))];
  const externalIds = [...new Set(scopes.flatMap((d) => (d.customer_external_id ? [d.customer_external_id] : [])))];
  const scope = [
    invoices.length > 0 ? inArray(conversions.invoiceId, invoices) : undefined,
    payments.length > 0 ? inArray(conversions.paymentId, payments) : undefined,
    externalIds.length > 0
      ? inArray(conversions.customerId, tx.select({ id: customers.id }).from(customers).where(and(eq(customers.brandId, brandId), inArray(customers.externalId, externalIds))))
      : undefined,
  ].filter((s) => s !== undefined);
  if (scope.length === 0) return [];
  // Sales first, then what takes back from them (refunds, dispute openings), then what gives back (disputes won), each in payment order.
  const step = sql`case when ${conversions.type} = 'sale' then 0 when ${conversions.type} = 'dispute' and ${conversions.kind} = 'won' then 2 else 1 end`;
  const due = await tx
    .select({ conversion: conversions, campaign: campaigns, override: commissionOverrides })
    .from(conversions)
    .leftJoin(campaigns, eq(campaigns.id, conversions.campaignId))
    .leftJoin(commissionOverrides, and(eq(commissionOverrides.campaignId, conversions.campaignId), eq(commissionOverrides.productId, conversions.productId)))
    .where(
      and(
        eq(conversions.brandId, brandId),
        isNotNull(conversions.affiliateId),
        or(
          eq(conversions.type, "sale"),
          and(eq(conversions.type, "refund"), isNotNull(conversions.saleId)),
          and(eq(conversions.type, "dispute"), inArray(conversions.kind, ["opened", "won"]), isNotNull(conversions.saleId)),
        ),
        or(...scope),
        // OFFSET 0 keeps this a per-row probe of the (brand, conversion) key: as an anti-join
        // the planner may scan every commission of the brand for each event.
        sql`not exists (select 1 from ${commissions} m where m.brand_id = ${conversions.brandId} and m.conversion_id = ${conversions.id} offset 0)`,
      ),
    )
    .orderBy(step, asc(conversions.occurredAt), asc(conversions.id));
  const earnings = due.flatMap(({ conversion, campaign, override }) => (conversion.type === "sale" && campaign ? [{ sale: conversion, terms: { campaign, override } }] : []));
  const deliveries = await createEarnings(tx, earnings);
  for (const { conversion } of due) {
    if (conversion.type === "sale") continue;
    if (conversion.type === "dispute" && conversion.kind === "won") deliveries.push(...(await reinstateForDispute(tx, conversion)));
    else deliveries.push(...(await reverseForRefund(tx, conversion)));
  }
  return deliveries;
}
