import { useState } from "preact/hooks";
import { api, type AdminListing } from "../api";
import { commissionLabel } from "../format";
import { materialChangeWords } from "../network/listing-words";
import { LoadMore, usePagedList } from "../paged-list";
import { Empty, ErrorNotice, Loaded, formatDate, useSubmit } from "../ui";
import { CampaignCardView } from "./CampaignCardView";

/**
 * The listing review queue (curated network): campaigns brands listed, oldest request
 * first, with the brand, the terms, the destination and the card creators would see.
 * Approve, or reject with the reason the brand sees.
 */
export function ListingQueue() {
  const list = usePagedList<AdminListing>("/api/admin/campaign-listings?status=pending&limit=20");
  const { state, reload } = list;
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const decide = useSubmit(async (l: AdminListing, decision: "approved" | "rejected") => {
    const reason = reasons[l.campaign.id]?.trim();
    await api(`/api/admin/campaigns/${l.campaign.id}/listing-review`, { method: "POST", json: { decision, ...(decision === "rejected" && reason && { reason }) } });
    reload();
  });
  return (
    <Loaded state={state} reload={reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty title="No campaign listings waiting" />
        ) : (
          <>
            {decide.generalError && <ErrorNotice error={decide.generalError} />}
            <div class="stack" data-testid="listing-queue">
              {rows.map((l) => {
                const c = l.campaign;
                return (
                  <article key={c.id} class="card" data-testid="listing">
                    <p class="small muted">
                      <strong>{l.brand.name}</strong> {l.brand.website_url && `· ${l.brand.website_url}`} · brand {l.brand.status} · submitted {formatDate(c.listing?.submitted_at ?? null)}
                    </p>
                    {c.listing && c.listing.changes.length > 0 && <p class="small">Back in review after a change of: {materialChangeWords(c.listing.changes)}.</p>}
                    <dl class="facts">
                      <dt>Destination</dt>
                      <dd>
                        <a href={c.destination_url} rel="noopener noreferrer nofollow" target="_blank">
                          {c.destination_url}
                        </a>
                      </dd>
                      <dt>Commission</dt>
                      <dd>{commissionLabel(c.commission)}</dd>
                      {c.tiers.length > 0 && (
                        <>
                          <dt>Tiers</dt>
                          <dd>{c.tiers.map((t) => `from ${t.threshold} ${t.metric}: ${commissionLabel({ ...t, currency: c.commission.currency, duration: c.commission.duration, duration_months: c.commission.duration_months })}`).join("; ")}</dd>
                        </>
                      )}
                      <dt>Hold · minimum payout</dt>
                      <dd>
                        {c.commission.hold_days} days · {c.commission.min_payout_amount} minor units of {c.commission.currency}
                      </dd>
                      <dt>Attribution</dt>
                      <dd>
                        {c.attribution_model.replace("_", " ")}, {c.cookie_window_days}-day cookie
                      </dd>
                      <dt>Niches · markets</dt>
                      <dd>
                        {c.niches.join(", ") || "—"} · {c.target_markets.join(", ") || "worldwide"}
                      </dd>
                    </dl>
                    <p class="small muted">What creators will see:</p>
                    <CampaignCardView card={l.card} />
                    <div class="actions">
                      <input
                        aria-label={`Reason for ${c.name}`}
                        placeholder="Reason the brand sees (required to reject)"
                        value={reasons[c.id] ?? ""}
                        onInput={(e) => setReasons({ ...reasons, [c.id]: e.currentTarget.value })}
                      />
                      <button type="button" class="small-button" disabled={decide.busy} onClick={() => decide.submit(l, "approved")}>
                        Approve listing
                      </button>
                      <button type="button" class="danger small-button" disabled={decide.busy || !reasons[c.id]?.trim()} onClick={() => decide.submit(l, "rejected")}>
                        Reject listing
                      </button>
                    </div>
                  </article>
                );
              })}
            </div>
            <LoadMore list={list}>Load more</LoadMore>
          </>
        )
      }
    </Loaded>
  );
}
