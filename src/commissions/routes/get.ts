import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { findCommission } from "../queries";
import { CommissionRecord, serializeCommission } from "../schemas";

export const getCommissionRoute = createRoute({
  method: "get",
  path: "/v1/commissions/{id}",
  tags: ["Commissions"],
  summary: "Retrieve a commission",
  description: "With its explanation (the lines and the inputs they were computed from) and its source: the conversion and the accepted event.",
  security: bearer,
  request: { params: idParam("com") },
  responses: { 200: jsonResponse(CommissionRecord, "The commission."), ...commonErrors },
});

export function registerGetCommission(app: V1App) {
  app.openapi(getCommissionRoute, async (c) => {
    const { id } = c.req.valid("param");
    const row = await withBrand(c.var.db(), c.var.brand.id, (tx) => findCommission(tx, id));
    if (!row) throw new ApiError("not_found", `No commission ${id}.`, { param: "id" });
    return c.json(serializeCommission(row), 200);
  });
}
