import type { Context } from "hono";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { passwordProblem } from "../../auth/password-policy";
import { hashPassword } from "../../auth/passwords";
import { LIMITS, enforce } from "../../auth/rate-limits";
import type { AppConfigEnv } from "../../infra/app/config";
import { isUniqueViolation } from "../../infra/db/errors";
import type { DbVariables } from "../../infra/http/database";
import { findUserByEmail, type UserForSignIn } from "../../infra/db/lookups";
import { withPrincipal } from "../../infra/db/principal";
import { deliverAfterResponse } from "../../email/deliver";
import { enqueueEmail } from "../../email/outbox";
import { accountExists, verifyEmail } from "../../email/templates";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { newId } from "../../infra/ids";
import { dashboardLink, insertUser, mintAuthToken } from "../queries";
import { Accepted, SignUp } from "../schemas";

export const signUpRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/auth/sign-up",
  tags: ["Auth"],
  summary: "Sign up",
  description:
    "Creates an account and emails a verification link. The answer is the same whether or not the email already has an account " +
    "(that account is emailed instead), so sign-up cannot be used to find out who uses Rekomi. Sign in afterwards.",
  request: { body: jsonBody(SignUp) },
  responses: { 202: jsonResponse(Accepted, "Check the inbox."), ...commonErrors, 429: errorResponse("Too many sign-ups from this address.") },
});

const CHECK_INBOX = { status: "verification_sent", message: "Check your inbox: we sent a link to verify your email address." };

/** Mail for an address that already has an account: a fresh verification link, or a sign-in nudge. */
async function mailExistingAccount<E extends AppConfigEnv & { Variables: DbVariables }>(c: Context<E>, existing: UserForSignIn): Promise<string[]> {
  const env = c.var.config;
  // A flood of sign-ups for someone else's address must not flood their inbox.
  try {
    await enforce(c.var.db(), [{ limit: LIMITS.verificationMailPerUser, subject: existing.userId }]);
  } catch (err) {
    if (err instanceof ApiError && err.code === "rate_limited") return [];
    throw err;
  }
  return withPrincipal(c.var.db(), { kind: "user", userId: existing.userId }, async (tx) => {
    const content = existing.emailVerified
      ? accountExists(dashboardLink(c, "/sign-in"), dashboardLink(c, "/reset-password"))
      : verifyEmail(dashboardLink(c, "/verify-email", await mintAuthToken(tx, existing.userId, "verify_email", existing.email)));
    return [await enqueueEmail(tx, env, { userId: existing.userId, to: existing.email, content })];
  });
}

export function registerSignUp(app: DashboardApp) {
  app.openapi(signUpRoute, async (c) => {
    const input = c.req.valid("json");
    const env = c.var.config;
    const client = clientInfo(c);
    const db = c.var.db();
    const problem = passwordProblem(input.password, { email: input.email });
    if (problem) throw new ApiError("invalid_request", `Invalid \`password\`: ${problem}.`, { param: "password" });
    await enforce(db, [
      { limit: LIMITS.signUpPerIp, subject: client.ip },
      { limit: LIMITS.signUpPerAccount, subject: input.email },
    ]);
    // Hash first, on both paths, so timing does not tell a new address from a known one.
    const passwordHash = await hashPassword(input.password, env.PASSWORD_PEPPER);
    const existing = await findUserByEmail(db, input.email);
    let mailIds: string[];
    if (existing) {
      mailIds = await mailExistingAccount(c, existing);
    } else {
      const userId = newId("user");
      try {
        mailIds = await withPrincipal(db, { kind: "user", userId }, async (tx) => {
          await insertUser(tx, { id: userId, email: input.email, name: input.name ?? null, passwordHash });
          const token = await mintAuthToken(tx, userId, "verify_email", input.email);
          const mailId = await enqueueEmail(tx, env, { userId, to: input.email, content: verifyEmail(dashboardLink(c, "/verify-email", token)) });
          await recordAudit(tx, { subjectUserId: userId, actor: userActor(userId), action: "user.signed_up", client });
          return [mailId];
        });
      } catch (err) {
        if (!isUniqueViolation(err, "users_email")) throw err;
        // Someone signed up with this address a moment ago: treat it as known.
        const raced = await findUserByEmail(db, input.email);
        mailIds = raced ? await mailExistingAccount(c, raced) : [];
      }
    }
    deliverAfterResponse(c, mailIds);
    return c.json(CHECK_INBOX, 202);
  });
}
