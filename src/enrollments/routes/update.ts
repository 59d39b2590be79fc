import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { bearer, type V1App } from "../../api/types";
import { withBrand } from "../../db/principal";
import { enrollments } from "../../db/schema";
import { ApiError } from "../../http/errors";
import { commonErrors, errorResponse, idParam, jsonBody, jsonResponse } from "../../http/schemas";
import { emitEvent } from "../../webhooks/emit";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { findEnrollment, findVisibleAffiliate } from "../queries";
import { Enrollment, serializeEnrollment } from "../schemas";
import { allowedMoves, transitionEvent } from "../transitions";

const UpdateEnrollment = z
  .object({ status: z.enum(["approved", "rejected", "paused", "ended"]).openapi({ description: "Approve or reject an application; pause, resume (`approved`) or end an enrollment." }) })
  .strict()
  .openapi("UpdateEnrollment");

export const updateEnrollmentRoute = createRoute({
  method: "patch",
  path: "/v1/enrollments/{id}",
  tags: ["Enrollments"],
  summary: "Review an application or change an enrollment",
  description: "Paused and ended enrollments stop their links from redirecting within the edge cache lifetime. Rejected and ended are final.",
  security: bearer,
  request: { params: idParam("enr"), body: jsonBody(UpdateEnrollment) },
  responses: { 200: jsonResponse(Enrollment, "The enrollment."), ...commonErrors, 409: errorResponse("The move is not allowed from the current status.") },
});

export function registerUpdateEnrollment(app: V1App) {
  app.openapi(updateEnrollmentRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { status } = c.req.valid("json");
    const brandId = c.var.brand.id;
    let deliveries: string[] = [];
    const body = await withBrand(c.var.db(), brandId, async (tx) => {
      const current = await findEnrollment(tx, id);
      if (!current) throw new ApiError("not_found", `No enrollment ${id}.`, { param: "id" });
      const affiliate = (await findVisibleAffiliate(tx, current.affiliateId))!;
      if (current.status === status) return serializeEnrollment(current, affiliate);
      const event = transitionEvent(current.status, status);
      if (!event) {
        const allowed = allowedMoves(current.status);
        throw new ApiError(
          "conflict",
          `Enrollment ${id} is ${current.status}; it can ${allowed.length ? `move to ${allowed.join(" or ")}` : "no longer change"}.`,
          { param: "status" },
        );
      }
      const now = new Date();
      const [row] = await tx
        .update(enrollments)
        .set({ status, updatedAt: now, ...(current.status === "pending" && { decidedAt: now }) })
        .where(eq(enrollments.id, id))
        .returning();
      const enrollment = serializeEnrollment(row!, affiliate);
      // Pauses and resumes can repeat, so each transition is its own event subject.
      deliveries = await emitEvent(tx, brandId, event, `${id}@${now.toISOString()}`, enrollment);
      return enrollment;
    });
    enqueueAfterCommit(c.executionCtx, c.env.WEBHOOKS, brandId, deliveries);
    return c.json(body, 200);
  });
}
