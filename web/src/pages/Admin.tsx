import { useState } from "preact/hooks";
import { api, type AdminBrand, type AdminCreator, type AdminTaxForm, type AdminUser } from "../api";
import { DeadLetters } from "../dead-letters";
import { lazy } from "../lazy";
import { LoadMore, usePagedList } from "../paged-list";
import { DownloadButton, FORM_NAMES, ReviewButtons, TaxFormStatus, formatDay } from "../tax-forms";
import { Empty, ErrorNotice, Loaded, formatDate, useSubmit } from "../ui";
import { ListingQueue } from "./AdminListings";
import { PayoutRunsInTrouble } from "./AdminPayoutRuns";
import { StatusIncidents } from "./AdminStatus";

type Tab = "network" | "listings" | "users" | "brands" | "creators" | "tax-forms" | "payout-runs" | "help" | "status" | "dead-letters";

const TAB_LABELS: Record<Tab, string> = {
  network: "Network requests",
  listings: "Campaign listings",
  users: "Accounts",
  brands: "Brands",
  creators: "Creators",
  "tax-forms": "Tax forms",
  "payout-runs": "Payout runs in trouble",
  "dead-letters": "Dead letters",
  help: "Help inbox",
  status: "Status & incidents",
};

const HelpInbox = lazy(() => import("../help/inbox").then((m) => m.HelpInbox));

/** The network review queue: pending listing requests, oldest first, to approve or reject. */
function NetworkQueue() {
  const list = usePagedList<AdminCreator>("/api/admin/creators?network_status=pending&limit=50");
  const { state, reload } = list;
  const [notes, setNotes] = useState<Record<string, string>>({});
  const decide = useSubmit(async (a: AdminCreator, decision: "approved" | "rejected") => {
    const note = notes[a.id]?.trim();
    await api(`/api/admin/creators/${a.id}/network-review`, { method: "POST", json: { decision, ...(note && { note }) } });
    reload();
  });
  return (
    <Loaded state={state} reload={reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty title="No listing requests waiting" />
        ) : (
          <>
            {decide.generalError && <ErrorNotice error={decide.generalError} />}
            <table class="grid" data-testid="network-queue">
              <thead>
                <tr>
                  <th>Creator</th>
                  <th>Audience</th>
                  <th>Requested</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <strong>{a.display_name}</strong>
                      <div class="muted small">{a.email}</div>
                      {a.bio && <p class="small">{a.bio}</p>}
                      <div class="small">
                        {a.niches.join(", ")} · {a.countries.join(", ")} · {a.languages.join(", ")}
                      </div>
                      {a.links.map((l) => (
                        <a key={l} href={l} rel="noopener noreferrer nofollow" target="_blank" class="small profile-link">
                          {l}
                        </a>
                      ))}
                    </td>
                    <td class="small">
                      {a.audience.map((c) => (
                        <div key={`${c.channel}${c.url ?? ""}`}>
                          {c.url ? (
                            <a href={c.url} rel="noopener noreferrer nofollow" target="_blank">
                              {c.channel}
                            </a>
                          ) : (
                            c.channel
                          )}{" "}
                          {c.size.toLocaleString("en")}
                        </div>
                      ))}
                    </td>
                    <td class="small">{formatDate(a.network_requested_at)}</td>
                    <td class="actions">
                      <input aria-label={`Note to ${a.display_name}`} placeholder="Note to the creator (optional)" value={notes[a.id] ?? ""} onInput={(e) => setNotes({ ...notes, [a.id]: e.currentTarget.value })} />
                      <button type="button" class="small-button" disabled={decide.busy} onClick={() => decide.submit(a, "approved")}>
                        Approve
                      </button>
                      <button type="button" class="danger small-button" disabled={decide.busy} onClick={() => decide.submit(a, "rejected")}>
                        Reject
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list}>Load more</LoadMore>
          </>
        )
      }
    </Loaded>
  );
}

