import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { findCampaign } from "../../campaigns/queries";
import { isUniqueViolation } from "../../db/errors";
import { ApiError } from "../../http/errors";
import { idempotentBrandWrite } from "../../http/idempotency";
import { commonErrors, errorResponse, idParam, jsonBody, jsonResponse } from "../../http/schemas";
import { newId } from "../../ids";
import { announceEnrollment } from "../lifecycle";
import { findVisibleAffiliate, insertEnrollment } from "../queries";
import { EnrollAffiliate, Enrollment, serializeEnrollment } from "../schemas";
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
      if (!(await findCampaign(tx, campaignId))) throw new ApiError("not_found", `No campaign ${campaignId}.`, { param: "id" });
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
        deliveries = await announceEnrollment(tx, row, affiliate);
        return serializeEnrollment(row, affiliate);
      } catch (err) {
        if (isUniqueViolation(err, "enrollments_campaign_affiliate")) {
          throw new ApiError("conflict", `Affiliate ${affiliate.id} is already enrolled in ${campaignId}.`, { param: "affiliate_id" });
        }
        throw err;
      }
    });
    enqueueAfterCommit(c.executionCtx, c.env.WEBHOOKS, brandId, deliveries);
    return c.json(body, 201);
  });
}
