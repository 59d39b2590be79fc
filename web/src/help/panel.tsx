import { useEffect, useState } from "preact/hooks";
import { ApiFailure, api, uploadFile, type HelpConversation, type HelpFileUrl, type HelpMessage, type HelpThread } from "../api";
import { ErrorNotice, Loaded, formatDate, useLoad, useSubmit } from "../ui";
import type { HelpPreset } from "./button";

/** The messenger panel (its own chunk, loaded when the help button is first pressed). */

const TOPICS = [
  ["question", "A question"],
  ["bug", "Something is broken"],
  ["billing", "Billing and payouts"],
  ["security", "Security issue"],
] as const;
type Topic = (typeof TOPICS)[number][0];

const REASONS = [
  ["misleading_terms", "Misleading terms"],
  ["unpaid_commissions", "Unpaid commissions"],
  ["other", "Something else"],
] as const;

export const SCREENSHOT_ACCEPT = "image/png,image/jpeg,image/webp";
const MAX_SCREENSHOT_MB = 2;

type View = { kind: "list" } | { kind: "new" } | { kind: "thread"; id: string } | { kind: "report"; campaignId: string; campaignName: string };

/** Opens a screenshot through its 5-minute signed link, in a new tab. */
export async function openScreenshot(urlPath: string): Promise<void> {
  const tab = window.open("", "_blank");
  const { url } = await api<HelpFileUrl>(urlPath, { method: "POST" });
  if (tab) tab.location.href = url;
  else window.location.href = url;
}

export function MessageList({ messages, staffView = false }: { messages: (HelpMessage & { internal: boolean })[]; staffView?: boolean }) {
  return (
    <ol class="help-messages">
      {messages.map((m) => (
        <li key={m.id} class={`help-message ${m.author === "staff" ? "from-staff" : "from-user"}${m.internal ? " internal" : ""}`} data-testid="help-message">
          <div class="muted small">
            {m.author === "staff" ? (m.internal ? "Internal note" : "Rekomi support") : staffView ? "User" : "You"} · {formatDate(m.created_at)}
          </div>
          {m.body && <p>{m.body}</p>}
          {m.attachments.map((a) => (
            <button key={a.id} type="button" class="link small" onClick={() => openScreenshot(staffView ? `/api/admin/help/attachments/${a.id}/url` : `/api/help/attachments/${a.id}/url`)}>
              Screenshot ({Math.ceil(a.size_bytes / 1024)} KB)
            </button>
          ))}
        </li>
      ))}
    </ol>
  );
}

/** Picks an image, refusing (before sending) what the server would refuse. */
function ScreenshotInput({ file, onFile }: { file: File | null; onFile: (f: File | null) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <label class="small">
      Screenshot (optional, PNG/JPEG/WebP, {MAX_SCREENSHOT_MB} MB max)
      <input
        type="file"
        accept={SCREENSHOT_ACCEPT}
        onChange={(e) => {
          const f = e.currentTarget.files?.[0] ?? null;
          const tooBig = f && f.size > MAX_SCREENSHOT_MB * 1024 * 1024;
          setProblem(tooBig ? `That image is over ${MAX_SCREENSHOT_MB} MB.` : null);
          onFile(tooBig ? null : f);
        }}
      />
      {problem && <span class="error">{problem}</span>}
      {file && <span class="muted"> {file.name}</span>}
    </label>
  );
}

async function attach(conversationId: string, file: File | null): Promise<void> {
  if (file) await uploadFile<HelpThread>(`/api/help/screenshots?conversation_id=${conversationId}`, file, () => undefined);
}

function NewConversation({ initialTopic = "question", onOpened }: { initialTopic?: Topic; onOpened: (id: string) => void }) {
  const [topic, setTopic] = useState<Topic>(initialTopic);
  const [body, setBody] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const send = useSubmit(async () => {
    const thread = await api<HelpThread>("/api/help/conversations", { method: "POST", json: { topic, body } });
    await attach(thread.id, file);
    onOpened(thread.id);
  });
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        send.submit();
      }}
    >
      <label>
        Topic
        <select value={topic} onChange={(e) => setTopic(e.currentTarget.value as Topic)}>
          {TOPICS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {topic === "security" && <p class="small muted">Security reports go to the front of the queue. Please include steps to reproduce.</p>}
      <label>
        Message
        <textarea aria-label="Message" rows={4} maxLength={5000} value={body} onInput={(e) => setBody(e.currentTarget.value)} required />
      </label>
      <ScreenshotInput file={file} onFile={setFile} />
      {send.generalError && <ErrorNotice error={send.generalError} />}
      <button type="submit" disabled={send.busy || !body.trim()}>
        {send.busy ? "Sending…" : "Send"}
      </button>
    </form>
  );
}

function ReportCampaign({ campaignId, campaignName, onOpened }: { campaignId: string; campaignName: string; onOpened: (id: string) => void }) {
  const [reason, setReason] = useState<(typeof REASONS)[number][0]>("misleading_terms");
  const [body, setBody] = useState("");
  const send = useSubmit(async () => {
    const thread = await api<HelpThread>("/api/help/campaign-reports", { method: "POST", json: { campaign_id: campaignId, reason, body } });
    onOpened(thread.id);
  });
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        send.submit();
      }}
    >
      <p>
        Report <strong>{campaignName}</strong> to Rekomi. The brand is not told who reported it.
      </p>
      <label>
        Reason
        <select value={reason} onChange={(e) => setReason(e.currentTarget.value as typeof reason)}>
          {REASONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        What happened
        <textarea aria-label="Message" rows={4} maxLength={5000} value={body} onInput={(e) => setBody(e.currentTarget.value)} required />
      </label>
      {send.generalError && <ErrorNotice error={send.generalError} />}
      <button type="submit" disabled={send.busy || !body.trim()}>
        {send.busy ? "Sending…" : "Send report"}
      </button>
    </form>
  );
}

