import { creatorOf, withCreator } from "../../creators/access";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { LIMITS, enforce, refuseIfExhausted } from "../../auth/rate-limits";
import { sha256Hex } from "../../infra/crypto";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonResponse } from "../../infra/http/schemas";
import { readUpload } from "../../infra/http/upload";
import { newId } from "../../infra/ids";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { emitTaxFormSubmitted } from "../events";
import { MAX_TAX_FORM_BYTES, TAX_FORM_CONTENT_TYPE, isPdf, newTaxFormObjectKey } from "../files";
import { submitTaxForm } from "../queries";
import { TaxForm, UploadTaxFormQuery, serializeTaxForm, uploadTaxFormBody } from "../schemas";
import { signedOnProblem } from "../validity";

export const TAX_FORM_UPLOAD_PATH = "/api/me/tax-forms";

export const uploadTaxFormRoute = dashboardRoute("creator", {
  method: "post",
  path: TAX_FORM_UPLOAD_PATH,
  tags: ["Tax forms"],
  summary: "Upload a tax form",
  description:
    "The body is the signed form as one PDF (`Content-Type: application/pdf`, at most 10 MB); its type and signature date go in the query. " +
    "It becomes the current form (the previous one is superseded), awaits review, and the brands that pay you receive `tax_form.submitted`. " +
    "At most 10 uploads per creator in 24 hours (`429` with `Retry-After` beyond).",
  request: { query: UploadTaxFormQuery, body: uploadTaxFormBody },
  responses: {
    201: jsonResponse(TaxForm, "The submitted form."),
    ...commonErrors,
    413: errorResponse("The file is larger than 10 MB."),
    429: errorResponse("Too many uploads by this creator."),
    415: errorResponse("The body is not sent as `application/pdf`."),
  },
});

export function registerUploadTaxForm(app: DashboardApp) {
  app.openapi(uploadTaxFormRoute, async (c) => {
    const { form_type: formType, signed_on: signedOn } = c.req.valid("query");
    const { affiliateId, userId } = creatorOf(c);
    const uploadLimit = [{ limit: LIMITS.taxFormUploadsPerCreator, subject: affiliateId }];
    // An exhausted creator is refused before the body is read; only well-formed uploads count.
    await refuseIfExhausted(c.var.db(), uploadLimit);
    const problem = signedOnProblem(formType, signedOn, new Date());
    if (problem) throw new ApiError("invalid_request", `Invalid \`signed_on\`: ${problem}.`, { param: "signed_on" });
    const bytes = await readUpload(c.req.raw, { contentType: TAX_FORM_CONTENT_TYPE, maxBytes: MAX_TAX_FORM_BYTES });
    if (!isPdf(bytes)) throw new ApiError("invalid_request", "The file is not a PDF (it does not start with `%PDF-`). Upload the signed form as a PDF.", { param: "file" });

    await enforce(c.var.db(), uploadLimit);
    const bucket = c.var.config.TAX_FORMS;
    const id = newId("taxForm");
    const objectKey = newTaxFormObjectKey(affiliateId);
    const sha256 = await sha256Hex(bytes);
    // The file first, so a row never points at a missing object (R2 refuses the write if
    // the bytes it got do not hash to `sha256`); if the row then fails, the object goes.
    await bucket.put(objectKey, bytes, { sha256, httpMetadata: { contentType: TAX_FORM_CONTENT_TYPE }, customMetadata: { tax_form_id: id, affiliate_id: affiliateId } });
    const committed = await withCreator(c, async (tx) => {
      const form = await submitTaxForm(tx, { id, affiliateId, userId, formType, signedOn, objectKey, sha256, sizeBytes: bytes.byteLength });
      await recordAudit(tx, {
        subjectUserId: userId,
        actor: userActor(userId),
        action: "tax_form.submitted",
        target: { type: "tax_form", id },
        metadata: { affiliate_id: affiliateId, form_type: formType, signed_on: signedOn, size_bytes: bytes.byteLength },
        client: clientInfo(c),
      });
      return { form, notices: await emitTaxFormSubmitted(tx, form) };
    }).catch((err: unknown) => {
      c.executionCtx.waitUntil(bucket.delete(objectKey).catch(() => undefined));
      throw err;
    });
    for (const { brandId, deliveryIds } of committed.notices) enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, deliveryIds);
    return c.json(serializeTaxForm(committed.form), 201);
  });
}
