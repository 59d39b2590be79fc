import type { z } from "@hono/zod-openapi";
import { randomBase62 } from "../infra/crypto";
import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import { findEnrollment } from "../enrollments/queries";
import { ApiError } from "../infra/http/errors";
import { newId } from "../infra/ids";
import { insertLink, updateLink } from "./queries";
import type { CreateLink, UpdateLink } from "./schemas";

/** Creates a brand's link for one of its enrollments (REST API and dashboard alike). */
export async function createBrandLink(tx: Tx, brandId: string, input: z.infer<typeof CreateLink>) {
  const enrollment = await findEnrollment(tx, input.enrollment_id);
  if (!enrollment) throw new ApiError("not_found", `No enrollment ${input.enrollment_id}.`, { param: "enrollment_id" });
  // Links carry the creator's name to the brand's visitors: only for a partnership the
  // creator agreed to (an offer waits for their yes, an application for the brand's).
  if (enrollment.status !== "approved" && enrollment.status !== "paused") {
    throw new ApiError("conflict", `Enrollment ${enrollment.id} is ${enrollment.status}; links need an approved (or paused) enrollment.`, { param: "enrollment_id" });
  }
  try {
    return await insertLink(tx, {
      id: newId("link"),
      brandId,
      campaignId: enrollment.campaignId,
      enrollmentId: enrollment.id,
      affiliateId: enrollment.affiliateId,
      code: input.code ?? randomBase62(8),
      destinationUrl: input.destination_url ?? null,
    });
  } catch (err) {
    if (isUniqueViolation(err, "tracking_links_code")) throw new ApiError("conflict", `The code \`${input.code}\` is taken.`, { param: "code" });
    throw err;
  }
}

/** Pauses, resumes or re-points a brand's link; only the fields sent change. */
export async function changeLink(tx: Tx, id: string, input: z.infer<typeof UpdateLink>, idParamName = "id") {
  const row = await updateLink(tx, id, {
    ...(input.status !== undefined && { status: input.status }),
    ...(input.destination_url !== undefined && { destinationUrl: input.destination_url }),
  });
  if (!row) throw new ApiError("not_found", `No link ${id}.`, { param: idParamName });
  return row;
}
