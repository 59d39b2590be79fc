/**
 * The payouts API's objects as the contract (notes/payouts-api.md) states them. Written here
 * by hand because the payout policy and run operations are built on another branch: once they
 * are merged, these become `Api<typeof …Schema>` entries in web/src/api-types.ts like the rest.
 */

export type PayoutSchedule = "manual" | "weekly" | "monthly";

export interface SavedPaymentMethod {
  id: string;
  type: "card" | "us_bank_account" | "sepa_debit";
  label: string;
  last4: string;
}

export interface PayoutPolicy {
  object: "payout_policy";
  schedule: PayoutSchedule;
  weekday: number | null;
  month_day: number | null;
  minimum_amount: number;
  currency: string;
  requires_approval: boolean;
  require_tax_form: boolean;
  next_run_at: string | null;
  payment_method: SavedPaymentMethod | null;
  payouts_configured: boolean;
}

export type PayoutRunStatus = "draft" | "charging" | "transferring" | "completed" | "failed" | "canceled";
export type PayoutStatus = "skipped" | "pending" | "paid" | "failed" | "reversed";
export type SkipReason = "below_minimum" | "no_payout_account" | "payouts_not_enabled" | "tax_form_required" | "nothing_due";

export interface Payout {
  id: string;
  object: "payout";
  run_id: string;
  affiliate_id: string;
  creator_name: string;
  status: PayoutStatus;
  skip_reason: SkipReason | null;
  amount: number;
  currency: string;
  stripe_account_id: string | null;
  transfer_id: string | null;
  source_transaction: string | null;
  transfer_group: string;
  failure_code: string | null;
  failure_message: string | null;
  paid_at: string | null;
  created_at: string;
  commission_ids: string[];
}

export interface PayoutRun {
  id: string;
  object: "payout_run";
  status: PayoutRunStatus;
  trigger: "manual" | "schedule";
  currency: string;
  transfer_amount: number;
  fee_amount: number;
  charge_amount: number;
  refunded_amount: number;
  payment_method_id: string | null;
  attempt: number;
  payment_intent_id: string | null;
  charge_id: string | null;
  transfer_group: string;
  failure_code: string | null;
  failure_message: string | null;
  payable_count: number;
  skipped_count: number;
  created_at: string;
  approved_at: string | null;
  approved_by: string | null;
  completed_at: string | null;
  items?: Payout[];
}
