import { dashboardRoute } from "../../api/dashboard-route";
import type { DashboardApp } from "../../api/dashboard-types";
import { recordAudit, userActor, type AuditActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import type { Tx } from "../../db/client";
import { ApiError } from "../../http/errors";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../http/schemas";
import { asPlatformAdmin } from "../../platform-admin/access";
import { brandAccessOf, withAccessedBrand } from "../../teams/guard";
import { findTaxForm, reviewTaxForm } from "../queries";
import { ReviewTaxForm, TaxForm, serializeTaxForm } from "../schemas";

const description =
  "Accept or reject a submitted form (a rejection needs a reason, which the creator sees). The decision is the form's, for every brand that pays the creator; a decided or superseded form cannot be reviewed again.";
const responses = { 200: jsonResponse(TaxForm, "The reviewed form."), ...commonErrors, 409: errorResponse("The form is not awaiting review.") };

export const brandReviewTaxFormRoute = dashboardRoute({ brand: "tax_forms.review" }, {
  method: "post",
  path: "/api/brands/{brandId}/tax-forms/{taxFormId}/review",
  tags: ["Tax forms"],
  summary: "Review a creator's tax form",
  description,
  request: { params: idParams({ brandId: "brd", taxFormId: "txf" }), body: jsonBody(ReviewTaxForm) },
  responses,
});

export const adminReviewTaxFormRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/tax-forms/{taxFormId}/review",
  tags: ["Platform admin"],
  summary: "Review any tax form",
  description,
  request: { params: idParams({ taxFormId: "txf" }), body: jsonBody(ReviewTaxForm) },
  responses,
});

interface Reviewer {
  actor: AuditActor;
  userId: string;
  brandId: string | null;
}

/** Decides the form under the caller's principal (RLS decides who may) and records it. */
async function review(tx: Tx, id: string, input: { decision: "accepted" | "rejected"; reason?: string | undefined }, who: Reviewer, client: ReturnType<typeof clientInfo>) {
  const row = await reviewTaxForm(tx, id, { decision: input.decision, reason: input.reason, userId: who.userId, brandId: who.brandId });
  if (!row) {
    const existing = await findTaxForm(tx, id);
    if (!existing) throw new ApiError("not_found", `No tax form ${id}.`, { param: "taxFormId" });
    throw new ApiError("conflict", `This form is ${existing.status}: only a submitted form can be reviewed.`);
  }
  await recordAudit(tx, {
    brandId: who.brandId,
    actor: who.actor,
    action: input.decision === "accepted" ? "tax_form.accepted" : "tax_form.rejected",
    target: { type: "tax_form", id },
    metadata: { affiliate_id: row.affiliateId, form_type: row.formType, ...(input.reason ? { reason: input.reason } : {}) },
    client,
  });
  return row;
}

export function registerReviewTaxForm(app: DashboardApp) {
  app.openapi(brandReviewTaxFormRoute, async (c) => {
    const { taxFormId } = c.req.valid("param");
    const row = await withAccessedBrand(c, (tx, access) =>
      review(tx, taxFormId, c.req.valid("json"), { actor: userActor(access.userId), userId: access.userId, brandId: access.brandId }, clientInfo(c)),
    );
    return c.json(serializeTaxForm(row, { brandId: brandAccessOf(c).brandId }), 200);
  });

  app.openapi(adminReviewTaxFormRoute, async (c) => {
    const { taxFormId } = c.req.valid("param");
    const row = await asPlatformAdmin(c, (tx, adminId) =>
      review(tx, taxFormId, c.req.valid("json"), { actor: { type: "platform_admin", id: adminId }, userId: adminId, brandId: null }, clientInfo(c)),
    );
    return c.json(serializeTaxForm(row, "full"), 200);
  });
}
