import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { idempotentBrandWrite } from "../../http/idempotency";
import { commonErrors, errorResponse, idParam, jsonBody, jsonResponse } from "../../http/schemas";
import { enrollExistingAffiliate } from "../lifecycle";
import { EnrollAffiliate, Enrollment } from "../schemas";
import { enqueueAfterCommit } from "../../webhooks/enqueue";

export const createEnrollmentRoute = createRoute({
  method: "post",
  path: "/v1/campaigns/{id}/enrollments",
  tags: ["Enrollments"],
  summary: "Enroll an existing affiliate",
  description: "Adds a creator who is already on Rekomi (in another of your campaigns or listed in the network) to this campaign.",
  security: bearer,
  request: { params: idParam("cmp"), body: jsonBody(EnrollAffiliate) },
  responses: {
    201: jsonResponse(Enrollment, "The enrollment."),
    ...commonErrors,
    409: errorResponse("The affiliate is already enrolled in this campaign."),
  },
});

export function registerCreateEnrollment(app: V1App) {
  app.openapi(createEnrollmentRoute, async (c) => {
    const { id: campaignId } = c.req.valid("param");
    const input = c.req.valid("json");
    const brandId = c.var.brand.id;
    let deliveries: string[] = [];
    const body = await idempotentBrandWrite(c, c.var.db(), brandId, { campaignId, ...input }, async (tx) => {
      const enrolled = await enrollExistingAffiliate(tx, brandId, campaignId, input, "id");
      deliveries = enrolled.deliveries;
      return enrolled.enrollment;
    });
    enqueueAfterCommit(c.executionCtx, c.env.WEBHOOKS, brandId, deliveries);
    return c.json(body, 201);
  });
}
