import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { affiliates } from "../../infra/db/schema";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../access";
import { AdminCreator, CreatorSearchQuery, prefixPattern, serializeAdminCreator } from "../schemas";

export const adminListCreatorsRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/creators",
  tags: ["Platform admin"],
  summary: "List creators",
  description: "Newest first; the network review queue (`network_status=pending`) oldest first, so requests are handled in order.",
  request: { query: CreatorSearchQuery },
  responses: { 200: jsonResponse(pageSchema(AdminCreator), "A page of creator profiles."), ...commonErrors },
});

export function registerAdminListCreators(app: DashboardApp) {
  app.openapi(adminListCreatorsRoute, async (c) => {
    const { limit, cursor, q, network_status } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const queue = network_status === "pending";
    const rows = await asPlatformAdmin(c, (tx) =>
      tx
        .select()
        .from(affiliates)
        .where(
          and(
            after ? (queue ? gt(affiliates.id, after) : lt(affiliates.id, after)) : undefined,
            q ? sql`lower(${affiliates.email}) like ${prefixPattern(q)}` : undefined,
            network_status ? eq(affiliates.networkStatus, network_status) : undefined,
          ),
        )
        .orderBy(queue ? asc(affiliates.id) : desc(affiliates.id))
        .limit(limit + 1),
    );
    return c.json(toPage(rows, limit, serializeAdminCreator), 200);
  });
}
