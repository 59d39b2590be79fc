import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { LIMITS, enforce } from "../../auth/rate-limits";
import { signedInSession } from "../../auth/session-middleware";
import { withPrincipal } from "../../infra/db/principal";
import { deliverAfterResponse } from "../../email/deliver";
import { enqueueEmail } from "../../email/outbox";
import { verifyEmail } from "../../email/templates";
import { commonErrors, errorResponse, jsonResponse } from "../../infra/http/schemas";
import { dashboardLink, mintAuthToken } from "../queries";
import { Accepted } from "../schemas";

export const resendVerificationRoute = dashboardRoute("signed_in", {
  method: "post",
  path: "/api/me/verification-email",
  tags: ["Account"],
  summary: "Send the verification link again",
  responses: { 202: jsonResponse(Accepted, "Sent, or already verified."), ...commonErrors, 429: errorResponse("Too many verification emails.") },
});

export function registerResendVerification(app: DashboardApp) {
  app.openapi(resendVerificationRoute, async (c) => {
    const { user } = signedInSession(c);
    if (user.emailVerified) return c.json({ status: "already_verified", message: `${user.email} is already verified.` }, 202);
    await enforce(c.var.db(), [{ limit: LIMITS.verificationMailPerUser, subject: user.id }]);
    const mailId = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, async (tx) => {
      const token = await mintAuthToken(tx, user.id, "verify_email", user.email);
      return enqueueEmail(tx, c.var.config, { userId: user.id, to: user.email, content: verifyEmail(dashboardLink(c, "/verify-email", token)) });
    });
    deliverAfterResponse(c, [mailId]);
    return c.json({ status: "verification_sent", message: `We sent a new verification link to ${user.email}.` }, 202);
  });
}
