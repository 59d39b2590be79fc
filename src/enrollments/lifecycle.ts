import { eq } from "drizzle-orm";
import { findCampaign } from "../campaigns/queries";
import type { Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { enrollments, type EnrollmentStatus, type affiliates } from "../db/schema";
import { ApiError } from "../http/errors";
import { newId } from "../ids";
import { emitEvent } from "../webhooks/emit";
import { findEnrollment, findVisibleAffiliate, insertEnrollment } from "./queries";
import { serializeEnrollment, type Enrollment } from "./schemas";
import { allowedMoves, transitionEvent } from "./transitions";

type EnrollmentRow = typeof enrollments.$inferSelect;
type AffiliateCard = Pick<typeof affiliates.$inferSelect, "id" | "displayName" | "email">;

/**
 * Tells the brand's systems about a new enrollment (brand principal): an application to
 * review (`application.submitted`) or a creator already approved (`application.approved`).
 * Returns the webhook deliveries to enqueue after commit.
 */
export function announceEnrollment(tx: Tx, row: EnrollmentRow, affiliate: AffiliateCard): Promise<string[]> {
  const type = row.status === "approved" ? "application.approved" : "application.submitted";
  return emitEvent(tx, row.brandId, type, row.id, serializeEnrollment(row, affiliate));
}

/**
 * Moves an enrollment to `status` (brand principal): approve or reject an application,
 * pause, resume or end a partnership. The same rules and events for the REST API and the
 * dashboard. A move to the current status changes nothing.
 */
export async function changeEnrollmentStatus(
  tx: Tx,
  id: string,
  status: Exclude<EnrollmentStatus, "pending">,
  idParamName: string,
): Promise<{ enrollment: Enrollment; deliveries: string[]; changed: boolean }> {
  const current = await findEnrollment(tx, id);
  if (!current) throw new ApiError("not_found", `No enrollment ${id}.`, { param: idParamName });
  const affiliate = (await findVisibleAffiliate(tx, current.affiliateId))!;
  if (current.status === status) return { enrollment: serializeEnrollment(current, affiliate), deliveries: [], changed: false };
  const event = transitionEvent(current.status, status);
  if (!event) {
    const allowed = allowedMoves(current.status);
    throw new ApiError("conflict", `Enrollment ${id} is ${current.status}; it can ${allowed.length ? `move to ${allowed.join(" or ")}` : "no longer change"}.`, {
      param: "status",
    });
  }
  const now = new Date();
  const [row] = await tx
    .update(enrollments)
    .set({ status, updatedAt: now, ...(current.status === "pending" && { decidedAt: now }) })
    .where(eq(enrollments.id, id))
    .returning();
  const enrollment = serializeEnrollment(row!, affiliate);
  // Pauses and resumes can repeat, so each transition is its own event subject.
  const deliveries = await emitEvent(tx, row!.brandId, event, `${id}@${now.toISOString()}`, enrollment);
  return { enrollment, deliveries, changed: true };
}

/**
 * Adds a creator the brand can already see (working with it, or listed in the network) to
 * one of its campaigns (brand principal), and announces it. REST API and dashboard alike.
 */
export async function enrollExistingAffiliate(
  tx: Tx,
  brandId: string,
  campaignId: string,
  input: { affiliate_id: string; status: "approved" | "pending" },
  campaignParamName: string,
): Promise<{ enrollment: Enrollment; deliveries: string[] }> {
  if (!(await findCampaign(tx, campaignId))) throw new ApiError("not_found", `No campaign ${campaignId}.`, { param: campaignParamName });
  // RLS decides visibility: only creators already working with the brand or listed in the network.
  const affiliate = await findVisibleAffiliate(tx, input.affiliate_id);
  if (!affiliate) throw new ApiError("not_found", `No affiliate ${input.affiliate_id}.`, { param: "affiliate_id" });
  try {
    const row = await insertEnrollment(tx, {
      id: newId("enrollment"),
      brandId,
      campaignId,
      affiliateId: affiliate.id,
      status: input.status,
      source: "api",
      decidedAt: input.status === "approved" ? new Date() : null,
    });
    return { enrollment: serializeEnrollment(row, affiliate), deliveries: await announceEnrollment(tx, row, affiliate) };
  } catch (err) {
    if (isUniqueViolation(err, "enrollments_campaign_affiliate")) {
      throw new ApiError("conflict", `Affiliate ${affiliate.id} is already enrolled in ${campaignId}.`, { param: "affiliate_id" });
    }
    throw err;
  }
}
