import { sql } from "drizzle-orm";
import { boolean, check, index, pgPolicy, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { appRole, brandRows, lookupReads, platformAdminReads, platformAdminUpdates, readable } from "./rls";
import { users } from "./users";

export const BRAND_ROLES = ["owner", "admin", "member", "viewer"] as const;
export type BrandRole = (typeof BRAND_ROLES)[number];

/** A brand is the tenant: everything it runs hangs off `brand_id`. */
export const brands = pgTable(
  "brands",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    websiteUrl: text(),
    defaultCurrency: text().notNull().default("USD"),
    status: text().notNull().default("active"),
    /** Payouts to a creator wait until a valid tax form is on file (src/tax-forms/validity.ts). */
    requireTaxForm: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("brands_currency", sql`${t.defaultCurrency} ~ '^[A-Z]{3}$'`),
    check("brands_status", sql`${t.status} in ('active', 'suspended')`),
    // A brand principal sees and edits its own row, and may create it (the server picks
    // the id, sets it as principal, then inserts: see brands/create).
    pgPolicy("brand_self", { for: "all", to: appRole, using: sql`${t.id} = app_brand_id()`, withCheck: sql`${t.id} = app_brand_id()` }),
    // Members see the brands they belong to (the brand switcher).
    readable("member_reads", sql`exists (select 1 from brand_members m where m.brand_id = ${t.id} and m.user_id = app_user_id())`),
    // Affiliates see the brands behind campaigns visible to them (names on their dashboard).
    readable("affiliate_reads", sql`app_affiliate_id() is not null and exists (select 1 from campaigns c where c.brand_id = ${t.id})`),
    // Staff list and suspend brands (a trigger reserves `status` changes to them).
    platformAdminReads(),
    platformAdminUpdates(),
    lookupReads(),
  ],
).enableRLS();

/** A user's membership of a brand, with its role. */
export const brandMembers = pgTable(
  "brand_members",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    userId: text().notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text().$type<BrandRole>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("brand_members_brand_user").on(t.brandId, t.userId),
    index("brand_members_user").on(t.userId),
    check("brand_members_role", sql`${t.role} in ('owner', 'admin', 'member', 'viewer')`),
    brandRows(t.brandId),
    readable("user_reads_own", sql`${t.userId} = app_user_id()`),
    // Staff see a user's brands beside their help conversation.
    platformAdminReads(),
  ],
).enableRLS();
