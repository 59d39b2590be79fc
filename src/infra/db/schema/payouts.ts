import { sql } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { affiliates } from "./affiliates";
import { brands } from "./brands";
import { appRole, brandRows, lookupReads, platformAdminReads, readable } from "./rls";

/**
 * Payouts through Stripe Connect (separate charges and transfers). Rekomi's own Stripe
 * account is the platform; brands are Customers of it with a saved payment method; creators
 * own Express connected accounts. A payout run charges the brand once and transfers to each
 * creator from that very charge, so the platform's balance never carries a float: whatever
 * is not transferred is refunded to the brand. docs/payouts.md follows every cent.
 */

export const PAYOUT_SCHEDULES = ["manual", "weekly", "monthly"] as const;
export type PayoutSchedule = (typeof PAYOUT_SCHEDULES)[number];

/** What a brand saved to pay its runs with (never the card or account number itself). */
export interface SavedPaymentMethod {
  /** Stripe's `pm_…`, on the brand's Customer of the platform. */
  id: string;
  /** Stripe's type: `card`, `us_bank_account` or `sepa_debit`. */
  type: "card" | "us_bank_account" | "sepa_debit";
  /** Card brand or bank name, for display. */
  label: string;
  last4: string;
}

/**
 * One brand's payout policy: when runs happen, the smallest amount paid to a creator, the
 * currency paid, whether an owner or admin approves each run, and how the brand pays
 * (its Customer and saved method at the platform). Whether a valid tax form is required
 * stays `brands.require_tax_form` (one rule, shared with tax forms). One row per brand,
 * created on first use.
 */
