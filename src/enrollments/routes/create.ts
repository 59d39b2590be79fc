import { withBrand } from "../../infra/db/principal";
import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { idempotentBrandWrite } from "../../infra/http/idempotency";
import { commonErrors, errorResponse, idParam, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { deliverAfterResponse } from "../../email/deliver";
import { offerEnrollment } from "../lifecycle";
import { EnrollAffiliate, Enrollment } from "../schemas";

export const createEnrollmentRoute = createRoute({
  method: "post",
  path: "/v1/campaigns/{id}/enrollments",
  tags: ["Enrollments"],
  summary: "Offer an existing affiliate a place",
  description:
    "Offers a creator who is already on Rekomi (in another of your campaigns or listed in the network) a place in this campaign: the enrollment is `invited`, the creator is emailed and accepts (`approved`, webhook `offer.accepted`) or declines (`offer.declined`) in their dashboard. You see the creator's email and tax form status only once they accept. Withdraw an open offer with `PATCH /v1/enrollments/{id}` `{ \"status\": \"withdrawn\" }`.",
  security: bearer,
  request: { params: idParam("cmp"), body: jsonBody(EnrollAffiliate) },
  responses: {
    201: jsonResponse(Enrollment, "The offer (`invited`)."),
    ...commonErrors,
    409: errorResponse("The affiliate is already in this campaign, or was offered a place in it."),
  },
});

export function registerCreateEnrollment(app: V1App) {
  app.openapi(createEnrollmentRoute, async (c) => {
    const { id: campaignId } = c.req.valid("param");
    const input = c.req.valid("json");
    const brandId = c.var.brand.id;
    const mailIds: string[] = [];
    const body = await idempotentBrandWrite(c, { brandId, transact: (fn) => withBrand(c.var.db(), brandId, fn) }, { campaignId, ...input }, async (tx) => {
      const offered = await offerEnrollment(c, tx, brandId, campaignId, input.affiliate_id, "id");
      mailIds.push(offered.mailId);
      return offered.enrollment;
    });
    deliverAfterResponse(c, mailIds);
    return c.json(body, 201);
  });
}
