import { and, eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { conversions } from "../infra/db/schema";
import type { AcceptedEvent } from "../infra/queues/messages";
import { insertConversion, type Recorded } from "./conversion";
import { eventTime, origin, type DisputeData } from "./inputs";
import { findSale, followerColumns } from "./refund";
import * as trails from "./trail";

/**
 * One phase of a chargeback, recorded once per (dispute, phase) and credited as its sale
 * is. The commissions follow in accrueCommissions: `opened` takes back like a refund of the
 * disputed amount, `won` gives back what `opened` took, `lost` moves nothing. Phases and
 * the sale may arrive in any order: a dispute before its sale is linked when the sale
 * arrives (linkFollowers), a `won` before its `opened` is applied when the opening arrives.
 */
export async function recordDispute(tx: Tx, event: AcceptedEvent, data: DisputeData): Promise<Recorded> {
  const ref = { invoiceId: data.invoice_id ?? null, paymentId: data.payment_id ?? null };
  const sale = await findSale(tx, event.brand, ref);
  let trail = sale ? trails.followerOf({ type: "dispute", kind: data.phase }, sale, sale.affiliateId ? sale.trail : null) : trails.beforeSale(ref) + trails.paymentLookup(data.payment_lookup);
  if (data.phase === "won") {
    const [opened] = await tx
      .select({ id: conversions.id })
      .from(conversions)
      .where(and(eq(conversions.brandId, event.brand), eq(conversions.type, "dispute"), eq(conversions.referenceId, data.dispute_id), eq(conversions.kind, "opened")));
    if (!opened) trail += trails.disputeWonBeforeOpened(data.dispute_id);
  }
  const dispute = await insertConversion(tx, {
    ...origin(event),
    type: "dispute",
    kind: data.phase,
    referenceId: data.dispute_id,
    ...followerColumns(sale, ref),
    amount: data.amount,
    currency: data.currency,
    occurredAt: eventTime(event),
    attribution: sale ? { via: "sale" } : { via: null, reason: "sale_not_found" },
    trail,
  });
  if (!dispute) return { outcome: "duplicate_reference", deliveries: [] };
  return { outcome: "recorded", deliveries: dispute.deliveries };
}
