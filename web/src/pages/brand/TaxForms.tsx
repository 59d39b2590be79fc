import type { CreatorTaxStatus } from "../../api";
import { LoadMore, usePagedList } from "../../paged-list";
import { Link } from "../../router";
import { DownloadButton, FORM_NAMES, ReviewButtons, TaxFormStatus, formatDay } from "../../tax-forms";
import { Empty, Loaded, Notice } from "../../ui";
import { useBrand } from "./BrandShell";

/** The tax form status of every creator the brand pays; owners and admins download and review. */
export function TaxForms() {
  const { brand, can } = useBrand();
  const list = usePagedList<CreatorTaxStatus>(`/api/brands/${brand.id}/tax-forms?limit=100`);
  const { state, reload } = list;
  const canDownload = can("tax_forms.download") && brand.status === "active";
  const canReview = can("tax_forms.review") && brand.status === "active";
  return (
    <div class="stack">
      <Notice>
        <p class="small">
          {brand.require_tax_form
            ? "Payouts to a creator are held until a valid tax form is on file."
            : "Payouts do not wait for tax forms."}{" "}
          {can("brand.manage") && <Link href={`/brands/${brand.id}/settings`}>Change in settings</Link>}
          {!canDownload && " Owners and admins can download forms and review them."}
        </p>
      </Notice>
      <Loaded state={state} reload={reload}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty title="No creators to pay yet">
              <p>Creators appear here once they are approved in one of your campaigns.</p>
            </Empty>
          ) : (
            <>
              <table class="grid" data-testid="tax-status">
                <thead>
                  <tr>
                    <th>Creator</th>
                    <th>Current form</th>
                    <th>Signed</th>
                    <th>Valid until</th>
                    <th>Payouts</th>
                    {(canDownload || canReview) && <th />}
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ affiliate, current_form: form, has_valid_form, payouts_allowed }) => (
                    <tr key={affiliate.id}>
                      <td>
                        {affiliate.display_name}
                        {affiliate.email && <div class="muted small">{affiliate.email}</div>}
                      </td>
                      <td>
                        {form ? (
                          <>
                            {FORM_NAMES[form.form_type]} <TaxFormStatus form={form} own={form.brand_reviews[0]} />
                            {(form.brand_reviews[0]?.rejection_reason ?? form.rejection_reason) && (
                              <div class="small muted">{form.brand_reviews[0]?.rejection_reason ?? form.rejection_reason}</div>
                            )}
                          </>
                        ) : (
                          <span class="muted">none</span>
                        )}
                      </td>
                      <td>{form ? formatDay(form.signed_on) : "—"}</td>
                      <td>{form ? (form.expires_on ? formatDay(form.expires_on) : "no expiry") : "—"}</td>
                      <td>
                        {payouts_allowed ? <span class="badge active">allowed</span> : <span class="badge paused">held</span>}
                        {!has_valid_form && <div class="small muted">no valid form</div>}
                      </td>
                      {(canDownload || canReview) && (
                        <td class="actions">
                          {form && canDownload && <DownloadButton path={`/api/brands/${brand.id}/tax-forms/${form.id}/download-url`} />}{" "}
                          {form && (form.status === "submitted" || form.status === "accepted") && form.brand_reviews.length === 0 && canReview && <ReviewButtons path={`/api/brands/${brand.id}/tax-forms/${form.id}/review`} onDone={reload} />}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore list={list}>More creators</LoadMore>
            </>
          )
        }
      </Loaded>
    </div>
  );
}
