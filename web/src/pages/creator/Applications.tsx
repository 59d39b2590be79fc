import { api, type CreatorEnrollment, type Page } from "../../api";
import { commissionLabel } from "../../format";
import { Link } from "../../router";
import { Empty, ErrorNotice, Loaded, formatDate, useLoad, useSubmit } from "../../ui";

const SOURCE: Record<CreatorEnrollment["source"], string> = { network: "applied in the network", join_page: "join link", invite: "invitation", api: "offer from the brand" };

export function StatusBadge({ status }: { status: string }) {
  const kind = status === "approved" ? "active" : status === "pending" || status === "paused" || status === "invited" ? "paused" : "archived";
  return <span class={`badge ${kind}`}>{status === "invited" ? "offer" : status}</span>;
}

/**
 * `/creator/applications`: every application, and the offers brands made, which only the
 * creator accepts or declines (the link in the offer email lands here). Until then the
 * brand sees the public profile only.
 */
export function Applications() {
  const { state, reload } = useLoad(() => api<Page<CreatorEnrollment>>("/api/creator/enrollments?limit=100"), []);
  const answer = useSubmit(async (e: CreatorEnrollment, action: "accept" | "decline") => {
    if (action === "decline" && !confirm(`Decline ${e.campaign.brand.name}'s offer for ${e.campaign.name}? This is final.`)) return;
    await api(`/api/creator/offers/${e.id}/${action}`, { method: "POST" });
    reload();
  });
  return (
    <Loaded state={state} reload={reload}>
      {({ data }) =>
        data.length === 0 ? (
          <Empty title="No applications or offers yet">
            <p>
              Apply to a campaign from <Link href="/creator/matches">Matches for you</Link>, or through a brand's join link.
            </p>
          </Empty>
        ) : (
          <div class="stack">
            {data.some((e) => e.status === "invited") && (
              <p class="muted small">
                Accepting an offer lets that brand see your email (for payout contact) and, once it owes you a commission, the status of your tax forms. Declining keeps
                them on your public profile.
              </p>
            )}
            {answer.generalError && <ErrorNotice error={answer.generalError} />}
            <table class="grid" data-testid="applications">
              <thead>
                <tr>
                  <th>Campaign</th>
                  <th>Commission</th>
                  <th>Via</th>
                  <th>Since</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {data.map((e) => (
                  <tr key={e.id} data-testid={`enrollment-${e.id}`}>
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
                      {e.status === "invited" && (
                        <div class="actions">
                          <button type="button" class="small-button" disabled={answer.busy} onClick={() => answer.submit(e, "accept")}>
                            Accept
                          </button>
                          <button type="button" class="secondary small-button" disabled={answer.busy} onClick={() => answer.submit(e, "decline")}>
                            Decline
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </Loaded>
  );
}
