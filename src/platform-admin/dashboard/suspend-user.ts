import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { revokeUserSessions } from "../../auth/sessions";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { setSuspended } from "../../accounts/queries";
import { asPlatformAdmin } from "../access";
import { AdminUser, serializeAdminUser } from "../schemas";

const params = idParams({ userId: "usr" });

export const suspendUserRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/users/{userId}/suspend",
  tags: ["Platform admin"],
  summary: "Suspend an account",
  description: "Ends every session of the account at once and refuses sign-in until reinstated.",
  request: { params },
  responses: { 200: jsonResponse(AdminUser, "The suspended account."), ...commonErrors },
});

export const unsuspendUserRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/users/{userId}/unsuspend",
  tags: ["Platform admin"],
  summary: "Reinstate an account",
  request: { params },
  responses: { 200: jsonResponse(AdminUser, "The reinstated account."), ...commonErrors },
});

export function registerSuspendUser(app: DashboardApp) {
  for (const [route, suspend] of [
    [suspendUserRoute, true],
    [unsuspendUserRoute, false],
  ] as const) {
    app.openapi(route, async (c) => {
      const { userId } = c.req.valid("param");
      const row = await asPlatformAdmin(c, async (tx, adminId) => {
        if (userId === adminId) throw new ApiError("invalid_request", "You cannot suspend or reinstate your own account.", { param: "userId" });
        const row = await setSuspended(tx, userId, suspend);
        if (!row) throw new ApiError("not_found", `No account ${userId}.`, { param: "userId" });
        if (suspend) await revokeUserSessions(tx, userId);
        await recordAudit(tx, {
          subjectUserId: userId,
          actor: { type: "platform_admin", id: adminId },
          action: suspend ? "user.suspended" : "user.unsuspended",
          target: { type: "user", id: userId },
          client: clientInfo(c),
        });
        return row;
      });
      return c.json(serializeAdminUser(row), 200);
    });
  }
}
