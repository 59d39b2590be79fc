import { z } from "@hono/zod-openapi";
import { PAYOUT_RUN_STATUSES, PAYOUT_SCHEDULES, PAYOUT_SKIP_REASONS, PAYOUT_STATUSES, type payoutRuns, type payouts } from "../infra/db/schema";
import { PageQuery } from "../infra/http/pagination";
import { Currency, MinorAmount, Timestamp } from "../infra/http/schemas";
import type { PolicyView } from "./policy/policy";

/** The payouts API's objects (docs: /work/notes/payouts-api.md is the contract the dashboards use). */

const SavedMethod = z.object({
  id: z.string().openapi({ example: "pm_1Q2w3E4r5T6y7U8i" }),
  type: z.enum(["card", "us_bank_account", "sepa_debit"]),
  label: z.string().openapi({ example: "Visa" }),
  last4: z.string().openapi({ example: "4242" }),
});

export const PayoutPolicy = z
  .object({
    object: z.literal("payout_policy"),
    schedule: z.enum(PAYOUT_SCHEDULES),
    weekday: z.number().int().nullable().openapi({ description: "Weekly runs: ISO day of week, 1 = Monday … 7 = Sunday." }),
    month_day: z.number().int().nullable().openapi({ description: "Monthly runs: day of the month, 1–28." }),
    minimum_amount: z.number().int().openapi({ description: "Minor units of `currency`: a creator whose net is below waits for a later run." }),
    currency: z.string().openapi({
      example: "USD",
      description: "What runs charge and pay: always the settlement currency of Rekomi's Stripe platform account (USD for a US platform), also when the brand's default currency differs, so Stripe's fee and the transfers reconcile with the charge. Commissions in other currencies stay owed.",
    }),
    requires_approval: z.boolean(),
    require_tax_form: z.boolean().openapi({ description: "Pay only creators with a valid tax form on file for this brand (the brand's one tax-form rule)." }),
    next_run_at: Timestamp.nullable(),
    payment_method: SavedMethod.nullable(),
    payouts_configured: z.boolean().openapi({ description: "False when this deployment cannot pay out (no Stripe platform key)." }),
  })
  .openapi("PayoutPolicy");
export type PayoutPolicy = z.infer<typeof PayoutPolicy>;

export const UpdatePayoutPolicy = z
  .object({
    schedule: z.enum(PAYOUT_SCHEDULES).optional(),
    weekday: z.number().int().min(1).max(7).nullable().optional().openapi({ description: "Required with `weekly`; 1 = Monday … 7 = Sunday." }),
    month_day: z.number().int().min(1).max(28).nullable().optional().openapi({ description: "Required with `monthly`; 1–28." }),
    minimum_amount: MinorAmount.optional(),
    currency: Currency.optional().openapi({ description: "Only the platform's settlement currency is accepted (422 otherwise)." }),
    requires_approval: z.boolean().optional(),
    require_tax_form: z.boolean().optional(),
  })
  .strict()
  .openapi("UpdatePayoutPolicy");
export type UpdatePayoutPolicy = z.infer<typeof UpdatePayoutPolicy>;

