import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../api/types";
import { randomBase62 } from "../../crypto";
import { isUniqueViolation } from "../../db/errors";
import { findEnrollment } from "../../enrollments/queries";
import { ApiError } from "../../http/errors";
import { idempotentBrandWrite } from "../../http/idempotency";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../http/schemas";
import { newId } from "../../ids";
import { trackingBaseUrl } from "../base-url";
import { insertLink } from "../queries";
import { CreateLink, TrackingLink, serializeLink } from "../schemas";

export const createLinkRoute = createRoute({
  method: "post",
  path: "/v1/links",
  tags: ["Tracking links"],
  summary: "Create a tracking link",
  description: "A link for one enrollment. It redirects while the link, the enrollment (approved) and the campaign (active) are all live.",
  security: bearer,
  request: { body: jsonBody(CreateLink) },
  responses: {
    201: jsonResponse(TrackingLink, "The new link."),
    ...commonErrors,
    409: errorResponse("The code is taken, or the enrollment was rejected or ended."),
  },
});

export function registerCreateLink(app: V1App) {
  app.openapi(createLinkRoute, async (c) => {
    const input = c.req.valid("json");
    const brandId = c.var.brand.id;
    const base = trackingBaseUrl(c.env, c.req.url);
    const body = await idempotentBrandWrite(c, c.var.db(), brandId, input, async (tx) => {
      const enrollment = await findEnrollment(tx, input.enrollment_id);
      if (!enrollment) throw new ApiError("not_found", `No enrollment ${input.enrollment_id}.`, { param: "enrollment_id" });
      if (enrollment.status === "rejected" || enrollment.status === "ended") {
        throw new ApiError("conflict", `Enrollment ${enrollment.id} is ${enrollment.status}; links need a live enrollment.`, { param: "enrollment_id" });
      }
      try {
        const row = await insertLink(tx, {
          id: newId("link"),
          brandId,
          campaignId: enrollment.campaignId,
          enrollmentId: enrollment.id,
          affiliateId: enrollment.affiliateId,
          code: input.code ?? randomBase62(8),
          destinationUrl: input.destination_url ?? null,
        });
        return serializeLink(row, base);
      } catch (err) {
        if (isUniqueViolation(err, "tracking_links_code")) {
          throw new ApiError("conflict", `The code \`${input.code}\` is taken.`, { param: "code" });
        }
        throw err;
      }
    });
    return c.json(body, 201);
  });
}
