import { z } from "@hono/zod-openapi";
import type { affiliates, brands, users } from "../db/schema";
import { PageQuery } from "../http/pagination";
import { Timestamp } from "../http/schemas";

export const AdminUser = z
  .object({
    object: z.literal("user"),
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    email_verified: z.boolean(),
    is_platform_admin: z.boolean(),
    suspended_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .openapi("AdminUser");

export const AdminBrand = z
  .object({ object: z.literal("brand"), id: z.string(), name: z.string(), website_url: z.string().nullable(), status: z.string(), created_at: Timestamp })
  .openapi("AdminBrand");

export const AdminCreator = z
  .object({
    object: z.literal("creator"),
    id: z.string(),
    user_id: z.string().nullable(),
    display_name: z.string(),
    email: z.string(),
    network_status: z.string(),
    niches: z.array(z.string()),
    created_at: Timestamp,
  })
  .openapi("AdminCreator");

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
    display_name: a.displayName,
    email: a.email,
    network_status: a.networkStatus,
    niches: a.niches,
    created_at: a.createdAt.toISOString(),
  };
}

/** `q` as a LIKE prefix pattern with its wildcards escaped. */
export function prefixPattern(q: string): string {
  return `${q.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`;
}
