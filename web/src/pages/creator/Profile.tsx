import { useState } from "preact/hooks";
import { AUDIENCE_CHANNELS } from "../../../../src/creators/channels";
import { api, ApiFailure, type AudienceChannel, type CreatorProfile } from "../../api";
import { formatDate, useLoad, useSubmit, ErrorNotice, Field, Loaded, Notice, Submit } from "../../ui";
import { useMe, useSession } from "../../session";

const FIELDS = ["display_name", "bio", "audience", "niches", "countries", "languages", "content_formats", "links"];

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

interface Draft {
  display_name: string;
  bio: string;
  audience: { channel: string; url: string; size: string }[];
  niches: string;
  countries: string;
  languages: string;
  content_formats: string;
  links: string;
}

function draftOf(p: CreatorProfile | null, fallbackName: string): Draft {
  return {
    display_name: p?.display_name ?? fallbackName,
    bio: p?.bio ?? "",
    audience: (p?.audience ?? [{ channel: "youtube", size: 0 }]).map((a) => ({ channel: a.channel, url: a.url ?? "", size: a.size ? String(a.size) : "" })),
    niches: p?.niches.join(", ") ?? "",
    countries: p?.countries.join(", ") ?? "",
    languages: p?.languages.join(", ") ?? "",
    content_formats: p?.content_formats.join(", ") ?? "",
    links: p?.links.join("\n") ?? "",
  };
}

function body(d: Draft) {
  return {
    display_name: d.display_name,
    bio: d.bio.trim() || null,
    audience: d.audience
      .filter((a) => a.size.trim() || a.url.trim())
      .map((a): AudienceChannel => ({ channel: a.channel, size: Number(a.size.replace(/[\s,_]/g, "")), ...(a.url.trim() && { url: a.url.trim() }) })),
    niches: list(d.niches),
    countries: list(d.countries),
    languages: list(d.languages),
    content_formats: list(d.content_formats),
    links: list(d.links),
  };
}

const STATUS_TEXT: Record<CreatorProfile["network"]["status"], string> = {
  unlisted: "Not listed: brands find you only when you apply or they invite you.",
  pending: "Waiting for Rekomi's review.",
  approved: "Listed: brands see you among their recommended creators.",
  rejected: "Not approved this time. Improve your profile and ask again.",
  suspended: "Suspended from the network. Contact support@rekomi.com.",
};

function NetworkCard({ profile, onChange }: { profile: CreatorProfile; onChange: (p: CreatorProfile) => void }) {
  const { status, note, reviewed_at } = profile.network;
  const act = useSubmit(async (method: "POST" | "DELETE") => onChange(await api<CreatorProfile>("/api/creator/profile/network-request", { method })));
  return (
    <div class="card" data-testid="network-status">
      <h2>The Rekomi network</h2>
      <p>
        <span class={`badge ${status === "approved" ? "active" : status === "pending" ? "paused" : ""}`}>{status}</span> {STATUS_TEXT[status]}
      </p>
      {note && (
        <p class="small muted">
          Rekomi's note ({formatDate(reviewed_at)}): {note}
        </p>
      )}
      {act.generalError && <ErrorNotice error={act.generalError} />}
      {(status === "unlisted" || status === "rejected") && (
        <Submit busy={act.busy} onClick={() => act.submit("POST")}>
          Ask to be listed
        </Submit>
      )}
      {(status === "pending" || status === "approved") && (
        <button type="button" class="secondary" disabled={act.busy} onClick={() => act.submit("DELETE")}>
          {status === "pending" ? "Withdraw the request" : "Leave the network"}
        </button>
      )}
    </div>
  );
}

