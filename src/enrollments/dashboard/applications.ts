import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from "../../infra/db/schema";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { changeEnrollmentStatus } from "../lifecycle";
import { findApplication, listApplications } from "../queries";
import { UpdateEnrollment } from "../routes/update";
import { Application, serializeApplication } from "../schemas";

const STATUS_LIST = new RegExp(`^(${ENROLLMENT_STATUSES.join("|")})(,(${ENROLLMENT_STATUSES.join("|")}))*$`);

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

export const reviewEnrollmentRoute = dashboardRoute({ brand: "affiliates.manage" }, {
  method: "patch",
  path: "/api/brands/{brandId}/enrollments/{enrollmentId}",
  tags: ["Recruiting"],
  summary: "Approve or reject an application, withdraw an offer, or pause, resume or end an enrollment",
  description: "The same moves and webhook events as `PATCH /v1/enrollments/{id}`.",
  request: { params: idParams({ brandId: "brd", enrollmentId: "enr" }), body: jsonBody(UpdateEnrollment) },
  responses: { 200: jsonResponse(Application, "The enrollment."), ...commonErrors, 409: errorResponse("The move is not allowed from the current status.") },
});

export function registerApplicationDashboardRoutes(app: DashboardApp) {
  app.openapi(listApplicationsRoute, async (c) => {
    const { limit, cursor, status, campaign_id } = c.req.valid("query");
    const rows = await withAccessedBrand(c, (tx) =>
      listApplications(tx, { limit, before: decodeCursor(cursor), statuses: status.split(",") as EnrollmentStatus[], campaignId: campaign_id }),
    );
    return c.json(toPage(rows, limit, (r) => serializeApplication(r.enrollment, r.affiliate, r.consented, r.campaignName)), 200);
  });

  app.openapi(reviewEnrollmentRoute, async (c) => {
    const { enrollmentId } = c.req.valid("param");
    const { status } = c.req.valid("json");
    const { body, deliveries, brandId } = await withAccessedBrand(c, async (tx, access) => {
      const { deliveries, changed } = await changeEnrollmentStatus(tx, enrollmentId, status, "enrollmentId");
      if (changed) {
        await recordAudit(tx, {
          brandId: access.brandId,
          actor: userActor(access.userId),
          action: "enrollment.status_changed",
          target: { type: "enrollment", id: enrollmentId },
          metadata: { status },
          client: clientInfo(c),
        });
      }
      const row = (await findApplication(tx, enrollmentId))!;
      return { body: serializeApplication(row.enrollment, row.affiliate, row.consented, row.campaignName), deliveries, brandId: access.brandId };
    });
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, deliveries);
    return c.json(body, 200);
  });
}
