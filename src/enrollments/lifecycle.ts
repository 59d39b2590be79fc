import { and, eq, gt } from "drizzle-orm";
import { creatorRefForBrand, findCreatorRef } from "../creators/affiliates";
import { findCampaign } from "../campaigns/queries";
import type { AppConfig } from "../infra/app/config";
import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import { setPrincipal } from "../infra/db/principal";
import { affiliates, brands, enrollments, type EnrollmentStatus } from "../infra/db/schema";
import { enqueueEmail } from "../email/outbox";
import { enrollmentOffer } from "../email/templates";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { commissionSummary } from "../recruiting/card";
import { emitEvent } from "../webhooks/emit";
import { findEnrollment, insertEnrollment } from "./queries";
import { serializeEnrollment, type Enrollment } from "./schemas";
import { allowedMoves, CREATOR_MOVES, transitionEvent, type OfferAnswer } from "./transitions";

type EnrollmentRow = typeof enrollments.$inferSelect;

/** The enrollment as the brand principal may see it: the creator's private fields only with consent. */
export async function enrollmentForBrand(tx: Tx, row: EnrollmentRow): Promise<Enrollment> {
  const creator = (await findCreatorRef(tx, row.affiliateId))!;
  return serializeEnrollment(row, creatorRefForBrand(creator, creator.consented));
}

/**
 * Tells the brand's systems about a new enrollment the creator made (brand principal): an
 * application to review (`application.submitted`) or a creator who joined approved
 * (`application.approved`). Returns the webhook deliveries to enqueue after commit.
 */
export async function announceEnrollment(tx: Tx, row: EnrollmentRow): Promise<string[]> {
  const type = row.status === "approved" ? "application.approved" : "application.submitted";
  return emitEvent(tx, row.brandId, type, row.id, await enrollmentForBrand(tx, row));
}

/**
 * Moves an enrollment to `status` (brand principal): approve or reject an application,
 * withdraw an offer, pause, resume or end a partnership: the `updateEnrollment` operation,
 * and an approved join (src/recruiting). A move to the current status changes nothing.
 * Approving an offer is not a brand's move: only the creator accepts it.
 */
export async function changeEnrollmentStatus(
  tx: Tx,
  id: string,
  status: Exclude<EnrollmentStatus, "pending" | "invited" | "declined">,
  idParamName: string,
): Promise<{ enrollment: Enrollment; deliveries: string[]; changed: boolean }> {
  const current = await findEnrollment(tx, id);
  if (!current) throw new DomainError("not_found", `No enrollment ${id}.`, { param: idParamName });
  if (current.status === status) return { enrollment: await enrollmentForBrand(tx, current), deliveries: [], changed: false };
  const event = transitionEvent(current.status, status);
  if (!event) {
    const allowed = allowedMoves(current.status);
    const offer = current.status === "invited" ? " Only the creator can accept an offer." : "";
    throw new DomainError("conflict", `Enrollment ${id} is ${current.status}; it can ${allowed.length ? `move to ${allowed.join(" or ")}` : "no longer change"}.${offer}`, {
      param: "status",
    });
  }
  const now = new Date();
  const [row] = await tx
    .update(enrollments)
    .set({ status, updatedAt: now, ...((current.status === "pending" || current.status === "invited") && { decidedAt: now }) })
    .where(eq(enrollments.id, id))
    .returning();
  const enrollment = await enrollmentForBrand(tx, row!);
  // Pauses and resumes can repeat, so each transition is its own event subject.
  const deliveries = await emitEvent(tx, row!.brandId, event, `${id}@${now.toISOString()}`, enrollment);
  return { enrollment, deliveries, changed: true };
}

/** After a creator declines one of its offers, a brand may not send them another for this long. */
export const DECLINE_QUIET_DAYS = 90;

/**
 * Offers a creator a place in one of the brand's campaigns (brand principal): an `invited`
 * enrollment, and an email to the creator, who accepts or declines in their dashboard at
 * `answerUrl`. A creator who declined one of the brand's offers hears nothing more from it
 * for DECLINE_QUIET_DAYS. The brand learns nothing private about the creator until they
 * accept.
 */
