import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { dashboardLink } from "../../accounts/queries";
import { clientInfo } from "../../auth/client-info";
import { LIMITS, enforce } from "../../auth/rate-limits";
import { signedInSession } from "../../auth/session-middleware";
import { TOKEN_TTL_MS, newToken } from "../../auth/tokens";
import { deliverAfterResponse } from "../../email/deliver";
import { enqueueEmail } from "../../email/outbox";
import { invitation as invitationMail } from "../../email/templates";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { newId } from "../../infra/ids";
import { brandAccessOf, idempotentAccessedBrandWrite } from "../guard";
import { insertInvitation, isOnTeam, revokeOpenInvitationsTo } from "../queries";
import { CreateInvitation, Invitation, serializeInvitation } from "../schemas";

export const createInvitationRoute = dashboardRoute({ brand: "team.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/invitations",
  tags: ["Team"],
  summary: "Invite a teammate",
  description: "Emails a link valid for 7 days. Inviting the same address again replaces the open invitation.",
  request: { params: idParams({ brandId: "brd" }), body: jsonBody(CreateInvitation) },
  responses: { 201: jsonResponse(Invitation, "The invitation."), ...commonErrors, 409: errorResponse("Already a member."), 429: errorResponse("Too many invitations.") },
});

export function registerCreateInvitation(app: DashboardApp) {
  app.openapi(createInvitationRoute, async (c) => {
    const input = c.req.valid("json");
    const { user } = signedInSession(c);
    await enforce(c.var.db(), [{ limit: LIMITS.invitationsPerBrand, subject: brandAccessOf(c).brandId }]);
    const { token, hash } = await newToken();
    // Empty when the answer is a replay: its mail went out with the first request.
    const mailIds: string[] = [];
    const invitation = await idempotentAccessedBrandWrite(c, input, async (tx, access) => {
      if (await isOnTeam(tx, input.email)) throw new ApiError("conflict", `${input.email} is already on the team.`, { param: "email" });
      await revokeOpenInvitationsTo(tx, input.email);
      const row = await insertInvitation(tx, {
        id: newId("invitation"),
        brandId: access.brandId,
        email: input.email,
        role: input.role,
        tokenHash: hash,
        invitedByUserId: access.userId,
        expiresAt: new Date(Date.now() + TOKEN_TTL_MS.invitation),
      });
      const content = invitationMail({ brandName: access.brandName, inviter: user.name ?? user.email, role: input.role, url: dashboardLink(c, "/invitations", token) });
      const mailId = await enqueueEmail(tx, c.var.config, { brandId: access.brandId, to: input.email, content });
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "invitation.created",
        target: { type: "invitation", id: row.id },
        metadata: { email: input.email, role: input.role },
        client: clientInfo(c),
      });
      mailIds.push(mailId);
      return serializeInvitation(row);
    });
    deliverAfterResponse(c, mailIds);
    return c.json(invitation, 201);
  });
}
