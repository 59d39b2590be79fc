import { dashboardLink } from "../../accounts/queries";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { LIMITS, enforce } from "../../auth/rate-limits";
import { TOKEN_TTL_MS, newToken } from "../../auth/tokens";
import { findCreatorRef } from "../../creators/affiliates";
import { findCampaign } from "../../campaigns/queries";
import { deliverAfterResponse } from "../../email/deliver";
import { enqueueEmail } from "../../email/outbox";
import { creatorInvitation as invitationMail } from "../../email/templates";
import { ApiError } from "../../infra/http/errors";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { newId } from "../../infra/ids";
import { brandAccessOf, idempotentAccessedBrandWrite, withAccessedBrand } from "../../teams/guard";
import { commissionSummary } from "../card";
import {
  CreateCreatorInvitation,
  CreatorInvitation,
  findCampaignInvitation,
  insertCreatorInvitation,
  listCreatorInvitations,
  revokeCreatorInvitation,
  revokeOpenInvitations,
  serializeCreatorInvitation,
} from "../creator-invitations";
import { findEnrollmentIn } from "../enroll";

const params = idParams({ brandId: "brd", campaignId: "cmp" });

export const createCreatorInvitationRoute = dashboardRoute({ brand: "affiliates.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/creator-invitations",
  tags: ["Recruiting"],
  summary: "Invite a creator to a campaign by email",
  description:
    "Emails a single-use link valid for 72 hours; accepting enrolls the creator, approved. Inviting the same address to the same " +
    "campaign again replaces the open invitation.",
  request: { params, body: jsonBody(CreateCreatorInvitation) },
  responses: {
    201: jsonResponse(CreatorInvitation, "The invitation."),
    ...commonErrors,
    409: errorResponse("The campaign is not active, or the creator already works with it."),
    429: errorResponse("Too many invitations."),
  },
});

export const listCreatorInvitationsRoute = dashboardRoute({ brand: "affiliates.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/creator-invitations",
  tags: ["Recruiting"],
  summary: "A campaign's creator invitations",
  request: { params, query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(CreatorInvitation), "A page of invitations, newest first."), ...commonErrors },
});

export const revokeCreatorInvitationRoute = dashboardRoute({ brand: "affiliates.manage" }, {
  method: "delete",
  path: "/api/brands/{brandId}/campaigns/{campaignId}/creator-invitations/{invitationId}",
  tags: ["Recruiting"],
  summary: "Revoke a creator invitation",
  request: { params: idParams({ brandId: "brd", campaignId: "cmp", invitationId: "cin" }) },
  responses: { 200: jsonResponse(CreatorInvitation, "The revoked invitation."), ...commonErrors, 409: errorResponse("Already accepted.") },
});

export function registerCreatorInvitationRoutes(app: DashboardApp) {
  app.openapi(createCreatorInvitationRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const input = c.req.valid("json");
    await enforce(c.var.db(), [{ limit: LIMITS.creatorInvitationsPerBrand, subject: brandAccessOf(c).brandId }]);
    const { token, hash } = await newToken();
    // Empty when the answer is a replay: its mail went out with the first request.
    const mailIds: string[] = [];
    const invitation = await idempotentAccessedBrandWrite(c, input, async (tx, access) => {
      const campaign = await findCampaign(tx, campaignId);
      if (!campaign) throw new ApiError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
      if (campaign.status !== "active") throw new ApiError("conflict", `${campaign.name} is ${campaign.status}: activate it before inviting creators.`);
      // RLS decides whom the brand may invite by profile: network creators and its own.
      const invitee = input.affiliate_id ? await findCreatorRef(tx, input.affiliate_id) : undefined;
      if (input.affiliate_id && !invitee) throw new ApiError("not_found", `No creator ${input.affiliate_id}.`, { param: "affiliate_id" });
      const email = invitee?.email ?? input.email!;
      if (invitee) {
        const enrolled = await findEnrollmentIn(tx, campaignId, invitee.id);
        if (enrolled && enrolled.status !== "pending") throw new ApiError("conflict", `${invitee.displayName} is already in ${campaign.name} (${enrolled.status}).`, { param: "affiliate_id" });
      }
      await revokeOpenInvitations(tx, campaignId, email);
      const row = await insertCreatorInvitation(tx, {
        id: newId("creatorInvitation"),
        brandId: access.brandId,
        campaignId,
        email,
        affiliateId: invitee?.id ?? null,
        tokenHash: hash,
        invitedByUserId: access.userId,
        expiresAt: new Date(Date.now() + TOKEN_TTL_MS.creator_invitation),
      });
      const content = invitationMail({
        brandName: access.brandName,
        campaignName: campaign.name,
        commission: commissionSummary(campaign),
        message: input.message,
        url: dashboardLink(c, "/creator-invitations", token),
      });
      const mailId = await enqueueEmail(tx, c.var.config, { brandId: access.brandId, to: email, content });
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "creator_invitation.created",
        target: { type: "creator_invitation", id: row.id },
        // A network creator's address stays private, in the log too.
        metadata: { campaign_id: campaignId, ...(invitee ? { affiliate_id: invitee.id } : { email }) },
        client: clientInfo(c),
      });
      mailIds.push(mailId);
      return serializeCreatorInvitation(row, invitee ?? null);
    });
    deliverAfterResponse(c, mailIds);
    return c.json(invitation, 201);
  });

  app.openapi(listCreatorInvitationsRoute, async (c) => {
    const { campaignId } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const rows = await withAccessedBrand(c, async (tx) => {
      if (!(await findCampaign(tx, campaignId))) throw new ApiError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
      return listCreatorInvitations(tx, campaignId, { limit, before: decodeCursor(cursor) });
    });
    return c.json(toPage(rows, limit, (r) => serializeCreatorInvitation(r.invitation, r.affiliate)), 200);
  });

  app.openapi(revokeCreatorInvitationRoute, async (c) => {
    const { campaignId, invitationId } = c.req.valid("param");
    const row = await withAccessedBrand(c, async (tx, access) => {
      const current = await findCampaignInvitation(tx, campaignId, invitationId);
      if (!current) throw new ApiError("not_found", `No invitation ${invitationId}.`, { param: "invitationId" });
      if (current.acceptedAt) throw new ApiError("conflict", "This invitation was already accepted.");
      const row = await revokeCreatorInvitation(tx, current);
      if (!current.revokedAt) {
        await recordAudit(tx, { brandId: access.brandId, actor: userActor(access.userId), action: "creator_invitation.revoked", target: { type: "creator_invitation", id: invitationId }, client: clientInfo(c) });
      }
      return row!;
    });
    return c.json(serializeCreatorInvitation(row, null), 200);
  });
}
