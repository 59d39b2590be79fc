import { z } from "@hono/zod-openapi";
import type { affiliates } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";

type AffiliateRow = typeof affiliates.$inferSelect;

const consentNote = "Only once the creator joined one of your campaigns themselves (applied and was approved, joined, or accepted your offer); null before.";

/** A creator as a brand sees one: the public network card, plus the private fields once the creator consented. */
export const Affiliate = z
  .object({
    id: z.string().openapi({ example: "aff_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("affiliate"),
    display_name: z.string(),
    email: z.string().nullable().openapi({ description: `The creator's address for payout contact. ${consentNote}` }),
    bio: z.string().nullable(),
    audience: z.array(z.object({ channel: z.string(), url: z.string().optional(), size: z.number().int() })),
    niches: z.array(z.string()),
    countries: z.array(z.string()),
    languages: z.array(z.string()),
    content_formats: z.array(z.string()),
    links: z.array(z.string()),
    in_network: z.boolean(),
    consented: z.boolean().openapi({ description: "The creator works (or worked) with your brand by their own choice: the private fields are shown." }),
    created_at: Timestamp,
  })
  .openapi("Affiliate");

/** The short form of a creator inside enrollments, tax statuses and webhook payloads. */
export const CreatorRef = z
  .object({ id: z.string(), display_name: z.string(), email: z.string().nullable().openapi({ description: consentNote }) })
  .openapi("CreatorRef");
export type CreatorRef = z.infer<typeof CreatorRef>;

/**
 * THE place that decides what a brand sees of a creator. `consented` comes from the one
 * SQL rule, `brandHasConsent` (src/infra/db/schema/consent.ts), evaluated under the brand's
 * principal: before consent, the public card (what the creator shows the network); after,
 * the private fields too. Every brand-facing route and webhook payload goes through here.
 */
export function creatorForBrand(a: AffiliateRow, consented: boolean): z.infer<typeof Affiliate> {
  return {
    ...creatorRefForBrand(a, consented),
    object: "affiliate",
    bio: a.bio,
    audience: a.audience,
    niches: a.niches,
    countries: a.countries,
    languages: a.languages,
    content_formats: a.contentFormats,
    links: a.links,
    in_network: a.networkStatus === "approved",
    consented,
    created_at: a.createdAt.toISOString(),
  };
}

/** The short form, under the same rule. */
export function creatorRefForBrand(a: Pick<AffiliateRow, "id" | "displayName" | "email">, consented: boolean): CreatorRef {
  return { id: a.id, display_name: a.displayName, email: consented ? a.email : null };
}