export const Payout = z
  .object({
    id: z.string().openapi({ example: "po_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("payout"),
    run_id: z.string(),
    affiliate_id: z.string(),
    creator_name: z.string().nullable(),
    status: z.enum(PAYOUT_STATUSES),
    skip_reason: z.enum(PAYOUT_SKIP_REASONS).nullable(),
    amount: z.number().int().openapi({ description: "Net minor units: earnings and reinstatements less clawbacks." }),
    currency: z.string(),
    stripe_account_id: z.string().nullable(),
    transfer_id: z.string().nullable(),
    source_transaction: z.string().nullable(),
    transfer_group: z.string(),
    failure_code: z.string().nullable(),
    failure_message: z.string().nullable(),
    paid_at: Timestamp.nullable(),
    created_at: Timestamp,
    commission_ids: z.array(z.string()),
  })
  .openapi("Payout");
export type Payout = z.infer<typeof Payout>;

export const PayoutRun = z
  .object({
    id: z.string().openapi({ example: "prun_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("payout_run"),
    status: z.enum(PAYOUT_RUN_STATUSES),
    trigger: z.enum(["manual", "schedule"]),
    currency: z.string(),
    transfer_amount: z.number().int(),
    fee_amount: z.number().int().openapi({ description: "Stripe's fee on the charge: an estimate until charged, then Stripe's own." }),
    charge_amount: z.number().int().openapi({ description: "What the brand is charged: the transfers plus the fee." }),
    refunded_amount: z.number().int(),
    payment_method_id: z.string().nullable(),
    attempt: z.number().int(),
    payment_intent_id: z.string().nullable(),
    charge_id: z.string().nullable(),
    transfer_group: z.string(),
    failure_code: z.string().nullable(),
    failure_message: z.string().nullable(),
    payable_count: z.number().int(),
    skipped_count: z.number().int(),
    created_at: Timestamp,
    approved_at: Timestamp.nullable(),
    approved_by: z.string().nullable(),
    completed_at: Timestamp.nullable(),
    items: z.array(Payout).optional().openapi({ description: "One line per creator; present on single-run answers, absent in lists." }),
  })
  .openapi("PayoutRun");
export type PayoutRun = z.infer<typeof PayoutRun>;

export const PayoutRunListQuery = PageQuery.extend({ status: z.enum(PAYOUT_RUN_STATUSES).optional() });
export const PayoutListQuery = PageQuery.extend({
  run_id: z.string().regex(/^prun_[0-9a-z]{26}$/, "must be an id starting with prun_").optional(),
  affiliate_id: z.string().regex(/^aff_[0-9a-z]{26}$/, "must be an id starting with aff_").optional(),
  status: z.enum(PAYOUT_STATUSES).optional(),
});
export type PayoutFilters = { runId?: string | undefined; affiliateId?: string | undefined; status?: (typeof PAYOUT_STATUSES)[number] | undefined };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function serializePolicy(p: PolicyView): PayoutPolicy {
  return {
    object: "payout_policy",
    schedule: p.schedule,
    weekday: p.weekday,
    month_day: p.monthDay,
    minimum_amount: p.minimumAmount,
    currency: p.currency,
    requires_approval: p.requiresApproval,
    require_tax_form: p.requireTaxForm,
    next_run_at: iso(p.nextRunAt),
    payment_method: p.paymentMethod,
    payouts_configured: p.payoutsConfigured,
  };
}

export type PayoutRow = typeof payouts.$inferSelect & { creatorName: string | null; commissionIds: string[] };
export type RunRow = typeof payoutRuns.$inferSelect & { payableCount: number; skippedCount: number };

export function serializePayout(r: PayoutRow): Payout {
  return {
    id: r.id,
    object: "payout",
    run_id: r.runId,
    affiliate_id: r.affiliateId,
    creator_name: r.creatorName,
    status: r.status,
    skip_reason: r.skipReason,
    amount: r.amount,
    currency: r.currency,
    stripe_account_id: r.stripeAccountId,
    transfer_id: r.transferId,
    source_transaction: r.sourceTransaction,
    transfer_group: r.transferGroup,
    failure_code: r.failureCode,
    failure_message: r.failureMessage,
    paid_at: iso(r.paidAt),
    created_at: r.createdAt.toISOString(),
    commission_ids: r.commissionIds,
  };
}

export function serializeRun(r: RunRow, items?: PayoutRow[]): PayoutRun {
  return {
    id: r.id,
    object: "payout_run",
    status: r.status,
    trigger: r.trigger,
    currency: r.currency,
    transfer_amount: r.transferAmount,
    fee_amount: r.feeAmount,
    charge_amount: r.chargeAmount,
    refunded_amount: r.refundedAmount,
    payment_method_id: r.paymentMethodId,
    attempt: r.attempt,
    payment_intent_id: r.paymentIntentId,
    charge_id: r.chargeId,
    transfer_group: r.transferGroup,
    failure_code: r.failureCode,
    failure_message: r.failureMessage,
    payable_count: r.payableCount,
    skipped_count: r.skippedCount,
    created_at: r.createdAt.toISOString(),
    approved_at: iso(r.approvedAt),
    approved_by: r.approvedBy,
    completed_at: iso(r.completedAt),
    ...(items && { items: items.map(serializePayout) }),
  };
}
