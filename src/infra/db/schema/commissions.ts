import { sql } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { campaigns } from "./campaigns";
import { enrollments } from "./enrollments";
import { trackingEvents } from "./events";
import { brandRows, lookupReads, platformAdminReads, readable } from "./rls";

export const COMMISSION_KINDS = ["earning", "reversal", "clawback", "reinstatement"] as const;
export type CommissionKind = (typeof COMMISSION_KINDS)[number];
export const COMMISSION_STATUSES = ["pending", "approved", "paid", "reversed", "voided"] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];
/** Why an earning is held for review: the fraud checks, or terms that cannot apply (a sale in another currency than the campaign's). */
export const FRAUD_RULES = ["self_referral", "ip_burst", "click_flooding", "refund_abuse", "currency_mismatch"] as const;
export type FraudRule = (typeof FRAUD_RULES)[number];

/** Why a commission waits for a person: the rule and the sentence that explains it. */
export interface ReviewReason {
  rule: FraudRule;
  reason: string;
}

/**
 * The human-readable lines of a commission and the inputs that produced them, so the
 * amount can be recomputed and explained later even if the campaign changes.
 */
export interface CommissionExplanation {
  lines: string[];
  inputs: Record<string, unknown>;
}

/**
 * What a brand owes a creator for one conversion. An `earning` comes from a credited sale
 * (one per sale); a refund of that sale takes part of it back, as a `reversal` netted
 * against the unpaid earning, or as a `clawback` (a negative commission the next payout
 * nets) when the earning was already paid (one per refund or dispute opened). A dispute
 * won gives back what its dispute took, as a positive `reinstatement` of that reversal or
 * clawback. Amounts are signed minor
 * units: earnings ≥ 0, reversals and clawbacks < 0. A reversal always has the status of
 * the earning it nets against (src/commissions/lifecycle.ts moves them together).
 *
 * Amounts, kinds and sources never change after insert (column grants in the
 * …_commissions_rls migration); only the lifecycle columns do.
 */
export const commissions = pgTable(
  "commissions",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    campaignId: text().notNull(),
    enrollmentId: text().notNull(),
    affiliateId: text().notNull(),
    /** The sale (earning) or refund (reversal, clawback) this commission comes from. */
    conversionId: text().notNull(),
    /** The accepted event behind that conversion. */
    sourceEventId: text()
      .notNull()
      .references(() => trackingEvents.id, { onDelete: "cascade" }),
    kind: text().$type<CommissionKind>().notNull(),
    /** False for commissions of test-mode gateway events: never approved into a payout, listed apart. */
    livemode: boolean().notNull().default(true),
    /** For a reversal or clawback: the earning it takes back from; for a reinstatement (a dispute won), the reversal or clawback it gives back. */
    reversesId: text(),
    amount: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    status: text().$type<CommissionStatus>().notNull().default("pending"),
    /** Approval waits until then (the campaign's hold period after the payment). */
    holdUntil: timestamp({ withTimezone: true }).notNull(),
    /** Set by the fraud checks: approval waits for a person to release or void it. */
    heldForReview: boolean().notNull().default(false),
    reviewReasons: jsonb().$type<ReviewReason[]>().notNull().default([]),
    reviewedAt: timestamp({ withTimezone: true }),
    /** Who released or voided it: a user id or an API key id. */
    reviewedBy: text(),
    explanation: jsonb().$type<CommissionExplanation>().notNull(),
    approvedAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    voidedAt: timestamp({ withTimezone: true }),
    /** The payout that paid (or netted) it; set by payouts. */
    payoutId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Idempotent creation: one earning per sale, one reversal or clawback per refund.
    unique("commissions_conversion").on(t.brandId, t.conversionId),
    unique("commissions_id_brand").on(t.id, t.brandId),
    // (conversion_id, brand_id) → conversions (id, brand_id) is declared in the …_commissions_rls
    // migration: drizzle-kit would add it before the unique key it needs on conversions.
    foreignKey({
      name: "commissions_enrollment",
      columns: [t.enrollmentId, t.brandId, t.campaignId, t.affiliateId],
      foreignColumns: [enrollments.id, enrollments.brandId, enrollments.campaignId, enrollments.affiliateId],
    }).onDelete("cascade"),
    foreignKey({ name: "commissions_reverses", columns: [t.reversesId, t.brandId], foreignColumns: [t.id, t.brandId] }).onDelete("cascade"),
    index("commissions_brand").on(t.brandId, t.id),
    index("commissions_brand_affiliate").on(t.brandId, t.affiliateId, t.id),
    index("commissions_affiliate").on(t.affiliateId, t.id),
    index("commissions_reverses_idx").on(t.reversesId),
    // The approval job's scan: earnings whose hold may have passed.
    index("commissions_due").on(t.holdUntil).where(sql`${t.status} = 'pending' and ${t.kind} = 'earning' and not ${t.heldForReview}`),
    // The review queue.
    index("commissions_review").on(t.brandId, t.id).where(sql`${t.heldForReview} and ${t.status} = 'pending'`),
    check("commissions_kind", sql`${t.kind} in ('earning', 'reversal', 'clawback', 'reinstatement')`),
    check("commissions_status", sql`${t.status} in ('pending', 'approved', 'paid', 'reversed', 'voided')`),
    check("commissions_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "commissions_sign",
      sql`(${t.kind} = 'earning' and ${t.amount} >= 0 and ${t.reversesId} is null)
       or (${t.kind} in ('reversal', 'clawback') and ${t.amount} < 0 and ${t.reversesId} is not null)
       or (${t.kind} = 'reinstatement' and ${t.amount} > 0 and ${t.reversesId} is not null)`,
    ),
    check("commissions_review_only_earnings", sql`${t.kind} = 'earning' or not ${t.heldForReview}`),
    check("commissions_approved_at", sql`${t.status} not in ('approved', 'paid') or ${t.approvedAt} is not null`),
    check("commissions_paid_at", sql`(${t.status} = 'paid') = (${t.paidAt} is not null)`),
    brandRows(t.brandId),
    // A creator sees its own commissions, across every brand it works with.
    readable("affiliate_reads", sql`${t.affiliateId} = app_affiliate_id()`),
    // due_commissions() lets the approval job find work across brands.
    lookupReads(),
  ],
).enableRLS();

