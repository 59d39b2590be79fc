import { useState } from "preact/hooks";
import type { z } from "zod";
import type { AdminStatus as AdminStatusSchema, AdminIncident as AdminIncidentSchema } from "../../../src/status/schemas";
import { api } from "../api";
import { Empty, ErrorNotice, Field, Loaded, Submit, formatDate, useLoad, useSubmit } from "../ui";

type StatusView = z.output<typeof AdminStatusSchema>;
type Incident = z.output<typeof AdminIncidentSchema>;
type Component = StatusView["components"][number]["id"];
type IncidentStatus = Incident["status"];

const STATUSES: IncidentStatus[] = ["investigating", "identified", "monitoring", "resolved"];

/** Posts a new incident: title, impact, affected components, first update. */
function NewIncident({ components, onPosted }: { components: StatusView["components"]; onPosted: () => void }) {
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [impact, setImpact] = useState<"degraded" | "down">("degraded");
  const [picked, setPicked] = useState<Component[]>([]);
  const post = useSubmit(async () => {
    await api("/api/admin/status/incidents", { method: "POST", json: { title, impact, components: picked, body } });
    setTitle("");
    setBody("");
    setPicked([]);
    onPosted();
  }, ["title", "components", "body"]);
  return (
    <form
      class="stack card"
      data-testid="new-incident"
      onSubmit={(e) => {
        e.preventDefault();
        void post.submit();
      }}
    >
      <h3>Post an incident</h3>
      {post.generalError && <ErrorNotice error={post.generalError} />}
      <Field label="Title" name="incident-title" value={title} onValue={setTitle} error={post.fieldError("title")} required maxLength={200} />
      <label class="field" for="f-incident-impact">
        <span>Impact</span>
        <select id="f-incident-impact" value={impact} onChange={(e) => setImpact(e.currentTarget.value as "degraded" | "down")}>
          <option value="degraded">Degraded</option>
          <option value="down">Down</option>
        </select>
      </label>
      <fieldset class="field">
        <legend>Affected components</legend>
        {components.map((c) => (
          <label key={c.id} class="field checkbox">
            <input type="checkbox" checked={picked.includes(c.id)} onChange={(e) => setPicked(e.currentTarget.checked ? [...picked, c.id] : picked.filter((p) => p !== c.id))} />
            <span>{c.name}</span>
          </label>
        ))}
        {post.fieldError("components") && <small class="field-error">{post.fieldError("components")}</small>}
      </fieldset>
      <label class="field" for="f-incident-body">
        <span>What is happening</span>
        <textarea id="f-incident-body" rows={3} value={body} onInput={(e) => setBody(e.currentTarget.value)} required />
        {post.fieldError("body") && <small class="field-error">{post.fieldError("body")}</small>}
      </label>
      <Submit busy={post.busy}>Post incident</Submit>
    </form>
  );
}

/** One incident: its posts, newest first, and a form to add one (or resolve it). */
function IncidentCard({ incident, onChanged }: { incident: Incident; onChanged: () => void }) {
  const [status, setStatus] = useState<IncidentStatus>(incident.status === "resolved" ? "resolved" : "monitoring");
  const [body, setBody] = useState("");
  const update = useSubmit(async () => {
    await api(`/api/admin/status/incidents/${incident.id}/updates`, { method: "POST", json: { status, body } });
    setBody("");
    onChanged();
  }, ["body"]);
  return (
    <div class="card stack" data-testid="incident" data-incident={incident.id}>
      <h3>
        {incident.title} <span class="badge">{incident.status}</span> <span class="badge">{incident.impact}</span>
      </h3>
      <div class="muted small">
        {incident.components.join(", ")} · posted {formatDate(incident.created_at)}
        {incident.resolved_at && ` · resolved ${formatDate(incident.resolved_at)}`}
      </div>
      {incident.updates.map((u) => (
        <p key={u.id} class="small">
          <strong>{u.status}</strong> — {u.body} <span class="muted">{formatDate(u.created_at)}</span>
        </p>
      ))}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void update.submit();
        }}
      >
        <select aria-label="New status" value={status} onChange={(e) => setStatus(e.currentTarget.value as IncidentStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input aria-label="Update" placeholder="What changed" value={body} onInput={(e) => setBody(e.currentTarget.value)} required />
        <Submit busy={update.busy}>Post update</Submit>
      </form>
      {(update.generalError || update.fieldError("body")) && <ErrorNotice error={update.generalError ?? new Error(update.fieldError("body"))} />}
    </div>
  );
}

/** Staff: the status page's components with the reason behind each state, and incidents to post, update and resolve. */
export function StatusIncidents() {
  const { state, reload } = useLoad(() => api<StatusView>("/api/admin/status"), []);
  return (
    <Loaded state={state} reload={reload}>
      {(view) => (
        <div class="stack">
          <p class="muted small">
            Public page: <a href="/status">/status</a> · {view.confirmed_subscribers} confirmed email subscribers
          </p>
          <table class="grid" data-testid="status-components">
            <thead>
              <tr>
                <th>Component</th>
                <th>State</th>
                <th>Why (staff only)</th>
                <th>Last probe</th>
              </tr>
            </thead>
            <tbody>
              {view.components.map((c) => (
                <tr key={c.id} data-component={c.id}>
                  <td>{c.name}</td>
                  <td>
                    <span class="badge">{c.state}</span>
                  </td>
                  <td class="small">{c.reason ?? "—"}</td>
                  <td class="small">{c.checked_at ? formatDate(c.checked_at) : "never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <NewIncident components={view.components} onPosted={reload} />
          {view.incidents.length === 0 ? <Empty title="No incidents posted" /> : view.incidents.map((i) => <IncidentCard key={i.id} incident={i} onChanged={reload} />)}
        </div>
      )}
    </Loaded>
  );
}