/** How often an open thread asks for new answers while the page is visible. */
const THREAD_POLL_MS = 15_000;

function Thread({ id }: { id: string }) {
  const { state, reload } = useLoad(() => api<HelpThread>(`/api/help/conversations/${id}`), [id]);
  // Staff's answer appears without closing and reopening the panel (reload keeps what is shown).
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === "visible" && reload(), THREAD_POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const [body, setBody] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const reply = useSubmit(async () => {
    if (body.trim()) await api(`/api/help/conversations/${id}/messages`, { method: "POST", json: { body } });
    await attach(id, file);
    setBody("");
    setFile(null);
    reload();
  });
  return (
    <Loaded state={state} reload={reload}>
      {(thread) => (
        <div class="stack">
          <h3>{thread.subject}</h3>
          {thread.campaign && <p class="small muted">About the campaign {thread.campaign.name}</p>}
          <MessageList messages={thread.messages} />
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault();
              reply.submit();
            }}
          >
            <textarea aria-label="Reply" rows={3} maxLength={5000} value={body} onInput={(e) => setBody(e.currentTarget.value)} placeholder="Write a reply…" />
            <ScreenshotInput file={file} onFile={setFile} />
            {reply.generalError && <ErrorNotice error={reply.generalError} />}
            <button type="submit" disabled={reply.busy || (!body.trim() && !file)}>
              {reply.busy ? "Sending…" : "Send"}
            </button>
          </form>
        </div>
      )}
    </Loaded>
  );
}

function Conversations({ onOpen }: { onOpen: (id: string) => void }) {
  const { state, reload } = useLoad(() => api<{ data: HelpConversation[] }>("/api/help/conversations"), []);
  return (
    <Loaded state={state} reload={reload}>
      {({ data }) =>
        data.length === 0 ? (
          <p class="muted">No conversations yet.</p>
        ) : (
          <ul class="help-list">
            {data.map((c) => (
              <li key={c.id}>
                <button type="button" class="link" onClick={() => onOpen(c.id)} data-testid="help-conversation">
                  {c.unread && <span class="help-dot" aria-label="New answer" />}
                  {c.subject}
                </button>
                <span class="muted small">
                  {" "}
                  · {c.status === "waiting" ? "answered" : c.status} · {formatDate(c.last_message_at)}
                </span>
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

/** Signed out: an email and a message; answers come by mail only. */
function VisitorForm({ initialTopic = "question" }: { initialTopic?: Topic }) {
  const [email, setEmail] = useState("");
  const [topic, setTopic] = useState<Topic>(initialTopic);
  const [body, setBody] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const send = useSubmit(async () => {
    const receipt = await api<{ message: string }>("/api/help/visitor-conversations", { method: "POST", json: { email, topic, body } });
    setSent(receipt.message);
  });
  if (sent) return <p role="status">{sent}</p>;
  const emailError = send.generalError instanceof ApiFailure && send.generalError.param === "email";
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        send.submit();
      }}
    >
      <label>
        Your email (we answer there)
        <input type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required autoComplete="email" />
      </label>
      <label>
        Topic
        <select value={topic} onChange={(e) => setTopic(e.currentTarget.value as Topic)}>
          {TOPICS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Message
        <textarea aria-label="Message" rows={4} maxLength={5000} value={body} onInput={(e) => setBody(e.currentTarget.value)} required />
      </label>
      {send.generalError && <ErrorNotice error={emailError ? new Error("Enter a valid email address.") : send.generalError} />}
      <button type="submit" disabled={send.busy || !body.trim() || !email.trim()}>
        {send.busy ? "Sending…" : "Send"}
      </button>
    </form>
  );
}

export function HelpPanel({ signedIn, preset, onClose }: { signedIn: boolean; preset: HelpPreset; onClose: () => void }) {
  const [view, setView] = useState<View>(
    preset?.kind === "report" ? { kind: "report", campaignId: preset.campaignId, campaignName: preset.campaignName } : preset?.kind === "topic" ? { kind: "new" } : { kind: "list" },
  );
  const initialTopic = preset?.kind === "topic" ? preset.topic : undefined;
  return (
    <div class="stack">
      <div class="help-head">
        {signedIn && view.kind !== "list" ? (
          <button type="button" class="link" onClick={() => setView({ kind: "list" })}>
            ← Conversations
          </button>
        ) : (
          <strong>Help</strong>
        )}
        <button type="button" class="link" aria-label="Close help" onClick={onClose}>
          ✕
        </button>
      </div>
      {!signedIn ? (
        <VisitorForm initialTopic={initialTopic} />
      ) : view.kind === "list" ? (
        <>
          <button type="button" onClick={() => setView({ kind: "new" })}>
            New message
          </button>
          <Conversations onOpen={(id) => setView({ kind: "thread", id })} />
        </>
      ) : view.kind === "new" ? (
        <NewConversation initialTopic={initialTopic} onOpened={(id) => setView({ kind: "thread", id })} />
      ) : view.kind === "report" ? (
        <ReportCampaign campaignId={view.campaignId} campaignName={view.campaignName} onOpened={(id) => setView({ kind: "thread", id })} />
      ) : (
        <Thread id={view.id} />
      )}
    </div>
  );
}
