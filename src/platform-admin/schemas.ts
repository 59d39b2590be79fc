import { z } from "@hono/zod-openapi";
import { ProfileCard, serializeProfileCard } from "../creators/schemas";
import { UserFields } from "../accounts/schemas";
import { NETWORK_STATUSES, type affiliates, type brands, type users } from "../infra/db/schema";
import { PageQuery } from "../infra/http/pagination";
import { Timestamp } from "../infra/http/schemas";

export const AdminUser = z.object({ ...UserFields, suspended_at: Timestamp.nullable() }).openapi("AdminUser");

export const AdminBrand = z
  .object({ object: z.literal("brand"), id: z.string(), name: z.string(), website_url: z.string().nullable(), status: z.string(), created_at: Timestamp })
  .openapi("AdminBrand");

export const AdminCreator = z
  .object({
    object: z.literal("creator"),
    id: z.string(),
    user_id: z.string().nullable(),
    email: z.string(),
    network_status: z.enum(NETWORK_STATUSES),
    network_requested_at: Timestamp.nullable(),
    network_reviewed_at: Timestamp.nullable(),
    network_review_note: z.string().nullable(),
    ...ProfileCard.shape,
    created_at: Timestamp,
  })
  .openapi("AdminCreator");

export const CreatorSearchQuery = PageQuery.extend({
  q: z.string().trim().max(254).optional().openapi({ description: "Case-insensitive prefix of the email." }),
  network_status: z.enum(NETWORK_STATUSES).optional().openapi({ description: "Only creators in this state (`pending`: the review queue, oldest request first)." }),
});

export const NetworkReview = z
  .object({
    decision: z.enum(["approved", "rejected", "suspended"]).openapi({ description: "List the creator, turn the request down, or bar them from the network." }),
    note: z.string().trim().max(1000).optional().openapi({ description: "Shown to the creator with the decision." }),
  })
  .strict()
  .openapi("NetworkReview");

export const SearchQuery = PageQuery.extend({
  q: z.string().trim().max(254).optional().openapi({ description: "Case-insensitive prefix of the email (users, creators) or name (brands)." }),
});

export function serializeAdminUser(u: typeof users.$inferSelect): z.infer<typeof AdminUser> {
  return {
    object: "user",
    id: u.id,
    email: u.email,
    name: u.name,
    email_verified: u.emailVerifiedAt !== null,
    is_platform_admin: u.isPlatformAdmin,
    suspended_at: u.suspendedAt?.toISOString() ?? null,
    created_at: u.createdAt.toISOString(),
  };
}

export function serializeAdminBrand(b: typeof brands.$inferSelect): z.infer<typeof AdminBrand> {
  return { object: "brand", id: b.id, name: b.name, website_url: b.websiteUrl, status: b.status, created_at: b.createdAt.toISOString() };
}

export function serializeAdminCreator(a: typeof affiliates.$inferSelect): z.infer<typeof AdminCreator> {
  return {
    object: "creator",
    id: a.id,
    user_id: a.userId,
    email: a.email,
    network_status: a.networkStatus,
    network_requested_at: a.networkRequestedAt?.toISOString() ?? null,
    network_reviewed_at: a.networkReviewedAt?.toISOString() ?? null,
    network_review_note: a.networkReviewNote,
    ...serializeProfileCard(a),
    created_at: a.createdAt.toISOString(),
  };
}
