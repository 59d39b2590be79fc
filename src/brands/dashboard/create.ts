import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { signedInSession } from "../../auth/session-middleware";
import { withPrincipal } from "../../infra/db/principal";
import { commonErrors, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { newId } from "../../infra/ids";
import { createBrand } from "../queries";
import { Brand, CreateBrand, serializeBrand } from "../schemas";

export const createBrandRoute = dashboardRoute("verified", {
  method: "post",
  path: "/api/brands",
  tags: ["Brands"],
  summary: "Create a brand",
  description: "You become its owner. Needs a verified email.",
  request: { body: jsonBody(CreateBrand) },
  responses: { 201: jsonResponse(Brand, "The new brand."), ...commonErrors },
});

export function registerCreateBrand(app: DashboardApp) {
  app.openapi(createBrandRoute, async (c) => {
    const { user } = signedInSession(c);
    const input = c.req.valid("json");
    // The server picks the id and acts as that brand: RLS (brand_self) admits exactly the
    // brand being created, and its first member row.
    const brandId = newId("brand");
    const brand = await withPrincipal(c.var.db(), { kind: "brand", brandId, userId: user.id }, async (tx) => {
      const row = await createBrand(tx, { brandId, memberId: newId("member"), ownerUserId: user.id }, input);
      await recordAudit(tx, { brandId, actor: userActor(user.id), action: "brand.created", target: { type: "brand", id: brandId }, client: clientInfo(c) });
      return row;
    });
    return c.json(serializeBrand(brand, "owner"), 201);
  });
}
