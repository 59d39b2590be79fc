import { z } from "@hono/zod-openapi";
import { COMMISSION_KINDS, COMMISSION_STATUSES, CONVERSION_TYPES, FRAUD_RULES, type commissions, type conversions } from "../infra/db/schema";
import { MinorAmount, Timestamp } from "../infra/http/schemas";

type CommissionRow = typeof commissions.$inferSelect;

const prefixed = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), `must be an id starting with ${prefix}_`);
const Instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, like 2026-11-25T00:00:00Z" });

export const ListCommissionsQuery = z.object({
  status: z.enum(COMMISSION_STATUSES).optional(),
  kind: z.enum(COMMISSION_KINDS).optional(),
  affiliate_id: prefixed("aff").optional(),
  campaign_id: prefixed("cmp").optional(),
  held_for_review: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`true`: the review queue (pending commissions the fraud checks flagged)." }),
  created_gte: Instant.optional().openapi({ description: "Only commissions created at or after this instant." }),
  created_lt: Instant.optional().openapi({ description: "Only commissions created before this instant." }),
});
export type ListCommissionsQuery = z.infer<typeof ListCommissionsQuery>;

export const ReviewReason = z.object({
  rule: z.enum(FRAUD_RULES),
  reason: z.string().openapi({ example: "Self-referral: the customer's email (casey@example.com) is the creator's own address." }),
});

