import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { answerOffer } from "../../enrollments/lifecycle";
import type { OfferAnswer } from "../../enrollments/transitions";
import { commonErrors, errorResponse, idParams, jsonResponse } from "../../infra/http/schemas";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { withCreator } from "../access";
import { CreatorEnrollment, findCreatorEnrollment, serializeCreatorEnrollment } from "../enrollments";

/** A brand's offer of a place in a campaign (an `invited` enrollment): the creator's to accept or decline. */
function offerRoute(action: "accept" | "decline") {
  return dashboardRoute("creator", {
    method: "post",
    path: `/api/creator/offers/{enrollmentId}/${action}`,
    tags: ["Creator"],
    summary: action === "accept" ? "Accept a brand's offer" : "Decline a brand's offer",
    description:
      action === "accept"
        ? "Joins the campaign (`approved`): from now on the brand sees your email (for payout contact) and, once it owes you a commission, your tax forms. The brand is notified (`offer.accepted`)."
        : "Says no (`declined`, final): the brand keeps seeing only your public profile. The brand is notified (`offer.declined`).",
    request: { params: idParams({ enrollmentId: "enr" }) },
    responses: { 200: jsonResponse(CreatorEnrollment, "The enrollment."), ...commonErrors, 409: errorResponse("This is not an open offer (withdrawn, or already answered the other way).") },
  });
}

export const acceptOfferRoute = offerRoute("accept");
export const declineOfferRoute = offerRoute("decline");

export function registerOfferRoutes(app: DashboardApp) {
  for (const [route, answer] of [
    [acceptOfferRoute, "approved"],
    [declineOfferRoute, "declined"],
  ] as const) {
    app.openapi(route, async (c) => {
      const { enrollmentId } = c.req.valid("param");
      const base = c.var.config.TRACKING_BASE_URL;
      const { body, brandId, deliveries } = await withCreator(c, async (tx, creator) => {
        const { brandId, deliveries } = await answerOffer(tx, creator, enrollmentId, answer satisfies OfferAnswer);
        return { body: serializeCreatorEnrollment((await findCreatorEnrollment(tx, enrollmentId))!, base), brandId, deliveries };
      });
      enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, deliveries);
      return c.json(body, 200);
    });
  }
}
