import { useState } from "preact/hooks";
import { api, type Invitation, type Member, type Role, type RoleMatrix } from "../../api";
import { navigate } from "../../router";
import { useMe, useSession } from "../../session";
import { Empty, ErrorNotice, Field, Loaded, Notice, Submit, formatDate, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";

const ROLES: Role[] = ["owner", "admin", "member", "viewer"];

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { brand } = useBrand();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [sent, setSent] = useState<string | null>(null);
  const form = useSubmit(async () => {
    await api(`/api/brands/${brand.id}/invitations`, { method: "POST", json: { email, role } });
    setSent(email);
    setEmail("");
    onInvited();
  }, ["email", "role"]);
  return (
    <form
      class="card inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSent(null);
        form.submit();
      }}
    >
      <h2>Invite a teammate</h2>
      {sent && (
        <Notice kind="success">
          <p>Invitation sent to {sent}.</p>
        </Notice>
      )}
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <Field label="Email" name="invite_email" type="email" required value={email} onValue={setEmail} error={form.fieldError("email")} />
      <label class="field">
        <span>Role</span>
        <select name="invite_role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <option value="admin">admin</option>
          <option value="member">member</option>
          <option value="viewer">viewer</option>
        </select>
      </label>
      <Submit busy={form.busy}>Send invitation</Submit>
    </form>
  );
}

function Invitations({ reloadKey }: { reloadKey: number }) {
  const { brand } = useBrand();
  const { state, reload } = useLoad(() => api<{ data: Invitation[] }>(`/api/brands/${brand.id}/invitations`), [brand.id, reloadKey]);
  const revoke = useSubmit(async (id: string) => {
    await api(`/api/brands/${brand.id}/invitations/${id}`, { method: "DELETE" });
    reload();
  });
  return (
    <Loaded state={state} reload={reload}>
      {({ data }) =>
        data.length === 0 ? null : (
          <div class="card">
            <h2>Open invitations</h2>
            {revoke.generalError && <ErrorNotice error={revoke.generalError} />}
            <table class="grid">
              <tbody>
                {data.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>{i.role}</td>
                    <td class="muted small">{i.state === "expired" ? "expired" : `until ${formatDate(i.expires_at)}`}</td>
                    <td>
                      <button type="button" class="secondary small-button" disabled={revoke.busy} onClick={() => revoke.submit(i.id)}>
                        Revoke
                      </button>
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

function MatrixTable() {
  const { state, reload } = useLoad(() => api<RoleMatrix>("/api/roles"), []);
  return (
    <details class="card">
      <summary>What each role can do</summary>
      <Loaded state={state} reload={reload}>
        {(m) => (
          <table class="grid matrix">
            <thead>
              <tr>
                <th>Permission</th>
                {m.roles.map((r) => (
                  <th key={r}>{r}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.permissions.map((p) => (
                <tr key={p.name}>
                  <td>{p.description}</td>
                  {m.roles.map((r) => (
                    <td key={r}>{m.roles.indexOf(r) <= m.roles.indexOf(p.min_role) ? "✓" : ""}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </details>
  );
}

export function Team() {
  const { brand, can, reload: reloadBrand } = useBrand();
  const me = useMe();
  const session = useSession();
  const [invited, setInvited] = useState(0);
  const { state, reload } = useLoad(() => api<{ data: Member[] }>(`/api/brands/${brand.id}/members`), [brand.id]);
  const manage = can("team.manage") && brand.status === "active";
  const owner = can("ownership.transfer");
  const action = useSubmit(async (run: () => Promise<unknown>) => {
    await run();
    reload();
    reloadBrand();
    await session.refresh();
  });
  const leave = useSubmit(async () => {
    if (!confirm(`Leave ${brand.name}?`)) return;
    await api(`/api/brands/${brand.id}/leave`, { method: "POST" });
    await session.refresh();
    navigate("/", { replace: true });
  });

  return (
    <div class="stack">
      {action.generalError && <ErrorNotice error={action.generalError} />}
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title="No members" />
          ) : (
            <table class="grid" data-testid="members">
              <thead>
                <tr>
                  <th>Member</th>
                  <th>Role</th>
                  <th>Joined</th>
                  {manage && <th />}
                </tr>
              </thead>
              <tbody>
                {data.map((m) => {
                  const self = m.user_id === me.id;
                  // Only owners touch the owner role (the server enforces it too).
                  const editable = manage && !self && (owner || m.role !== "owner");
                  return (
                    <tr key={m.id}>
                      <td>
                        {m.name ?? m.email}
                        {self && <span class="muted small"> (you)</span>}
                        <div class="muted small">{m.email}</div>
                      </td>
                      <td>
                        {editable ? (
                          <select
                            aria-label={`Role of ${m.email}`}
                            value={m.role}
                            disabled={action.busy}
                            onChange={(e) => {
                              const role = e.currentTarget.value;
                              action.submit(() => api(`/api/brands/${brand.id}/members/${m.id}`, { method: "PATCH", json: { role } }));
                            }}
                          >
                            {ROLES.filter((r) => owner || r !== "owner").map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <span class="badge">{m.role}</span>
                        )}
                      </td>
                      <td>{formatDate(m.created_at)}</td>
                      {manage && (
                        <td class="actions">
                          {editable && (
                            <button
                              type="button"
                              class="danger small-button"
                              disabled={action.busy}
                              onClick={() => confirm(`Remove ${m.email} from ${brand.name}?`) && action.submit(() => api(`/api/brands/${brand.id}/members/${m.id}`, { method: "DELETE" }))}
                            >
                              Remove
                            </button>
                          )}
                          {owner && !self && m.role !== "owner" && (
                            <button
                              type="button"
                              class="secondary small-button"
                              disabled={action.busy}
                              onClick={() =>
                                confirm(`Make ${m.email} the owner? You will become an admin.`) &&
                                action.submit(() => api(`/api/brands/${brand.id}/ownership-transfer`, { method: "POST", json: { member_id: m.id } }))
                              }
                            >
                              Transfer ownership
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Loaded>
      {manage && (
        <>
          <InviteForm onInvited={() => setInvited((n) => n + 1)} />
          <Invitations reloadKey={invited} />
        </>
      )}
      <MatrixTable />
      <div>
        {leave.generalError && <ErrorNotice error={leave.generalError} />}
        <button type="button" class="secondary" disabled={leave.busy} onClick={() => leave.submit()}>
          Leave {brand.name}
        </button>
      </div>
    </div>
  );
}
