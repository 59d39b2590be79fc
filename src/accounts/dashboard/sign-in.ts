import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { DEVICE_COOKIE, readCookie } from "../../auth/cookies";
import { hashPassword, verifyPassword } from "../../auth/passwords";
import { LIMITS, clearLimits, countFailure, enforce, refuseIfExhausted, type Check } from "../../auth/rate-limits";
import { verifyDeviceJwt } from "../../auth/session-jwt";
import { insertSession, issueSessionCookies } from "../../auth/sessions";
import { findUserByEmail } from "../../infra/db/lookups";
import { withPrincipal } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { loadMe, loadSessionUser, setPasswordHash } from "../queries";
import { Me, SignIn } from "../schemas";

export const signInRoute = dashboardRoute("public", {
  method: "post",
  path: "/api/auth/sign-in",
  tags: ["Auth"],
  summary: "Sign in",
  description: "Sets the session cookie. Unverified accounts may sign in (to verify or fix their address) but not act as brand admins.",
  request: { body: jsonBody(SignIn) },
  responses: {
    200: jsonResponse(Me, "Signed in."),
    ...commonErrors,
    401: errorResponse("Wrong email or password."),
    403: errorResponse("The account is suspended."),
    429: errorResponse("Too many attempts; see Retry-After."),
  },
});

export function registerSignIn(app: DashboardApp) {
  app.openapi(signInRoute, async (c) => {
    const { email, password } = c.req.valid("json");
    const env = c.var.config;
    const client = clientInfo(c);
    const db = c.var.db();
    await enforce(db, [{ limit: LIMITS.signInPerIp, subject: client.ip }]);

    const user = await findUserByEmail(db, email);
    const deviceCookie = readCookie(c, DEVICE_COOKIE);
    const knownDevice = !!user && !!deviceCookie && (await verifyDeviceJwt(env.SESSION_SECRET, deviceCookie)) === user.userId;
    const accountIp: Check = { limit: LIMITS.signInFailuresPerAccountIp, subject: `${email}|${client.ip}` };
    const account: Check = { limit: LIMITS.signInFailuresPerAccount, subject: email };
    await refuseIfExhausted(db, knownDevice ? [accountIp] : [accountIp, account]);

    const { ok, needsRehash } = await verifyPassword(password, user?.passwordHash ?? null, env.PASSWORD_PEPPER);
    if (!user || !ok) {
      const bursts = await countFailure(db, [accountIp, account]);
      if (user && bursts.length > 0) {
        await withPrincipal(db, { kind: "user", userId: user.userId }, (tx) =>
          recordAudit(tx, {
            subjectUserId: user.userId,
            actor: { type: "system", id: null },
            action: "user.sign_in_failed_burst",
            target: { type: "user", id: user.userId },
            metadata: { scope: bursts.map((b) => (b === account ? "account" : "account_and_ip")), failures: bursts[0]!.limit.max, window_minutes: bursts[0]!.limit.windowSeconds / 60 },
            client,
          }),
        );
      }
      throw new ApiError("unauthorized", "Email or password is incorrect.");
    }
    if (user.suspended) throw new ApiError("account_suspended", "This account is suspended. Contact support@rekomi.com.");
    // Only this place's failures are forgiven: clearing the account-wide count would hand a
    // distributed guesser a fresh budget every time the owner signs in.
    await clearLimits(db, [accountIp]);

    const rehash = needsRehash ? await hashPassword(password, env.PASSWORD_PEPPER) : null;
    const { session, me } = await withPrincipal(db, { kind: "user", userId: user.userId }, async (tx) => {
      if (rehash) await setPasswordHash(tx, user.userId, rehash);
      const session = await insertSession(tx, user.userId, client);
      await recordAudit(tx, { subjectUserId: user.userId, actor: userActor(user.userId), action: "user.signed_in", target: { type: "session", id: session.id }, client });
      return { session, me: await loadMe(tx, await loadSessionUser(tx, user.userId)) };
    });
    await issueSessionCookies(c, env.SESSION_SECRET, user.userId, session);
    return c.json(me, 200);
  });
}
