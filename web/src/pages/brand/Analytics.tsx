import { useState } from "preact/hooks";
import { api, type Analytics as AnalyticsData, type Revenue } from "../../api";
import { BarChart } from "../../chart";
import { formatMoney } from "../../money";
import { Empty, Field, Loaded, useLoad } from "../../ui";
import { useBrand } from "./BrandShell";
import { Select, TestDataNotice, TestDataToggle, useFilterOptions, useTestMode, utcDay } from "./filters";

function revenueLine(revenue: Revenue[]): string {
  return revenue.length ? revenue.map((r) => formatMoney(r.net_amount, r.currency)).join(" · ") : "—";
}

function Totals({ a }: { a: AnalyticsData }) {
  const t = a.totals;
  const rate = t.clicks > 0 ? `${((t.sales / t.clicks) * 100).toLocaleString("en", { maximumFractionDigits: 1 })} %` : "—";
  return (
    <dl class="totals" data-testid="analytics-totals">
      <div>
        <dt>Clicks</dt>
        <dd>{t.clicks.toLocaleString("en")}</dd>
      </div>
      <div>
        <dt>Leads</dt>
        <dd>{t.leads.toLocaleString("en")}</dd>
      </div>
      <div>
        <dt>Sales</dt>
        <dd>{t.sales.toLocaleString("en")}</dd>
      </div>
      <div>
        <dt>Sales per click</dt>
        <dd>{rate}</dd>
      </div>
      <div>
        <dt>Net revenue</dt>
        <dd>{revenueLine(t.revenue)}</dd>
      </div>
    </dl>
  );
}

/** `/brands/{id}/analytics`: clicks and credited conversions per UTC day, and the creators who bring revenue. */
export function Analytics() {
  const { brand } = useBrand();
  const { campaigns, creators } = useFilterOptions();
  const [campaignId, setCampaignId] = useState("");
  const [affiliateId, setAffiliateId] = useState("");
  const [from, setFrom] = useState(utcDay(29));
  const [to, setTo] = useState(utcDay());
  const [testMode, setTestMode] = useTestMode();
  const query = new URLSearchParams({ from, to, ...(testMode && { mode: "test" }), ...(campaignId && { campaign_id: campaignId }), ...(affiliateId && { affiliate_id: affiliateId }) }).toString();
  const { state, reload } = useLoad(() => api<AnalyticsData>(`/api/brands/${brand.id}/analytics?${query}`), [brand.id, query]);
  const currencies = state.kind === "ready" ? state.data.totals.revenue.map((r) => r.currency) : [];
  return (
    <div class="stack">
      <div class="inline-form filters">
        <Select label="Campaign" name="campaign" value={campaignId} onValue={setCampaignId} options={campaigns.map((c) => ({ id: c.id, name: c.name }))} all="All campaigns" />
        <Select label="Creator" name="creator" value={affiliateId} onValue={setAffiliateId} options={creators.map((c) => ({ id: c.id, name: c.display_name }))} all="All creators" />
        <Field label="From (UTC)" name="from" type="date" value={from} onValue={setFrom} />
        <Field label="To (UTC)" name="to" type="date" value={to} onValue={setTo} />
        <TestDataToggle on={testMode} onChange={setTestMode} />
      </div>
      <TestDataNotice on={testMode} />
      <Loaded state={state} reload={reload}>
        {(a) => (
          <>
            <Totals a={a} />
            <BarChart title="Clicks" testId="chart-clicks" bars={a.days.map((d) => ({ label: d.day, value: d.clicks }))} />
            <BarChart title="Sales" testId="chart-sales" bars={a.days.map((d) => ({ label: d.day, value: d.sales }))} />
            {currencies.map((cur) => (
              <BarChart
                key={cur}
                title={`Net revenue (${cur})`}
                bars={a.days.map((d) => ({ label: d.day, value: d.revenue.find((r) => r.currency === cur)?.net_amount ?? 0 }))}
                format={(n) => formatMoney(n, cur)}
              />
            ))}
            <section>
              <h2>Top creators by revenue</h2>
              {a.top_affiliates.length === 0 ? (
                <Empty title="No credited sales in this range">
                  <p>Sales appear here once a customer who came through a creator's link pays.</p>
                </Empty>
              ) : (
                <table class="grid" data-testid="top-affiliates">
                  <thead>
                    <tr>
                      <th>Creator</th>
                      <th>Clicks</th>
                      <th>Sales</th>
                      <th>Sales amount</th>
                      <th>Refunds</th>
                      <th>Disputes</th>
                      <th>Net</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.top_affiliates.map((t) => (
                      <tr key={`${t.affiliate_id}-${t.currency}`}>
                        <td>{t.display_name}</td>
                        <td>{t.clicks.toLocaleString("en")}</td>
                        <td>{t.sales.toLocaleString("en")}</td>
                        <td>{formatMoney(t.sales_amount, t.currency)}</td>
                        <td>{formatMoney(t.refunds_amount, t.currency)}</td>
                        <td>{formatMoney(t.disputes_amount, t.currency)}</td>
                        <td>
                          <strong>{formatMoney(t.net_amount, t.currency)}</strong>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <p class="small muted">Clicks count on the day they happened, conversions on the day the payment occurred (UTC). Only conversions credited to a creator count here. Net revenue is sales less refunds and disputes (a
              dispute won adds back what it took). Clicks are the same with or without test data: a click has no test mode.</p>
          </>
        )}
      </Loaded>
    </div>
  );
}
