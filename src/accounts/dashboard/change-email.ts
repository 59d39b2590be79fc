import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { signedInSession } from "../../auth/session-middleware";
import { findUserByEmail } from "../../infra/db/lookups";
import { withPrincipal } from "../../infra/db/principal";
import { deliverAfterResponse } from "../../email/deliver";
import { enqueueEmail } from "../../email/outbox";
import { addressAlreadyUsed, confirmNewEmail } from "../../email/templates";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { dashboardLink, mintAuthToken } from "../queries";
import { confirmCurrentPassword } from "../reauth";
import { Accepted, ChangeEmail } from "../schemas";

export const changeEmailRoute = dashboardRoute("signed_in", {
  method: "post",
  path: "/api/me/email",
  tags: ["Account"],
  summary: "Change your email address",
  description:
    "Needs the current password. Emails a confirmation link to the new address; the address changes (already verified) when it is followed, " +
    "and the old address is told. Until then nothing changes. The answer is the same when another account already uses the address " +
    "(that address is told instead and gets no link), so this cannot be used to find out who uses Rekomi.",
  request: { body: jsonBody(ChangeEmail) },
  responses: { 202: jsonResponse(Accepted, "Confirmation sent to the new address."), ...commonErrors },
});

export function registerChangeEmail(app: DashboardApp) {
  app.openapi(changeEmailRoute, async (c) => {
    const { user } = signedInSession(c);
    const input = c.req.valid("json");
    await confirmCurrentPassword(c, user.id, input.current_password);
    if (input.new_email === user.email.toLowerCase()) throw new ApiError("invalid_request", "Invalid `new_email`: it is already your address.", { param: "new_email" });
    const taken = await findUserByEmail(c.var.db(), input.new_email);
    const mailId = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, async (tx) => {
      // Taken: tell that address's owner and mint nothing. The caller sees the same answer.
      const content = taken
        ? addressAlreadyUsed(dashboardLink(c, "/sign-in"), dashboardLink(c, "/reset-password"))
        : confirmNewEmail(dashboardLink(c, "/verify-email", await mintAuthToken(tx, user.id, "change_email", input.new_email)), input.new_email);
      return enqueueEmail(tx, c.var.config, { userId: user.id, to: input.new_email, content });
    });
    deliverAfterResponse(c, [mailId]);
    return c.json({ status: "confirmation_sent", message: `We sent a confirmation link to ${input.new_email}. Your address changes when you follow it.` }, 202);
  });
}
