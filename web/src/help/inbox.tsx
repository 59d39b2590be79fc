import { useState } from "preact/hooks";
import { api, type AdminHelpConversation, type AdminHelpThread } from "../api";
import { LoadMore, usePagedList } from "../paged-list";
import { useMe } from "../session";
import { Empty, ErrorNotice, Loaded, formatDate, useLoad, useSubmit } from "../ui";
import { MessageList } from "./panel";

/** Rekomi staff's help inbox (Admin → Help inbox): its own chunk, loaded with the tab. */

type Status = "open" | "waiting" | "closed";
const STATUS_LABELS: Record<Status, string> = { open: "Open", waiting: "Waiting for user", closed: "Closed" };
const TOPIC_LABELS: Record<string, string> = { question: "Question", bug: "Bug", billing: "Billing", security: "Security issue", campaign_report: "Campaign report" };

function Beside({ thread }: { thread: AdminHelpThread }) {
  return (
    <aside class="card stack small" data-testid="help-context">
      <div>
        <strong>{thread.from.name ?? thread.from.email}</strong>
        <div class="muted">{thread.from.email}</div>
        {!thread.from.user_id && <div class="muted">Signed-out visitor: answers go by email.</div>}
      </div>
      {(thread.campaign || thread.brand) && (
        <div>
          <div class="muted">Reported campaign</div>
          {thread.campaign?.name ?? thread.campaign?.id}
          {thread.brand && <div>by {thread.brand.name}</div>}
        </div>
      )}
      {thread.user_brands.length > 0 && (
        <div>
          <div class="muted">Brands</div>
          {thread.user_brands.map((b) => (
            <div key={b.id}>
              {b.name} ({b.role}, {b.status})
            </div>
          ))}
        </div>
      )}
      {thread.creator && (
        <div>
          <div class="muted">Creator profile</div>
          {thread.creator.display_name} · network {thread.creator.network_status}
        </div>
      )}
    </aside>
  );
}

function Conversation({ id, onChanged }: { id: string; onChanged: () => void }) {
  const me = useMe();
  const { state, reload } = useLoad(() => api<AdminHelpThread>(`/api/admin/help/conversations/${id}`), [id]);
  const [body, setBody] = useState("");
  const [internal, setInternal] = useState(false);
  const write = useSubmit(async () => {
    await api(`/api/admin/help/conversations/${id}/messages`, { method: "POST", json: { body, internal } });
    setBody("");
    reload();
    onChanged();
  });
  const update = useSubmit(async (change: { status?: Status; assigned_to_user_id?: string | null }) => {
    await api(`/api/admin/help/conversations/${id}`, { method: "PATCH", json: change });
    reload();
    onChanged();
  });
  return (
    <Loaded state={state} reload={reload}>
      {(t) => (
        <div class="help-inbox-thread">
          <div class="stack">
            <h2>
              {t.flagged && <span class="badge review">Security</span>} {t.subject}
            </h2>
            <p class="muted small">
              {TOPIC_LABELS[t.topic]} · {STATUS_LABELS[t.status]} · {t.assigned_to ? `assigned to ${t.assigned_to.email}` : "unassigned"}
            </p>
            <div class="actions">
              {t.assigned_to?.user_id !== me.id && (
                <button type="button" class="secondary" onClick={() => update.submit({ assigned_to_user_id: me.id })}>
                  Assign to me
                </button>
              )}
              {t.assigned_to && (
                <button type="button" class="secondary" onClick={() => update.submit({ assigned_to_user_id: null })}>
                  Unassign
                </button>
              )}
              {t.status !== "closed" ? (
                <button type="button" class="secondary" onClick={() => update.submit({ status: "closed" })}>
                  Close
                </button>
              ) : (
                <button type="button" class="secondary" onClick={() => update.submit({ status: "open" })}>
                  Reopen
                </button>
              )}
            </div>
            {update.generalError && <ErrorNotice error={update.generalError} />}
            <MessageList messages={t.messages} staffView />
            <form
              class="stack"
              onSubmit={(e) => {
                e.preventDefault();
                write.submit();
              }}
            >
              <textarea aria-label="Staff reply" rows={4} maxLength={5000} value={body} onInput={(e) => setBody(e.currentTarget.value)} placeholder={internal ? "Internal note (never shown to the user)" : "Reply (mailed to the user)"} />
              <label class="small">
                <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} /> Internal note
              </label>
              {write.generalError && <ErrorNotice error={write.generalError} />}
              <button type="submit" disabled={write.busy || !body.trim()}>
                {internal ? "Add note" : "Send reply"}
              </button>
            </form>
          </div>
          <Beside thread={t} />
        </div>
      )}
    </Loaded>
  );
}

export function HelpInbox() {
  const [status, setStatus] = useState<Status>("open");
  const [selected, setSelected] = useState<string | null>(null);
  const list = usePagedList<AdminHelpConversation>(`/api/admin/help/conversations?status=${status}&limit=50`);
  return (
    <div class="stack">
      <nav class="tabs" aria-label="Inbox status">
        {(Object.keys(STATUS_LABELS) as Status[]).map((s) => (
          <a
            key={s}
            href={`#help-${s}`}
            aria-current={status === s ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              setStatus(s);
              setSelected(null);
            }}
          >
            {STATUS_LABELS[s]}
          </a>
        ))}
      </nav>
      <Loaded state={list.state} reload={list.reload}>
        {(data) =>
          data.length === 0 ? (
            <Empty title={`No ${STATUS_LABELS[status].toLowerCase()} conversations`} />
          ) : (
            <>
              <table class="grid" data-testid="help-inbox">
                <thead>
                  <tr>
                    <th>Subject</th>
                    <th>From</th>
                    <th>Topic</th>
                    <th>Assigned</th>
                    <th>Last message</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((c) => (
                    <tr key={c.id} aria-selected={selected === c.id}>
                      <td>
                        <button type="button" class="link" onClick={() => setSelected(c.id)}>
                          {c.subject}
                        </button>
                      </td>
                      <td class="small">{c.from.email}</td>
                      <td>{c.flagged ? <span class="badge review">Security issue</span> : <span class="small">{TOPIC_LABELS[c.topic]}</span>}</td>
                      <td class="small">{c.assigned_to?.email ?? "—"}</td>
                      <td class="small">{formatDate(c.last_message_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore list={list}>Load more</LoadMore>
            </>
          )
        }
      </Loaded>
      {selected && <Conversation key={selected} id={selected} onChanged={list.reload} />}
    </div>
  );
}
