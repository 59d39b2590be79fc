import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { consentedColumn } from "../creators/affiliates";
import type { Tx } from "../infra/db/client";
import { affiliates, campaigns, enrollments, type EnrollmentStatus } from "../infra/db/schema";

const creatorColumns = () => ({ id: affiliates.id, displayName: affiliates.displayName, email: affiliates.email, consented: consentedColumn() });

/** A campaign's enrollments with the creator in short (and the brand's consent), newest first (`limit + 1` rows). */
export async function listEnrollments(tx: Tx, campaignId: string, opts: { limit: number; before?: string | undefined }) {
  const rows = await tx
    .select({ enrollment: enrollments, affiliate: creatorColumns() })
    .from(enrollments)
    .innerJoin(affiliates, eq(affiliates.id, enrollments.affiliateId))
    .where(and(eq(enrollments.campaignId, campaignId), opts.before ? lt(enrollments.id, opts.before) : undefined))
    .orderBy(desc(enrollments.id))
    .limit(opts.limit + 1);
  return rows.map((r) => ({ id: r.enrollment.id, ...r }));
}

export async function findEnrollment(tx: Tx, id: string) {
  const [row] = await tx.select().from(enrollments).where(eq(enrollments.id, id));
  return row;
}

export async function insertEnrollment(tx: Tx, values: typeof enrollments.$inferInsert) {
  const [row] = await tx.insert(enrollments).values(values).returning();
  return row!;
}

/** The brand's enrollments with the creator's profile, the brand's consent and the campaign's name, newest first (`limit + 1` rows). */
export async function listApplications(tx: Tx, opts: { limit: number; before?: string | undefined; statuses: EnrollmentStatus[]; campaignId?: string | undefined }) {
  const rows = await tx
    .select({ enrollment: enrollments, affiliate: affiliates, consented: consentedColumn(), campaignName: campaigns.name })
    .from(enrollments)
    .innerJoin(affiliates, eq(affiliates.id, enrollments.affiliateId))
    .innerJoin(campaigns, eq(campaigns.id, enrollments.campaignId))
    .where(
      and(
        inArray(enrollments.status, opts.statuses),
        opts.campaignId ? eq(enrollments.campaignId, opts.campaignId) : undefined,
        opts.before ? lt(enrollments.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(enrollments.id))
    .limit(opts.limit + 1);
  return rows.map((r) => ({ id: r.enrollment.id, ...r }));
}

export async function findApplication(tx: Tx, id: string) {
  const [row] = await tx
    .select({ enrollment: enrollments, affiliate: affiliates, consented: consentedColumn(), campaignName: campaigns.name })
    .from(enrollments)
    .innerJoin(affiliates, eq(affiliates.id, enrollments.affiliateId))
    .innerJoin(campaigns, eq(campaigns.id, enrollments.campaignId))
    .where(eq(enrollments.id, id));
  return row;
}
