import { createRoute, z } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { commonErrors, errorResponse, idParam, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { changeEnrollmentStatus } from "../lifecycle";
import { Enrollment } from "../schemas";

export const UpdateEnrollment = z
  .object({ status: z.enum(["approved", "rejected", "withdrawn", "paused", "ended"]).openapi({ description: "Approve or reject an application; withdraw an open offer; pause, resume (`approved`) or end an enrollment. Only the creator accepts an offer." }) })
  .strict()
  .openapi("UpdateEnrollment");

export const updateEnrollmentRoute = createRoute({
  method: "patch",
  path: "/v1/enrollments/{id}",
  tags: ["Enrollments"],
  summary: "Review an application, withdraw an offer or change an enrollment",
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
    const { enrollment, deliveries } = await withBrand(c.var.db(), brandId, (tx) => changeEnrollmentStatus(tx, id, status, "id"));
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, deliveries);
    return c.json(enrollment, 200);
  });
}
