import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { LIMITS, enforce } from "../../auth/rate-limits";
import { findUserByEmail } from "../../infra/db/lookups";
import { withPrincipal } from "../../infra/db/principal";
import { deliverAfterResponse } from "../../email/deliver";
import { enqueueEmail } from "../../email/outbox";
import { resetPassword } from "../../email/templates";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { clientInfo } from "../../auth/client-info";
import { dashboardLink, mintAuthToken } from "../queries";
import { Accepted, PasswordResetRequest } from "../schemas";

export const passwordResetRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/auth/password-reset",
  tags: ["Auth"],
  summary: "Ask for a password reset link",
  description: "Emails a single-use link valid for 30 minutes when the address has an account; the answer is the same either way.",
  request: { body: jsonBody(PasswordResetRequest) },
  responses: { 202: jsonResponse(Accepted, "If the address has an account, a link is on its way."), ...commonErrors, 429: errorResponse("Too many reset requests.") },
});

export function registerPasswordReset(app: DashboardApp) {
  app.openapi(passwordResetRoute, async (c) => {
    const { email } = c.req.valid("json");
    const db = c.var.db();
    await enforce(db, [
      { limit: LIMITS.resetPerIp, subject: clientInfo(c).ip },
      { limit: LIMITS.resetPerAccount, subject: email },
    ]);
    const user = await findUserByEmail(db, email);
    let mailIds: string[] = [];
    if (user && !user.suspended) {
      mailIds = await withPrincipal(db, { kind: "user", userId: user.userId }, async (tx) => {
        const token = await mintAuthToken(tx, user.userId, "reset_password", user.email);
        return [await enqueueEmail(tx, c.var.config, { userId: user.userId, to: user.email, content: resetPassword(dashboardLink(c, "/reset-password/confirm", token)) })];
      });
    }
    deliverAfterResponse(c, mailIds);
    return c.json({ status: "reset_requested", message: "If that address has a Rekomi account, we sent it a link to choose a new password." }, 202);
  });
}
