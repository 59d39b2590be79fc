import { useState } from "preact/hooks";
import { api, type CreatorCommission, type Earnings as EarningsData } from "../../api";
import { Amount, CommissionStatus, Explanation, kindLabel } from "../../commissions";
import { formatMoney } from "../../money";
import { LoadMore, usePagedList } from "../../paged-list";
import { Link } from "../../router";
import { Empty, Loaded, Notice, formatDate, useLoad } from "../../ui";

/** The last 12 calendar months (UTC), oldest first, as `YYYY-MM`. */
function lastMonths(n = 12): string[] {
  const now = new Date();
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - 1 - i), 1)).toISOString().slice(0, 7));
}

/** Net earnings per month as bars around a zero line (clawbacks can make a month negative). Plain SVG, no library. */
function Chart({ months, currency }: { months: EarningsData["months"]; currency: string }) {
  const labels = lastMonths();
  const values = labels.map((m) => months.find((x) => x.month === m && x.currency === currency)?.amount ?? 0);
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const width = 720;
  const height = 200;
  const top = 16;
  const plot = height - top - 24;
  const y = (v: number) => top + ((max - v) / (max - min)) * plot;
  const slot = width / labels.length;
  return (
    <svg class="earnings-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Net earnings per month in ${currency}`} data-testid="earnings-chart">
      <line x1="0" x2={width} y1={y(0)} y2={y(0)} stroke="#cdd2dc" />
      {values.map((v, i) => {
        const h = Math.abs(y(v) - y(0));
        return (
          <g key={labels[i]}>
            <rect class={`bar${v < 0 ? " below" : ""}`} x={i * slot + slot * 0.2} width={slot * 0.6} y={v >= 0 ? y(v) : y(0)} height={Math.max(h, v === 0 ? 0 : 1)}>
              <title>{`${labels[i]}: ${formatMoney(v, currency)}`}</title>
            </rect>
            <text x={i * slot + slot / 2} y={height - 6} text-anchor="middle">
              {labels[i]!.slice(2)}
            </text>
          </g>
        );
      })}
      <text x="4" y="11">
        {formatMoney(max, currency)}
      </text>
    </svg>
  );
}

function Balances({ data }: { data: EarningsData }) {
  if (data.balances.length === 0) {
    return (
      <Empty title="No earnings yet">
        <p>Every sale credited to your links earns a commission; it shows here as pending until the brand's hold period ends.</p>
      </Empty>
    );
  }
  return (
    <div class="balances" data-testid="balances">
      {data.balances.map((b) => (
        <div class="card" key={`${b.brand.id}-${b.currency}`}>
          <strong>{b.brand.name ?? b.brand.id}</strong> <span class="muted small">{b.currency}</span>
          <dl>
            <dt>Pending</dt>
            <dd>{formatMoney(b.pending, b.currency)}</dd>
            <dt>Approved</dt>
            <dd>{formatMoney(b.approved, b.currency)}</dd>
            <dt>Paid</dt>
            <dd>{formatMoney(b.paid, b.currency)}</dd>
            {b.clawbacks_outstanding !== 0 && (
              <>
                <dt>Refunds to net</dt>
                <dd class="negative">{formatMoney(b.clawbacks_outstanding, b.currency)}</dd>
              </>
            )}
          </dl>
        </div>
      ))}
    </div>
  );
}

function CommissionList() {
  const list = usePagedList<CreatorCommission>("/api/creator/commissions?limit=50");
  return (
    <Loaded state={list.state} reload={list.reload}>
      {(rows) => {
        if (rows.length === 0) return null;
        return (
          <>
            <table class="grid" data-testid="creator-commissions">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Brand · campaign</th>
                  <th>Amount</th>
                  <th>Status</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id}>
                    <td class="small">{formatDate(c.created_at)}</td>
                    <td>
                      {c.brand_name ?? "—"}
                      <div class="muted small">{c.campaign_name}</div>
                    </td>
                    <td>
                      <Amount c={c} />
                      <div class="muted small">{kindLabel(c.kind)}</div>
                    </td>
                    <td>
                      <CommissionStatus c={c} />
                    </td>
                    <td>
                      <details>
                        <summary class="small">Explanation</summary>
                        <Explanation c={c} />
                      </details>
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
  );
}

/** `/creator/earnings`: balances per brand and currency, earnings over time, and every commission with its explanation. */
export function Earnings() {
  const { state, reload } = useLoad(() => api<EarningsData>("/api/creator/earnings"), []);
  const [currency, setCurrency] = useState<string | null>(null);
  return (
    <div class="stack">
      <Loaded state={state} reload={reload}>
        {(data) => {
          const currencies = [...new Set(data.months.map((m) => m.currency))];
          const shown = currency && currencies.includes(currency) ? currency : currencies[0];
          return (
            <>
              <Balances data={data} />
              {shown && (
                <section class="card">
                  <h2>Earnings over time</h2>
                  {currencies.length > 1 && (
                    <nav class="pills" aria-label="Currency">
                      {currencies.map((c) => (
                        <button key={c} type="button" class={c === shown ? "" : "secondary"} onClick={() => setCurrency(c)}>
                          {c}
                        </button>
                      ))}
                    </nav>
                  )}
                  <Chart months={data.months} currency={shown} />
                  <p class="small muted">Net commissions created per month (refunds taken back included, voided ones left out).</p>
                </section>
              )}
            </>
          );
        }}
      </Loaded>
      <CommissionList />
      <Notice>
        <p class="small">
          Approved balances are paid out through Stripe: set up your payout account and follow each brand's payouts on <Link href="/creator/payouts">Payouts</Link>.
        </p>
      </Notice>
    </div>
  );
}