/**
 * A per-product (or per-plan) rate that replaces the campaign's for sales of that product.
 * A flat amount is in the campaign's currency.
 */
export const commissionOverrides = pgTable(
  "commission_overrides",
  {
    brandId: text().notNull(),
    campaignId: text().notNull(),
    /** The sale's `product_id`, as the brand sends it. */
    productId: text().notNull(),
    type: text().$type<"percentage" | "flat">().notNull(),
    rateBps: integer(),
    amount: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "commission_overrides_pk", columns: [t.campaignId, t.productId] }),
    foreignKey({ name: "commission_overrides_campaign", columns: [t.campaignId, t.brandId], foreignColumns: [campaigns.id, campaigns.brandId] }).onDelete("cascade"),
    check(
      "commission_overrides_value",
      sql`(${t.type} = 'percentage' and ${t.rateBps} between 0 and 10000 and ${t.amount} is null)
       or (${t.type} = 'flat' and ${t.amount} >= 0 and ${t.rateBps} is null)`,
    ),
    brandRows(t.brandId),
    // Staff reviewing a listed campaign see its product rates: they are material terms.
    platformAdminReads(),
  ],
).enableRLS();

export const TIER_METRICS = ["sales", "revenue"] as const;
export type TierMetric = (typeof TIER_METRICS)[number];

/**
 * Performance tiers: from `threshold` credited sales (or revenue, minor units of the
 * campaign currency) of one creator in a calendar month (UTC), the campaign's rate becomes
 * this one for that creator's later sales of the month. The sale that reaches a threshold
 * is counted (threshold 11: the 11th sale earns the tier's rate). A per-product override
 * still wins over tiers; the commission explanation names the tier.
 */
export const commissionTiers = pgTable(
  "commission_tiers",
  {
    brandId: text().notNull(),
    campaignId: text().notNull(),
    metric: text().$type<TierMetric>().notNull(),
    threshold: bigint({ mode: "number" }).notNull(),
    type: text().$type<"percentage" | "flat">().notNull(),
    rateBps: integer(),
    amount: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "commission_tiers_pk", columns: [t.campaignId, t.metric, t.threshold] }),
    foreignKey({ name: "commission_tiers_campaign", columns: [t.campaignId, t.brandId], foreignColumns: [campaigns.id, campaigns.brandId] }).onDelete("cascade"),
    check("commission_tiers_metric", sql`${t.metric} in ('sales', 'revenue')`),
    check("commission_tiers_threshold", sql`${t.threshold} >= 1`),
    check(
      "commission_tiers_value",
      sql`(${t.type} = 'percentage' and ${t.rateBps} between 0 and 10000 and ${t.amount} is null)
       or (${t.type} = 'flat' and ${t.amount} >= 0 and ${t.rateBps} is null)`,
    ),
    brandRows(t.brandId),
    // Staff see a listed campaign's tiers when they review it.
    platformAdminReads(),
  ],
).enableRLS();
