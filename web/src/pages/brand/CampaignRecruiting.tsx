import { useState } from "preact/hooks";
import { api, type CreatorInvitation, type JoinLink, type Page, type RecommendedCreator } from "../../api";
import { formatCount } from "../../format";
import { CopyButton, Empty, ErrorNotice, Field, Loaded, Notice, Submit, formatDate, useLoad, useSubmit } from "../../ui";
import { ScoreReasons } from "../creator/Matches";
import { useBrand } from "./BrandShell";
import { CampaignShell } from "./CampaignShell";

function JoinLinkCard({ campaignId }: { campaignId: string }) {
  const { brand, can } = useBrand();
  const base = `/api/brands/${brand.id}/campaigns/${campaignId}/join-link`;
  const { state, reload } = useLoad(() => api<JoinLink>(base), [base]);
  const manage = can("campaigns.manage") && brand.status === "active";
  const change = useSubmit(async (patch: Partial<JoinLink> | "regenerate") => {
    if (patch === "regenerate") {
      if (!confirm("Make a new link? The current one stops working at once.")) return;
      await api(`${base}/regenerate`, { method: "POST" });
    } else await api(base, { method: "PATCH", json: patch });
    reload();
  });
  return (
    <section class="card" data-testid="join-link">
      <h2>Public join page</h2>
      <p class="muted small">A link to share anywhere: creators see the campaign, its commission and terms, and apply with one click.</p>
      {change.generalError && <ErrorNotice error={change.generalError} />}
      <Loaded state={state} reload={reload}>
        {(link) => (
          <>
            {link.enabled && link.url ? (
              <p>
                <code data-testid="join-url">{link.url}</code> <CopyButton text={link.url} />
              </p>
            ) : (
              <p class="muted">The join page is off.</p>
            )}
            {manage ? (
              <div class="inline-form">
                <button type="button" class={link.enabled ? "secondary" : ""} disabled={change.busy} onClick={() => change.submit({ enabled: !link.enabled })}>
                  {link.enabled ? "Turn off" : "Turn on the join page"}
                </button>
                <label class="check">
                  <input type="checkbox" checked={link.auto_approve} disabled={change.busy} onChange={(e) => change.submit({ auto_approve: e.currentTarget.checked })} />
                  Approve creators who join through the link at once
                </label>
                {link.code && (
                  <button type="button" class="secondary small-button" disabled={change.busy} onClick={() => change.submit("regenerate")}>
                    New link
                  </button>
                )}
              </div>
            ) : (
              <p class="small muted">{link.auto_approve ? "Joining approves creators at once." : "Joining sends an application."} Admins change these settings.</p>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

function Invitations({ campaignId }: { campaignId: string }) {
  const { brand, can } = useBrand();
  const base = `/api/brands/${brand.id}/campaigns/${campaignId}/creator-invitations`;
  const { state, reload } = useLoad(() => api<Page<CreatorInvitation>>(`${base}?limit=50`), [base]);
  const [email, setEmail] = useState("");
  const [message, setMessage] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const manage = can("affiliates.manage") && brand.status === "active";
  const invite = useSubmit(async () => {
    await api(base, { method: "POST", json: { email, ...(message.trim() && { message: message.trim() }) } });
    setSent(email);
    setEmail("");
    setMessage("");
    reload();
  }, ["email", "message"]);
  const revoke = useSubmit(async (i: CreatorInvitation) => {
    await api(`${base}/${i.id}`, { method: "DELETE" });
    reload();
  });
  return (
    <section class="card">
      <h2>Invite creators by email</h2>
      {manage && (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setSent(null);
            invite.submit();
          }}
        >
          {sent && (
            <Notice kind="success">
              <p>Invitation sent to {sent}.</p>
            </Notice>
          )}
          {invite.generalError && <ErrorNotice error={invite.generalError} />}
          <Field label="Creator's email" name="creator_email" type="email" required value={email} onValue={setEmail} error={invite.fieldError("email")} />
          <Field label="Note (optional)" name="creator_message" value={message} onValue={setMessage} maxLength={1000} error={invite.fieldError("message")} />
          <Submit busy={invite.busy}>Send invitation</Submit>
        </form>
      )}
      {revoke.generalError && <ErrorNotice error={revoke.generalError} />}
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <p class="muted small">No invitations yet. Accepting one puts the creator in the campaign, approved; links work once, for 72 hours.</p>
          ) : (
            <table class="grid">
              <tbody>
                {data.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email ?? i.affiliate?.display_name}</td>
                    <td>
                      <span class={`badge ${i.state === "accepted" ? "active" : i.state === "pending" ? "paused" : "archived"}`}>{i.state}</span>
                    </td>
                    <td class="small">{i.state === "pending" ? `until ${formatDate(i.expires_at)}` : formatDate(i.accepted_at ?? i.created_at)}</td>
                    <td class="actions">
                      {manage && i.state === "pending" && (
                        <button type="button" class="danger small-button" disabled={revoke.busy} onClick={() => revoke.submit(i)}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

function Recommended({ campaignId }: { campaignId: string }) {
  const { brand, can } = useBrand();
  const { state, reload } = useLoad(() => api<{ data: RecommendedCreator[] }>(`/api/brands/${brand.id}/campaigns/${campaignId}/recommended-creators?limit=25`), [brand.id, campaignId]);
  const [invited, setInvited] = useState<Set<string>>(new Set());
  const manage = can("affiliates.manage") && brand.status === "active";
  const invite = useSubmit(async (r: RecommendedCreator) => {
    await api(`/api/brands/${brand.id}/campaigns/${campaignId}/creator-invitations`, { method: "POST", json: { affiliate_id: r.affiliate.id } });
    setInvited(new Set([...invited, r.affiliate.id]));
  });
  return (
    <div class="stack">
      {invite.generalError && <ErrorNotice error={invite.generalError} />}
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title="No recommendations yet">
              <p>No network creator shares this campaign's niches or markets yet. Add niches and target markets to the campaign to widen the search.</p>
            </Empty>
          ) : (
            <table class="grid" data-testid="recommended">
              <thead>
                <tr>
                  <th>Creator</th>
                  <th>Why</th>
                  {manage && <th />}
                </tr>
              </thead>
              <tbody>
                {data.map((r) => (
                  <tr key={r.affiliate.id}>
                    <td>
                      <strong>{r.affiliate.display_name}</strong>
                      <div class="small muted">{r.affiliate.audience.map((a) => `${a.channel} ${formatCount(a.size)}`).join(" · ")}</div>
                      <div class="small">{[...r.affiliate.niches, ...r.affiliate.countries].join(", ")}</div>
                    </td>
                    <td>
                      <ScoreReasons score={r.score} factors={r.factors} />
                    </td>
                    {manage && (
                      <td class="actions">
                        {invited.has(r.affiliate.id) ? (
                          <span class="badge active">invited</span>
                        ) : (
                          <button type="button" class="small-button" disabled={invite.busy} onClick={() => invite.submit(r)}>
                            Invite
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

/** `/brands/{id}/campaigns/{campaignId}/{recommended|recruiting}`: recruiting for one campaign. */
export function CampaignRecruiting({ campaignId, section }: { campaignId: string; section: "recommended" | "recruiting" }) {
  return (
    <CampaignShell campaignId={campaignId}>
      {() =>
        section === "recommended" ? (
          <Recommended campaignId={campaignId} />
        ) : (
          <>
            <JoinLinkCard campaignId={campaignId} />
            <Invitations campaignId={campaignId} />
          </>
        )
      }
    </CampaignShell>
  );
}
