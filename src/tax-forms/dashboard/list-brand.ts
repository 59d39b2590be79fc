import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { findBrand } from "../../brands/queries";
import { withAccessedBrand } from "../../teams/guard";
import { listPayeesWithForms } from "../queries";
import { BrandTaxStatusQuery, CreatorTaxStatus, serializeTaxForm } from "../schemas";
import { creatorRefForBrand } from "../../creators/affiliates";
import { factsForBrand } from "../payout-gate";
import { taxFormsAllowPayout, validFormOnFile } from "../validity";

export const listBrandTaxStatusRoute = dashboardRoute({ brand: "tax_forms.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/tax-forms",
  tags: ["Tax forms"],
  summary: "Tax form status of the brand's creators",
  description: "One row per creator the brand pays (an enrollment the creator consented to, and at least one commission): the current form's metadata with the brand's own review, whether a form is in effect for this brand, and whether payouts may go to them under the brand's `require_tax_form` setting.",
  request: { params: idParams({ brandId: "brd" }), query: BrandTaxStatusQuery },
  responses: { 200: jsonResponse(pageSchema(CreatorTaxStatus), "A page of creators, newest first."), ...commonErrors },
});

export function registerListBrandTaxStatus(app: DashboardApp) {
  app.openapi(listBrandTaxStatusRoute, async (c) => {
    const { limit, cursor, affiliate_id: affiliateId } = c.req.valid("query");
    const now = new Date();
    const page = await withAccessedBrand(c, async (tx, access) => {
      const brand = await findBrand(tx, access.brandId);
      const payees = await listPayeesWithForms(tx, { limit, before: decodeCursor(cursor), affiliateId });
      return toPage(payees, limit, (p) => {
        const facts = factsForBrand(p.forms, p.reviews, access.brandId);
        return {
          object: "creator_tax_status" as const,
          affiliate: creatorRefForBrand(p, p.consented),
          current_form: p.forms[0] ? serializeTaxForm(p.forms[0], p.reviews) : null,
          has_valid_form: validFormOnFile(facts, now),
          payouts_allowed: taxFormsAllowPayout(brand!, facts, now),
        };
      });
    });
    return c.json(page, 200);
  });
}
