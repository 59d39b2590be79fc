import { useState } from "preact/hooks";
import { api, type Page, type S2sKey } from "../../api";
import { CopyButton, Empty, ErrorNotice, Field, Loaded, Submit, formatDate, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";
import { ShownOnce } from "./ShownOnce";

const GRACE = [
  { seconds: 0, label: "at once" },
  { seconds: 3600, label: "in 1 hour" },
  { seconds: 86_400, label: "in 1 day" },
  { seconds: 7 * 86_400, label: "in 7 days" },
];

/** S2S signing keys: create (secret once), rotate with a grace period, revoke. */
export function S2sKeys({ manage }: { manage: boolean }) {
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
      {shown && <ShownOnce title={shown.title} id={shown.key.id} secret={shown.key.secret ?? null} onDone={() => setShown(null)} />}
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
