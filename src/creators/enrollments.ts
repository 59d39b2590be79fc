import { z } from "@hono/zod-openapi";
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { ENROLLMENT_SOURCES, ENROLLMENT_STATUSES, brands, campaigns, enrollments, trackingLinks, type EnrollmentStatus } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";
import { TrackingLink, serializeLink } from "../links/schemas";
import { NetworkCampaign, serializeNetworkCampaign } from "../network/schemas";

/** One of the creator's applications or partnerships, with the campaign and its links. */
export const CreatorEnrollment = z
  .object({
    object: z.literal("creator_enrollment"),
    id: z.string(),
    status: z.enum(ENROLLMENT_STATUSES),
    source: z.enum(ENROLLMENT_SOURCES),
    campaign: NetworkCampaign.extend({
      status: z.string(),
      destination_url: z.string().openapi({ description: "Your own links must point to this site." }),
      allow_creator_links: z.boolean(),
    }),
    links: z.array(TrackingLink),
    created_at: Timestamp,
    decided_at: Timestamp.nullable(),
  })
  .openapi("CreatorEnrollment");
export type CreatorEnrollment = z.infer<typeof CreatorEnrollment>;

type Row = { enrollment: typeof enrollments.$inferSelect; campaign: typeof campaigns.$inferSelect; brand: { id: string; name: string } };

function base(tx: Tx) {
  return tx
    .select({ enrollment: enrollments, campaign: campaigns, brand: { id: brands.id, name: brands.name } })
    .from(enrollments)
    .innerJoin(campaigns, eq(campaigns.id, enrollments.campaignId))
    .innerJoin(brands, eq(brands.id, enrollments.brandId));
}

/** The creator's enrollments, newest first, `limit + 1` rows (affiliate principal: RLS keeps them to the creator's own). */
export async function listCreatorEnrollments(tx: Tx, opts: { limit: number; before?: string | undefined; statuses?: EnrollmentStatus[] | undefined }) {
  const rows = await base(tx)
    .where(and(opts.statuses?.length ? inArray(enrollments.status, opts.statuses) : undefined, opts.before ? lt(enrollments.id, opts.before) : undefined))
    .orderBy(desc(enrollments.id))
    .limit(opts.limit + 1);
  return withLinks(tx, rows);
}

export async function findCreatorEnrollment(tx: Tx, id: string) {
  const rows = await base(tx).where(eq(enrollments.id, id));
  return (await withLinks(tx, rows))[0];
}

async function withLinks(tx: Tx, rows: Row[]) {
  const ids = rows.map((r) => r.enrollment.id);
  const links = ids.length ? await tx.select().from(trackingLinks).where(inArray(trackingLinks.enrollmentId, ids)).orderBy(desc(trackingLinks.id)) : [];
  return rows.map((r) => ({ id: r.enrollment.id, ...r, links: links.filter((l) => l.enrollmentId === r.enrollment.id) }));
}

export function serializeCreatorEnrollment(r: Row & { links: (typeof trackingLinks.$inferSelect)[] }, trackingBaseUrl: string): CreatorEnrollment {
  return {
    object: "creator_enrollment",
    id: r.enrollment.id,
    status: r.enrollment.status,
    source: r.enrollment.source,
    campaign: {
      ...serializeNetworkCampaign(r.campaign, r.brand),
      status: r.campaign.status,
      destination_url: r.campaign.destinationUrl,
      allow_creator_links: r.campaign.allowCreatorLinks,
    },
    links: r.links.map((l) => serializeLink(l, trackingBaseUrl)),
    created_at: r.enrollment.createdAt.toISOString(),
    decided_at: r.enrollment.decidedAt?.toISOString() ?? null,
  };
}
