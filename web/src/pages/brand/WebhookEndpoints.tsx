import { useState } from "preact/hooks";
import { api, type Page, type WebhookEndpoint } from "../../api";
import { Link } from "../../router";
import { Empty, ErrorNotice, Field, Loaded, Submit, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";
import { ShownOnce } from "./ShownOnce";

/** Outbound webhook endpoints: add (secret once), enable or disable, test, rotate the secret. */
export function WebhookEndpoints({ manage }: { manage: boolean }) {
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
      {shown && <ShownOnce title={shown.title} id={shown.endpoint.id} secret={shown.endpoint.secret ?? null} onDone={() => setShown(null)} />}
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
