import { useEffect, useState } from "preact/hooks";
import { api, ApiFailure, type Campaign, type Page } from "../api";
import { formatBps, formatMoney } from "../format";

type State = { kind: "loading" } | { kind: "error"; message: string; unauthorized: boolean } | { kind: "ready"; campaigns: Campaign[] };

function commissionLabel(c: Campaign["commission"]): string {
  const value = c.type === "percentage" ? formatBps(c.rate_bps ?? 0) : formatMoney(c.amount ?? 0, c.currency);
  const duration = c.duration === "recurring" ? `for ${c.duration_months} months` : c.duration === "lifetime" ? "lifetime" : "first payment";
  return `${value} · ${duration}`;
}

export function Campaigns({ onSignOut }: { onSignOut: () => void }) {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    api<Page<Campaign>>("/v1/campaigns?limit=100")
      .then((page) => setState({ kind: "ready", campaigns: page.data }))
      .catch((err: unknown) =>
        setState({
          kind: "error",
          message: err instanceof Error ? err.message : String(err),
          unauthorized: err instanceof ApiFailure && err.status === 401,
        }),
      );
  }, []);

  if (state.kind === "loading") return <p class="muted" aria-busy="true">Loading campaigns…</p>;
  if (state.kind === "error") {
    return (
      <div class="notice error" role="alert">
        <p>{state.message}</p>
        {state.unauthorized && <button onClick={onSignOut}>Use another API key</button>}
      </div>
    );
  }
  if (state.campaigns.length === 0) {
    return (
      <div class="empty">
        <h2>No campaigns yet</h2>
        <p>
          Create one with <code>POST /v1/campaigns</code> (see the <a href="/docs/api">API reference</a>).
        </p>
      </div>
    );
  }
  return (
    <table class="grid" data-testid="campaigns">
      <thead>
        <tr>
          <th>Campaign</th>
          <th>Commission</th>
          <th>Cookie window</th>
          <th>Visibility</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {state.campaigns.map((c) => (
          <tr key={c.id}>
            <td>
              <strong>{c.name}</strong>
              <div class="muted small">{c.destination_url}</div>
            </td>
            <td>{commissionLabel(c.commission)}</td>
            <td>{c.cookie_window_days} days</td>
            <td>{c.visibility}</td>
            <td>
              <span class={`badge ${c.status}`}>{c.status}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
