import { sql } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { enrollments } from "./enrollments";
import { brandRows, lookupReads, readable } from "./rls";
import { trackingEvents, type TrackingEventSource } from "./events";
import { gatewayConnections } from "./gateways";

/**
 * A brand's paying (or signing-up) customer, known by the brand's own id. A lead binds it
 * to the enrollment of a click inside the campaign's cookie window; every later sale of
 * the customer is credited through that binding. The binding columns are all set or all
 * null, and the enrollment key makes a binding to another brand's enrollment impossible.
 */
export const customers = pgTable(
  "customers",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    email: text(),
    clickId: text(),
    linkId: text(),
    enrollmentId: text(),
    campaignId: text(),
    affiliateId: text(),
    clickedAt: timestamp({ withTimezone: true }),
    /** The cookie window and attribution model the click carried (the terms when it was clicked). */
    windowDays: integer(),
    attributionModel: text().$type<"last_click" | "first_click">(),
    boundAt: timestamp({ withTimezone: true }),
    boundByEventId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("customers_external").on(t.brandId, t.externalId),
    index("customers_affiliate").on(t.brandId, t.affiliateId),
    foreignKey({
      name: "customers_enrollment",
      columns: [t.enrollmentId, t.brandId, t.campaignId, t.affiliateId],
      foreignColumns: [enrollments.id, enrollments.brandId, enrollments.campaignId, enrollments.affiliateId],
    }),
    check(
      "customers_binding",
      sql`num_nulls(${t.clickId}, ${t.linkId}, ${t.enrollmentId}, ${t.campaignId}, ${t.affiliateId}, ${t.clickedAt}, ${t.windowDays}, ${t.attributionModel}, ${t.boundAt}) in (0, 9)`,
    ),
    brandRows(t.brandId),
  ],
).enableRLS();

export const CONVERSION_TYPES = ["lead", "sale", "refund", "dispute", "cancellation", "trial_started"] as const;
export type ConversionType = (typeof CONVERSION_TYPES)[number];

/**
 * The finer kind of a conversion (null for lead, cancellation and trial_started):
 * - sale: `first_purchase` (also the first paid charge after a trial), `renewal`, `upgrade`,
 *   `proration` (a mid-cycle charge for a plan change), `one_time` (a payment outside a subscription);
 * - refund: `full` or `partial`;
 * - dispute: `opened` (the gateway took the money back: reverses like a refund), `won`
 *   (the money came back: reinstates what `opened` reversed), `lost` (final; nothing moves).
 */
export const SALE_KINDS = ["first_purchase", "renewal", "upgrade", "proration", "one_time"] as const;
export type SaleKind = (typeof SALE_KINDS)[number];
export const REFUND_KINDS = ["full", "partial"] as const;
export const DISPUTE_PHASES = ["opened", "won", "lost"] as const;
export type DisputePhase = (typeof DISPUTE_PHASES)[number];
export type ConversionKind = SaleKind | (typeof REFUND_KINDS)[number] | DisputePhase;

/** Why a conversion was (or was not) credited: the machine-readable half of the trail. */
export interface Attribution {
  /**
   * `click`: the event's own click id; `customer`: the customer's binding; `sale`: a refund
   * or dispute follows its sale; `promo_code`: the payment used a creator's promotion code.
   */
  via: "click" | "customer" | "sale" | "promo_code" | null;
  promoCode?: string;
  model?: "last_click" | "first_click";
  windowDays?: number;
  clickId?: string;
  clickedAt?: string;
  linkCode?: string;
  /** Set when the conversion is not credited, e.g. `outside_window`, `unknown_click`. */
  reason?: string;
}

/**
 * A lead, sale, refund, dispute phase, cancellation or trial start as attributed by the
 * events consumer: one row per accepted event (unique source event), one sale per invoice,
 * one refund per gateway refund id, one dispute row per dispute and phase. Amounts are minor units + currency,
 * ready for commissions. `trail` is the sentence a person reads to see why it was credited.
 */
