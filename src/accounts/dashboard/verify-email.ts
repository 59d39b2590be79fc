import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { passwordProblem } from "../../auth/password-policy";
import { hashPassword } from "../../auth/passwords";
import { revokeUserSessions } from "../../auth/sessions";
import { hashToken } from "../../auth/tokens";
import { consumeAuthToken } from "../../infra/db/lookups";
import { setPrincipal } from "../../infra/db/principal";
import { deliverAfterResponse } from "../../email/deliver";
import { enqueueEmail } from "../../email/outbox";
import { emailChanged } from "../../email/templates";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { changeAccountEmail, findSelf, markEmailVerified, setPasswordHash } from "../queries";
import { Accepted, VerifyEmail } from "../schemas";

export const verifyEmailRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/auth/verify-email",
  tags: ["Auth"],
  summary: "Verify an email address",
  description:
    "Spends the token of a verification link (sign-up) or of a new-address confirmation link (change of email). Works without being signed in. " +
    "When the account was never verified, its password was chosen before anyone proved the mailbox (someone may have signed up with another person's address), " +
    "so the verifier must send `password`: it replaces the old one and every session of the account is revoked. Without it the answer is `400` naming `password`, and the link stays unspent. " +
    "A verifier already signed in to that account (the person who signed up, in the same browser) knows the password and is not asked.",
  request: { body: jsonBody(VerifyEmail) },
  responses: { 200: jsonResponse(Accepted, "Verified."), ...commonErrors, 409: errorResponse("The new address was taken meanwhile.") },
});

const passwordRequired = () =>
  new ApiError("invalid_request", "Choose a password to finish verifying: this account's password was set before the address was proven.", { param: "password" });

const deadLink = () => new ApiError("invalid_request", "This link is invalid, already used or expired. Ask for a new one.", { param: "token" });

export function registerVerifyEmail(app: DashboardApp) {
  app.openapi(verifyEmailRoute, async (c) => {
    const { token, password } = c.req.valid("json");
    const env = c.var.config;
    const client = clientInfo(c);
    const tokenHash = await hashToken(token);
    // Hashed before the transaction (PBKDF2 is slow); used only if the account needs it.
    const passwordHash = password === undefined ? null : await hashPassword(password, env.PASSWORD_PEPPER);
    // One transaction: the lookup spends the token, then the principal is the token's user,
    // so a failed effect leaves the token unspent.
    const outcome = await c.var.db().transaction(async (tx) => {
      const spent = await consumeAuthToken(tx, tokenHash, ["verify_email", "change_email"]);
      if (!spent) throw deadLink();
      await setPrincipal(tx, { kind: "user", userId: spent.userId });
      const user = await findSelf(tx, spent.userId);
      if (!user) throw deadLink();
      const actor = userActor(user.id);
      // Never verified: whoever chose the password did not prove the mailbox. The verifier did,
      // so they choose the password, and every session opened with the old one ends. A
      // verifier signed in to this very account in this browser proved both already.
      const proofNeedsPassword = !user.emailVerifiedAt && c.var.session?.user.id !== user.id;
      if (proofNeedsPassword) {
        const newEmail = spent.purpose === "verify_email" ? user.email : spent.email;
        if (!password || !passwordHash) throw passwordRequired();
        const problem = passwordProblem(password, { email: newEmail });
        if (problem) throw new ApiError("invalid_request", `Invalid \`password\`: ${problem}.`, { param: "password" });
        await setPasswordHash(tx, user.id, passwordHash);
        await revokeUserSessions(tx, user.id);
        await recordAudit(tx, { subjectUserId: user.id, actor, action: "user.password_set_on_verification", client });
      }
      if (spent.purpose === "verify_email") {
        if (user.email.toLowerCase() !== spent.email.toLowerCase()) {
          throw new ApiError("invalid_request", "This link was for an earlier email address of the account.", { param: "token" });
        }
        if (!user.emailVerifiedAt) {
          await markEmailVerified(tx, user.id);
          await recordAudit(tx, { subjectUserId: user.id, actor, action: "user.email_verified", client });
        }
        return { email: user.email, mailIds: [] as string[], passwordSet: proofNeedsPassword };
      }
      const changed = await changeAccountEmail(tx, user.id, spent.email);
      if (changed === "taken_by_account") throw new ApiError("conflict", `${spent.email} is already used by another account.`, { param: "token" });
      if (changed === "taken_by_creator_profile") throw new ApiError("conflict", `${spent.email} is already used by another creator profile.`, { param: "token" });
      await recordAudit(tx, { subjectUserId: user.id, actor, action: "user.email_changed", metadata: { from: user.email, to: spent.email }, client });
      const notice = await enqueueEmail(tx, env, { userId: user.id, to: user.email, content: emailChanged(spent.email) });
      return { email: spent.email, mailIds: [notice], passwordSet: proofNeedsPassword };
    });
    deliverAfterResponse(c, outcome.mailIds);
    const message = outcome.passwordSet
      ? `${outcome.email} is verified and your password is set; every earlier session was signed out. Sign in with your new password.`
      : `${outcome.email} is verified.`;
    return c.json({ status: "verified", message }, 200);
  });
}
