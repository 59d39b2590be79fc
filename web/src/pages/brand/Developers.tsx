import { useState } from "preact/hooks";
import { api, type Page, type S2sKey, type WebhookEndpoint } from "../../api";
import { Link } from "../../router";
import { CopyButton, Empty, ErrorNotice, Field, Loaded, Notice, Submit, formatDate, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";

/** A secret the server will never show again: copy it now. */
function ShownOnce({ title, id, secret, onDone }: { title: string; id: string; secret: string; onDone: () => void }) {
  return (
    <div class="notice success reveal" role="status" data-testid="secret-once">
      <p>
        <strong>{title}</strong> Copy the secret now: it is shown only once.
      </p>
      <p class="small">
        Id <code data-testid="secret-id">{id}</code> <CopyButton text={id} label="Copy id" />
      </p>
      <code class="secret" data-testid="secret-value">
        {secret}
      </code>
      <p>
        <CopyButton text={secret} label="Copy secret" />{" "}
        <button type="button" onClick={onDone}>
          I saved it
        </button>
      </p>
    </div>
  );
}

const GRACE = [
  { seconds: 0, label: "at once" },
  { seconds: 3600, label: "in 1 hour" },
  { seconds: 86_400, label: "in 1 day" },
  { seconds: 7 * 86_400, label: "in 7 days" },
];

function S2sKeys({ manage }: { manage: boolean }) {
  const { brand } = useBrand();
  const base = `/api/brands/${brand.id}/s2s-keys`;
  const { state, reload } = useLoad(() => api<Page<S2sKey>>(`${base}?limit=100`), [base]);
  const [name, setName] = useState("");
  const [grace, setGrace] = useState(86_400);
  const [shown, setShown] = useState<{ title: string; key: S2sKey } | null>(null);
  const create = useSubmit(async () => {
    const key = await api<S2sKey>(base, { method: "POST", json: { name: name.trim() || "S2S key" } });
    setShown({ title: `${key.name} is ready.`, key });
    setName("");
    reload();
  }, ["name"]);
  const act = useSubmit(async (key: S2sKey, action: "rotate" | "revoke") => {
    if (action === "revoke") {
      if (!confirm(`Revoke ${key.name}? Events signed with it are refused within 30 seconds.`)) return;
      await api(`${base}/${key.id}`, { method: "DELETE" });
    } else {
      const rotated = await api<S2sKey>(`${base}/${key.id}/rotate`, { method: "POST", json: { grace_period_seconds: grace } });
      setShown({ title: `${key.name} has a new secret; the old one stops verifying ${GRACE.find((g) => g.seconds === grace)?.label}.`, key: rotated });
    }
    reload();
  });
  return (
    <section class="stack" data-testid="s2s-keys">
      <h2>S2S signing keys</h2>
      <p class="small muted">
        Your server signs <code>POST /v1/track/lead|sale|refund</code> with a key's secret (Standard Webhooks) and names the key in <code>rekomi-key-id</code>.
      </p>
      {shown && <ShownOnce title={shown.title} id={shown.key.id} secret={shown.key.secret ?? ""} onDone={() => setShown(null)} />}
      {manage && (
        <form
          class="card inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            create.submit();
          }}
        >
          {create.generalError && <ErrorNotice error={create.generalError} />}
          <Field label="Key name" name="s2s_name" value={name} onValue={setName} error={create.fieldError("name")} placeholder="e.g. Billing server" />
          <Submit busy={create.busy}>Create S2S key</Submit>
        </form>
      )}
      {act.generalError && <ErrorNotice error={act.generalError} />}
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title="No S2S keys yet">
              <p>Create one to report leads, sales and refunds from your server.</p>
            </Empty>
          ) : (
            <>
              {manage && (
                <label class="field narrow" for="f-grace">
                  <span>When rotating, the old secret stops verifying</span>
                  <select id="f-grace" value={grace} onChange={(e) => setGrace(Number(e.currentTarget.value))}>
                    {GRACE.map((g) => (
                      <option key={g.seconds} value={g.seconds}>
                        {g.label}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <table class="grid">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Key id</th>
                    <th>Secret</th>
                    <th>Created</th>
                    <th>Status</th>
                    {manage && <th />}
                  </tr>
                </thead>
                <tbody>
                  {data.map((k) => (
                    <tr key={k.id}>
                      <td>{k.name}</td>
                      <td>
                        <code>{k.id}</code> <CopyButton text={k.id} />
                      </td>
                      <td>
                        <code>{k.secret_hint}</code>
                        {k.previous_secret_expires_at && <div class="small muted">previous secret valid until {formatDate(k.previous_secret_expires_at)}</div>}
                      </td>
                      <td>
                        {formatDate(k.created_at)}
                        {k.rotated_at && <div class="small muted">rotated {formatDate(k.rotated_at)}</div>}
                      </td>
                      <td>{k.status === "active" ? <span class="badge active">live</span> : <span class="badge archived">revoked</span>}</td>
                      {manage && (
                        <td class="actions">
                          {k.status === "active" && (
                            <>
                              <button type="button" class="secondary small-button" disabled={act.busy} onClick={() => act.submit(k, "rotate")}>
                                Rotate
                              </button>
                              <button type="button" class="danger small-button" disabled={act.busy} onClick={() => act.submit(k, "revoke")}>
                                Revoke
                              </button>
                            </>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function Webhooks({ manage }: { manage: boolean }) {
  const { brand } = useBrand();
  const base = `/api/brands/${brand.id}/webhook-endpoints`;
  const { state, reload } = useLoad(() => api<Page<WebhookEndpoint>>(`${base}?limit=100`), [base]);
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [shown, setShown] = useState<{ title: string; endpoint: WebhookEndpoint } | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  const create = useSubmit(async () => {
    const endpoint = await api<WebhookEndpoint>(base, { method: "POST", json: { url: url.trim(), description: description.trim() || null } });
    setShown({ title: `Events will be sent to ${endpoint.url}.`, endpoint });
    setUrl("");
    setDescription("");
    reload();
  }, ["url", "description"]);
  const act = useSubmit(async (e: WebhookEndpoint, action: "toggle" | "rotate" | "test") => {
    setTested(null);
    if (action === "toggle") await api(`${base}/${e.id}`, { method: "PATCH", json: { status: e.status === "enabled" ? "disabled" : "enabled" } });
    if (action === "rotate") {
      const rotated = await api<WebhookEndpoint>(`${base}/${e.id}/rotate-secret`, { method: "POST" });
      setShown({ title: "New signing secret: for 24 hours deliveries carry signatures from both secrets.", endpoint: rotated });
    }
    if (action === "test") {
      await api(`${base}/${e.id}/test`, { method: "POST" });
      setTested(e.id);
    }
    reload();
  });
  return (
    <section class="stack" data-testid="webhooks">
      <h2>Webhook endpoints</h2>
      <p class="small muted">Rekomi POSTs events (leads, sales, applications, …) to your endpoints, signed per Standard Webhooks, and retries for about three days.</p>
      {shown && <ShownOnce title={shown.title} id={shown.endpoint.id} secret={shown.endpoint.secret ?? ""} onDone={() => setShown(null)} />}
      {manage && (
        <form
          class="card inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            create.submit();
          }}
        >
          {create.generalError && <ErrorNotice error={create.generalError} />}
          <Field label="Endpoint URL" name="webhook_url" type="url" required value={url} onValue={setUrl} error={create.fieldError("url")} placeholder="https://yourapp.com/webhooks/rekomi" />
          <Field label="Description (optional)" name="webhook_description" value={description} onValue={setDescription} error={create.fieldError("description")} />
          <Submit busy={create.busy}>Add endpoint</Submit>
        </form>
      )}
      {act.generalError && <ErrorNotice error={act.generalError} />}
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title="No webhook endpoints yet">
              <p>Add one to receive events in your own systems.</p>
            </Empty>
          ) : (
            <table class="grid">
              <thead>
                <tr>
                  <th>Endpoint</th>
                  <th>Events</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <code>{e.url}</code>
                      {e.description && <div class="small muted">{e.description}</div>}
                    </td>
                    <td class="small">{e.enabled_events.includes("*") ? "all events" : e.enabled_events.join(", ")}</td>
                    <td>
                      <span class={`badge ${e.status === "enabled" ? "active" : "paused"}`}>{e.status}</span>
                      {e.disabled_reason && <div class="small muted">{e.disabled_reason}</div>}
                      {tested === e.id && <div class="small">Test event queued.</div>}
                    </td>
                    <td class="actions">
                      <Link href={`/brands/${brand.id}/developers/webhooks/${e.id}`}>Delivery log</Link>
                      {manage && (
                        <div class="button-row">
                          <button type="button" class="secondary small-button" disabled={act.busy} onClick={() => act.submit(e, "toggle")}>
                            {e.status === "enabled" ? "Disable" : "Enable"}
                          </button>
                          <button type="button" class="secondary small-button" disabled={act.busy || e.status !== "enabled"} onClick={() => act.submit(e, "test")}>
                            Send test
                          </button>
                          <button type="button" class="secondary small-button" disabled={act.busy} onClick={() => act.submit(e, "rotate")}>
                            Rotate secret
                          </button>
                        </div>
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

/** `/brands/{id}/developers`: S2S signing keys and outbound webhooks. API keys have their own tab. */
export function Developers() {
  const { brand, can } = useBrand();
  const manage = can("developers.manage") && brand.status === "active";
  return (
    <div class="stack">
      {!manage && (
        <Notice>
          <p class="small">Your role ({brand.role}) can see keys and endpoints; owners and admins create, rotate and revoke them.</p>
        </Notice>
      )}
      <S2sKeys manage={manage} />
      <Webhooks manage={manage} />
      <p class="small muted">
        REST API keys are under <Link href={`/brands/${brand.id}/api-keys`}>API keys</Link>; the endpoints are in the <a href="/docs/api">API reference</a>.
      </p>
    </div>
  );
}
