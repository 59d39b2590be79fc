import { z } from "@hono/zod-openapi";
import { and, desc, eq, exists, lt, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, brandHasConsent, enrollments } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";
import { ProfileCard, serializeProfileCard } from "./schemas";

/**
 * A creator as a brand sees one: an affiliate. What the brand may see, and the queries
 * that find the creators it can see (brand principal).
 */

type AffiliateRow = typeof affiliates.$inferSelect;

const consentNote = "Only once the creator joined one of your campaigns themselves (applied and was approved, joined, or accepted your offer); null before.";

/** The public network card, plus the private fields once the creator consented. */
export const Affiliate = z
  .object({
    id: z.string().openapi({ example: "aff_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("affiliate"),
    email: z.string().nullable().openapi({ description: `The creator's address for payout contact. ${consentNote}` }),
    ...ProfileCard.shape,
    in_network: z.boolean(),
    consented: z.boolean().openapi({ description: "The creator works (or worked) with your brand by their own choice: the private fields are shown." }),
    created_at: Timestamp,
  })
  .openapi("Affiliate");
export type Affiliate = z.infer<typeof Affiliate>;

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
export function creatorForBrand(a: AffiliateRow, consented: boolean): Affiliate {
  const { id, email } = creatorRefForBrand(a, consented);
  return {
    id,
    object: "affiliate",
    email,
    ...serializeProfileCard(a),
    in_network: a.networkStatus === "approved",
    consented,
    created_at: a.createdAt.toISOString(),
  };
}

/** The short form, under the same rule. */
export function creatorRefForBrand(a: Pick<AffiliateRow, "id" | "displayName" | "email">, consented: boolean): CreatorRef {
  return { id: a.id, display_name: a.displayName, email: consented ? a.email : null };
}

/** Under a brand principal, the enrollments subquery only sees the brand's own. */
const worksWithBrand = (tx: Tx) => exists(tx.select({ one: sql`1` }).from(enrollments).where(eq(enrollments.affiliateId, affiliates.id)));

/** The one consent rule, as a column: whether the principal's brand may see this creator's private fields. */
export const consentedColumn = () => sql<boolean>`${brandHasConsent(affiliates.id)}`.mapWith(Boolean);

/** Creators the brand can see: its own (in any campaign, offers included) or the network's. */
export async function listAffiliates(tx: Tx, opts: { scope: "enrolled" | "network"; limit: number; before?: string | undefined }) {
  const rows = await tx
    .select({ affiliate: affiliates, consented: consentedColumn() })
    .from(affiliates)
    .where(
      and(
        opts.scope === "enrolled" ? worksWithBrand(tx) : eq(affiliates.networkStatus, "approved"),
        opts.before ? lt(affiliates.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(affiliates.id))
    .limit(opts.limit + 1);
  return rows.map((r) => ({ id: r.affiliate.id, ...r }));
}

export async function findAffiliate(tx: Tx, id: string) {
  const [row] = await tx
    .select({ affiliate: affiliates, enrolled: worksWithBrand(tx).mapWith(Boolean), consented: consentedColumn() })
    .from(affiliates)
    .where(eq(affiliates.id, id));
  return row;
}

/** A creator the brand principal can see, in short, with the consent that decides its private fields. */
export async function findCreatorRef(tx: Tx, id: string) {
  const [row] = await tx
    .select({ id: affiliates.id, displayName: affiliates.displayName, email: affiliates.email, consented: consentedColumn() })
    .from(affiliates)
    .where(eq(affiliates.id, id));
  return row;
}
