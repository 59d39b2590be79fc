import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { findConversion } from "../queries";
import { Conversion, serializeConversion } from "../schemas";

export const getConversionRoute = createRoute({
  method: "get",
  path: "/v1/conversions/{id}",
  tags: ["Conversions"],
  summary: "Retrieve a conversion",
  security: bearer,
  request: { params: idParam("cnv") },
  responses: { 200: jsonResponse(Conversion, "The conversion."), ...commonErrors },
});

export function registerGetConversion(app: V1App) {
  app.openapi(getConversionRoute, async (c) => {
    const { id } = c.req.valid("param");
    const row = await withBrand(c.var.db(), c.var.brand.id, (tx) => findConversion(tx, id));
    if (!row) throw new ApiError("not_found", `No conversion ${id}.`, { param: "id" });
    return c.json(serializeConversion(row), 200);
  });
}
