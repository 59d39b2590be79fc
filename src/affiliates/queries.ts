import { and, desc, eq, exists, lt, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { affiliates, enrollments } from "../db/schema";

/** Under a brand principal, the enrollments subquery only sees the brand's own. */
const worksWithBrand = (tx: Tx) => exists(tx.select({ one: sql`1` }).from(enrollments).where(eq(enrollments.affiliateId, affiliates.id)));

/** Creators the brand can see: its own (enrolled in any campaign) or the network's. */
export async function listAffiliates(tx: Tx, opts: { scope: "enrolled" | "network"; limit: number; before?: string | undefined }) {
  const rows = await tx
    .select({ affiliate: affiliates, enrolled: worksWithBrand(tx).mapWith(Boolean) })
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
    .select({ affiliate: affiliates, enrolled: worksWithBrand(tx).mapWith(Boolean) })
    .from(affiliates)
    .where(eq(affiliates.id, id));
  return row;
}
