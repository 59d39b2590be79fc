import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonResponse } from "../../infra/http/schemas";
import { withCreator } from "../access";
import { findProfileOfUser, updateProfile } from "../queries";
import { CreatorProfile, listingGaps, serializeProfile } from "../schemas";

export const requestListingRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/creator/profile/network-request",
  tags: ["Creator"],
  summary: "Ask to be listed in the network",
  description:
    "Rekomi staff review the profile; once approved, brands find you among their recommended creators. The profile needs an audience " +
    "channel, a niche, a country and a language first. Asking again while pending changes nothing.",
  responses: {
    200: jsonResponse(CreatorProfile, "The profile, pending review."),
    ...commonErrors,
    403: errorResponse("The profile is suspended from the network."),
    409: errorResponse("Already listed."),
  },
});

export const withdrawListingRoute = dashboardRoute("creator", {
  method: "delete",
  path: "/api/creator/profile/network-request",
  tags: ["Creator"],
  summary: "Leave the network",
  description: "Withdraws a pending request or an approved listing. Campaigns you already work with are not affected.",
  responses: { 200: jsonResponse(CreatorProfile, "The unlisted profile."), ...commonErrors, 403: errorResponse("The profile is suspended from the network.") },
});

const SUSPENDED = "Your profile is suspended from the network. Contact support@rekomi.com.";

export function registerNetworkRequestRoutes(app: DashboardApp) {
  app.openapi(requestListingRoute, async (c) => {
    const row = await withCreator(c, async (tx, creator) => {
      const profile = (await findProfileOfUser(tx, creator.userId))!;
      if (profile.networkStatus === "suspended") throw new ApiError("forbidden", SUSPENDED);
      if (profile.networkStatus === "approved") throw new ApiError("conflict", "Your profile is already listed in the network.");
      if (profile.networkStatus === "pending") return profile;
      const gap = listingGaps(profile)[0];
      if (gap) throw new ApiError("invalid_request", `Before asking to be listed, ${gap.message}.`, { param: gap.param });
      return updateProfile(tx, profile.id, { networkStatus: "pending", networkRequestedAt: new Date() });
    });
    return c.json(serializeProfile(row), 200);
  });

  app.openapi(withdrawListingRoute, async (c) => {
    const row = await withCreator(c, async (tx, creator) => {
      const profile = (await findProfileOfUser(tx, creator.userId))!;
      if (profile.networkStatus === "suspended") throw new ApiError("forbidden", SUSPENDED);
      if (profile.networkStatus === "unlisted") return profile;
      return updateProfile(tx, profile.id, { networkStatus: "unlisted" });
    });
    return c.json(serializeProfile(row), 200);
  });
}
