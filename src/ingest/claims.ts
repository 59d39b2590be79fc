import { toHex } from "../infra/crypto";
import { sha256Sync } from "../infra/edge/hmac-sha256";
import { describeDbError } from "../infra/db/errors";
import { claimEventDelivery } from "../infra/edge/lookups";
import { edgeSql, type DbBindings } from "../infra/edge/sql";
import type { TrackingEventType } from "../infra/db/schema/events";
import { minorToDecimal } from "../money";
import { DomainError } from "../infra/domain-error";

const encoder = new TextEncoder();

/**
 * Claims the sender's `webhook-id` for this body before the event is queued: one
 * Postgres round trip per accepted event (the redirect path stays DB-free). A reused id
 * with another body is refused with 409, like `Idempotency-Key`. A retry with the same
 * body is queued again rather than answered from memory: the first queue send may have
 * failed after the claim, and the consumer's unique (brand, source, webhook-id) key makes
 * a second copy a no-op. A refund naming the invoice of a sale already recorded is checked
 * against it here, so a wrong currency or an amount beyond what is left to refund gets a 400 now.
 */
export async function claimDelivery(
  config: DbBindings,
  e: { brandId: string; deliveryId: string; type: TrackingEventType; body: string; data: Record<string, unknown> },
): Promise<void> {
  const bodySha256 = toHex(sha256Sync(encoder.encode(`${e.type}\n${e.body}`)));
  // The pre-check finds the sale by invoice only (claim_event_delivery): a refund that names
  // just its payment is checked by the consumer instead, which caps an excess and notes a
  // currency mismatch rather than refusing (src/attribution/events.ts).
  const refund =
    e.type === "refund" && typeof e.data.invoice_id === "string" ? { invoiceId: e.data.invoice_id, currency: String(e.data.currency), amount: Number(e.data.amount) } : undefined;
  let claim;
  try {
    claim = await claimEventDelivery(edgeSql(config), { brandId: e.brandId, source: "s2s", deliveryId: e.deliveryId, bodySha256, ...(refund ? { refund } : {}) });
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "delivery claim failed", delivery_id: e.deliveryId, error: describeDbError(err) }));
    throw new DomainError("service_unavailable", "The event could not be accepted right now. Retry with the same `webhook-id`.");
  }
  switch (claim.outcome) {
    case "new":
    case "same":
      return;
    case "conflict":
      throw new DomainError(
        "conflict",
        "This `webhook-id` was already used with a different body (or event type). A retry must resend the same body; a new event needs a new `webhook-id`.",
        { param: "webhook-id" },
      );
    case "refund_currency":
      throw new DomainError("invalid_request", `Invalid \`currency\`: the sale of invoice \`${refund!.invoiceId}\` was paid in ${claim.saleCurrency}; refund it in ${claim.saleCurrency}.`, {
        param: "currency",
      });
    case "refund_excess":
      throw new DomainError(
        "invalid_request",
        `Invalid \`amount\`: only ${minorToDecimal(claim.refundable, claim.saleCurrency)} ${claim.saleCurrency} (${claim.refundable} minor units) of invoice \`${refund!.invoiceId}\` is left to refund.`,
        { param: "amount" },
      );
  }
}
