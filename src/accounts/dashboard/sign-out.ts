import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { clearSessionCookie, revokeSession } from "../../auth/sessions";
import { withPrincipal } from "../../infra/db/principal";

export const signOutRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/auth/sign-out",
  tags: ["Auth"],
  summary: "Sign out",
  description: "Ends the session on the server (the cookie stops working everywhere it was copied) and clears the cookie. Safe to call twice.",
  responses: { 204: { description: "Signed out." } },
});

export function registerSignOut(app: DashboardApp) {
  app.openapi(signOutRoute, async (c) => {
    const session = c.var.session;
    if (session) {
      await withPrincipal(c.var.db(), { kind: "user", userId: session.user.id }, async (tx) => {
        await revokeSession(tx, session.id);
        await recordAudit(tx, { subjectUserId: session.user.id, actor: userActor(session.user.id), action: "user.signed_out", target: { type: "session", id: session.id }, client: clientInfo(c) });
      });
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  });
}
