import { and, desc, eq, exists, lt, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, brandHasConsent, enrollments } from "../infra/db/schema";

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
