import { isoTime } from "../read";
import { normalizing, PayloadError, type NormalizeResult } from "../types";
import { braintreeMoney } from "./money";
import { textAt, type XmlElement } from "./xml";

/**
 * A Braintree refund is a `credit` transaction naming the sale it refunds
 * (`refunded-transaction-id`). It has no webhook, so the cron finds it by searching and
 * turns it into the same normalized refund event a webhook would have produced. Its
 * external id is `refund:{credit id}`: the same refund found again is the same event.
 */

/** Credit statuses where the money is on its way back (or back): a declined or voided credit refunded nothing. */
export const REFUNDING_STATUSES = ["submitted_for_settlement", "settlement_pending", "settling", "settled", "settlement_confirmed"];

export const refundDelivery = (creditId: string) => `refund:${creditId}`;

/**
 * The refund event of `credit`. `sale` is the transaction it refunds when the search found
 * it: a refund is partial when it is less than the sale (each refund is compared on its own,
 * as Stripe's per-refund objects are). Without the sale it is taken as full.
 */
export function refundEvent(credit: XmlElement, sale: XmlElement | undefined, livemode: boolean, now = Date.now()): NormalizeResult {
  return normalizing(() => {
    const refundId = textAt(credit, "id");
    if (!refundId) throw new PayloadError("transaction.id", "transaction.id is missing");
    const saleId = textAt(credit, "refunded-transaction-id");
    if (!saleId) throw new PayloadError("transaction.refunded-transaction-id", "the credit refunds no sale (a standalone credit is not a refund)");
    const { amount, currency } = braintreeMoney(credit, "transaction");
    const original = sale ? braintreeMoney(sale, "refunded_transaction") : undefined;
    return {
      type: "refund",
      gateway: "braintree",
      external_event_id: refundDelivery(refundId),
      occurred_at: isoTime(textAt(credit, "created-at"), "transaction.created-at"),
      livemode,
      invoice_id: saleId,
      payment_id: saleId,
      refund_id: refundId,
      amount,
      currency,
      partial: original !== undefined && original.currency === currency && amount < original.amount,
    };
  }, now);
}
