import { withCreator } from "../../creators/access";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { userActor } from "../../audit/log";
import type { Tx } from "../../infra/db/client";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../../platform-admin/access";
import { withAccessedBrand } from "../../teams/guard";
import { issueTaxFormDownload } from "../download-url";
import { findTaxForm } from "../queries";
import { TaxFormDownload } from "../schemas";

const description = "A URL that downloads the PDF without a session for 5 minutes. Every URL issued is recorded in the audit log.";
const responses = { 200: jsonResponse(TaxFormDownload, "A short-lived download URL."), ...commonErrors };

export const ownTaxFormDownloadRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/me/tax-forms/{taxFormId}/download-url",
  tags: ["Tax forms"],
  summary: "Get a download link for one of your tax forms",
  description,
  request: { params: idParams({ taxFormId: "txf" }) },
  responses,
});

export const brandTaxFormDownloadRoute = dashboardRoute({ brand: "tax_forms.download" }, {
  method: "post",
  path: "/api/brands/{brandId}/tax-forms/{taxFormId}/download-url",
  tags: ["Tax forms"],
  summary: "Get a download link for a creator's tax form",
  description: `${description} Only forms of creators the brand pays (approved, paused or ended enrollments).`,
  request: { params: idParams({ brandId: "brd", taxFormId: "txf" }) },
  responses,
});

export const adminTaxFormDownloadRoute = dashboardRoute("platform_admin", {
  method: "post",
  path: "/api/admin/tax-forms/{taxFormId}/download-url",
  tags: ["Platform admin"],
  summary: "Get a download link for any tax form",
  description,
  request: { params: idParams({ taxFormId: "txf" }) },
  responses,
});

/** The form as the transaction's principal sees it, or the same 404 whether it is missing or not yours. */
async function visibleForm(tx: Tx, id: string) {
  const form = await findTaxForm(tx, id);
  if (!form) throw new ApiError("not_found", `No tax form ${id}.`, { param: "taxFormId" });
  return form;
}

export function registerTaxFormDownloadUrls(app: DashboardApp) {
  app.openapi(ownTaxFormDownloadRoute, async (c) => {
    const { taxFormId } = c.req.valid("param");
    const download = await withCreator(c, async (tx, creator) =>
      issueTaxFormDownload(c, tx, await visibleForm(tx, taxFormId), { actor: userActor(creator.userId), brandId: null, subjectUserId: creator.userId }),
    );
    return c.json(download, 200);
  });

  app.openapi(brandTaxFormDownloadRoute, async (c) => {
    const { taxFormId } = c.req.valid("param");
    const download = await withAccessedBrand(c, async (tx, access) =>
      issueTaxFormDownload(c, tx, await visibleForm(tx, taxFormId), { actor: userActor(access.userId), brandId: access.brandId, subjectUserId: null }),
    );
    return c.json(download, 200);
  });

  app.openapi(adminTaxFormDownloadRoute, async (c) => {
    const { taxFormId } = c.req.valid("param");
    const download = await asPlatformAdmin(c, async (tx, adminId) =>
      issueTaxFormDownload(c, tx, await visibleForm(tx, taxFormId), { actor: { type: "platform_admin", id: adminId }, brandId: null, subjectUserId: null }),
    );
    return c.json(download, 200);
  });
}
