import type { z } from "@hono/zod-openapi";
import { findEnrollment } from "../enrollments/queries";
import { randomBase62 } from "../infra/crypto";
import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import type { enrollments } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { insertLink, updateLink } from "./queries";
import type { CreateLink, UpdateLink } from "./schemas";

type LinkOwner = Pick<typeof enrollments.$inferSelect, "id" | "brandId" | "campaignId" | "affiliateId">;

/**
 * The one way a tracking link is made, whoever makes it (the brand, or the creator for
 * their own enrollment): a random 8-character code unless a vanity one is asked for, and a
 * taken code is a conflict on `code`. Who may make a link for which enrollment is the
 * caller's check; RLS checks it again.
 */
export async function createLink(tx: Tx, enrollment: LinkOwner, input: Pick<z.infer<typeof CreateLink>, "code" | "destination_url">) {
  try {
    return await insertLink(tx, {
      id: newId("link"),
      brandId: enrollment.brandId,
      campaignId: enrollment.campaignId,
      enrollmentId: enrollment.id,
      affiliateId: enrollment.affiliateId,
      code: input.code ?? randomBase62(8),
      destinationUrl: input.destination_url ?? null,
    });
  } catch (err) {
    if (isUniqueViolation(err, "tracking_links_code")) throw new DomainError("conflict", `The code \`${input.code}\` is taken.`, { param: "code" });
    throw err;
  }
}

/** A brand's link for one of its enrollments. */
export async function createBrandLink(tx: Tx, input: z.infer<typeof CreateLink>) {
  const enrollment = await findEnrollment(tx, input.enrollment_id);
  if (!enrollment) throw new DomainError("not_found", `No enrollment ${input.enrollment_id}.`, { param: "enrollment_id" });
  // Links carry the creator's name to the brand's visitors: only for a partnership the
  // creator agreed to (an offer waits for their yes, an application for the brand's).
  if (enrollment.status !== "approved" && enrollment.status !== "paused") {
    throw new DomainError("conflict", `Enrollment ${enrollment.id} is ${enrollment.status}; links need an approved (or paused) enrollment.`, { param: "enrollment_id" });
  }
  return createLink(tx, enrollment, input);
}

/** Pauses, resumes or re-points a brand's link; only the fields sent change. */
export async function changeLink(tx: Tx, linkId: string, input: z.infer<typeof UpdateLink>) {
  const row = await updateLink(tx, linkId, {
    ...(input.status !== undefined && { status: input.status }),
    ...(input.destination_url !== undefined && { destinationUrl: input.destination_url }),
  });
  if (!row) throw new DomainError("not_found", `No link ${linkId}.`, { param: "linkId" });
  return row;
}
