import { api, saveFrom, type TaxForm, type TaxFormDownload, type TaxFormType } from "./api";
import { ErrorNotice, useSubmit } from "./ui";

/** Pieces every tax form view shares: names, status badges, the download button. */

export const FORM_NAMES: Record<TaxFormType, string> = { w9: "W-9", w8ben: "W-8BEN", w8bene: "W-8BEN-E" };

export const FORM_HINTS: Record<TaxFormType, string> = {
  w9: "US citizens, residents and US companies",
  w8ben: "individuals outside the US",
  w8bene: "companies and other entities outside the US",
};

const STATUS_CLASS: Record<TaxForm["status"], string> = { submitted: "", accepted: "active", rejected: "paused", superseded: "archived" };
const STATUS_LABEL: Record<TaxForm["status"], string> = { submitted: "awaiting review", accepted: "accepted", rejected: "rejected", superseded: "replaced" };

/**
 * The form's status as the viewer should read it: a brand's own decision when it made one
 * (it gates that brand's payouts), else the form's own (Rekomi staff decide for everyone).
 */
export function TaxFormStatus({ form, own }: { form: TaxForm; own?: TaxForm["brand_reviews"][number] | undefined }) {
  if (own && (form.status === "submitted" || form.status === "accepted")) return <span class={`badge ${STATUS_CLASS[own.decision]}`}>{STATUS_LABEL[own.decision]}</span>;
  return <span class={`badge ${STATUS_CLASS[form.status]}`}>{STATUS_LABEL[form.status]}</span>;
}

export function formatDay(day: string | null): string {
  if (!day) return "—";
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" });
}

/**
 * Asks the server for a short-lived signed link (`POST {path}`, audit-logged there) and
 * saves the file from it at once, so the link is never kept or shown.
 */
export function DownloadButton({ path, label = "Download" }: { path: string; label?: string }) {
  const download = useSubmit(async () => saveFrom((await api<TaxFormDownload>(path, { method: "POST" })).url));
  return (
    <>
      <button type="button" class="secondary small-button" disabled={download.busy} onClick={() => download.submit()}>
        {download.busy ? "Preparing…" : label}
      </button>
      {download.generalError && <ErrorNotice error={download.generalError} />}
    </>
  );
}

/** Accept or reject a submitted form at `path` (`…/review`); a rejection asks for the reason the creator will read. */
export function ReviewButtons({ path, onDone }: { path: string; onDone: () => void }) {
  const review = useSubmit(async (decision: "accepted" | "rejected") => {
    const reason = decision === "rejected" ? prompt("Why is the form rejected? The creator sees this.")?.trim() : undefined;
    if (decision === "rejected" && !reason) return;
    await api(path, { method: "POST", json: { decision, reason } });
    onDone();
  });
  return (
    <>
      <button type="button" class="small-button" disabled={review.busy} onClick={() => review.submit("accepted")}>
        Accept
      </button>{" "}
      <button type="button" class="danger small-button" disabled={review.busy} onClick={() => review.submit("rejected")}>
        Reject
      </button>
      {review.generalError && <ErrorNotice error={review.generalError} />}
    </>
  );
}
