import { useState } from "preact/hooks";
import { ApiFailure, api, type AdminListing } from "../api";
import { commissionLabel } from "../format";
import { materialChangeWords } from "../network/listing-words";
import { LoadMore, usePagedList } from "../paged-list";
import { Empty, ErrorNotice, Loaded, formatDate, useSubmit } from "../ui";
import { CampaignCardView } from "./CampaignCardView";

type Filter = "pending" | "approved" | "rejected";
const FILTERS: { value: Filter; label: string; empty: string }[] = [
  { value: "pending", label: "Waiting", empty: "No campaign listings waiting" },
  { value: "approved", label: "Approved", empty: "No approved listings" },
  { value: "rejected", label: "Rejected", empty: "No rejected listings" },
];
/** What staff may decide from each state (the API's rules): withdraw an approval, approve on second look. */
const ACTIONS: Record<Filter, { approve: string | null; reject: string | null }> = {
  pending: { approve: "Approve listing", reject: "Reject listing" },
  approved: { approve: null, reject: "Withdraw approval" },
  rejected: { approve: "Approve listing", reject: null },
};

/**
 * The listing review queue (curated network): campaigns brands listed, oldest request
 * first, with the brand, the terms, the destination and the card creators would see.
 * Approve, or reject with the reason the brand sees. The approved and rejected filters
 * let staff withdraw an approval or approve a rejected listing on second look.
 */
export function ListingQueue() {
  const [filter, setFilter] = useState<Filter>("pending");
  return (
    <div class="stack">
      <label class="small">
        Show{" "}
        <select aria-label="Listing state" value={filter} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <ListingList key={filter} filter={filter} />
    </div>
  );
}

function ListingList({ filter }: { filter: Filter }) {
  const list = usePagedList<AdminListing>(`/api/admin/campaign-listings?status=${filter}&limit=20`);
  const { state, reload } = list;
  const [reasons, setReasons] = useState<Record<string, string>>({});
  // Campaigns whose terms changed after this page loaded: staff reload before deciding.
  const [stale, setStale] = useState<Record<string, boolean>>({});
  const decide = useSubmit(async (l: AdminListing, decision: "approved" | "rejected") => {
    const reason = reasons[l.campaign.id]?.trim();
    try {
      await api(`/api/admin/campaigns/${l.campaign.id}/listing-review`, {
        method: "POST",
        // The version reviewed: the API refuses the decision if the brand changed the campaign since.
        json: { decision, campaign_updated_at: l.campaign.updated_at, ...(decision === "rejected" && reason && { reason }) },
      });
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 409 && err.param === "campaign_updated_at") {
        setStale({ ...stale, [l.campaign.id]: true });
        return;
      }
      throw err;
    }
    reload();
  });
  const actions = ACTIONS[filter];
  return (
    <Loaded state={state} reload={reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty title={FILTERS.find((f) => f.value === filter)!.empty} />
        ) : (
          <>
            {decide.generalError && <ErrorNotice error={decide.generalError} />}
            <div class="stack" data-testid="listing-queue">
              {rows.map((l) => {
                const c = l.campaign;
                return (
                  <article key={c.id} class="card" data-testid="listing" data-campaign-id={c.id}>
                    <p class="small muted">
                      <strong>{l.brand.name}</strong> {l.brand.website_url && `· ${l.brand.website_url}`} · brand {l.brand.status} · submitted {formatDate(c.listing?.submitted_at ?? null)}
                      {c.listing?.reviewed_at && ` · decided ${formatDate(c.listing.reviewed_at)}`}
                    </p>
                    {c.listing && c.listing.changes.length > 0 && <p class="small">Terms changed: {materialChangeWords(c.listing.changes)}.</p>}
                    {c.listing?.review_note && <p class="small">Reason given: {c.listing.review_note}</p>}
                    {stale[c.id] && (
                      <p class="small" role="alert" data-testid="listing-stale">
                        Terms changed since you loaded this listing: reload and review them again.{" "}
                        <button
                          type="button"
                          class="small-button"
                          onClick={() => {
                            setStale({});
                            reload();
                          }}
                        >
                          Reload
                        </button>
                      </p>
                    )}
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
                      {l.product_overrides.length > 0 && (
                        <>
                          <dt>Product rates</dt>
                          <dd>
                            {l.product_overrides
                              .map((o) => `${o.product_id}: ${o.type === "percentage" ? `${(o.rate_bps ?? 0) / 100} %` : `${o.amount} minor units of ${o.currency}`}`)
                              .join("; ")}
                          </dd>
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
                      {actions.approve && (
                        <button type="button" class="small-button" disabled={decide.busy || stale[c.id]} onClick={() => decide.submit(l, "approved")}>
                          {actions.approve}
                        </button>
                      )}
                      {actions.reject && (
                        <button type="button" class="danger small-button" disabled={decide.busy || stale[c.id] || !reasons[c.id]?.trim()} onClick={() => decide.submit(l, "rejected")}>
                          {actions.reject}
                        </button>
                      )}
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
