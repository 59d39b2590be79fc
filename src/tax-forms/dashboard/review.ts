import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../../platform-admin/access";
import { withAccessedBrand } from "../../teams/guard";
import { findTaxForm, recordBrandReview, reviewsOf, staffReviewTaxForm } from "../queries";
import { ReviewTaxForm, TaxForm, serializeTaxForm } from "../schemas";

export const brandReviewTaxFormRoute = dashboardRoute({ brand: "tax_forms.review" }, {
  method: "post",
  path: "/api/brands/{brandId}/tax-forms/{taxFormId}/review",
  tags: ["Tax forms"],
  summary: "Review a creator's tax form for your brand",
  description:
    "Accept or reject the creator's current form for your brand's payouts (a rejection needs a reason, which the creator sees). Only brands that pay the creator (an enrollment the creator consented to, and a commission) may; the decision is your brand's alone, once per form: other brands and Rekomi staff decide for themselves.",
  request: { params: idParams({ brandId: "brd", taxFormId: "txf" }), body: jsonBody(ReviewTaxForm) },
  responses: { 200: jsonResponse(TaxForm, "The form with your brand's review."), ...commonErrors, 409: errorResponse("Your brand already reviewed this form, or it is no longer current.") },
});

export const adminReviewTaxFormRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/tax-forms/{taxFormId}/review",
  tags: ["Platform admin"],
  summary: "Review any tax form for everyone",
  description: "Rekomi staff accept or reject a submitted form (a rejection needs a reason, which the creator sees): the decision is the form's, for every brand. A decided or superseded form cannot be reviewed again.",
  request: { params: idParams({ taxFormId: "txf" }), body: jsonBody(ReviewTaxForm) },
  responses: { 200: jsonResponse(TaxForm, "The reviewed form."), ...commonErrors, 409: errorResponse("The form is not awaiting review.") },
});

export function registerReviewTaxForm(app: DashboardApp) {
  app.openapi(brandReviewTaxFormRoute, async (c) => {
    const { taxFormId } = c.req.valid("param");
    const input = c.req.valid("json");
    const body = await withAccessedBrand(c, async (tx, access) => {
      // RLS shows the form only to a brand that pays the creator.
      const form = await findTaxForm(tx, taxFormId);
      if (!form) throw new ApiError("not_found", `No tax form ${taxFormId}.`, { param: "taxFormId" });
      if (form.status !== "submitted" && form.status !== "accepted") throw new ApiError("conflict", `This form is ${form.status}: only a current form can be reviewed.`);
      const review = await recordBrandReview(tx, form, access.brandId, { decision: input.decision, reason: input.reason, userId: access.userId });
      if (!review) throw new ApiError("conflict", "Your brand already reviewed this form; a new upload is reviewed again.");
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: input.decision === "accepted" ? "tax_form.accepted" : "tax_form.rejected",
        target: { type: "tax_form", id: taxFormId },
        metadata: { affiliate_id: form.affiliateId, form_type: form.formType, ...(input.reason ? { reason: input.reason } : {}) },
        client: clientInfo(c),
      });
      return serializeTaxForm(form, [review]);
    });
    return c.json(body, 200);
  });

  app.openapi(adminReviewTaxFormRoute, async (c) => {
    const { taxFormId } = c.req.valid("param");
    const input = c.req.valid("json");
    const body = await asPlatformAdmin(c, async (tx, adminId) => {
      const row = await staffReviewTaxForm(tx, taxFormId, { decision: input.decision, reason: input.reason, userId: adminId });
      if (!row) {
        const existing = await findTaxForm(tx, taxFormId);
        if (!existing) throw new ApiError("not_found", `No tax form ${taxFormId}.`, { param: "taxFormId" });
        throw new ApiError("conflict", `This form is ${existing.status}: only a submitted form can be reviewed.`);
      }
      await recordAudit(tx, {
        brandId: null,
        actor: { type: "platform_admin", id: adminId },
        action: input.decision === "accepted" ? "tax_form.accepted" : "tax_form.rejected",
        target: { type: "tax_form", id: taxFormId },
        metadata: { affiliate_id: row.affiliateId, form_type: row.formType, ...(input.reason ? { reason: input.reason } : {}) },
        client: clientInfo(c),
      });
      return serializeTaxForm(row, await reviewsOf(tx, [row.id]));
    });
    return c.json(body, 200);
  });
}