export const CommissionRecord = z
  .object({
    id: z.string().openapi({ example: "com_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("commission"),
    kind: z.enum(COMMISSION_KINDS).openapi({
      description: "`earning` from a credited sale; `reversal` (netted against an unpaid earning) or `clawback` (netted by the next payout) from a refund.",
    }),
    status: z.enum(COMMISSION_STATUSES),
    amount: z.number().int().openapi({ description: "Signed minor units of `currency`: earnings are positive, reversals and clawbacks negative." }),
    currency: z.string(),
    affiliate_id: z.string(),
    campaign_id: z.string(),
    enrollment_id: z.string(),
    conversion_id: z.string().openapi({ description: "The sale (earning) or refund (reversal, clawback) it comes from." }),
    source_event_id: z.string().openapi({ description: "The accepted event behind that conversion." }),
    reverses_commission_id: z.string().nullable().openapi({ description: "For a reversal or clawback: the earning it takes back from." }),
    hold_until: Timestamp,
    held_for_review: z.boolean().openapi({ description: "Flagged by a fraud check: never approved until released." }),
    review_reasons: z.array(ReviewReason),
    explanation: z.object({
      lines: z.array(z.string()).openapi({
        example: ["Recurring for 12 months: month 1 of 12 since the first payment on 2026-11-25.", "20 % of 4900 USD minor units = 980 USD minor units (rounded half up to the minor unit)."],
      }),
      inputs: z.record(z.string(), z.unknown()).openapi({ description: "What the amount was computed from: the model snapshot, the payment, the month index." }),
    }),
    approved_at: Timestamp.nullable(),
    paid_at: Timestamp.nullable(),
    voided_at: Timestamp.nullable(),
    reviewed_at: Timestamp.nullable(),
    payout_id: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("CommissionRecord");
export type Commission = z.infer<typeof CommissionRecord>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function serializeCommission(r: CommissionRow): Commission {
  return {
    id: r.id,
    object: "commission",
    kind: r.kind,
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    affiliate_id: r.affiliateId,
    campaign_id: r.campaignId,
    enrollment_id: r.enrollmentId,
    conversion_id: r.conversionId,
    source_event_id: r.sourceEventId,
    reverses_commission_id: r.reversesId,
    hold_until: r.holdUntil.toISOString(),
    held_for_review: r.heldForReview,
    review_reasons: r.reviewReasons,
    explanation: r.explanation,
    approved_at: iso(r.approvedAt),
    paid_at: iso(r.paidAt),
    voided_at: iso(r.voidedAt),
    reviewed_at: iso(r.reviewedAt),
    payout_id: r.payoutId,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export const BalanceAmounts = z.object({
  currency: z.string(),
  pending: z.number().int().openapi({ description: "In the hold period or held for review, net of reversals." }),
  approved: z.number().int().openapi({ description: "Approved and not paid yet, net of reversals." }),
  paid: z.number().int().openapi({ description: "Paid out, net of what payouts netted." }),
  clawbacks_outstanding: z.number().int().openapi({ description: "Clawbacks (negative) that the next payout will net." }),
  payable: z.number().int().openapi({ description: "`approved` + `clawbacks_outstanding`: what a payout would transfer now (may be negative)." }),
});
export type BalanceAmounts = z.infer<typeof BalanceAmounts>;

export const Balance = z
  .object({
    object: z.literal("balance"),
    affiliate_id: z.string(),
    balances: z.array(BalanceAmounts).openapi({ description: "One entry per currency the creator earns in." }),
  })
  .openapi("AffiliateBalance");

export const CommissionOverrideInput = z
  .object({
    type: z.enum(["percentage", "flat"]),
    rate_bps: z.number().int().min(0).max(10_000).nullable().optional().openapi({ description: "Basis points (2500 = 25 %). Required for `percentage`." }),
    amount: MinorAmount.nullable().optional().openapi({ description: "Minor units of the campaign's currency. Required for `flat`." }),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.type === "percentage" && o.rate_bps == null) ctx.addIssue({ code: "custom", path: ["rate_bps"], message: "is required when type is percentage" });
    if (o.type === "percentage" && o.amount != null) ctx.addIssue({ code: "custom", path: ["amount"], message: "must be null when type is percentage" });
    if (o.type === "flat" && o.amount == null) ctx.addIssue({ code: "custom", path: ["amount"], message: "is required when type is flat" });
    if (o.type === "flat" && o.rate_bps != null) ctx.addIssue({ code: "custom", path: ["rate_bps"], message: "must be null when type is flat" });
  })
  .openapi("CommissionOverrideInput");

export const CommissionOverride = z
  .object({
    object: z.literal("commission_override"),
    campaign_id: z.string(),
    product_id: z.string(),
    type: z.enum(["percentage", "flat"]),
    rate_bps: z.number().int().nullable(),
    amount: z.number().int().nullable(),
    currency: z.string().openapi({ description: "The campaign's currency (for `flat`)." }),
    updated_at: Timestamp,
  })
  .openapi("CommissionOverride");

/** A commission as the brand's dashboard lists it: with the names of the creator and campaign. */
export const BrandCommission = CommissionRecord.extend({
  affiliate_name: z.string().nullable(),
  campaign_name: z.string().nullable(),
}).openapi("BrandCommission");
export type BrandCommission = z.infer<typeof BrandCommission>;

/** The source of a commission, for the explanation drawer: the conversion and why it was credited. */
export const CommissionSource = z.object({
  conversion_id: z.string(),
  type: z.enum(CONVERSION_TYPES),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  invoice_id: z.string().nullable(),
  product_id: z.string().nullable(),
  customer_external_id: z.string().nullable(),
  occurred_at: Timestamp,
  source_event_id: z.string(),
  trail: z.string(),
});

export const CommissionDetail = BrandCommission.extend({ source: CommissionSource.nullable() }).openapi("CommissionDetail");

type Names = { affiliateName: string | null; campaignName: string | null };

export function serializeBrandCommission(commission: Commission, names: Names | undefined): BrandCommission {
  return { ...commission, affiliate_name: names?.affiliateName ?? null, campaign_name: names?.campaignName ?? null };
}

export function serializeCommissionDetail(found: Names & { commission: CommissionRow; conversion: typeof conversions.$inferSelect | null }): z.infer<typeof CommissionDetail> {
  const v = found.conversion;
  return {
    ...serializeBrandCommission(serializeCommission(found.commission), found),
    source: v
      ? {
          conversion_id: v.id,
          type: v.type,
          amount: v.amount,
          currency: v.currency,
          invoice_id: v.invoiceId,
          product_id: v.productId,
          customer_external_id: v.customerExternalId,
          occurred_at: v.occurredAt.toISOString(),
          source_event_id: v.sourceEventId,
          trail: v.trail,
        }
      : null,
  };
}

/**
 * A commission as its creator sees it: what, from which brand and campaign, and why this
 * amount; that it is held for review, but not the fraud checks' reasons.
 */
export const CreatorCommission = CommissionRecord.omit({ review_reasons: true, reviewed_at: true })
  .extend({ brand_name: z.string().nullable(), campaign_name: z.string().nullable() })
  .openapi("CreatorCommission");

export const CreatorEarnings = z
  .object({
    balances: z.array(BalanceAmounts.extend({ brand: z.object({ id: z.string(), name: z.string().nullable() }) })),
    months: z.array(z.object({ month: z.string().openapi({ example: "2026-11" }), currency: z.string(), amount: z.number().int() })).openapi({
      description: "Net commissions created per calendar month (UTC) and currency over the last 12 months, voided ones excluded.",
    }),
  })
  .openapi("CreatorEarnings");
