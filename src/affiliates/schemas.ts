import { z } from "@hono/zod-openapi";
import type { affiliates } from "../db/schema";
import { Timestamp } from "../http/schemas";

export const Affiliate = z
  .object({
    id: z.string().openapi({ example: "aff_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("affiliate"),
    display_name: z.string(),
    email: z.string().nullable().openapi({ description: "Only for creators working with your brand; network profiles keep it private." }),
    bio: z.string().nullable(),
    audience: z.array(z.object({ channel: z.string(), url: z.string().optional(), size: z.number().int() })),
    niches: z.array(z.string()),
    countries: z.array(z.string()),
    languages: z.array(z.string()),
    content_formats: z.array(z.string()),
    links: z.array(z.string()),
    in_network: z.boolean(),
    created_at: Timestamp,
  })
  .openapi("Affiliate");

export function serializeAffiliate(a: typeof affiliates.$inferSelect, worksWithBrand: boolean): z.infer<typeof Affiliate> {
  return {
    id: a.id,
    object: "affiliate",
    display_name: a.displayName,
    email: worksWithBrand ? a.email : null,
    bio: a.bio,
    audience: a.audience,
    niches: a.niches,
    countries: a.countries,
    languages: a.languages,
    content_formats: a.contentFormats,
    links: a.links,
    in_network: a.networkStatus === "approved",
    created_at: a.createdAt.toISOString(),
  };
}
