import { and, asc, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { EventOutcome } from "../attribution/events";
import type { Tx } from "../infra/db/client";
import { campaigns, commissionOverrides, commissions, conversions, customers } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { createEarning } from "./earn";
import { reverseForRefund } from "./reverse";

/**
 * The commissions an event's conversions call for, in the transaction that recorded the
 * event (brand principal): an earning for every credited sale that has none yet, then a
 * reversal or clawback for every credited refund of such a sale that has none yet.
 *
 * The scope is what the event can have changed: its invoice (the sale, its refunds) and
 * its customer (a lead or a click can credit the customer's earlier sales, and with them
 * their refunds). Looking for conversions without a commission, rather than at what this
 * event inserted, makes every path (credited at once, adopted later, refund before sale)
 * the same path, and makes a redelivered event a no-op. Returns the webhook deliveries to
 * enqueue after commit.
 */
export async function accrueCommissions(tx: Tx, event: AcceptedEvent, outcome: EventOutcome): Promise<string[]> {
  if (outcome !== "recorded") return [];
  const data = event.data as { invoice_id?: string; customer_external_id?: string };
  const customer = data.customer_external_id
    ? inArray(conversions.customerId, tx.select({ id: customers.id }).from(customers).where(and(eq(customers.brandId, event.brand), eq(customers.externalId, data.customer_external_id))))
    : undefined;
  const invoice = data.invoice_id ? eq(conversions.invoiceId, data.invoice_id) : undefined;
  if (!customer && !invoice) return [];
  const due = await tx
    .select({ conversion: conversions, campaign: campaigns, override: commissionOverrides })
    .from(conversions)
    .leftJoin(campaigns, eq(campaigns.id, conversions.campaignId))
    .leftJoin(commissionOverrides, and(eq(commissionOverrides.campaignId, conversions.campaignId), eq(commissionOverrides.productId, conversions.productId)))
    .where(
      and(
        eq(conversions.brandId, event.brand),
        isNotNull(conversions.affiliateId),
        or(eq(conversions.type, "sale"), and(eq(conversions.type, "refund"), isNotNull(conversions.saleId))),
        or(invoice, customer),
        // OFFSET 0 keeps this a per-row probe of the (brand, conversion) key: as an anti-join
        // the planner may scan every commission of the brand for each event.
        sql`not exists (select 1 from ${commissions} m where m.brand_id = ${conversions.brandId} and m.conversion_id = ${conversions.id} offset 0)`,
      ),
    )
    // Sales before refunds ('sale' > 'refund'), each in payment order: a refund finds its earning.
    .orderBy(desc(conversions.type), asc(conversions.occurredAt), asc(conversions.id));
  const deliveries: string[] = [];
  for (const { conversion, campaign, override } of due) {
    if (conversion.type === "refund") deliveries.push(...(await reverseForRefund(tx, conversion)));
    else if (campaign) deliveries.push(...(await createEarning(tx, conversion, { campaign, override })));
  }
  return deliveries;
}
