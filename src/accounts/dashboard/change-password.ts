import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { passwordProblem } from "../../auth/password-policy";
import { hashPassword } from "../../auth/passwords";
import { signedInSession } from "../../auth/session-middleware";
import { insertSession, issueSessionCookies, revokeUserSessions } from "../../auth/sessions";
import { withPrincipal } from "../../infra/db/principal";
import { deliverAfterResponse } from "../../email/deliver";
import { enqueueEmail } from "../../email/outbox";
import { passwordChanged } from "../../email/templates";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { setPasswordHash } from "../queries";
import { confirmCurrentPassword } from "../reauth";
import { Accepted, ChangePassword } from "../schemas";

export const changePasswordRoute = dashboardRoute("signed_in", {
  method: "post",
  path: "/api/me/password",
  tags: ["Account"],
  summary: "Change your password",
  description: "Needs the current password. Ends every session of the account, this one included, and signs this browser in again with a fresh session.",
  request: { body: jsonBody(ChangePassword) },
  responses: { 200: jsonResponse(Accepted, "Password changed."), ...commonErrors, 429: errorResponse("Too many wrong current passwords.") },
});

export function registerChangePassword(app: DashboardApp) {
  app.openapi(changePasswordRoute, async (c) => {
    const { user } = signedInSession(c);
    const input = c.req.valid("json");
    const env = c.var.config;
    const client = clientInfo(c);
    await confirmCurrentPassword(c, user.id, input.current_password);
    const problem = passwordProblem(input.new_password, { email: user.email });
    if (problem) throw new ApiError("invalid_request", `Invalid \`new_password\`: ${problem}.`, { param: "new_password" });
    const passwordHash = await hashPassword(input.new_password, env.PASSWORD_PEPPER);
    const { session, mailId } = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, async (tx) => {
      await setPasswordHash(tx, user.id, passwordHash);
      await revokeUserSessions(tx, user.id);
      const session = await insertSession(tx, user.id, client);
      await recordAudit(tx, { subjectUserId: user.id, actor: userActor(user.id), action: "user.password_changed", client });
      return { session, mailId: await enqueueEmail(tx, env, { userId: user.id, to: user.email, content: passwordChanged() }) };
    });
    await issueSessionCookies(c, env.SESSION_SECRET, user.id, session);
    deliverAfterResponse(c, [mailId]);
    return c.json({ status: "password_changed", message: "Your password is changed; your other sessions were signed out." }, 200);
  });
}