export async function offerEnrollment(
  tx: Tx,
  config: AppConfig,
  offer: { brandId: string; campaignId: string; affiliateId: string; answerUrl: string },
): Promise<{ enrollment: Enrollment; mailId: string }> {
  const { brandId, campaignId, affiliateId } = offer;
  const campaign = await findCampaign(tx, campaignId);
  if (!campaign) throw new DomainError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
  // RLS decides visibility: only creators already in one of the brand's campaigns or listed in the network.
  const [creator] = await tx.select({ id: affiliates.id, email: affiliates.email }).from(affiliates).where(eq(affiliates.id, affiliateId));
  if (!creator) throw new DomainError("not_found", `No affiliate ${affiliateId}.`, { param: "affiliate_id" });
  const quietSince = new Date(Date.now() - DECLINE_QUIET_DAYS * 86_400_000);
  const [declined] = await tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.affiliateId, creator.id), eq(enrollments.status, "declined"), gt(enrollments.decidedAt, quietSince)))
    .limit(1);
  if (declined) {
    throw new DomainError("conflict", `Affiliate ${creator.id} declined an offer from you in the last ${DECLINE_QUIET_DAYS} days; no new offer can be sent.`, { param: "affiliate_id" });
  }
  let row: EnrollmentRow;
  try {
    row = await insertEnrollment(tx, { id: newId("enrollment"), brandId, campaignId, affiliateId: creator.id, status: "invited", source: "api" });
  } catch (err) {
    if (isUniqueViolation(err, "enrollments_campaign_affiliate")) {
      throw new DomainError("conflict", `Affiliate ${creator.id} is already in ${campaignId} (or was offered a place).`, { param: "affiliate_id" });
    }
    throw err;
  }
  const [brand] = await tx.select({ name: brands.name }).from(brands).where(eq(brands.id, brandId));
  // The address is read here to send the mail, never returned to the brand.
  const mailId = await enqueueEmail(tx, config, {
    brandId,
    to: creator.email,
    content: enrollmentOffer({ brandName: brand!.name, campaignName: campaign.name, commission: commissionSummary(campaign), url: offer.answerUrl }),
  });
  return { enrollment: await enrollmentForBrand(tx, row), mailId };
}

/**
 * Records the creator's answer to an offer (`approved` = accepted, or `declined`) and tells
 * the brand (`offer.accepted` / `offer.declined`). Runs under the creator's principal, or
 * the brand's on the creator's behalf (joining through a link); the database records the
 * consent only because the creator is the one acting.
 */
export async function recordOfferAnswer(tx: Tx, current: EnrollmentRow, answer: OfferAnswer): Promise<{ row: EnrollmentRow; deliveries: string[] }> {
  const row = await writeAnswer(tx, current.id, answer);
  return { row, deliveries: await announceAnswer(tx, row, answer) };
}

async function writeAnswer(tx: Tx, id: string, answer: OfferAnswer): Promise<EnrollmentRow> {
  const now = new Date();
  const [row] = await tx.update(enrollments).set({ status: answer, decidedAt: now, updatedAt: now }).where(eq(enrollments.id, id)).returning();
  // The brand withdrew it meanwhile (the creator's policy only answers open offers).
  if (!row) throw new DomainError("conflict", `Enrollment ${id} is no longer an open offer.`);
  return row;
}

async function announceAnswer(tx: Tx, row: EnrollmentRow, answer: OfferAnswer): Promise<string[]> {
  return emitEvent(tx, row.brandId, CREATOR_MOVES[answer], row.id, await enrollmentForBrand(tx, row));
}

/**
 * The creator answers an offer from their dashboard (affiliate principal). The brand's
 * outbox is the brand's, so the event is written as that brand (taken from the row, never
 * the request), then the principal returns to the creator. Answering the same way twice
 * changes nothing.
 */
export async function answerOffer(
  tx: Tx,
  creator: { affiliateId: string; userId: string },
  id: string,
  answer: OfferAnswer,
): Promise<{ brandId: string; deliveries: string[] }> {
  const current = await findEnrollment(tx, id);
  if (!current) throw new DomainError("not_found", `No offer ${id}.`, { param: "enrollmentId" });
  if (current.status === answer) return { brandId: current.brandId, deliveries: [] };
  if (current.status !== "invited") throw new DomainError("conflict", `This is not an open offer: it is ${current.status}.`);
  // As the creator (RLS policy affiliate_answers_offer; the database records the consent).
  const row = await writeAnswer(tx, id, answer);
  await setPrincipal(tx, { kind: "brand", brandId: row.brandId, userId: creator.userId });
  const deliveries = await announceAnswer(tx, row, answer);
  await setPrincipal(tx, { kind: "affiliate", affiliateId: creator.affiliateId, userId: creator.userId });
  return { brandId: row.brandId, deliveries };
}