export const conversions = pgTable(
  "conversions",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    type: text().$type<ConversionType>().notNull(),
    sourceEventId: text()
      .notNull()
      .references(() => trackingEvents.id, { onDelete: "cascade" }),
    customerId: text().references(() => customers.id, { onDelete: "set null" }),
    customerExternalId: text(),
    affiliateId: text(),
    enrollmentId: text(),
    campaignId: text(),
    linkId: text(),
    clickId: text(),
    amount: bigint({ mode: "number" }),
    currency: text(),
    invoiceId: text(),
    productId: text(),
    /** Where it came from, the connection it came through, and whether it is live (test-mode conversions are kept apart everywhere). */
    source: text().$type<TrackingEventSource>().notNull().default("s2s"),
    connectionId: text().references(() => gatewayConnections.id, { onDelete: "set null" }),
    livemode: boolean().notNull().default(true),
    kind: text().$type<ConversionKind>(),
    /**
     * The gateway's id of the money movement (Stripe `pi_…`/`ch_…`, Paddle `txn_…`,
     * Braintree transaction id): refunds and disputes that name only the payment find their sale by it.
     */
    paymentId: text(),
    subscriptionId: text(),
    priceId: text(),
    /** The gateway's id of this refund or dispute: one refund, or one dispute phase, is applied once. */
    referenceId: text(),
    /** The promotion code / coupon the payment used, as the gateway names it. */
    promoCode: text(),
    /** For a refund or dispute: the sale it takes back (linked as soon as both are known, in either order). */
    saleId: text().references((): AnyPgColumn => conversions.id, { onDelete: "set null" }),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    attribution: jsonb().$type<Attribution>().notNull(),
    trail: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("conversions_source_event").on(t.brandId, t.sourceEventId),
    // Commissions reference (id, brand): a commission cannot name another brand's conversion.
    unique("conversions_id_brand").on(t.id, t.brandId),
    uniqueIndex("conversions_sale_invoice").on(t.brandId, t.invoiceId).where(sql`${t.type} = 'sale'`),
    index("conversions_brand").on(t.brandId, t.id),
    index("conversions_brand_affiliate").on(t.brandId, t.affiliateId, t.id),
    // Analytics read a brand's credited conversions by the day they occurred.
    index("conversions_brand_occurred").on(t.brandId, t.occurredAt),
    index("conversions_invoice").on(t.brandId, t.invoiceId),
    index("conversions_payment").on(t.brandId, t.paymentId),
    index("conversions_subscription").on(t.brandId, t.subscriptionId),
    uniqueIndex("conversions_refund_reference").on(t.brandId, t.referenceId).where(sql`${t.type} = 'refund' and ${t.referenceId} is not null`),
    uniqueIndex("conversions_dispute_phase").on(t.brandId, t.referenceId, t.kind).where(sql`${t.type} = 'dispute'`),
    index("conversions_customer").on(t.customerId),
    // Fraud checks and the network's track record count an affiliate's sales and refunds by time.
    index("conversions_affiliate_time").on(t.affiliateId, t.type, t.occurredAt),
    foreignKey({
      name: "conversions_enrollment",
      columns: [t.enrollmentId, t.brandId, t.campaignId, t.affiliateId],
      foreignColumns: [enrollments.id, enrollments.brandId, enrollments.campaignId, enrollments.affiliateId],
    }),
    check("conversions_type", sql`${t.type} in ('lead', 'sale', 'refund', 'dispute', 'cancellation', 'trial_started')`),
    check(
      "conversions_kind",
      sql`(${t.type} = 'sale' and (${t.kind} is null or ${t.kind} in ('first_purchase', 'renewal', 'upgrade', 'proration', 'one_time')))
       or (${t.type} = 'refund' and (${t.kind} is null or ${t.kind} in ('full', 'partial')))
       or (${t.type} = 'dispute' and ${t.kind} in ('opened', 'won', 'lost') and ${t.referenceId} is not null)
       or (${t.type} in ('lead', 'cancellation', 'trial_started') and ${t.kind} is null)`,
    ),
    check("conversions_currency", sql`${t.currency} is null or ${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "conversions_money",
      sql`(${t.type} in ('lead', 'cancellation', 'trial_started') and ${t.amount} is null and ${t.currency} is null)
       or (${t.type} = 'sale' and ${t.amount} >= 0 and ${t.currency} is not null and ${t.invoiceId} is not null)
       or (${t.type} in ('refund', 'dispute') and ${t.amount} >= 0 and ${t.currency} is not null and (${t.invoiceId} is not null or ${t.paymentId} is not null))`,
    ),
    check("conversions_credit", sql`num_nulls(${t.affiliateId}, ${t.enrollmentId}, ${t.campaignId}) in (0, 3)`),
    brandRows(t.brandId),
    // Creators see the conversions credited to them (never the customer's email: not here).
    readable("affiliate_reads", sql`${t.affiliateId} = app_affiliate_id()`),
    // network_sales_90d() counts network creators' credited sales for recommendations.
    lookupReads(),
  ],
).enableRLS();