function Editor({ profile, onSaved }: { profile: CreatorProfile | null; onSaved: (p: CreatorProfile) => void }) {
  const me = useMe();
  const [d, setD] = useState<Draft>(() => draftOf(profile, me.name ?? ""));
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setD({ ...d, ...patch });
  };
  const form = useSubmit(async () => {
    const p = await api<CreatorProfile>("/api/creator/profile", { method: profile ? "PATCH" : "POST", json: body(d) });
    onSaved(p);
    setSaved(true);
  }, FIELDS);
  const setChannel = (i: number, patch: Partial<Draft["audience"][number]>) => set({ audience: d.audience.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  const audienceError = form.fieldError("audience");

  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit();
      }}
    >
      <h2>{profile ? "Your profile" : "Create your creator profile"}</h2>
      <p class="muted small">One profile for every brand: it is your application when you apply to a campaign.</p>
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <Field label="Display name" name="display_name" required value={d.display_name} onValue={(v) => set({ display_name: v })} error={form.fieldError("display_name")} maxLength={80} />
      <label class={`field${form.fieldError("bio") ? " invalid" : ""}`} for="f-bio">
        <span>About you</span>
        <textarea id="f-bio" name="bio" rows={3} maxLength={2000} value={d.bio} onInput={(e) => set({ bio: e.currentTarget.value })} />
        {form.fieldError("bio") && <small class="field-error">{form.fieldError("bio")}</small>}
      </label>
      <fieldset class={`field${audienceError ? " invalid" : ""}`}>
        <span>Audience per channel</span>
        {d.audience.map((a, i) => (
          <div class="audience-row" key={i}>
            <select aria-label="Channel" name={`audience_channel_${i}`} value={a.channel} onChange={(e) => setChannel(i, { channel: e.currentTarget.value })}>
              {AUDIENCE_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <input aria-label="Followers or subscribers" name={`audience_size_${i}`} inputMode="numeric" placeholder="Followers" value={a.size} onInput={(e) => setChannel(i, { size: e.currentTarget.value })} />
            <input aria-label="Channel URL" name={`audience_url_${i}`} type="url" placeholder="https://… (optional)" value={a.url} onInput={(e) => setChannel(i, { url: e.currentTarget.value })} />
            <button type="button" class="link" aria-label="Remove channel" onClick={() => set({ audience: d.audience.filter((_, j) => j !== i) })}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" class="secondary small-button" onClick={() => set({ audience: [...d.audience, { channel: "blog", url: "", size: "" }] })}>
          + Add a channel
        </button>
        {audienceError && <small class="field-error">{audienceError}</small>}
      </fieldset>
      <Field label="Niches" name="niches" value={d.niches} onValue={(v) => set({ niches: v })} hint="Comma-separated, e.g. fitness, nutrition." error={form.fieldError("niches")} />
      <Field label="Audience countries" name="countries" value={d.countries} onValue={(v) => set({ countries: v })} hint="ISO codes, e.g. US, GB, DE." error={form.fieldError("countries")} />
      <Field label="Languages" name="languages" value={d.languages} onValue={(v) => set({ languages: v })} hint="ISO codes, e.g. en, de." error={form.fieldError("languages")} />
      <Field label="Content formats" name="content_formats" value={d.content_formats} onValue={(v) => set({ content_formats: v })} hint="e.g. video, newsletter, reviews." error={form.fieldError("content_formats")} />
      <label class={`field${form.fieldError("links") ? " invalid" : ""}`} for="f-links">
        <span>Links</span>
        <textarea id="f-links" name="links" rows={2} placeholder="https://… (one per line)" value={d.links} onInput={(e) => set({ links: e.currentTarget.value })} />
        {form.fieldError("links") && <small class="field-error">{form.fieldError("links")}</small>}
      </label>
      <Submit busy={form.busy}>{profile ? "Save profile" : "Create profile"}</Submit>
      {saved && <span class="small muted"> Saved.</span>}
    </form>
  );
}

/** `/creator/profile`: create the one profile, edit it, and ask to be listed in the network. */
export function Profile() {
  const me = useMe();
  const session = useSession();
  const { state, reload } = useLoad<CreatorProfile | null>(
    () => (me.affiliate ? api<CreatorProfile>("/api/creator/profile") : Promise.resolve(null)).catch((err) => {
      if (err instanceof ApiFailure && err.status === 404) return null;
      throw err;
    }),
    [me.affiliate?.id],
  );
  const [current, setCurrent] = useState<CreatorProfile | null>(null);
  if (!me.email_verified) {
    return (
      <Notice kind="warning">
        <p>Verify your email address to create a creator profile: brands you work with will reach you there.</p>
      </Notice>
    );
  }
  return (
    <Loaded state={state} reload={reload}>
      {(loaded) => {
        const profile = current ?? loaded;
        return (
          <div class="stack narrow">
            {profile && <NetworkCard profile={profile} onChange={setCurrent} />}
            <Editor
              profile={profile}
              onSaved={(p) => {
                setCurrent(p);
                if (!me.affiliate || me.affiliate.display_name !== p.display_name) session.refresh();
              }}
            />
          </div>
        );
      }}
    </Loaded>
  );
}
