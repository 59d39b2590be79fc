import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { saveFrom, type Conversion, type ConversionType } from "../../api";
import { formatMoney } from "../../money";
import { Link } from "../../router";
import { LoadMore, usePagedList } from "../../paged-list";
import { Empty, Field, Loaded, formatDate } from "../../ui";
import { useBrand } from "./BrandShell";
import { Select, TestDataNotice, TestDataToggle, useFilterOptions, useTestMode } from "./filters";

const TYPES: { id: ConversionType; name: string }[] = [
  { id: "lead", name: "Leads" },
  { id: "sale", name: "Sales" },
  { id: "refund", name: "Refunds" },
  { id: "dispute", name: "Disputes" },
  { id: "cancellation", name: "Cancellations" },
  { id: "trial_started", name: "Trial starts" },
];

const VIA: Record<string, string> = { click: "its own click", customer: "the customer's binding", sale: "the sale it takes back", promo_code: "the creator's promotion code" };

/** `YYYY-MM-DD` (a UTC day from a date input) to the instant it starts; `to` days end at the next midnight. */
const dayStart = (day: string, next = false) => new Date(Date.parse(`${day}T00:00:00Z`) + (next ? 86_400_000 : 0)).toISOString();

function Trail({ c }: { c: Conversion }) {
  const a = c.attribution;
  return (
    <div class="trail" data-testid="trail">
      <p>
        <strong>{c.credited ? "Credited" : "Not credited"}:</strong> {a.trail}
      </p>
      <dl class="facts small">
        {a.via && (
          <>
            <dt>Through</dt>
            <dd>{VIA[a.via]}</dd>
          </>
        )}
        {a.model && (
          <>
            <dt>Model</dt>
            <dd>
              {a.model === "last_click" ? "last click" : "first click"}, {a.window_days}-day window
            </dd>
          </>
        )}
        {a.clicked_at && (
          <>
            <dt>Clicked</dt>
            <dd>
              {formatDate(a.clicked_at)} {a.link_code && <>via link <code>{a.link_code}</code></>}
            </dd>
          </>
        )}
        {a.reason && (
          <>
            <dt>Reason</dt>
            <dd>
              <code>{a.reason}</code>
            </dd>
          </>
        )}
        <dt>Customer</dt>
        <dd>{c.customer_external_id ?? "—"}</dd>
        {c.invoice_id && (
          <>
            <dt>Invoice</dt>
            <dd>
              <code>{c.invoice_id}</code>
            </dd>
          </>
        )}
        <dt>Ids</dt>
        <dd>
          <code>{c.id}</code> from event <code>{c.source_event_id}</code>
          {c.click_id && (
            <>
              , click <code>{c.click_id.slice(0, 16)}…</code>
            </>
          )}
        </dd>
      </dl>
    </div>
  );
}

/** `/brands/{id}/conversions`: leads, sales, refunds, disputes and more with the trail that explains each, and a CSV export; live or test data. */
export function Conversions() {
  const { brand } = useBrand();
  const { campaigns, creators } = useFilterOptions();
  const [type, setType] = useState("");
  const [campaignId, setCampaignId] = useState("");
  const [affiliateId, setAffiliateId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const [testMode, setTestMode] = useTestMode();
  const filters = new URLSearchParams({
    ...(testMode && { mode: "test" }),
    ...(type && { type }),
    ...(campaignId && { campaign_id: campaignId }),
    ...(affiliateId && { affiliate_id: affiliateId }),
    ...(from && { created_gte: dayStart(from) }),
    ...(to && { created_lt: dayStart(to, true) }),
  }).toString();
  const base = `/api/brands/${brand.id}/conversions`;
  const list = usePagedList<Conversion>(`${base}?limit=50${filters ? `&${filters}` : ""}`);
  return (
    <div class="stack">
      <div class="inline-form filters">
        <Select label="Type" name="type" value={type} onValue={setType} options={TYPES} all="All types" />
        <Select label="Campaign" name="campaign" value={campaignId} onValue={setCampaignId} options={campaigns.map((c) => ({ id: c.id, name: c.name }))} all="All campaigns" />
        <Select label="Creator" name="creator" value={affiliateId} onValue={setAffiliateId} options={creators.map((c) => ({ id: c.id, name: c.display_name }))} all="All creators" />
        <Field label="Recorded from (UTC)" name="from" type="date" value={from} onValue={setFrom} />
        <Field label="to (UTC)" name="to" type="date" value={to} onValue={setTo} />
        <TestDataToggle on={testMode} onChange={setTestMode} />
        <button type="button" class="secondary" onClick={() => saveFrom(`${base}/export.csv${filters ? `?${filters}` : ""}`)}>
          Export CSV
        </button>
      </div>
      <TestDataNotice on={testMode} />
      <Loaded state={list.state} reload={list.reload}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty title={testMode ? "No test-mode conversions match" : filters ? "No conversions match these filters" : "No conversions yet"}>
              <p>
                Leads, sales and refunds appear here once your server or payment gateway reports them: see the <Link href={`/brands/${brand.id}/quickstart`}>Quickstart</Link>.
              </p>
            </Empty>
          ) : (
            <>
              <table class="grid" data-testid="conversions">
                <thead>
                  <tr>
                    <th>Occurred</th>
                    <th>Type</th>
                    <th>Amount</th>
                    <th>Campaign</th>
                    <th>Creator</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <Fragment key={c.id}>
                      <tr class={open === c.id ? "expanded" : undefined}>
                        <td>{formatDate(c.occurred_at)}</td>
                        <td>
                          <span class={`badge ${c.type === "refund" ? "paused" : c.credited ? "active" : "archived"}`}>{c.type}</span>
                        </td>
                        <td>{c.amount !== null && c.currency ? formatMoney(c.type === "refund" ? -c.amount : c.amount, c.currency) : "—"}</td>
                        <td>{c.campaign_name ?? <span class="muted">—</span>}</td>
                        <td>{c.affiliate_name ?? <span class="muted">not credited</span>}</td>
                        <td class="actions">
                          <button type="button" class="link" aria-expanded={open === c.id} aria-controls={`trail-${c.id}`} onClick={() => setOpen(open === c.id ? null : c.id)}>
                            {open === c.id ? "Hide trail" : "Why?"}
                          </button>
                        </td>
                      </tr>
                      {open === c.id && (
                        <tr id={`trail-${c.id}`}>
                          <td colSpan={6}>
                            <Trail c={c} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  ))}
                </tbody>
              </table>
              <LoadMore list={list}>Load more</LoadMore>
            </>
          )
        }
      </Loaded>
    </div>
  );
}
