import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { isUniqueViolation } from "../../infra/db/errors";
import { setPrincipal } from "../../infra/db/principal";
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from "../../infra/db/schema";
import { announceEnrollment } from "../../enrollments/lifecycle";
import { insertEnrollment } from "../../enrollments/queries";
import { ApiError } from "../../infra/http/errors";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { newId } from "../../infra/ids";
import { findListedCampaign } from "../../network/queries";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { withCreator } from "../access";
import { CreatorEnrollment, findCreatorEnrollment, listCreatorEnrollments, serializeCreatorEnrollment } from "../enrollments";
import { findProfileOfUser } from "../queries";

const Apply = z
  .object({ campaign_id: z.string().regex(/^cmp_[0-9a-z]{26}$/, "must be an id starting with cmp_").openapi({ description: "A campaign listed in the network." }) })
  .strict()
  .openapi("ApplyToCampaign");

export const applyRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/creator/applications",
  tags: ["Creator"],
  summary: "Apply to a listed campaign",
  description: "One click: your profile is the application. The brand is notified (`application.submitted`) and approves or rejects it.",
  request: { body: jsonBody(Apply) },
  responses: {
    201: jsonResponse(CreatorEnrollment, "The pending application."),
    ...commonErrors,
    403: errorResponse("Your profile is suspended from the network."),
    409: errorResponse("You already applied to or work with this campaign."),
  },
});

const STATUS_LIST = new RegExp(`^(${ENROLLMENT_STATUSES.join("|")})(,(${ENROLLMENT_STATUSES.join("|")}))*$`);

export const listEnrollmentsRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/creator/enrollments",
  tags: ["Creator"],
  summary: "Your applications and campaigns",
  description: "Every campaign you applied to or work with, newest first, with its status and your tracking links.",
  request: {
    query: PageQuery.extend({
      status: z
        .string()
        .regex(STATUS_LIST, `must be a comma-separated list of ${ENROLLMENT_STATUSES.join(", ")}`)
        .optional()
        .openapi({ description: "Only these statuses, comma-separated (e.g. `pending,rejected`)." }),
    }),
  },
  responses: { 200: jsonResponse(pageSchema(CreatorEnrollment), "A page of enrollments."), ...commonErrors },
});

export function registerApplicationRoutes(app: DashboardApp) {
  app.openapi(applyRoute, async (c) => {
    const { campaign_id: campaignId } = c.req.valid("json");
    const base = c.var.config.TRACKING_BASE_URL;
    const { body, brandId, deliveries } = await withCreator(c, async (tx, creator) => {
      const profile = (await findProfileOfUser(tx, creator.userId))!;
      if (profile.networkStatus === "suspended") throw new ApiError("forbidden", "Your profile is suspended from the network. Contact support@rekomi.com.");
      const campaign = await findListedCampaign(tx, campaignId);
      if (!campaign) throw new ApiError("not_found", `No campaign ${campaignId} open to applications in the network.`, { param: "campaign_id" });
      let row;
      try {
        // As the creator: RLS admits only a pending application of their own.
        row = await insertEnrollment(tx, { id: newId("enrollment"), brandId: campaign.brandId, campaignId, affiliateId: profile.id, status: "pending", source: "network" });
      } catch (err) {
        if (isUniqueViolation(err, "enrollments_campaign_affiliate")) throw new ApiError("conflict", `You already applied to or work with ${campaignId}.`, { param: "campaign_id" });
        throw err;
      }
      const body = serializeCreatorEnrollment((await findCreatorEnrollment(tx, row.id))!, base);
      // The brand hears of it in the same transaction: its outbox is the brand's, so the
      // rest of this transaction acts for that brand (taken from the campaign row, never the request).
      await setPrincipal(tx, { kind: "brand", brandId: campaign.brandId, userId: creator.userId });
      const deliveries = await announceEnrollment(tx, row);
      return { body, brandId: campaign.brandId, deliveries };
    });
    enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, deliveries);
    return c.json(body, 201);
  });

  app.openapi(listEnrollmentsRoute, async (c) => {
    const { limit, cursor, status } = c.req.valid("query");
    const statuses = status?.split(",") as EnrollmentStatus[] | undefined;
    const rows = await withCreator(c, (tx) => listCreatorEnrollments(tx, { limit, before: decodeCursor(cursor), statuses }));
    const base = c.var.config.TRACKING_BASE_URL;
    return c.json(toPage(rows, limit, (r) => serializeCreatorEnrollment(r, base)), 200);
  });
}
