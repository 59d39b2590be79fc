import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../../platform-admin/access";
import { listRunsAcrossBrands, troubledPayoutsOf } from "./queries";
import { AdminPayoutRun, AdminRunsQuery, serializeAdminRun } from "./schemas";

export const adminListPayoutRunsRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/payout-runs",
  tags: ["Platform admin"],
  summary: "Payout runs across brands",
  description: "Newest first. With `trouble=true`, only the runs staff should look at: failed charges, runs still charging or transferring an hour after approval, runs flagged with a `failure_code` while or after their money moved (a refused settlement refund or reversal, `refunded_outside_rekomi`, `charge_disputed`, `refund_failed`), and runs with a transfer failed or reversed in the last 30 days (not payouts of a canceled run).",
  request: { query: AdminRunsQuery },
  responses: { 200: jsonResponse(z.object({ data: z.array(AdminPayoutRun) }), "Runs with their brand and their failed or reversed payouts."), ...commonErrors },
});

export function registerAdminListPayoutRuns(app: DashboardApp) {
  app.openapi(adminListPayoutRunsRoute, async (c) => {
    const { trouble, limit } = c.req.valid("query");
    const data = await asPlatformAdmin(c, async (tx) => {
      const rows = await listRunsAcrossBrands(tx, { trouble, limit, now: new Date() });
      const troubled = await troubledPayoutsOf(tx, rows.map((r) => r.run.id));
      return rows.map((r) => serializeAdminRun(r.run, r.brandName, troubled.filter((p) => p.runId === r.run.id)));
    });
    return c.json({ data }, 200);
  });
}
