import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import type { NetworkStatus } from "../../infra/db/schema";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../access";
import { findCreatorProfile, setNetworkStatus } from "../queries";
import { AdminCreator, NetworkReview, serializeAdminCreator } from "../schemas";

/** Which listing states each decision may follow. */
const FROM: Record<"approved" | "rejected" | "suspended", NetworkStatus[]> = {
  approved: ["pending", "suspended"],
  rejected: ["pending"],
  suspended: ["unlisted", "pending", "approved", "rejected"],
};

export const reviewCreatorRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/creators/{affiliateId}/network-review",
  tags: ["Platform admin"],
  summary: "Decide on a creator's network listing",
  description:
    "Approve a pending request (the creator is listed and recommended to brands), reject it (they may ask again after changing their " +
    "profile), suspend a creator from the network (no listing, no applications), or reinstate a suspended one.",
  request: { params: idParams({ affiliateId: "aff" }), body: jsonBody(NetworkReview) },
  responses: { 200: jsonResponse(AdminCreator, "The creator."), ...commonErrors, 409: errorResponse("The decision does not apply to the current state.") },
});

export function registerReviewCreator(app: DashboardApp) {
  app.openapi(reviewCreatorRoute, async (c) => {
    const { affiliateId } = c.req.valid("param");
    const { decision, note } = c.req.valid("json");
    const row = await asPlatformAdmin(c, async (tx, adminId) => {
      const current = await findCreatorProfile(tx, affiliateId);
      if (!current) throw new ApiError("not_found", `No creator ${affiliateId}.`, { param: "affiliateId" });
      if (!FROM[decision].includes(current.networkStatus)) {
        throw new ApiError("conflict", `${current.displayName} is ${current.networkStatus}; \`${decision}\` applies to ${FROM[decision].join(", ")} profiles.`, { param: "decision" });
      }
      const row = await setNetworkStatus(tx, affiliateId, decision, note ?? null);
      await recordAudit(tx, {
        subjectUserId: current.userId,
        actor: { type: "platform_admin", id: adminId },
        action: "creator.network_reviewed",
        target: { type: "affiliate", id: affiliateId },
        metadata: { from: current.networkStatus, decision, ...(note ? { note } : {}) },
        client: clientInfo(c),
      });
      return row;
    });
    return c.json(serializeAdminCreator(row), 200);
  });
}
