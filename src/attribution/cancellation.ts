import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { conversions } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { insertConversion, type Recorded } from "./conversion";
import { creditThroughCustomer, rowLookups, type Credit } from "./credit";
import { eventTime, origin, type CancellationData } from "./inputs";
import { creditColumns } from "./touch";
import * as trails from "./trail";

/**
 * A subscription was canceled: no money moves, but the creator who brought the customer
 * sees the churn. Credited like the customer's binding; when the gateway names no customer
 * (Braintree) or the customer has no binding, like the subscription's latest sale.
 */
export async function recordCancellation(tx: Tx, key: CryptoKey, event: AcceptedEvent, data: CancellationData): Promise<Recorded> {
  const at = eventTime(event);
  let customer: { id: string; externalId: string } | undefined;
  let credit: Credit | undefined;
  if (data.customer_external_id) ({ customer, credit } = await creditThroughCustomer(rowLookups(tx, key, event.brand), event, { what: "cancellation", externalId: data.customer_external_id }, at));
  let columns = creditColumns(credit?.touch ?? null);
  if (!credit?.touch) {
    const [sale] = await tx
      .select()
      .from(conversions)
      .where(and(eq(conversions.brandId, event.brand), eq(conversions.type, "sale"), eq(conversions.subscriptionId, data.subscription_id)))
      .orderBy(desc(conversions.occurredAt), desc(conversions.id))
      .limit(1);
    if (sale?.affiliateId) {
      columns = { affiliateId: sale.affiliateId, enrollmentId: sale.enrollmentId, campaignId: sale.campaignId, linkId: sale.linkId, clickId: sale.clickId };
      credit = { touch: null, attribution: { via: "sale" }, trail: trails.cancellationOf(data.subscription_id, sale.id, sale.trail) };
      customer ??= sale.customerId && sale.customerExternalId ? { id: sale.customerId, externalId: sale.customerExternalId } : undefined;
    }
  }
  const cancellation = await insertConversion(tx, {
    ...origin(event),
    type: "cancellation",
    customerId: customer?.id ?? null,
    customerExternalId: customer?.externalId ?? null,
    ...columns,
    subscriptionId: data.subscription_id,
    occurredAt: at,
    attribution: credit?.attribution ?? { via: null, reason: "no_click" },
    trail: credit?.trail ?? trails.cancellationNotCredited(data.subscription_id),
  });
  return { outcome: "recorded", deliveries: cancellation?.deliveries ?? [] };
}
