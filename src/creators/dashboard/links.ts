import { count, eq } from "drizzle-orm";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { randomBase62 } from "../../infra/crypto";
import { isUniqueViolation } from "../../infra/db/errors";
import { trackingLinks } from "../../infra/db/schema";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { newId } from "../../infra/ids";
import { insertLink } from "../../links/queries";
import { CreateLink, TrackingLink, serializeLink } from "../../links/schemas";
import { withCreator } from "../access";
import { findCreatorEnrollment } from "../enrollments";

/** A creator makes a handful of links per campaign; codes are global, so squatting stays bounded. */
export const MAX_CREATOR_LINKS = 20;

export const createCreatorLinkRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/creator/links",
  tags: ["Creator"],
  summary: "Create your own tracking link",
  description:
    "For an approved enrollment in a campaign whose brand lets creators make links. A deep link (`destination_url`) must stay on the " +
    `campaign's site. At most ${MAX_CREATOR_LINKS} links per campaign.`,
  request: { body: jsonBody(CreateLink) },
  responses: {
    201: jsonResponse(TrackingLink, "The new link."),
    ...commonErrors,
    403: errorResponse("The brand does not let creators make their own links for this campaign."),
    409: errorResponse("The code is taken, the enrollment is not approved, or the link limit is reached."),
  },
});

const sameSite = (a: string, b: string) => new URL(a).hostname.toLowerCase() === new URL(b).hostname.toLowerCase();

export function registerCreatorLinks(app: DashboardApp) {
  app.openapi(createCreatorLinkRoute, async (c) => {
    const input = c.req.valid("json");
    const base = c.var.config.TRACKING_BASE_URL;
    const row = await withCreator(c, async (tx) => {
      const found = await findCreatorEnrollment(tx, input.enrollment_id);
      if (!found) throw new ApiError("not_found", `No enrollment ${input.enrollment_id}.`, { param: "enrollment_id" });
      const { enrollment, campaign } = found;
      if (enrollment.status !== "approved") {
        throw new ApiError("conflict", `Enrollment ${enrollment.id} is ${enrollment.status}; links need an approved enrollment.`, { param: "enrollment_id" });
      }
      if (campaign.status !== "active") throw new ApiError("conflict", `The campaign is ${campaign.status}.`, { param: "enrollment_id" });
      if (!campaign.allowCreatorLinks) throw new ApiError("forbidden", `${campaign.name} does not let creators make their own links: ask the brand for one.`);
      if (input.destination_url && !sameSite(input.destination_url, campaign.destinationUrl)) {
        throw new ApiError("invalid_request", `Invalid \`destination_url\`: must be on ${new URL(campaign.destinationUrl).hostname}, the campaign's site.`, {
          param: "destination_url",
        });
      }
      const [{ n }] = (await tx.select({ n: count() }).from(trackingLinks).where(eq(trackingLinks.enrollmentId, enrollment.id))) as [{ n: number }];
      if (n >= MAX_CREATOR_LINKS) throw new ApiError("conflict", `You already have ${MAX_CREATOR_LINKS} links for this campaign.`, { param: "enrollment_id" });
      try {
        // As the creator: RLS admits links only for their own approved enrollments in campaigns that allow it.
        return await insertLink(tx, {
          id: newId("link"),
          brandId: enrollment.brandId,
          campaignId: enrollment.campaignId,
          enrollmentId: enrollment.id,
          affiliateId: enrollment.affiliateId,
          code: input.code ?? randomBase62(8),
          destinationUrl: input.destination_url ?? null,
        });
      } catch (err) {
        if (isUniqueViolation(err, "tracking_links_code")) throw new ApiError("conflict", `The code \`${input.code}\` is taken.`, { param: "code" });
        throw err;
      }
    });
    return c.json(serializeLink(row, base), 201);
  });
}

