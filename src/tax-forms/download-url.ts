import type { Context } from "hono";
import { recordAudit, type AuditActor } from "../audit/log";
import { clientInfo } from "../auth/client-info";
import type { AppConfigEnv } from "../infra/app/config";
import type { Tx } from "../infra/db/client";
import { signFileUrl } from "../infra/files/signed-urls";
import type { TaxFormRow } from "./queries";
import type { TaxFormDownload } from "./schemas";

/**
 * The one way a tax form's file is handed out: after the route's authorization check, a
 * signed URL valid for a few minutes, recorded in the audit log (actor, form, IP) in the
 * caller's transaction, so no URL exists without its record.
 */
export async function issueTaxFormDownload<E extends AppConfigEnv>(
  c: Context<E>,
  tx: Tx,
  form: Pick<TaxFormRow, "id" | "affiliateId" | "formType">,
  who: { actor: AuditActor; brandId: string | null; subjectUserId: string | null },
): Promise<TaxFormDownload> {
  const { path, expiresAt } = await signFileUrl(c.var.config.FILE_URL_SECRET, "tax_form", form.id);
  await recordAudit(tx, {
    brandId: who.brandId,
    subjectUserId: who.subjectUserId,
    actor: who.actor,
    action: "tax_form.download_url_issued",
    target: { type: "tax_form", id: form.id },
    metadata: { affiliate_id: form.affiliateId, form_type: form.formType, expires_at: expiresAt.toISOString() },
    client: clientInfo(c),
  });
  return { object: "tax_form_download", tax_form_id: form.id, url: `${c.var.config.APP_ORIGIN}${path}`, expires_at: expiresAt.toISOString() };
}
