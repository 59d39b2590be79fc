import { z } from "@hono/zod-openapi";
import { BRAND_ROLES, type BrandRole, type brands } from "../infra/db/schema";
import { Currency, HttpUrl, Timestamp } from "../infra/http/schemas";
import { PERMISSIONS, roleAllows, type Permission } from "../teams/permissions";

export const CreateBrand = z
  .object({
    name: z.string().trim().min(1).max(120),
    website_url: HttpUrl.nullable().optional(),
    default_currency: Currency.default("USD"),
  })
  .openapi("CreateBrand");
export type CreateBrand = z.infer<typeof CreateBrand>;

export const UpdateBrand = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    website_url: HttpUrl.nullable().optional(),
    default_currency: Currency.optional(),
    require_tax_form: z.boolean().optional().openapi({ description: "Hold payouts to creators without a valid tax form on file." }),
  })
  .strict()
  .openapi("UpdateBrand");
export type UpdateBrand = z.infer<typeof UpdateBrand>;

export const Brand = z
  .object({
    object: z.literal("brand"),
    id: z.string(),
    name: z.string(),
    website_url: z.string().nullable(),
    default_currency: z.string(),
    status: z.string(),
    /** Payouts to a creator wait for a valid tax form on file. */
    require_tax_form: z.boolean(),
    created_at: Timestamp,
    /** The caller's role in this brand, and what it allows (see docs/access.md). */
    role: z.enum(BRAND_ROLES),
    permissions: z.array(z.string()),
  })
  .openapi("Brand");
export type Brand = z.infer<typeof Brand>;

export function serializeBrand(b: typeof brands.$inferSelect, role: BrandRole): Brand {
  return {
    object: "brand",
    id: b.id,
    name: b.name,
    website_url: b.websiteUrl,
    default_currency: b.defaultCurrency,
    status: b.status,
    require_tax_form: b.requireTaxForm,
    created_at: b.createdAt.toISOString(),
    role,
    permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleAllows(role, p)),
  };
}
