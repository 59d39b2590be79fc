import { useState } from "preact/hooks";
import { api, type ApiKey } from "../../api";
import { Empty, ErrorNotice, Field, Loaded, Notice, Submit, formatDate, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";

function NewKey({ onCreated }: { onCreated: (key: ApiKey) => void }) {
  const { brand } = useBrand();
  const [name, setName] = useState("");
  const form = useSubmit(async () => {
    onCreated(await api<ApiKey>(`/api/brands/${brand.id}/api-keys`, { method: "POST", json: { name } }));
    setName("");
  }, ["name"]);
  return (
    <form
      class="card inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit();
      }}
    >
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <Field label="Key name" name="name" required placeholder="e.g. Production server" value={name} onValue={setName} error={form.fieldError("name")} />
      <Submit busy={form.busy}>Create API key</Submit>
    </form>
  );
}

function Revealed({ apiKey, onDone }: { apiKey: ApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  // A replayed answer (the first one was lost) carries no key: it exists nowhere any more.
  if (apiKey.key === null) {
    return (
      <div class="notice warning reveal" role="status">
        <p>
          <strong>{apiKey.name}</strong> was created, but its answer was lost on the way: the key cannot be shown again. Revoke it and create a new one.
        </p>
        <button type="button" onClick={onDone}>
          Close
        </button>
      </div>
    );
  }
  return (
    <div class="notice success reveal" role="status">
      <p>
        <strong>{apiKey.name}</strong> is ready. Copy it now: it is shown only once.
      </p>
      <code class="secret" data-testid="new-api-key">
        {apiKey.key}
      </code>
      <p>
        <button
          type="button"
          class="secondary"
          onClick={() => navigator.clipboard?.writeText(apiKey.key ?? "").then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? "Copied" : "Copy"}
        </button>{" "}
        <button type="button" onClick={onDone}>
          I saved it
        </button>
      </p>
    </div>
  );
}

export function ApiKeys() {
  const { brand, can } = useBrand();
  const { state, reload } = useLoad(() => api<{ data: ApiKey[] }>(`/api/brands/${brand.id}/api-keys`), [brand.id]);
  const [revealed, setRevealed] = useState<ApiKey | null>(null);
  const revoke = useSubmit(async (key: ApiKey) => {
    if (!confirm(`Revoke ${key.name}? Requests using it will fail at once.`)) return;
    await api(`/api/brands/${brand.id}/api-keys/${key.id}`, { method: "DELETE" });
    reload();
  });
  const manage = can("api_keys.manage") && brand.status === "active";

  return (
    <div class="stack">
      {revealed && <Revealed apiKey={revealed} onDone={() => setRevealed(null)} />}
      {manage ? (
        <NewKey
          onCreated={(k) => {
            setRevealed(k);
            reload();
          }}
        />
      ) : (
        <Notice>
          <p class="small">Your role ({brand.role}) can see keys but not create or revoke them; owners and admins can.</p>
        </Notice>
      )}
      {revoke.generalError && <ErrorNotice error={revoke.generalError} />}
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title="No API keys yet">
              <p>Keys let your servers call the REST API (<code>Authorization: Bearer rk_live_…</code>).</p>
            </Empty>
          ) : (
            <table class="grid" data-testid="api-keys">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Key</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th>Status</th>
                  {manage && <th />}
                </tr>
              </thead>
              <tbody>
                {data.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{formatDate(k.created_at)}</td>
                    <td>{k.last_used_at ? formatDate(k.last_used_at) : "never"}</td>
                    <td>{k.revoked_at ? <span class="badge archived">revoked</span> : <span class="badge active">live</span>}</td>
                    {manage && (
                      <td>
                        {!k.revoked_at && (
                          <button type="button" class="danger small-button" disabled={revoke.busy} onClick={() => revoke.submit(k)}>
                            Revoke
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
