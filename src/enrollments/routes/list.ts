import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { findCampaign } from "../../campaigns/queries";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { listEnrollments } from "../queries";
import { creatorRefForBrand } from "../../affiliates/schemas";
import { Enrollment, serializeEnrollment } from "../schemas";

export const listEnrollmentsRoute = createRoute({
  method: "get",
  path: "/v1/campaigns/{id}/enrollments",
  tags: ["Enrollments"],
  summary: "List a campaign's enrollments",
  description: "Affiliates in the campaign (approved, pending applications, paused, ended), newest first.",
  security: bearer,
  request: { params: idParam("cmp"), query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(Enrollment), "A page of enrollments."), ...commonErrors },
});

export function registerListEnrollments(app: V1App) {
  app.openapi(listEnrollmentsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      if (!(await findCampaign(tx, id))) throw new ApiError("not_found", `No campaign ${id}.`, { param: "id" });
      return listEnrollments(tx, id, { limit, before: decodeCursor(cursor) });
    });
    return c.json(toPage(rows, limit, (r) => serializeEnrollment(r.enrollment, creatorRefForBrand(r.affiliate, r.affiliate.consented))), 200);
  });
}
