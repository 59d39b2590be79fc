import { useState } from "preact/hooks";
import { api, saveFrom, type BrandCommission, type Campaign, type CommissionDetail, type Page } from "../../api";
import { Amount, CommissionStatus, Explanation, kindLabel } from "../../commissions";
import { formatMoney } from "../../money";
import { LoadMore, usePagedList } from "../../paged-list";
import { Empty, ErrorNotice, Loaded, formatDate, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";
import { TestDataNotice, TestDataToggle, useTestMode } from "./filters";

interface Filters {
  status: string;
  kind: string;
  campaign_id: string;
  created_gte: string;
  created_lt: string;
}

const NO_FILTERS: Filters = { status: "", kind: "", campaign_id: "", created_gte: "", created_lt: "" };

/** Filters as query parameters (dates are whole UTC days; "to" includes its day). */
function queryOf(f: Filters, review: boolean, testMode: boolean): URLSearchParams {
  const q = new URLSearchParams();
  if (testMode) q.set("mode", "test");
  if (review) q.set("held_for_review", "true");
  if (f.status) q.set("status", f.status);
  if (f.kind) q.set("kind", f.kind);
  if (f.campaign_id) q.set("campaign_id", f.campaign_id);
  if (f.created_gte) q.set("created_gte", `${f.created_gte}T00:00:00Z`);
  if (f.created_lt) q.set("created_lt", new Date(Date.parse(`${f.created_lt}T00:00:00Z`) + 86_400_000).toISOString());
  return q;
}

function FilterBar({ filters, onChange, campaigns }: { filters: Filters; onChange: (f: Filters) => void; campaigns: Campaign[] }) {
  const set = (key: keyof Filters) => (e: Event) => onChange({ ...filters, [key]: (e.currentTarget as HTMLInputElement).value });
  return (
    <div class="commission-filters" role="search">
      <label>
        Status
        <select value={filters.status} onChange={set("status")}>
          <option value="">any</option>
          {["pending", "approved", "paid", "reversed", "voided"].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select value={filters.kind} onChange={set("kind")}>
          <option value="">any</option>
          {(["earning", "reversal", "clawback"] as const).map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Campaign
        <select value={filters.campaign_id} onChange={set("campaign_id")}>
          <option value="">any</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Created from
        <input type="date" value={filters.created_gte} onChange={set("created_gte")} />
      </label>
      <label>
        to
        <input type="date" value={filters.created_lt} onChange={set("created_lt")} />
      </label>
    </div>
  );
}

/** The explanation drawer: why this amount, where it comes from, and (for admins) what to do about it. */
function Drawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { brand, can } = useBrand();
  const { state, reload } = useLoad(() => api<CommissionDetail>(`/api/brands/${brand.id}/commissions/${id}`), [brand.id, id]);
  const manage = can("commissions.manage") && brand.status === "active";
  const act = useSubmit(async (action: "approve" | "release" | "void") => {
    if (action === "void" && !confirm("Void this commission? Nothing will be owed for it.")) return;
    await api(`/api/brands/${brand.id}/commissions/${id}/${action}`, { method: "POST" });
    reload();
    onChanged();
  });
  return (
    <aside class="drawer" aria-label="Commission" data-testid="commission-drawer">
      <p>
        <button type="button" class="secondary small-button" onClick={onClose}>
          Close
        </button>
      </p>
      <Loaded state={state} reload={reload}>
        {(c) => (
          <div class="stack">
            <h2>
              <Amount c={c} /> · {kindLabel(c.kind)} <CommissionStatus c={c} />
            </h2>
            <p class="muted small">
              {c.affiliate_name ?? c.affiliate_id} · {c.campaign_name ?? c.campaign_id}
            </p>
            <section>
              <h3>Why this amount</h3>
              <Explanation c={c} />
            </section>
            {c.review_reasons.length > 0 && (
              <section>
                <h3>Fraud checks</h3>
                <ul class="reasons">
                  {c.review_reasons.map((r) => (
                    <li key={r.rule}>{r.reason}</li>
                  ))}
                </ul>
                {c.reviewed_at && <p class="small muted">Reviewed {formatDate(c.reviewed_at)}.</p>}
              </section>
            )}
            {c.source && (
              <section>
                <h3>Source</h3>
                <dl>
                  <dt>{c.source.type}</dt>
                  <dd>{c.source.amount !== null && c.source.currency ? formatMoney(c.source.amount, c.source.currency) : "—"}</dd>
                  <dt>invoice</dt>
                  <dd>{c.source.invoice_id ?? "—"}</dd>
                  <dt>customer</dt>
                  <dd>{c.source.customer_external_id ?? "—"}</dd>
                  <dt>occurred</dt>
                  <dd>{formatDate(c.source.occurred_at)}</dd>
                  <dt>conversion</dt>
                  <dd>
                    <code>{c.source.conversion_id}</code>
                  </dd>
                  <dt>event</dt>
                  <dd>
                    <code>{c.source.source_event_id}</code>
                  </dd>
                </dl>
                <p class="small">{c.source.trail}</p>
              </section>
            )}
            <dl>
              <dt>hold until</dt>
              <dd>{formatDate(c.hold_until)}</dd>
              <dt>approved</dt>
              <dd>{formatDate(c.approved_at)}</dd>
              <dt>paid</dt>
              <dd>{formatDate(c.paid_at)}</dd>
              {c.reverses_commission_id && (
                <>
                  <dt>takes back from</dt>
                  <dd>
                    <code>{c.reverses_commission_id}</code>
                  </dd>
                </>
              )}
            </dl>
            {act.generalError && <ErrorNotice error={act.generalError} />}
            {manage && c.kind !== "reversal" && (
              <p class="actions">
                {c.status === "pending" && c.held_for_review && (
                  <button type="button" disabled={act.busy} onClick={() => act.submit("release")}>
                    Release from review
                  </button>
                )}{" "}
                {c.status === "pending" && !c.held_for_review && c.kind === "earning" && (
                  <button type="button" disabled={act.busy} onClick={() => act.submit("approve")}>
                    Approve now
                  </button>
                )}{" "}
                {(c.status === "pending" || c.status === "approved") && (
                  <button type="button" class="danger" disabled={act.busy} onClick={() => act.submit("void")}>
                    Void
                  </button>
                )}
              </p>
            )}
          </div>
        )}
      </Loaded>
    </aside>
  );
}

/** `/brands/{id}/commissions`: every commission with filters, the review queue, an explanation drawer and CSV export; live or test data. */
export function Commissions() {
  const { brand } = useBrand();
  const [review, setReview] = useState(false);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [open, setOpen] = useState<string | null>(null);
  const [testMode, setTestMode] = useTestMode();
  const query = queryOf(filters, review, testMode).toString();
  const campaigns = useLoad(() => api<Page<Campaign>>(`/api/brands/${brand.id}/campaigns?limit=100`), [brand.id]);
  const list = usePagedList<BrandCommission>(`/api/brands/${brand.id}/commissions?limit=50${query ? `&${query}` : ""}`);
  return (
    <div class="stack">
      <nav class="pills" aria-label="Commissions">
        <button type="button" class={review ? "secondary" : ""} onClick={() => setReview(false)}>
          All commissions
        </button>
        <button type="button" class={review ? "" : "secondary"} onClick={() => setReview(true)}>
          Review queue
        </button>
        <button type="button" class="secondary" onClick={() => saveFrom(`/api/brands/${brand.id}/commissions/export.csv?${query}`)}>
          Export CSV
        </button>
      </nav>
      <FilterBar filters={filters} onChange={setFilters} campaigns={campaigns.state.kind === "ready" ? campaigns.state.data.data : []} />
      <TestDataToggle on={testMode} onChange={setTestMode} />
      <TestDataNotice on={testMode} />
      <Loaded state={list.state} reload={list.reload}>
        {(rows) => {
          if (rows.length === 0) {
            return (
              <Empty title={review ? "Nothing to review" : testMode ? "No test-mode commissions" : "No commissions yet"}>
                <p>
                  {review
                    ? "Commissions the fraud checks flag (self-referral, IP bursts, click flooding, refund abuse) wait here for a person."
                    : "A commission is created for every credited sale, with the explanation of its amount."}
                </p>
              </Empty>
            );
          }
          return (
            <>
              <table class="grid" data-testid="commissions">
                <thead>
                  <tr>
                    <th>Created</th>
                    <th>Creator</th>
                    <th>Campaign</th>
                    <th>Kind</th>
                    <th>Amount</th>
                    <th>Status</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id}>
                      <td class="small">{formatDate(c.created_at)}</td>
                      <td>{c.affiliate_name ?? c.affiliate_id}</td>
                      <td>{c.campaign_name ?? c.campaign_id}</td>
                      <td class="small">{kindLabel(c.kind)}</td>
                      <td>
                        <Amount c={c} />
                      </td>
                      <td>
                        <CommissionStatus c={c} />
                      </td>
                      <td class="actions">
                        <button type="button" class="secondary small-button" onClick={() => setOpen(c.id)}>
                          Explain
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore list={list}>Load older commissions</LoadMore>
            </>
          );
        }}
      </Loaded>
      {open && <Drawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />}
    </div>
  );
}
