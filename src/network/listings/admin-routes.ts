import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { tiersOf } from "../../campaigns/tiers";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { setPrincipal } from "../../infra/db/principal";
import type { ListingStatus } from "../../infra/db/schema";
import { ApiError } from "../../infra/http/errors";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../../platform-admin/access";
import { decideListing, findListing, listingsInState, overridesOf } from "./queries";
import { tellBrandAboutListing } from "./notify";
import { AdminListing, ListingDecision, ListingQuery, serializeAdminListing } from "./schemas";

/** Which listing states each decision may follow: staff may also take back an approval (with a reason) or approve a rejected listing on second look. */
const FROM: Record<"approved" | "rejected", ListingStatus[]> = { approved: ["pending", "rejected"], rejected: ["pending", "approved"] };

export const adminListListingsRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/campaign-listings",
  tags: ["Platform admin"],
  summary: "List campaign listings to review",
  description: "Campaigns brands listed in the creator network, in one review state (`pending` by default: the queue, oldest first).",
  request: { query: ListingQuery },
  responses: { 200: jsonResponse(pageSchema(AdminListing), "A page of listings."), ...commonErrors },
});

export const reviewListingRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/campaigns/{campaignId}/listing-review",
  tags: ["Platform admin"],
  summary: "Approve or reject a campaign's listing",
  description:
    "Approve: creators in the network see the campaign in their matches and may apply. Reject (with a reason): it stays out of the network; " +
    "the brand sees the reason on its campaign page and by email, and any edit resubmits it.",
  request: { params: idParams({ campaignId: "cmp" }), body: jsonBody(ListingDecision) },
  responses: {
    200: jsonResponse(AdminListing, "The listing."),
    ...commonErrors,
    409: errorResponse("The decision does not apply to the listing's current state, or the campaign changed since `campaign_updated_at`."),
  },
});

export function registerListingReviewRoutes(app: DashboardApp) {
  app.openapi(adminListListingsRoute, async (c) => {
    const { limit, cursor, status } = c.req.valid("query");
    const { rows, tiers, overrides } = await asPlatformAdmin(c, async (tx) => {
      const rows = await listingsInState(tx, { status, limit, afterId: decodeCursor(cursor) });
      const ids = rows.map((r) => r.campaign.id);
      return { rows, tiers: await tiersOf(tx, ids), overrides: await overridesOf(tx, ids) };
    });
    const page = toPage(
      rows.map((r) => ({ id: r.campaign.id, ...r })),
      limit,
      (r) => serializeAdminListing(r, tiers.get(r.id) ?? [], overrides.get(r.id) ?? []),
    );
    return c.json(page, 200);
  });

  app.openapi(reviewListingRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const { decision, reason, campaign_updated_at } = c.req.valid("json");
    const body = await asPlatformAdmin(c, async (tx, adminId) => {
      const current = await findListing(tx, campaignId);
      if (!current) throw new ApiError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
      const state = current.campaign.visibility === "listed" ? current.campaign.listingStatus : null;
      if (!state || !FROM[decision].includes(state)) {
        throw new ApiError("conflict", `${current.campaign.name} is ${state ?? "not listed"}; \`${decision}\` applies to ${FROM[decision].join(", ")} listings.`, { param: "decision" });
      }
      const campaign = await decideListing(tx, campaignId, decision, decision === "rejected" ? reason! : null, new Date(campaign_updated_at));
      if (!campaign) {
        // The brand changed the campaign after staff loaded it: approving now would approve terms nobody reviewed.
        throw new ApiError("conflict", `${current.campaign.name} changed since you loaded it (now ${current.campaign.updatedAt.toISOString()}); reload and review its current terms.`, {
          param: "campaign_updated_at",
        });
      }
      const body = serializeAdminListing({ campaign, brand: current.brand }, (await tiersOf(tx, [campaignId])).get(campaignId) ?? [], (await overridesOf(tx, [campaignId])).get(campaignId) ?? []);
      // Recorded in the brand's audit log, so the brand sees who decided and why.
      await recordAudit(tx, {
        brandId: campaign.brandId,
        actor: { type: "platform_admin", id: adminId },
        action: "campaign.listing_reviewed",
        target: { type: "campaign", id: campaignId },
        metadata: { from: state, decision, ...(reason && decision === "rejected" ? { reason } : {}), ...(current.campaign.listingChanges.length ? { changes: current.campaign.listingChanges } : {}) },
        client: clientInfo(c),
      });
      // The brand hears of it in the same transaction: its outbox is the brand's, so the rest
      // of this transaction acts for that brand (taken from the campaign row).
      await setPrincipal(tx, { kind: "brand", brandId: campaign.brandId, userId: adminId });
      await tellBrandAboutListing(tx, c.var.config, campaign, decision === "approved" ? { kind: "approved" } : { kind: "rejected", reason: reason! });
      return body;
    });
    return c.json(body, 200);
  });
}
