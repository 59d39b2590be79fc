import { api, type Campaign, type Page } from "../../api";
import { commissionLabel } from "../../format";
import { Link } from "../../router";
import { Empty, Loaded, useLoad } from "../../ui";
import { useBrand } from "./BrandShell";

export function Campaigns() {
  const { brand } = useBrand();
  const { state, reload } = useLoad(() => api<Page<Campaign>>(`/api/brands/${brand.id}/campaigns?limit=100`), [brand.id]);
  return (
    <Loaded state={state} reload={reload}>
      {(page) =>
        page.data.length === 0 ? (
          <Empty title="No campaigns yet">
            <p>
              Create one with <code>POST /v1/campaigns</code> and an API key (see the <a href="/docs/api">API reference</a>).
            </p>
          </Empty>
        ) : (
          <table class="grid" data-testid="campaigns">
            <thead>
              <tr>
                <th>Campaign</th>
                <th>Commission</th>
                <th>Cookie window</th>
                <th>Visibility</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {page.data.map((c) => (
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
                  <td class="actions">
                    <Link href={`/brands/${brand.id}/campaigns/${c.id}/recommended`}>Recommended creators</Link>
                    <br />
                    <Link href={`/brands/${brand.id}/campaigns/${c.id}/recruiting`}>Join link &amp; invitations</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Loaded>
  );
}