function Users({ q }: { q: string }) {
  const list = usePagedList<AdminUser>(`/api/admin/users?limit=50${q ? `&q=${encodeURIComponent(q)}` : ""}`);
  const { state, reload } = list;
  const act = useSubmit(async (u: AdminUser) => {
    const verb = u.suspended_at ? "unsuspend" : "suspend";
    if (!confirm(`${verb === "suspend" ? "Suspend" : "Reinstate"} ${u.email}?`)) return;
    await api(`/api/admin/users/${u.id}/${verb}`, { method: "POST" });
    reload();
  });
  return (
    <Loaded state={state} reload={reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty title="No accounts match" />
        ) : (
          <>
            {act.generalError && <ErrorNotice error={act.generalError} />}
            <table class="grid">
              <thead>
                <tr>
                  <th>Account</th>
                  <th>Verified</th>
                  <th>Created</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => (
                  <tr key={u.id}>
                    <td>
                      {u.email}
                      {u.is_platform_admin && <span class="badge"> staff</span>}
                      <div class="muted small">{u.name}</div>
                    </td>
                    <td>{u.email_verified ? "yes" : "no"}</td>
                    <td class="small">{formatDate(u.created_at)}</td>
                    <td>{u.suspended_at ? <span class="badge paused">suspended</span> : <span class="badge active">active</span>}</td>
                    <td>
                      {!u.is_platform_admin && (
                        <button type="button" class={`${u.suspended_at ? "secondary" : "danger"} small-button`} disabled={act.busy} onClick={() => act.submit(u)}>
                          {u.suspended_at ? "Reinstate" : "Suspend"}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list}>Load more</LoadMore>
          </>
        )
      }
    </Loaded>
  );
}

function Brands({ q }: { q: string }) {
  const list = usePagedList<AdminBrand>(`/api/admin/brands?limit=50${q ? `&q=${encodeURIComponent(q)}` : ""}`);
  const { state, reload } = list;
  const act = useSubmit(async (b: AdminBrand) => {
    const verb = b.status === "active" ? "suspend" : "unsuspend";
    if (!confirm(`${verb === "suspend" ? "Suspend" : "Reinstate"} ${b.name}?`)) return;
    await api(`/api/admin/brands/${b.id}/${verb}`, { method: "POST" });
    reload();
  });
  return (
    <Loaded state={state} reload={reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty title="No brands match" />
        ) : (
          <>
            {act.generalError && <ErrorNotice error={act.generalError} />}
            <table class="grid">
              <thead>
                <tr>
                  <th>Brand</th>
                  <th>Created</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((b) => (
                  <tr key={b.id}>
                    <td>
                      {b.name}
                      <div class="muted small">{b.website_url}</div>
                    </td>
                    <td class="small">{formatDate(b.created_at)}</td>
                    <td>
                      <span class={`badge ${b.status === "active" ? "active" : "paused"}`}>{b.status}</span>
                    </td>
                    <td>
                      <button type="button" class={`${b.status === "active" ? "danger" : "secondary"} small-button`} disabled={act.busy} onClick={() => act.submit(b)}>
                        {b.status === "active" ? "Suspend" : "Reinstate"}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list}>Load more</LoadMore>
          </>
        )
      }
    </Loaded>
  );
}

function Creators({ q }: { q: string }) {
  const list = usePagedList<AdminCreator>(`/api/admin/creators?limit=50${q ? `&q=${encodeURIComponent(q)}` : ""}`);
  const { state, reload } = list;
  return (
    <Loaded state={state} reload={reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty title="No creators match" />
        ) : (
          <>
            <table class="grid">
              <thead>
                <tr>
                  <th>Creator</th>
                  <th>Niches</th>
                  <th>Network</th>
                  <th>Joined</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id}>
                    <td>
                      {a.display_name}
                      <div class="muted small">{a.email}</div>
                    </td>
                    <td class="small">{a.niches.join(", ") || "—"}</td>
                    <td>{a.network_status}</td>
                    <td class="small">{formatDate(a.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list}>Load more</LoadMore>
          </>
        )
      }
    </Loaded>
  );
}

/** The review queue: every creator's forms awaiting a decision. */
function TaxFormQueue() {
  const list = usePagedList<AdminTaxForm>("/api/admin/tax-forms?status=submitted&limit=100");
  const { state, reload } = list;
  return (
    <Loaded state={state} reload={reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty title="No tax forms awaiting review" />
        ) : (
          <>
            <table class="grid">
              <thead>
                <tr>
                  <th>Creator</th>
                  <th>Form</th>
                  <th>Signed</th>
                  <th>Uploaded</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((f) => (
                  <tr key={f.id}>
                    <td>
                      {f.affiliate.display_name}
                      <div class="muted small">{f.affiliate.email}</div>
                    </td>
                    <td>
                      {FORM_NAMES[f.form_type]} <TaxFormStatus form={f} />
                    </td>
                    <td>{formatDay(f.signed_on)}</td>
                    <td class="small">{formatDate(f.created_at)}</td>
                    <td class="actions">
                      <DownloadButton path={`/api/admin/tax-forms/${f.id}/download-url`} />{" "}
                      <ReviewButtons path={`/api/admin/tax-forms/${f.id}/review`} onDone={reload} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list}>Load more</LoadMore>
          </>
        )
      }
    </Loaded>
  );
}

const tabOf = (name: string): Tab => (Object.hasOwn(TAB_LABELS, name) ? (name as Tab) : "network");

/** Rekomi staff: accounts, brands, creators, tax forms and dead letters across the platform. */
export function Admin() {
  // `/admin#help` opens the help inbox (staff's notice mail links there).
  const [tab, setTab] = useState<Tab>(() => tabOf(location.hash.slice(1)));
  const [query, setQuery] = useState("");
  const [q, setQ] = useState("");
  return (
    <section class="stack">
      <h1>Platform admin</h1>
      <nav class="tabs" aria-label="Admin">
        {(Object.keys(TAB_LABELS) as Tab[]).map((t) => (
          <a
            key={t}
            href={`#${t}`}
            aria-current={tab === t ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              history.replaceState(history.state, "", `#${t}`);
              setTab(t);
            }}
          >
            {TAB_LABELS[t]}
          </a>
        ))}
      </nav>
      {tab === "network" && <NetworkQueue />}
      {tab === "listings" && <ListingQueue />}
      {tab === "tax-forms" && <TaxFormQueue />}
      {tab === "payout-runs" && <PayoutRunsInTrouble />}
      {tab === "help" && <HelpInbox />}
      {tab === "status" && <StatusIncidents />}
      {tab === "dead-letters" && <DeadLetters listPath="/api/admin/dead-letters" replayPath={(id) => `/api/admin/dead-letters/${id}/replay`} manage showBrand />}
      {(tab === "users" || tab === "brands" || tab === "creators") && (
        <>
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              setQ(query.trim());
            }}
          >
            <input aria-label="Search" placeholder={tab === "brands" ? "Name starts with…" : "Email starts with…"} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
            <button type="submit" class="secondary">
              Search
            </button>
          </form>
          {tab === "users" ? <Users q={q} /> : tab === "brands" ? <Brands q={q} /> : <Creators q={q} />}
        </>
      )}
    </section>
  );
}
