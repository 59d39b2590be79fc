import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { signedInSession } from "../../auth/session-middleware";
import { hashToken } from "../../auth/tokens";
import { CreatorEnrollment, serializeCreatorEnrollment } from "../../creators/enrollments";
import type { Db } from "../../infra/db/client";
import { findCreatorInvitation, type CreatorInvitationPreview as Preview } from "../../infra/db/lookups";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { serializeCard } from "../card";
import { CreatorInvitationPreview, CreatorInvitationToken, spendCreatorInvitation } from "../creator-invitations";
import { enrollCreator, joinOnBehalfOfCreator } from "../enroll";

export const previewCreatorInvitationRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/creator-invitations/preview",
  tags: ["Recruiting"],
  summary: "What a creator invitation invites to",
  request: { body: jsonBody(CreatorInvitationToken) },
  responses: { 200: jsonResponse(CreatorInvitationPreview, "The invitation."), ...commonErrors },
});

export const acceptCreatorInvitationRoute = dashboardRoute("verified", {
  method: "post",
  path: "/api/creator-invitations/accept",
  tags: ["Recruiting"],
  summary: "Accept a creator invitation",
  description:
    "Needs a signed-in user whose verified email is the invited address (or who owns the invited network profile). Enrolls you, " +
    "approved, with your creator profile (made for you if you have none yet). The link works once.",
  request: { body: jsonBody(CreatorInvitationToken) },
  responses: {
    200: jsonResponse(CreatorEnrollment, "You are in the campaign."),
    ...commonErrors,
    403: errorResponse("Signed in as someone else, or the profile is suspended."),
    409: errorResponse("Already used, revoked or expired, or you already work with the campaign."),
  },
});

async function lookup(db: Db, token: string): Promise<Preview> {
  const found = await findCreatorInvitation(db, await hashToken(token));
  if (!found) throw new ApiError("invalid_request", "This invitation link is not valid.", { param: "token" });
  return found;
}

export function registerCreatorInvitationLinks(app: DashboardApp) {
  app.openapi(previewCreatorInvitationRoute, async (c) => {
    const found = await lookup(c.var.db(), c.req.valid("json").token);
    return c.json({ ...serializeCard(found), email: found.email, state: found.state }, 200);
  });

  app.openapi(acceptCreatorInvitationRoute, async (c) => {
    const { user } = signedInSession(c);
    const found = await lookup(c.var.db(), c.req.valid("json").token);
    if (found.state !== "pending") throw new ApiError("conflict", `This invitation is ${found.state}. Ask ${found.brandName} for a new one.`, { param: "token" });
    const { row, deliveries } = await joinOnBehalfOfCreator(c.var.db(), user, found.brandId, async (tx, profile) => {
      const forMe = found.email.toLowerCase() === user.email.toLowerCase() || (found.affiliateId !== null && found.affiliateId === profile.id);
      if (!forMe) throw new ApiError("forbidden", `This invitation is for ${found.email}. Sign in with that address to accept it.`);
      const spent = await spendCreatorInvitation(tx, found.invitationId, profile.id);
      if (!spent) throw new ApiError("conflict", "This invitation is no longer valid. Ask for a new one.", { param: "token" });
      const result = await enrollCreator(tx, found, profile, "approved", "invite");
      await recordAudit(tx, {
        brandId: found.brandId,
        actor: userActor(user.id),
        action: "creator_invitation.accepted",
        target: { type: "creator_invitation", id: found.invitationId },
        metadata: { campaign_id: found.campaignId, affiliate_id: profile.id, enrollment_id: result.enrollmentId },
        client: clientInfo(c),
      });
      return result;
    });
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, found.brandId, deliveries);
    return c.json(serializeCreatorEnrollment(row, c.var.config.TRACKING_BASE_URL), 200);
  });
}
