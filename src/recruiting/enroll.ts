import { and, eq } from "drizzle-orm";
import type { SessionUser } from "../auth/sessions";
import { findCreatorEnrollment } from "../creators/enrollments";
import { ensureProfile } from "../creators/queries";
import type { Db, Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import { setPrincipal, withPrincipal } from "../infra/db/principal";
import { enrollments, type affiliates } from "../infra/db/schema";
import { announceEnrollment, changeEnrollmentStatus, recordOfferAnswer } from "../enrollments/lifecycle";
import { insertEnrollment } from "../enrollments/queries";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";

type AffiliateRow = typeof affiliates.$inferSelect;

/**
 * A creator joining a brand's campaign through something the brand handed out (a join
 * link, an emailed invitation), in ONE transaction: the signed-in user's creator profile is
 * found or made (user principal), then `act` runs as the brand named by that link or
 * invitation, on behalf of the user (as accepting a team invitation does); the enrollment
 * it returns is read back as the creator.
 */
export function joinOnBehalfOfCreator(db: Db, user: SessionUser, brandId: string, act: (tx: Tx, profile: AffiliateRow) => Promise<{ enrollmentId: string; deliveries: string[] }>) {
  return withPrincipal(db, { kind: "user", userId: user.id }, async (tx) => {
    const profile = await ensureProfile(tx, user);
    if (profile.networkStatus === "suspended") throw new DomainError("forbidden", "Your creator profile is suspended. Contact support@rekomi.com.");
    await setPrincipal(tx, { kind: "brand", brandId, userId: user.id });
    const { enrollmentId, deliveries } = await act(tx, profile);
    await setPrincipal(tx, { kind: "affiliate", affiliateId: profile.id, userId: user.id });
    return { row: (await findCreatorEnrollment(tx, enrollmentId))!, deliveries };
  });
}

/** The creator's enrollment in the campaign, whatever its status, if the principal may see it. */
export async function findEnrollmentIn(tx: Tx, campaignId: string, affiliateId: string): Promise<typeof enrollments.$inferSelect | undefined> {
  const [row] = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.campaignId, campaignId), eq(enrollments.affiliateId, affiliateId)));
  return row;
}

/**
 * Puts the creator in the campaign (brand principal, acting for the signed-in creator: the
 * database records their consent): a new enrollment with `status`; for an approved join,
 * the approval of their pending application; and an open offer of the brand's is accepted
 * (the brand already wants them). Anything else already there (working, paused, rejected,
 * declined, withdrawn, ended) is a conflict the brand must settle.
 */
export async function enrollCreator(
  tx: Tx,
  target: { brandId: string; campaignId: string; campaignName: string },
  profile: AffiliateRow,
  status: "approved" | "pending",
  source: "invite" | "join_page",
): Promise<{ enrollmentId: string; deliveries: string[] }> {
  const existing = await findEnrollmentIn(tx, target.campaignId, profile.id);
  if (existing) {
    if (existing.status === "invited") {
      const { deliveries } = await recordOfferAnswer(tx, existing, "approved");
      return { enrollmentId: existing.id, deliveries };
    }
    if (existing.status === "pending" && status === "approved") {
      const { deliveries } = await changeEnrollmentStatus(tx, existing.id, "approved", "token");
      return { enrollmentId: existing.id, deliveries };
    }
    const what =
      existing.status === "pending"
        ? "Your application is already waiting for review"
        : existing.status === "approved" || existing.status === "paused"
          ? "You already work with this campaign"
          : `Your enrollment was ${existing.status}; ask the brand directly`;
    throw new DomainError("conflict", `${what} (${target.campaignName}).`);
  }
  try {
    const row = await insertEnrollment(tx, {
      id: newId("enrollment"),
      brandId: target.brandId,
      campaignId: target.campaignId,
      affiliateId: profile.id,
      status,
      source,
      decidedAt: status === "approved" ? new Date() : null,
    });
    return { enrollmentId: row.id, deliveries: await announceEnrollment(tx, row) };
  } catch (err) {
    if (isUniqueViolation(err, "enrollments_campaign_affiliate")) throw new DomainError("conflict", `You already applied to ${target.campaignName}.`);
    throw err;
  }
}
