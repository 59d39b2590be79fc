import { and, desc, eq, lt } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { affiliates, trackingLinks } from "../infra/db/schema";

/** Newest first, `limit + 1` links (or the one `linkId`), each with its creator's display name. */
export function listLinks(tx: Tx, opts: { limit: number; before?: string | undefined; campaignId?: string | undefined; enrollmentId?: string | undefined; linkId?: string }) {
  return tx
    .select({ link: trackingLinks, affiliateName: affiliates.displayName })
    .from(trackingLinks)
    .leftJoin(affiliates, eq(affiliates.id, trackingLinks.affiliateId))
    .where(
      and(
        opts.campaignId ? eq(trackingLinks.campaignId, opts.campaignId) : undefined,
        opts.enrollmentId ? eq(trackingLinks.enrollmentId, opts.enrollmentId) : undefined,
        opts.linkId ? eq(trackingLinks.id, opts.linkId) : undefined,
        opts.before ? lt(trackingLinks.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(trackingLinks.id))
    .limit(opts.limit + 1)
    .then((rows) => rows.map((r) => ({ id: r.link.id, ...r })));
}

export async function insertLink(tx: Tx, values: typeof trackingLinks.$inferInsert) {
  const [row] = await tx.insert(trackingLinks).values(values).returning();
  return row!;
}

/** The brand's link that carries this promotion code, with its creator's name. */
export async function findLinkWithPromoCode(tx: Tx, promoCode: string) {
  const [row] = await tx
    .select({ link: trackingLinks, affiliateName: affiliates.displayName })
    .from(trackingLinks)
    .leftJoin(affiliates, eq(affiliates.id, trackingLinks.affiliateId))
    .where(eq(trackingLinks.promoCode, promoCode));
  return row;
}

export async function updateLink(tx: Tx, id: string, values: Partial<Pick<typeof trackingLinks.$inferInsert, "status" | "destinationUrl" | "promoCode">>) {
  const [row] = await tx
    .update(trackingLinks)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(trackingLinks.id, id))
    .returning();
  return row;
}
