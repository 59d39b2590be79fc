import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { dashboardLink } from "../../accounts/queries";
import { findCampaign } from "../../campaigns/queries";
import type { Tx } from "../../infra/db/client";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { idempotentAccessedBrandWrite, withAccessedBrand } from "../../teams/guard";
import { JoinLink, UpdateJoinLink, findJoinLinkOfCampaign, newJoinCode, serializeJoinLink, upsertJoinLink } from "../join-links";

const params = idParams({ brandId: "brd", campaignId: "cmp" });

export const getJoinLinkRoute = dashboardRoute({ brand: "affiliates.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/join-link",
  tags: ["Recruiting"],
  summary: "The campaign's public join page",
  request: { params },
  responses: { 200: jsonResponse(JoinLink, "The join link (disabled and without a code until turned on)."), ...commonErrors },
});

export const updateJoinLinkRoute = dashboardRoute({ brand: "campaigns.manage" }, {
  method: "patch",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/join-link",
  tags: ["Recruiting"],
  summary: "Turn the join page on or off, or choose auto-approval",
  description: "The first change creates the link with a random code.",
  request: { params, body: jsonBody(UpdateJoinLink) },
  responses: { 200: jsonResponse(JoinLink, "The join link."), ...commonErrors },
});

export const regenerateJoinLinkRoute = dashboardRoute({ brand: "campaigns.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/join-link/regenerate",
  tags: ["Recruiting"],
  summary: "Give the join page a new code",
  description: "The old link stops working at once; creators already in the campaign are not affected.",
  request: { params },
  responses: { 200: jsonResponse(JoinLink, "The join link with its new code."), ...commonErrors },
});

async function requireCampaign(tx: Tx, campaignId: string): Promise<void> {
  if (!(await findCampaign(tx, campaignId))) throw new ApiError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
}

export function registerJoinLinkRoutes(app: DashboardApp) {
  app.openapi(getJoinLinkRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const row = await withAccessedBrand(c, async (tx) => {
      await requireCampaign(tx, campaignId);
      return findJoinLinkOfCampaign(tx, campaignId);
    });
    return c.json(serializeJoinLink(campaignId, row, dashboardLink(c, "")), 200);
  });

  app.openapi(updateJoinLinkRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const input = c.req.valid("json");
    const row = await withAccessedBrand(c, async (tx, access) => {
      await requireCampaign(tx, campaignId);
      const row = await upsertJoinLink(tx, access.brandId, campaignId, { enabled: input.enabled, autoApprove: input.auto_approve });
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "join_link.updated",
        target: { type: "campaign", id: campaignId },
        metadata: { enabled: row.enabled, auto_approve: row.autoApprove },
        client: clientInfo(c),
      });
      return row;
    });
    return c.json(serializeJoinLink(campaignId, row, dashboardLink(c, "")), 200);
  });

  app.openapi(regenerateJoinLinkRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const joinLink = await idempotentAccessedBrandWrite(c, {}, async (tx, access) => {
      await requireCampaign(tx, campaignId);
      const row = await upsertJoinLink(tx, access.brandId, campaignId, { code: newJoinCode() });
      await recordAudit(tx, { brandId: access.brandId, actor: userActor(access.userId), action: "join_link.regenerated", target: { type: "campaign", id: campaignId }, client: clientInfo(c) });
      return serializeJoinLink(campaignId, row, dashboardLink(c, ""));
    });
    return c.json(joinLink, 200);
  });
}
