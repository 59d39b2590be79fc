import { useRef, useState } from "preact/hooks";
import { ApiFailure, api, uploadFile, type Page, type TaxForm, type TaxFormType } from "../../api";
import { useMe } from "../../session";
import { DownloadButton, FORM_HINTS, FORM_NAMES, TaxFormStatus, formatDay } from "../../tax-forms";
import { Empty, ErrorNotice, Field, Loaded, Notice, Submit, formatDate, useLoad, useSubmit } from "../../ui";

const MAX_BYTES = 10 * 1024 * 1024;
const today = () => new Date().toISOString().slice(0, 10);

/** Checked in the browser for a quick answer; the server checks the same and more. */
function fileProblem(file: File | null): string | null {
  if (!file) return "Choose the signed form (a PDF).";
  if (file.type !== "application/pdf" && !file.name.toLowerCase().endsWith(".pdf")) return "The file must be a PDF.";
  if (file.size > MAX_BYTES) return "The file is larger than 10 MB.";
  if (file.size === 0) return "The file is empty.";
  return null;
}

function Upload({ onUploaded }: { onUploaded: () => void }) {
  const [formType, setFormType] = useState<TaxFormType>("w9");
  const [signedOn, setSignedOn] = useState(today());
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<TaxForm | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const form = useSubmit(async () => {
    setDone(null);
    const problem = fileProblem(file);
    if (problem) throw new ApiFailure(400, "invalid_request", problem, "file");
    setProgress(0);
    try {
      // The server reads the type from the body's bytes; the content type only has to say PDF.
      const pdf = new Blob([file!], { type: "application/pdf" });
      const query = new URLSearchParams({ form_type: formType, signed_on: signedOn });
      setDone(await uploadFile<TaxForm>(`/api/me/tax-forms?${query}`, pdf, setProgress));
    } finally {
      setProgress(null);
    }
    setFile(null);
    if (input.current) input.current.value = "";
    onUploaded();
  }, ["form_type", "signed_on", "file"]);

  return (
    <form
      class="card narrow"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit();
      }}
    >
      <h2>Upload a tax form</h2>
      <p class="small muted">
        The brands that pay you need one signed IRS form on file. A new upload replaces your current form and is reviewed again. Files are stored privately and can only be opened
        through links that last five minutes; every link is logged.
      </p>
      {done && (
        <Notice kind="success">
          <p>
            Your {FORM_NAMES[done.form_type]} was uploaded and is awaiting review.
          </p>
        </Notice>
      )}
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <fieldset disabled={form.busy}>
        <label class={`field${form.fieldError("form_type") ? " invalid" : ""}`} for="f-form_type">
          <span>Form</span>
          <select id="f-form_type" name="form_type" value={formType} onChange={(e) => setFormType(e.currentTarget.value as TaxFormType)}>
            {(Object.keys(FORM_NAMES) as TaxFormType[]).map((t) => (
              <option key={t} value={t}>
                {FORM_NAMES[t]}: {FORM_HINTS[t]}
              </option>
            ))}
          </select>
          {form.fieldError("form_type") && <small class="field-error">{form.fieldError("form_type")}</small>}
        </label>
        <Field label="Signed on" name="signed_on" type="date" required value={signedOn} onValue={setSignedOn} error={form.fieldError("signed_on")} hint="The date next to your signature on the form." />
        <label class={`field${form.fieldError("file") ? " invalid" : ""}`} for="f-file">
          <span>Signed form (PDF, at most 10 MB)</span>
          <input id="f-file" name="file" type="file" accept="application/pdf,.pdf" ref={input} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          {form.fieldError("file") && <small class="field-error">{form.fieldError("file")}</small>}
        </label>
        {progress !== null && (
          <p class="small">
            <progress max={1} value={progress} aria-label="Upload progress" /> {Math.round(progress * 100)} %
          </p>
        )}
        <Submit busy={form.busy}>Upload</Submit>
      </fieldset>
    </form>
  );
}

/** Rekomi staff decide for everyone; each brand that pays you decides for its own payouts. */
function Review({ form }: { form: TaxForm }) {
  return (
    <>
      {form.status === "rejected" && <div class="small field-error">Rejected by Rekomi: {form.rejection_reason}</div>}
      {form.status === "accepted" && form.reviewed_at && <div class="small muted">by Rekomi, {formatDate(form.reviewed_at)}</div>}
      {form.brand_reviews.map((r) => (
        <div key={r.brand_id} class={`small ${r.decision === "rejected" ? "field-error" : "muted"}`}>
          {r.decision === "rejected" ? `Rejected by a brand: ${r.rejection_reason}` : "Accepted by a brand"}, {formatDate(r.reviewed_at)}
        </div>
      ))}
    </>
  );
}

/** The creator's tax forms: upload the current one, see every one, download through signed links. */
export function TaxForms() {
  const me = useMe();
  const { state, reload } = useLoad(() => (me.affiliate ? api<Page<TaxForm>>("/api/me/tax-forms?limit=100") : Promise.resolve(null)), [me.affiliate?.id]);
  if (!me.affiliate) {
    return (
      <Empty title="No creator profile">
        <p>Tax forms belong to a creator profile, and this account does not have one yet.</p>
      </Empty>
    );
  }
  if (!me.email_verified) {
    return (
      <Notice kind="warning">
        <p>Verify your email address before uploading tax forms: follow the link we sent you (you can ask for a new one on your account page).</p>
      </Notice>
    );
  }
  return (
    <section class="stack">
      <h1>Tax forms</h1>
      <Upload onUploaded={reload} />
      <Loaded state={state} reload={reload}>
        {(page) =>
          !page || page.data.length === 0 ? (
            <Empty title="No tax forms yet">
              <p>Upload the W-9 or W-8 you signed; brands that require one hold payouts until it is accepted.</p>
            </Empty>
          ) : (
            <table class="grid" data-testid="tax-forms">
              <thead>
                <tr>
                  <th>Form</th>
                  <th>Status</th>
                  <th>Signed</th>
                  <th>Valid until</th>
                  <th>Uploaded</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {page.data.map((f) => (
                  <tr key={f.id}>
                    <td>
                      {FORM_NAMES[f.form_type]}
                      <div class="muted small">{Math.max(1, Math.round(f.size_bytes / 1024))} KB</div>
                    </td>
                    <td>
                      <TaxFormStatus form={f} />
                      <Review form={f} />
                    </td>
                    <td>{formatDay(f.signed_on)}</td>
                    <td>{f.expires_on ? formatDay(f.expires_on) : "no expiry"}</td>
                    <td class="small">{formatDate(f.created_at)}</td>
                    <td>
                      <DownloadButton path={`/api/me/tax-forms/${f.id}/download-url`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}
