import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { enrollmentForBrand } from "../lifecycle";
import { findEnrollment } from "../queries";
import { Enrollment } from "../schemas";

export const getEnrollmentRoute = createRoute({
  method: "get",
  path: "/v1/enrollments/{id}",
  tags: ["Enrollments"],
  summary: "Retrieve an enrollment",
  security: bearer,
  request: { params: idParam("enr") },
  responses: { 200: jsonResponse(Enrollment, "The enrollment."), ...commonErrors },
});

export function registerGetEnrollment(app: V1App) {
  app.openapi(getEnrollmentRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      const row = await findEnrollment(tx, id);
      if (!row) throw new ApiError("not_found", `No enrollment ${id}.`, { param: "id" });
      return enrollmentForBrand(tx, row);
    });
    return c.json(body, 200);
  });
}
