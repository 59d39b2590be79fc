import { sql } from "drizzle-orm";
import { bigint, check, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { enrollments } from "./enrollments";
import { brandRows, lookupReads, readable } from "./rls";
import { trackingEvents } from "./events";

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

export const CONVERSION_TYPES = ["lead", "sale", "refund"] as const;
export type ConversionType = (typeof CONVERSION_TYPES)[number];

/** Why a conversion was (or was not) credited: the machine-readable half of the trail. */
export interface Attribution {
  /** `click`: the event's own click id; `customer`: the customer's binding; `sale`: a refund follows its sale. */
  via: "click" | "customer" | "sale" | null;
  model?: "last_click" | "first_click";
  windowDays?: number;
  clickId?: string;
  clickedAt?: string;
  linkCode?: string;
  /** Set when the conversion is not credited, e.g. `outside_window`, `unknown_click`. */
  reason?: string;
}

/**
 * A lead, sale or refund as attributed by the events consumer: one row per accepted event
 * (unique source event), and one sale per invoice. Amounts are minor units + currency,
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
    /** For a refund: the sale it refunds (linked as soon as both are known, in either order). */
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
    index("conversions_customer").on(t.customerId),
    // Fraud checks and the network's track record count an affiliate's sales and refunds by time.
    index("conversions_affiliate_time").on(t.affiliateId, t.type, t.occurredAt),
    foreignKey({
      name: "conversions_enrollment",
      columns: [t.enrollmentId, t.brandId, t.campaignId, t.affiliateId],
      foreignColumns: [enrollments.id, enrollments.brandId, enrollments.campaignId, enrollments.affiliateId],
    }),
    check("conversions_type", sql`${t.type} in ('lead', 'sale', 'refund')`),
    check("conversions_currency", sql`${t.currency} is null or ${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "conversions_money",
      sql`(${t.type} = 'lead' and ${t.amount} is null and ${t.currency} is null)
       or (${t.type} in ('sale', 'refund') and ${t.amount} >= 0 and ${t.currency} is not null and ${t.invoiceId} is not null)`,
    ),
    check("conversions_credit", sql`num_nulls(${t.affiliateId}, ${t.enrollmentId}, ${t.campaignId}) in (0, 3)`),
    brandRows(t.brandId),
    // Creators see the conversions credited to them (never the customer's email: not here).
    readable("affiliate_reads", sql`${t.affiliateId} = app_affiliate_id()`),
    // network_sales_90d() counts network creators' credited sales for recommendations.
    lookupReads(),
  ],
).enableRLS();
