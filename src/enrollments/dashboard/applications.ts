import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from "../../infra/db/schema";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { listApplications } from "../queries";
import { Application, serializeApplication } from "../schemas";

const STATUS_LIST = new RegExp(`^(${ENROLLMENT_STATUSES.join("|")})(,(${ENROLLMENT_STATUSES.join("|")}))*$`);

/**
 * The Applications page's list: enrollments across the brand's campaigns, each with the
 * campaign's name and the creator's profile. A page aggregate, so dashboard-only; the
 * moves on one enrollment are the `updateEnrollment` operation (enrollments/operations.ts).
 */
export const listApplicationsRoute = dashboardRoute({ brand: "affiliates.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/applications",
  tags: ["Recruiting"],
  summary: "Applications and creators",
  description: "The brand's enrollments with each creator's profile, newest first: pending applications by default.",
  request: {
    params: idParams({ brandId: "brd" }),
    query: PageQuery.extend({
      status: z
        .string()
        .regex(STATUS_LIST, `must be a comma-separated list of ${ENROLLMENT_STATUSES.join(", ")}`)
        .default("pending")
        .openapi({ description: "Statuses to list, comma-separated." }),
      campaign_id: z.string().regex(/^cmp_[0-9a-z]{26}$/, "must be an id starting with cmp_").optional(),
    }),
  },
  responses: { 200: jsonResponse(pageSchema(Application), "A page of applications."), ...commonErrors },
});

export function registerApplicationDashboardRoutes(app: DashboardApp) {
  app.openapi(listApplicationsRoute, async (c) => {
    const { limit, cursor, status, campaign_id } = c.req.valid("query");
    const rows = await withAccessedBrand(c, (tx) =>
      listApplications(tx, { limit, before: decodeCursor(cursor), statuses: status.split(",") as EnrollmentStatus[], campaignId: campaign_id }),
    );
    return c.json(toPage(rows, limit, (r) => serializeApplication(r.enrollment, r.affiliate, r.consented, r.campaignName)), 200);
  });
}
