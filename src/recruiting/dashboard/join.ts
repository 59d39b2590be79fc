import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { signedInSession } from "../../auth/session-middleware";
import { CreatorEnrollment, serializeCreatorEnrollment } from "../../creators/enrollments";
import type { Db } from "../../infra/db/client";
import { findJoinLink, type JoinLinkPreview } from "../../infra/db/lookups";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonResponse } from "../../infra/http/schemas";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { CampaignCard, serializeCard } from "../card";
import { enrollCreator, joinOnBehalfOfCreator } from "../enroll";
import { JOIN_CODE, findOpenJoinLink } from "../join-links";

const params = z.object({
  code: z.string().regex(JOIN_CODE, "must be the code from the join link, unchanged").openapi({ param: { name: "code", in: "path" }, example: "Xq3vT9sLm2Rk8pWz4bNc" }),
});

export const JoinPage = CampaignCard.extend({
  auto_approve: z.boolean().openapi({ description: "Joining approves you at once; otherwise it is an application the brand reviews." }),
  state: z.enum(["open", "closed", "unavailable"]),
}).openapi("JoinPage");

export const previewJoinRoute = dashboardRoute("public", {
  method: "get",
  path: "/api/join/{code}",
  tags: ["Recruiting"],
  summary: "A campaign's public join page",
  description: "What anyone holding the link sees: the brand, the campaign, its commission and terms.",
  request: { params },
  responses: { 200: jsonResponse(JoinPage, "The campaign behind the link."), ...commonErrors },
});

export const joinRoute = dashboardRoute("verified", {
  method: "post",
  path: "/api/join/{code}",
  tags: ["Recruiting"],
  summary: "Join a campaign through its join link",
  description:
    "Applies with your creator profile (made for you if you have none yet), or, when the brand chose auto-approval, enrolls you at once. " +
    "The brand is notified (`application.submitted` or `application.approved`).",
  request: { params },
  responses: {
    201: jsonResponse(CreatorEnrollment, "Your application or enrollment."),
    ...commonErrors,
    403: errorResponse("Your creator profile is suspended."),
    409: errorResponse("The link is closed, or you already applied to or work with the campaign."),
  },
});

async function lookup(db: Db, code: string): Promise<JoinLinkPreview> {
  const found = await findJoinLink(db, code);
  if (!found) throw new ApiError("not_found", "This join link does not exist. Ask the brand for a new one.", { param: "code" });
  return found;
}

export function registerJoinRoutes(app: DashboardApp) {
  app.openapi(previewJoinRoute, async (c) => {
    const found = await lookup(c.var.db(), c.req.valid("param").code);
    return c.json({ ...serializeCard(found), auto_approve: found.autoApprove, state: found.state }, 200);
  });

  app.openapi(joinRoute, async (c) => {
    const { code } = c.req.valid("param");
    const { user } = signedInSession(c);
    const found = await lookup(c.var.db(), code);
    if (found.state !== "open") throw new ApiError("conflict", found.state === "closed" ? "The brand closed this join link." : "This campaign is not taking creators right now.");
    const { row, deliveries } = await joinOnBehalfOfCreator(c.var.db(), user, found.brandId, async (tx, profile) => {
      // Read again inside the transaction: the brand may have closed or regenerated the link meanwhile.
      const link = await findOpenJoinLink(tx, found.joinLinkId, code);
      if (!link) throw new ApiError("conflict", "The brand closed this join link.");
      const result = await enrollCreator(tx, found, profile, link.autoApprove ? "approved" : "pending", "join_page");
      await recordAudit(tx, {
        brandId: found.brandId,
        actor: userActor(user.id),
        action: "creator.joined",
        target: { type: "enrollment", id: result.enrollmentId },
        metadata: { campaign_id: found.campaignId, affiliate_id: profile.id, auto_approved: link.autoApprove },
        client: clientInfo(c),
      });
      return result;
    });
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, found.brandId, deliveries);
    return c.json(serializeCreatorEnrollment(row, c.var.config.TRACKING_BASE_URL), 201);
  });
}
