import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { findAffiliate } from "../queries";
import { Affiliate, creatorForBrand } from "../schemas";

export const getAffiliateRoute = createRoute({
  method: "get",
  path: "/v1/affiliates/{id}",
  tags: ["Affiliates"],
  summary: "Retrieve a creator",
  security: bearer,
  request: { params: idParam("aff") },
  responses: { 200: jsonResponse(Affiliate, "The creator's profile."), ...commonErrors },
});

export function registerGetAffiliate(app: V1App) {
  app.openapi(getAffiliateRoute, async (c) => {
    const { id } = c.req.valid("param");
    const row = await withBrand(c.var.db(), c.var.brand.id, (tx) => findAffiliate(tx, id));
    if (!row) throw new ApiError("not_found", `No affiliate ${id}.`, { param: "id" });
    return c.json(creatorForBrand(row.affiliate, row.consented), 200);
  });
}
