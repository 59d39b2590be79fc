import { withBrand } from "../../infra/db/principal";
import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { idempotentBrandWrite } from "../../infra/http/idempotency";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { createBrandLink } from "../changes";
import { CreateLink, TrackingLink, serializeLink } from "../schemas";

export const createLinkRoute = createRoute({
  method: "post",
  path: "/v1/links",
  tags: ["Tracking links"],
  summary: "Create a tracking link",
  description: "A link for one enrollment. It redirects while the link, the enrollment (approved) and the campaign (active) are all live.",
  security: bearer,
  request: { body: jsonBody(CreateLink) },
  responses: {
    201: jsonResponse(TrackingLink, "The new link."),
    ...commonErrors,
    409: errorResponse("The code is taken, or the enrollment was rejected or ended."),
  },
});

export function registerCreateLink(app: V1App) {
  app.openapi(createLinkRoute, async (c) => {
    const input = c.req.valid("json");
    const brandId = c.var.brand.id;
    const base = c.var.config.TRACKING_BASE_URL;
    const body = await idempotentBrandWrite(c, { brandId, transact: (fn) => withBrand(c.var.db(), brandId, fn) }, input, async (tx) => serializeLink(await createBrandLink(tx, brandId, input), base));
    return c.json(body, 201);
  });
}
