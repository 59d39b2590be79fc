import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { passwordProblem } from "../../auth/password-policy";
import { hashPassword } from "../../auth/passwords";
import { LIMITS, clearLimits } from "../../auth/rate-limits";
import { revokeUserSessions } from "../../auth/sessions";
import { hashToken } from "../../auth/tokens";
import { consumeAuthToken } from "../../infra/db/lookups";
import { setPrincipal } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { findSelf, setPasswordHash } from "../queries";
import { Accepted, PasswordResetConfirm } from "../schemas";

export const passwordResetConfirmRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/auth/password-reset/confirm",
  tags: ["Auth"],
  summary: "Choose a new password with a reset link",
  description: "Spends the link's token, sets the password, and signs the account out everywhere. Following the link proves the mailbox, so it also verifies the email.",
  request: { body: jsonBody(PasswordResetConfirm) },
  responses: { 200: jsonResponse(Accepted, "Password changed; sign in with it."), ...commonErrors },
});

export function registerPasswordResetConfirm(app: DashboardApp) {
  app.openapi(passwordResetConfirmRoute, async (c) => {
    const { token, password } = c.req.valid("json");
    const env = c.var.config;
    const early = passwordProblem(password);
    if (early) throw new ApiError("invalid_request", `Invalid \`password\`: ${early}.`, { param: "password" });
    const passwordHash = await hashPassword(password, env.PASSWORD_PEPPER);
    const tokenHash = await hashToken(token);
    const email = await c.var.db().transaction(async (tx) => {
      const spent = await consumeAuthToken(tx, tokenHash, ["reset_password"]);
      if (!spent) throw new ApiError("invalid_request", "This reset link is invalid, already used or expired. Ask for a new one.", { param: "token" });
      await setPrincipal(tx, { kind: "user", userId: spent.userId });
      const user = await findSelf(tx, spent.userId);
      if (!user || user.suspendedAt) throw new ApiError("invalid_request", "This reset link can no longer be used.", { param: "token" });
      const problem = passwordProblem(password, { email: user.email });
      if (problem) throw new ApiError("invalid_request", `Invalid \`password\`: ${problem}.`, { param: "password" });
      const proves = user.email.toLowerCase() === spent.email.toLowerCase();
      await setPasswordHash(tx, user.id, passwordHash, { verifyEmail: proves && !user.emailVerifiedAt });
      await revokeUserSessions(tx, user.id);
      await recordAudit(tx, { subjectUserId: user.id, actor: userActor(user.id), action: "user.password_reset", client: clientInfo(c) });
      return user.email;
    });
    // Owning the mailbox is enough to lift an account-wide sign-in lock.
    await clearLimits(c.var.db(), [{ limit: LIMITS.signInFailuresPerAccount, subject: email }]);
    return c.json({ status: "password_reset", message: "Your password is changed. Sign in with it." }, 200);
  });
}
