import { useState } from "preact/hooks";
import { api, type Application, type Page } from "../../api";
import { formatCount } from "../../format";
import { Empty, ErrorNotice, Loaded, formatDate, useLoad, useSubmit } from "../../ui";
import { StatusBadge } from "../creator/Applications";
import { useBrand } from "./BrandShell";

const VIEWS = [
  { key: "pending", label: "To review" },
  { key: "invited", label: "Offers sent" },
  { key: "approved,paused", label: "Working with" },
  { key: "rejected,declined,withdrawn,ended", label: "Closed" },
] as const;

const SOURCE: Record<Application["source"], string> = { network: "network", join_page: "join link", invite: "invitation", api: "API" };

function Profile({ p }: { p: Application["profile"] }) {
  return (
    <div>
      <strong>{p.display_name}</strong> {p.in_network && <span class="badge active">network</span>}
      <div class="muted small">{p.consented ? p.email : "email shown once they work with you"}</div>
      {p.bio && <p class="small">{p.bio}</p>}
      <div class="small">
        {p.audience.map((a) => `${a.channel} ${formatCount(a.size)}`).join(" · ") || "no audience listed"}
        {p.niches.length > 0 && <> · {p.niches.join(", ")}</>}
        {p.countries.length > 0 && <> · {p.countries.join(", ")}</>}
      </div>
      {p.links.length > 0 && (
        <div class="small">
          {p.links.map((l) => (
            <a key={l} href={l} rel="noopener noreferrer nofollow" target="_blank" class="profile-link">
              {l}
            </a>
          ))}
        </div>
      )}
    </div>
  );
}

/** `/brands/{id}/applications`: creators who applied (to approve or reject), offers waiting for the creator's answer, and partnerships. */
export function Applications() {
  const { brand, can } = useBrand();
  const [view, setView] = useState<(typeof VIEWS)[number]["key"]>("pending");
  const { state, reload } = useLoad(() => api<Page<Application>>(`/api/brands/${brand.id}/applications?status=${view}&limit=100`), [brand.id, view]);
  const manage = can("affiliates.manage") && brand.status === "active";
  const act = useSubmit(async (a: Application, status: "approved" | "rejected" | "withdrawn" | "paused" | "ended") => {
    const final = { rejected: "Reject", withdrawn: "Withdraw the offer to", ended: "End" } as Record<string, string>;
    if (final[status] && !confirm(`${final[status]} ${a.profile.display_name} for ${a.campaign_name}? This is final.`)) return;
    await api(`/api/brands/${brand.id}/enrollments/${a.id}`, { method: "PATCH", json: { status } });
    reload();
  });
  return (
    <div class="stack">
      <nav class="pills" aria-label="Applications">
        {VIEWS.map((v) => (
          <button key={v.key} type="button" class={view === v.key ? "" : "secondary"} onClick={() => setView(v.key)}>
            {v.label}
          </button>
        ))}
      </nav>
      {act.generalError && <ErrorNotice error={act.generalError} />}
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title={view === "pending" ? "No applications to review" : "Nobody here yet"}>
              <p>Creators apply from the network, through a campaign's join link, or accept your invitations and offers (see each campaign's recruiting page).</p>
            </Empty>
          ) : (
            <table class="grid" data-testid="applications">
              <thead>
                <tr>
                  <th>Creator</th>
                  <th>Campaign</th>
                  <th>Via</th>
                  <th>Status</th>
                  {manage && <th />}
                </tr>
              </thead>
              <tbody>
                {data.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Profile p={a.profile} />
                    </td>
                    <td>
                      {a.campaign_name}
                      <div class="muted small">{formatDate(a.created_at)}</div>
                    </td>
                    <td class="small">{SOURCE[a.source]}</td>
                    <td>
                      {a.status === "invited" ? <span class="badge paused">Offer sent</span> : <StatusBadge status={a.status} />}
                    </td>
                    {manage && (
                      <td class="actions">
                        {a.status === "pending" && (
                          <>
                            <button type="button" class="small-button" disabled={act.busy} onClick={() => act.submit(a, "approved")}>
                              Approve
                            </button>
                            <button type="button" class="danger small-button" disabled={act.busy} onClick={() => act.submit(a, "rejected")}>
                              Reject
                            </button>
                          </>
                        )}
                        {a.status === "invited" && (
                          <button type="button" class="secondary small-button" disabled={act.busy} onClick={() => act.submit(a, "withdrawn")}>
                            Withdraw
                          </button>
                        )}
                        {a.status === "approved" && (
                          <button type="button" class="secondary small-button" disabled={act.busy} onClick={() => act.submit(a, "paused")}>
                            Pause
                          </button>
                        )}
                        {a.status === "paused" && (
                          <button type="button" class="secondary small-button" disabled={act.busy} onClick={() => act.submit(a, "approved")}>
                            Resume
                          </button>
                        )}
                        {(a.status === "approved" || a.status === "paused") && (
                          <button type="button" class="danger small-button" disabled={act.busy} onClick={() => act.submit(a, "ended")}>
                            End
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </div>
  );
}
