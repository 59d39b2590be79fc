import type { z } from "@hono/zod-openapi";
import { findEnrollment } from "../enrollments/queries";
import { randomBase62 } from "../infra/crypto";
import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import type { enrollments } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { findLinkWithPromoCode, insertLink, updateLink } from "./queries";
import type { CreateBrandLink, CreateLink, UpdateLink } from "./schemas";

type LinkOwner = Pick<typeof enrollments.$inferSelect, "id" | "brandId" | "campaignId" | "affiliateId">;

/**
 * The one way a tracking link is made, whoever makes it (the brand, or the creator for
 * their own enrollment): a random 8-character code unless a vanity one is asked for, and a
 * taken code is a conflict on `code`. Who may make a link for which enrollment is the
 * caller's check; RLS checks it again.
 */
export async function createLink(tx: Tx, enrollment: LinkOwner, input: Pick<z.infer<typeof CreateLink>, "code" | "destination_url"> & { promo_code?: string | null | undefined }) {
  if (input.promo_code) await ensurePromoCodeFree(tx, input.promo_code);
  try {
    return await insertLink(tx, {
      id: newId("link"),
      brandId: enrollment.brandId,
      campaignId: enrollment.campaignId,
      enrollmentId: enrollment.id,
      affiliateId: enrollment.affiliateId,
      code: input.code ?? randomBase62(8),
      destinationUrl: input.destination_url ?? null,
      promoCode: input.promo_code ?? null,
    });
  } catch (err) {
    if (isUniqueViolation(err, "tracking_links_code")) throw new DomainError("conflict", `The code \`${input.code}\` is taken.`, { param: "code" });
    throw promoCodeRace(err, input.promo_code);
  }
}

/**
 * A promotion code credits one creator, so it is on one link of the brand at most: the
 * conflict names the link (and creator) that has it, so the brand can move it on purpose.
 */
async function ensurePromoCodeFree(tx: Tx, promoCode: string, exceptLinkId?: string) {
  const holder = await findLinkWithPromoCode(tx, promoCode);
  if (!holder || holder.link.id === exceptLinkId) return;
  const who = holder.affiliateName ? ` (${holder.affiliateName})` : "";
  throw new DomainError("conflict", `The promotion code \`${promoCode}\` is already on link ${holder.link.id} (\`${holder.link.code}\`${who}): remove it there first.`, {
    param: "promo_code",
  });
}

/** The unique index's answer when two requests set the same code at once. */
function promoCodeRace(err: unknown, promoCode: string | null | undefined): unknown {
  if (!isUniqueViolation(err, "tracking_links_promo_code")) return err;
  return new DomainError("conflict", `The promotion code \`${promoCode}\` was just given to another link of this brand.`, { param: "promo_code" });
}

/** A brand's link for one of its enrollments. */
export async function createBrandLink(tx: Tx, input: z.infer<typeof CreateBrandLink>) {
  const enrollment = await findEnrollment(tx, input.enrollment_id);
  if (!enrollment) throw new DomainError("not_found", `No enrollment ${input.enrollment_id}.`, { param: "enrollment_id" });
  // Links carry the creator's name to the brand's visitors: only for a partnership the
  // creator agreed to (an offer waits for their yes, an application for the brand's).
  if (enrollment.status !== "approved" && enrollment.status !== "paused") {
    throw new DomainError("conflict", `Enrollment ${enrollment.id} is ${enrollment.status}; links need an approved (or paused) enrollment.`, { param: "enrollment_id" });
  }
  return createLink(tx, enrollment, input);
}

/** Pauses, resumes, re-points a brand's link or sets its promotion code; only the fields sent change. */
export async function changeLink(tx: Tx, linkId: string, input: z.infer<typeof UpdateLink>) {
  if (input.promo_code) await ensurePromoCodeFree(tx, input.promo_code, linkId);
  let row;
  try {
    row = await updateLink(tx, linkId, {
      ...(input.status !== undefined && { status: input.status }),
      ...(input.destination_url !== undefined && { destinationUrl: input.destination_url }),
      ...(input.promo_code !== undefined && { promoCode: input.promo_code }),
    });
  } catch (err) {
    throw promoCodeRace(err, input.promo_code);
  }
  if (!row) throw new DomainError("not_found", `No link ${linkId}.`, { param: "linkId" });
  return row;
}