export const payoutPolicies = pgTable(
  "payout_policies",
  {
    brandId: text()
      .primaryKey()
      .references(() => brands.id, { onDelete: "cascade" }),
    schedule: text().$type<PayoutSchedule>().notNull().default("manual"),
    /** Weekly runs: ISO day of week, 1 = Monday … 7 = Sunday. */
    weekday: integer(),
    /** Monthly runs: day of the month, 1–28 (every month has it). */
    monthDay: integer(),
    /** A creator whose net balance is below this (minor units of `currency`) is carried forward. */
    minimumAmount: bigint({ mode: "number" }).notNull().default(0),
    currency: text().notNull().default("USD"),
    requiresApproval: boolean().notNull().default(true),
    /** When the scheduler next opens a run (null for manual). */
    nextRunAt: timestamp({ withTimezone: true }),
    /** The brand as a Customer of Rekomi's platform account (`cus_…`). */
    stripeCustomerId: text(),
    paymentMethod: jsonb().$type<SavedPaymentMethod>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("payout_policies_schedule", sql`${t.schedule} in ('manual', 'weekly', 'monthly')`),
    check("payout_policies_weekday", sql`(${t.schedule} = 'weekly') = (${t.weekday} is not null) and (${t.weekday} is null or ${t.weekday} between 1 and 7)`),
    check("payout_policies_month_day", sql`(${t.schedule} = 'monthly') = (${t.monthDay} is not null) and (${t.monthDay} is null or ${t.monthDay} between 1 and 28)`),
    check("payout_policies_minimum", sql`${t.minimumAmount} >= 0`),
    check("payout_policies_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    index("payout_policies_due").on(t.nextRunAt).where(sql`${t.nextRunAt} is not null`),
    uniqueIndex("payout_policies_customer").on(t.stripeCustomerId),
    brandRows(t.brandId),
    platformAdminReads(),
    // due_payout_policies() lets the scheduler find brands whose run is due.
    lookupReads(),
  ],
).enableRLS();

/**
 * A creator's Express connected account at Rekomi's platform: one per creator, paid by every
 * brand it works with. The status columns mirror Stripe's Account (from the API answer and
 * `account.updated`), never set from a browser.
 */
export const payoutAccounts = pgTable(
  "payout_accounts",
  {
    affiliateId: text()
      .primaryKey()
      .references(() => affiliates.id, { onDelete: "cascade" }),
    stripeAccountId: text().notNull(),
    /** ISO 3166-1 alpha-2, chosen at onboarding (Stripe does not let it change). */
    country: text().notNull(),
    detailsSubmitted: boolean().notNull().default(false),
    /** `capabilities.transfers` is `active`: a transfer to it can be made. */
    transfersActive: boolean().notNull().default(false),
    payoutsEnabled: boolean().notNull().default(false),
    /** `requirements.currently_due` ∪ `past_due`: what Stripe needs now. */
    requirementsDue: text().array().notNull().default(sql`'{}'::text[]`),
    /** `requirements.eventually_due`, shown as "later". */
    requirementsEventuallyDue: text().array().notNull().default(sql`'{}'::text[]`),
    /** `requirements.disabled_reason`, when Stripe disabled it. */
    disabledReason: text(),
    /** The latest `payout.*` of the account to the creator's bank: id, status, amount, currency, arrival date. */
    lastBankPayout: jsonb().$type<{ id: string; status: string; amount: number; currency: string; arrival_date: number | null }>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payout_accounts_stripe").on(t.stripeAccountId),
    check("payout_accounts_country", sql`${t.country} ~ '^[A-Z]{2}$'`),
    // The creator's own row: created at onboarding, refreshed from Stripe's answers and events.
    pgPolicy("affiliate_self", { for: "all", to: appRole, using: sql`${t.affiliateId} = app_affiliate_id()`, withCheck: sql`${t.affiliateId} = app_affiliate_id()` }),
    // A brand reads no row: payout_accounts_for_brand() answers the run preview with three columns.
    platformAdminReads(),
    // payout_account_owner() maps `account.updated` to its creator.
    lookupReads(),
  ],
).enableRLS();

/**
 * A run's life: `draft` (a preview; its commissions are reserved for it), `charging` (approved;
 * the brand's PaymentIntent is in flight, or `processing` for bank debits), `transferring`
 * (the charge succeeded; one Transfer per creator from it), `completed` (every payable item
 * paid or failed, the unpaid part refunded to the brand), `failed` (the charge failed: the
 * brand is told and may retry or cancel), `canceled` (discarded before any money moved; its
 * commissions are free again).
 */
export const PAYOUT_RUN_STATUSES = ["draft", "charging", "transferring", "completed", "failed", "canceled"] as const;
export type PayoutRunStatus = (typeof PAYOUT_RUN_STATUSES)[number];
/** Runs that still hold commissions: at most one per brand. */
export const OPEN_RUN_STATUSES = ["draft", "charging", "transferring", "failed"] as const satisfies readonly PayoutRunStatus[];

export const payoutRuns = pgTable(
  "payout_runs",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    status: text().$type<PayoutRunStatus>().notNull().default("draft"),
    /** `schedule` when the scheduler opened it, `manual` when a person did. */
    trigger: text().$type<"manual" | "schedule">().notNull(),
    currency: text().notNull(),
    /** Sum of the items to transfer (status `pending` at approval). */
    transferAmount: bigint({ mode: "number" }).notNull().default(0),
    /** Stripe's processing fee of the charge: estimated at preview, Stripe's own once charged. */
    feeAmount: bigint({ mode: "number" }).notNull().default(0),
    /** What the brand is charged: transfers plus the estimated fee. */
    chargeAmount: bigint({ mode: "number" }).notNull().default(0),
    /** What was refunded to the brand (transfers that could not be made or were reversed, the fee estimate's excess). */
    refundedAmount: bigint({ mode: "number" }).notNull().default(0),
    /** The saved method charged (`pm_…`), fixed at approval. */
    paymentMethodId: text(),
    /** Each approval or retry is one charge attempt; the PaymentIntent's idempotency key is `run_{id}_{attempt}`. */
    attempt: integer().notNull().default(0),
    paymentIntentId: text(),
    /** The charge (`ch_…`) every transfer of the run takes its funds from. */
    chargeId: text(),
    /** = the run id, on the PaymentIntent and on every Transfer. */
    transferGroup: text().notNull(),
    failureCode: text(),
    failureMessage: text(),
    createdBy: text(),
    approvedBy: text(),
    approvedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("payout_runs_id_brand").on(t.id, t.brandId),
    check("payout_runs_status", sql`${t.status} in ('draft', 'charging', 'transferring', 'completed', 'failed', 'canceled')`),
    check("payout_runs_trigger", sql`${t.trigger} in ('manual', 'schedule')`),
    check("payout_runs_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("payout_runs_amounts", sql`${t.transferAmount} >= 0 and ${t.feeAmount} >= 0 and ${t.chargeAmount} >= 0 and ${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.chargeAmount}`),
    // One open run per brand: its commissions are reserved, so two runs can never pay one commission.
    uniqueIndex("payout_runs_open").on(t.brandId).where(sql`${t.status} in ('draft', 'charging', 'transferring', 'failed')`),
    uniqueIndex("payout_runs_payment_intent").on(t.paymentIntentId),
    index("payout_runs_brand").on(t.brandId, t.createdAt),
    // The sweeper: runs whose money is moving.
    index("payout_runs_moving").on(t.updatedAt).where(sql`${t.status} in ('charging', 'transferring')`),
    brandRows(t.brandId),
    platformAdminReads(),
    // payout_run_for_stripe() maps platform events (payment_intent.*, charge.*) to their brand.
    lookupReads(),
  ],
).enableRLS();

/**
 * One creator's line in a run: `skipped` (carried forward, with `skip_reason`; nothing moves),
 * `pending` (to transfer once the charge succeeds), `paid` (the Transfer exists; its
 * commissions are `paid`), `failed` (the Transfer was refused; its commissions are `approved`
 * again and its amount refunded to the brand), `reversed` (the Transfer was reversed; the
 * same). Amounts are net: earnings less clawbacks.
 */
export const PAYOUT_STATUSES = ["skipped", "pending", "paid", "failed", "reversed"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];
export const PAYOUT_SKIP_REASONS = ["below_minimum", "no_payout_account", "payouts_not_enabled", "tax_form_required", "nothing_due"] as const;
export type PayoutSkipReason = (typeof PAYOUT_SKIP_REASONS)[number];

export const payouts = pgTable(
  "payouts",
  {
    id: text().primaryKey(),
    runId: text().notNull(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    affiliateId: text()
      .notNull()
      .references(() => affiliates.id, { onDelete: "restrict" }),
    status: text().$type<PayoutStatus>().notNull(),
    skipReason: text().$type<PayoutSkipReason>(),
    /** Net minor units: the earnings and reinstatements less the clawbacks it nets. */
    amount: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    /** The creator's connected account at approval (`acct_…`). */
    stripeAccountId: text(),
    transferId: text(),
    /** The run's charge the transfer takes its funds from. */
    sourceTransaction: text(),
    transferGroup: text().notNull(),
    failureCode: text(),
    failureMessage: text(),
    paidAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("payouts_run_affiliate").on(t.runId, t.affiliateId),
    unique("payouts_id_brand").on(t.id, t.brandId),
    foreignKey({ name: "payouts_run", columns: [t.runId, t.brandId], foreignColumns: [payoutRuns.id, payoutRuns.brandId] }).onDelete("cascade"),
    uniqueIndex("payouts_transfer").on(t.transferId),
    index("payouts_brand").on(t.brandId, t.createdAt),
    index("payouts_affiliate").on(t.affiliateId, t.createdAt),
    check("payouts_status", sql`${t.status} in ('skipped', 'pending', 'paid', 'failed', 'reversed')`),
    check("payouts_skip_reason", sql`(${t.status} = 'skipped') = (${t.skipReason} is not null)`),
    check("payouts_amount", sql`${t.status} = 'skipped' or ${t.amount} > 0`),
    check("payouts_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("payouts_paid", sql`${t.status} not in ('paid', 'reversed') or (${t.transferId} is not null and ${t.paidAt} is not null)`),
    brandRows(t.brandId),
    // A creator sees its own payouts, across every brand that pays it, once the brand approved
    // the run (a preview is the brand's own working paper): payout_run_approved(), 0033.
    readable("affiliate_reads", sql`${t.affiliateId} = app_affiliate_id() and payout_run_approved(${t.runId})`),
    platformAdminReads(),
    // payout_for_transfer() maps transfer.* events to their brand.
    lookupReads(),
  ],
).enableRLS();

/**
 * Which commissions a payout includes, kept for good (commissions.payout_id names only the
 * payout currently paying one, and is cleared when a transfer fails or is reversed). A
 * skipped payout lists what it carried forward.
 */
export const payoutCommissions = pgTable(
  "payout_commissions",
  {
    payoutId: text().notNull(),
    commissionId: text().notNull(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    amount: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "payout_commissions_pk", columns: [t.payoutId, t.commissionId] }),
    foreignKey({ name: "payout_commissions_payout", columns: [t.payoutId, t.brandId], foreignColumns: [payouts.id, payouts.brandId] }).onDelete("cascade"),
    index("payout_commissions_commission").on(t.commissionId),
    brandRows(t.brandId),
    readable("affiliate_reads", sql`exists (select 1 from payouts p where p.id = ${t.payoutId} and p.affiliate_id = app_affiliate_id())`),
    platformAdminReads(),
  ],
).enableRLS();

/**
 * Refunds to a brand that Stripe reported failed (`refund.failed`): the money is back on the
 * platform's balance, so each is taken off its run's `refunded_amount` exactly once (the
 * primary key) and staff see it until they refund the brand again.
 */
export const payoutRefundFailures = pgTable(
  "payout_refund_failures",
  {
    /** Stripe's `re_…`. */
    refundId: text().primaryKey(),
    runId: text().notNull(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    amount: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    /** Stripe's `failure_reason`. */
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "payout_refund_failures_run", columns: [t.runId, t.brandId], foreignColumns: [payoutRuns.id, payoutRuns.brandId] }).onDelete("cascade"),
    index("payout_refund_failures_run_idx").on(t.runId),
    check("payout_refund_failures_amount", sql`${t.amount} > 0`),
    brandRows(t.brandId),
    platformAdminReads(),
  ],
).enableRLS();
