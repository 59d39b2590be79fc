import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { affiliates } from "./affiliates";
import { campaigns } from "./campaigns";
import { brandRows, lookupReads } from "./rls";
import { users } from "./users";

/**
 * Channel 1: a campaign's public join page, `/join/{code}`. One per campaign; the brand can
 * regenerate the code (the old link stops working) and choose whether joining through it
 * approves at once. Only the brand reads it; visitors reach it through find_join_link().
 */
export const campaignJoinLinks = pgTable(
  "campaign_join_links",
  {
    id: text().primaryKey(),
    brandId: text().notNull(),
    campaignId: text().notNull(),
    code: text().notNull(),
    enabled: boolean().notNull().default(true),
    autoApprove: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "campaign_join_links_campaign_brand", columns: [t.campaignId, t.brandId], foreignColumns: [campaigns.id, campaigns.brandId] }).onDelete("cascade"),
    uniqueIndex("campaign_join_links_campaign").on(t.campaignId),
    uniqueIndex("campaign_join_links_code").on(t.code),
    // Long random codes: an auto-approving link must not be guessable.
    check("campaign_join_links_code_shape", sql`${t.code} ~ '^[A-Za-z0-9]{16,64}$'`),
    brandRows(t.brandId),
    lookupReads(),
  ],
).enableRLS();

/**
 * Channel 2: a brand invites a creator to one campaign by email (an address, or a network
 * creator's profile, whose address the brand never sees). The emailed token is stored as
 * SHA-256, works once and for a short time; accepting makes an approved enrollment.
 */
export const creatorInvitations = pgTable(
  "creator_invitations",
  {
    id: text().primaryKey(),
    brandId: text().notNull(),
    campaignId: text().notNull(),
    email: text().notNull(),
    /** Set when the brand invited a network creator by profile rather than by address. */
    affiliateId: text().references(() => affiliates.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    invitedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedByAffiliateId: text().references(() => affiliates.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "creator_invitations_campaign_brand", columns: [t.campaignId, t.brandId], foreignColumns: [campaigns.id, campaigns.brandId] }).onDelete("cascade"),
    uniqueIndex("creator_invitations_token").on(t.tokenHash),
    index("creator_invitations_campaign").on(t.brandId, t.campaignId, t.id),
    brandRows(t.brandId),
    // find_creator_invitation() shows the invitee what they are invited to before they join.
    lookupReads(),
  ],
).enableRLS();
