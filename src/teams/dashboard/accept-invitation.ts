import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { LinkToken } from "../../accounts/schemas";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { signedInSession } from "../../auth/session-middleware";
import { hashToken } from "../../auth/tokens";
import type { Db } from "../../infra/db/client";
import { findInvitation, type InvitationPreview as Preview } from "../../infra/db/lookups";
import { withPrincipal } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { newId } from "../../infra/ids";
import { addMember, spendInvitation } from "../queries";
import { InvitationPreview, Joined } from "../schemas";

export const previewInvitationRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/invitations/preview",
  tags: ["Team"],
  summary: "What an invitation link invites to",
  description: "Shows the brand, address and role of an invitation token, so the page can ask the right person to sign in.",
  request: { body: jsonBody(LinkToken.openapi("InvitationToken")) },
  responses: { 200: jsonResponse(InvitationPreview, "The invitation."), ...commonErrors },
});

export const acceptInvitationRoute = dashboardRoute("verified", {
  method: "post",
  path: "/api/invitations/accept",
  tags: ["Team"],
  summary: "Accept an invitation",
  description: "Needs a signed-in user whose verified email is the invited address.",
  request: { body: jsonBody(LinkToken.openapi("InvitationToken")) },
  responses: {
    200: jsonResponse(Joined, "You joined the brand."),
    ...commonErrors,
    403: errorResponse("Signed in with another address."),
    409: errorResponse("Already used, revoked, expired, or already a member."),
  },
});

async function lookup(db: Db, token: string): Promise<Preview> {
  const found = await findInvitation(db, await hashToken(token));
  if (!found) throw new ApiError("invalid_request", "This invitation link is not valid.", { param: "token" });
  return found;
}

export function registerInvitationLinks(app: DashboardApp) {
  app.openapi(previewInvitationRoute, async (c) => {
    const found = await lookup(c.var.db(), c.req.valid("json").token);
    return c.json({ brand_name: found.brandName, email: found.email, role: found.role, state: found.state }, 200);
  });

  app.openapi(acceptInvitationRoute, async (c) => {
    const { user } = signedInSession(c);
    const found = await lookup(c.var.db(), c.req.valid("json").token);
    if (found.state !== "pending") throw new ApiError("conflict", `This invitation is ${found.state}. Ask for a new one.`, { param: "token" });
    if (found.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new ApiError("forbidden", `This invitation is for ${found.email}. Sign in with that address to accept it.`);
    }
    // The invitation names the brand: the invitee joins acting as it, on their own behalf.
    const joined = await withPrincipal(c.var.db(), { kind: "brand", brandId: found.brandId, userId: user.id }, async (tx) => {
      const spent = await spendInvitation(tx, found.invitationId, user.id);
      if (!spent) throw new ApiError("conflict", "This invitation is no longer valid. Ask for a new one.", { param: "token" });
      const memberId = await addMember(tx, { id: newId("member"), brandId: found.brandId, userId: user.id, role: spent.role });
      if (!memberId) throw new ApiError("conflict", `You are already a member of ${found.brandName}.`, { param: "token" });
      await recordAudit(tx, {
        brandId: found.brandId,
        actor: userActor(user.id),
        action: "member.joined",
        target: { type: "member", id: memberId },
        metadata: { invitation_id: spent.id, role: spent.role },
        client: clientInfo(c),
      });
      return { brand_id: found.brandId, member_id: memberId, role: spent.role };
    });
    return c.json(joined, 200);
  });
}
