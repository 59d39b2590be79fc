import type { AuditEvent } from "../../api";
import { LoadMore, usePagedList } from "../../paged-list";
import { Empty, Loaded, formatDate } from "../../ui";
import { useBrand } from "./BrandShell";

function actorLabel(e: AuditEvent): string {
  if (e.actor.type === "user") return e.actor.email ?? e.actor.id ?? "a user";
  if (e.actor.type === "api_key") return `API key ${e.actor.id}`;
  if (e.actor.type === "platform_admin") return "Rekomi support";
  return "Rekomi";
}

function details(e: AuditEvent): string {
  const m = e.metadata;
  if (e.action === "member.role_changed") return `${m.from} → ${m.to}`;
  if (e.action === "invitation.created") return `${m.email} as ${m.role}`;
  if (e.action.startsWith("api_key.")) return `${m.name} (${m.prefix}…)`;
  if (e.action === "user.sign_in_failed_burst") return `${m.failures} failures within ${m.window_minutes} min`;
  return e.target ? `${e.target.type} ${e.target.id}` : "";
}

export function Audit() {
  const { brand } = useBrand();
  const list = usePagedList<AuditEvent>(`/api/brands/${brand.id}/audit-events?limit=50`);
  return (
    <Loaded state={list.state} reload={list.reload}>
      {(events) => {
        if (events.length === 0) return <Empty title="Nothing recorded yet" />;
        return (
          <>
            <table class="grid" data-testid="audit">
              <thead>
                <tr>
                  <th>When</th>
                  <th>What</th>
                  <th>Who</th>
                  <th>Details</th>
                  <th>IP</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td class="small">{formatDate(e.created_at)}</td>
                    <td>{e.label}</td>
                    <td class="small">{actorLabel(e)}</td>
                    <td class="small muted">{details(e)}</td>
                    <td class="small muted">{e.ip ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list}>Load older events</LoadMore>
          </>
        );
      }}
    </Loaded>
  );
}
