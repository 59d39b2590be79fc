import { useState } from "preact/hooks";
import { openHelp } from "../../help/button";
import { api, type CreatorEnrollment, type Page, type TrackingLink } from "../../api";
import { commissionLabel } from "../../format";
import { Link } from "../../router";
import { CopyButton, Empty, ErrorNotice, Field, Loaded, Submit, useLoad, useSubmit } from "../../ui";
import { StatusBadge } from "./Applications";

function NewLink({ enrollment, onCreated }: { enrollment: CreatorEnrollment; onCreated: (l: TrackingLink) => void }) {
  const [code, setCode] = useState("");
  const [destination, setDestination] = useState("");
  const form = useSubmit(async () => {
    const link = await api<TrackingLink>("/api/creator/links", {
      method: "POST",
      json: { enrollment_id: enrollment.id, ...(code.trim() && { code: code.trim() }), ...(destination.trim() && { destination_url: destination.trim() }) },
    });
    setCode("");
    setDestination("");
    onCreated(link);
  }, ["code", "destination_url"]);
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit();
      }}
    >
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <Field label="Code (optional)" name="code" placeholder="random when empty" value={code} onValue={setCode} error={form.fieldError("code")} />
      <Field
        label="Deep link (optional)"
        name="destination_url"
        type="url"
        placeholder={enrollment.campaign.destination_url}
        value={destination}
        onValue={setDestination}
        error={form.fieldError("destination_url")}
      />
      <Submit busy={form.busy}>Create my link</Submit>
    </form>
  );
}

function CampaignLinks({ enrollment, onChange }: { enrollment: CreatorEnrollment; onChange: () => void }) {
  const c = enrollment.campaign;
  const live = enrollment.status === "approved" && c.status === "active";
  return (
    <article class="card" data-testid="my-campaign">
      <div class="match-head">
        <div>
          <h2>{c.name}</h2>
          <p class="muted small">
            by {c.brand.name} · {commissionLabel(c.commission)} · {c.cookie_window_days}-day cookie
          </p>
        </div>
        <div class="actions">
          <StatusBadge status={enrollment.status} />
          <button type="button" class="link small" onClick={() => openHelp({ kind: "report", campaignId: c.id, campaignName: c.name })}>
            Report
          </button>
        </div>
      </div>
      {enrollment.links.length === 0 ? (
        <p class="muted">No tracking links yet{c.allow_creator_links && live ? ": create yours below." : ": the brand will add one."}</p>
      ) : (
        <table class="grid links">
          <tbody>
            {enrollment.links.map((l) => (
              <tr key={l.id}>
                <td>
                  <code data-testid="tracking-link">{l.url}</code>
                  <div class="muted small">→ {l.destination_url ?? c.destination_url}</div>
                  {l.promo_code && (
                    <div class="small">
                      Your promotion code: <code data-testid="promo-code">{l.promo_code}</code> <CopyButton text={l.promo_code} /> payments that use it are credited to you, even without a click.
                    </div>
                  )}
                </td>
                <td>{l.status === "active" && live ? <span class="badge active">live</span> : <span class="badge archived">not redirecting</span>}</td>
                <td class="actions">
                  <CopyButton text={l.url} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.allow_creator_links && live && <NewLink enrollment={enrollment} onCreated={onChange} />}
    </article>
  );
}

/** `/creator/campaigns`: campaigns the creator works with, and the links to share. */
export function MyCampaigns() {
  const { state, reload } = useLoad(() => api<Page<CreatorEnrollment>>("/api/creator/enrollments?status=approved,paused,ended&limit=100"), []);
  return (
    <Loaded state={state} reload={reload}>
      {({ data }) =>
        data.length === 0 ? (
          <Empty title="No campaigns yet">
            <p>
              Once a brand approves you, the campaign and its tracking links show here. See <Link href="/creator/matches">Matches for you</Link>.
            </p>
          </Empty>
        ) : (
          <div class="stack">
            {data.map((e) => (
              <CampaignLinks key={e.id} enrollment={e} onChange={reload} />
            ))}
          </div>
        )
      }
    </Loaded>
  );
}
