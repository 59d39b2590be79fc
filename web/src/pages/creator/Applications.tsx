import { api, type CreatorEnrollment, type Page } from "../../api";
import { commissionLabel } from "../../format";
import { Link } from "../../router";
import { Empty, Loaded, formatDate, useLoad } from "../../ui";

const SOURCE: Record<CreatorEnrollment["source"], string> = { network: "applied in the network", join_page: "join link", invite: "invitation", api: "added by the brand" };

export function StatusBadge({ status }: { status: string }) {
  const kind = status === "approved" ? "active" : status === "pending" || status === "paused" ? "paused" : "archived";
  return <span class={`badge ${kind}`}>{status}</span>;
}

/** `/creator/applications`: every application with its status. */
export function Applications() {
  const { state, reload } = useLoad(() => api<Page<CreatorEnrollment>>("/api/creator/enrollments?limit=100"), []);
  return (
    <Loaded state={state} reload={reload}>
      {({ data }) =>
        data.length === 0 ? (
          <Empty title="No applications yet">
            <p>
              Apply to a campaign from <Link href="/creator/matches">Matches for you</Link>, or through a brand's join link.
            </p>
          </Empty>
        ) : (
          <table class="grid" data-testid="applications">
            <thead>
              <tr>
                <th>Campaign</th>
                <th>Commission</th>
                <th>Via</th>
                <th>Applied</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {data.map((e) => (
                <tr key={e.id}>
                  <td>
                    <strong>{e.campaign.name}</strong>
                    <div class="muted small">{e.campaign.brand.name}</div>
                  </td>
                  <td>{commissionLabel(e.campaign.commission)}</td>
                  <td class="small">{SOURCE[e.source]}</td>
                  <td class="small">{formatDate(e.created_at)}</td>
                  <td>
                    <StatusBadge status={e.status} />
                    {e.decided_at && <div class="muted small">{formatDate(e.decided_at)}</div>}
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
