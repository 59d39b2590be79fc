import { csvField, csvHeader, csvLine } from "../infra/http/csv";
import { minorToDecimal } from "../money";
import type { PayoutRow, RunRow } from "./schemas";

/** The payouts CSV exports, with the conversions export's conventions: decimals of the major unit beside integer minor units. */

const money = (amount: number, currency: string) => [csvField(minorToDecimal(amount, currency), "number"), csvField(amount, "number")];
const at = (d: Date | null) => csvField(d?.toISOString() ?? null);

export const RUN_CSV_HEADER = csvHeader([
  "id",
  "created_at",
  "status",
  "trigger",
  "currency",
  "transfer_amount",
  "transfer_amount_minor",
  "fee_amount",
  "fee_amount_minor",
  "charge_amount",
  "charge_amount_minor",
  "refunded_amount",
  "refunded_amount_minor",
  "payable_count",
  "skipped_count",
  "attempt",
  "payment_method_id",
  "payment_intent_id",
  "charge_id",
  "transfer_group",
  "failure_code",
  "failure_message",
  "approved_at",
  "approved_by",
  "completed_at",
]);

export function runCsvLine(r: RunRow): string {
  return csvLine([
    csvField(r.id),
    at(r.createdAt),
    csvField(r.status),
    csvField(r.trigger),
    csvField(r.currency),
    ...money(r.transferAmount, r.currency),
    ...money(r.feeAmount, r.currency),
    ...money(r.chargeAmount, r.currency),
    ...money(r.refundedAmount, r.currency),
    csvField(r.payableCount, "number"),
    csvField(r.skippedCount, "number"),
    csvField(r.attempt, "number"),
    csvField(r.paymentMethodId),
    csvField(r.paymentIntentId),
    csvField(r.chargeId),
    csvField(r.transferGroup),
    csvField(r.failureCode),
    csvField(r.failureMessage),
    at(r.approvedAt),
    csvField(r.approvedBy),
    at(r.completedAt),
  ]);
}

export const PAYOUT_CSV_HEADER = csvHeader([
  "id",
  "run_id",
  "created_at",
  "affiliate_id",
  "creator_name",
  "status",
  "skip_reason",
  "amount",
  "currency",
  "amount_minor",
  "stripe_account_id",
  "transfer_id",
  "source_transaction",
  "transfer_group",
  "failure_code",
  "failure_message",
  "paid_at",
  "commission_ids",
]);

export function payoutCsvLine(p: PayoutRow): string {
  const [amount, amountMinor] = money(p.amount, p.currency);
  return csvLine([
    csvField(p.id),
    csvField(p.runId),
    at(p.createdAt),
    csvField(p.affiliateId),
    csvField(p.creatorName),
    csvField(p.status),
    csvField(p.skipReason),
    amount!,
    csvField(p.currency),
    amountMinor!,
    csvField(p.stripeAccountId),
    csvField(p.transferId),
    csvField(p.sourceTransaction),
    csvField(p.transferGroup),
    csvField(p.failureCode),
    csvField(p.failureMessage),
    at(p.paidAt),
    csvField(p.commissionIds.join(" ")),
  ]);
}
