import { useState } from "preact/hooks";
import { api, type Application, type BrandLink, type Campaign, type Creator, type Page, type TrackingLink } from "../../api";
import { Link, useLocation } from "../../router";
import { CopyButton, Empty, ErrorNotice, Field, Loaded, Notice, Submit, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";

/** Offers a creator the brand already works with (in another campaign) a place in this one: they accept in their dashboard. */
function AddCreator({ campaign, enrolledIds, onAdded }: { campaign: Campaign; enrolledIds: Set<string>; onAdded: () => void }) {
  const { brand } = useBrand();
  const { state, reload } = useLoad(() => api<Page<Creator>>(`/api/brands/${brand.id}/affiliates?scope=enrolled&limit=100`), [brand.id]);
  const [affiliateId, setAffiliateId] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const add = useSubmit(async () => {
    await api(`/api/brands/${brand.id}/campaigns/${campaign.id}/enrollments`, { method: "POST", json: { affiliate_id: affiliateId } });
    setSent((state.kind === "ready" ? state.data.data.find((c) => c.id === affiliateId)?.display_name : undefined) ?? "the creator");
    setAffiliateId("");
    onAdded();
  }, ["affiliate_id"]);
  return (
    <Loaded state={state} reload={reload}>
      {({ data }) => {
        const candidates = data.filter((c) => !enrolledIds.has(c.id));
        return candidates.length === 0 ? null : (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              add.submit();
            }}
          >
            {add.generalError && <ErrorNotice error={add.generalError} />}
            {sent && <Notice>Offer sent to {sent}: you can make their links once they accept.</Notice>}
            <label class="field" for="f-add_creator">
              <span>Offer a place to a creator you already work with</span>
              <select id="f-add_creator" name="add_creator" required value={affiliateId} onChange={(e) => setAffiliateId(e.currentTarget.value)}>
                <option value="">Choose…</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.display_name}
                    {c.email ? ` (${c.email})` : ""}
                  </option>
                ))}
              </select>
              {add.fieldError("affiliate_id") && <small class="field-error">{add.fieldError("affiliate_id")}</small>}
            </label>
            <Submit busy={add.busy}>Send offer</Submit>
          </form>
        );
      }}
    </Loaded>
  );
}

function NewLink({ enrollments, onCreated }: { enrollments: Application[]; onCreated: (link: TrackingLink) => void }) {
  const { brand } = useBrand();
  const [enrollmentId, setEnrollmentId] = useState(enrollments.length === 1 ? enrollments[0]!.id : "");
  const [code, setCode] = useState("");
  const [destination, setDestination] = useState("");
  const [promoCode, setPromoCode] = useState("");
  const create = useSubmit(async () => {
    const link = await api<TrackingLink>(`/api/brands/${brand.id}/links`, {
      method: "POST",
      json: {
        enrollment_id: enrollmentId,
        ...(code.trim() && { code: code.trim() }),
        ...(destination.trim() && { destination_url: destination.trim() }),
        ...(promoCode.trim() && { promo_code: promoCode.trim() }),
      },
    });
    setCode("");
    setDestination("");
    setPromoCode("");
    onCreated(link);
  }, ["enrollment_id", "code", "destination_url", "promo_code"]);
  return (
    <form
      class="card inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        create.submit();
      }}
    >
      <h2>New tracking link</h2>
      {create.generalError && <ErrorNotice error={create.generalError} />}
      <label class="field" for="f-link_enrollment">
        <span>Creator</span>
        <select id="f-link_enrollment" name="link_enrollment" required value={enrollmentId} onChange={(e) => setEnrollmentId(e.currentTarget.value)}>
          <option value="">Choose…</option>
          {enrollments.map((e) => (
            <option key={e.id} value={e.id}>
              {e.profile.display_name}
              {e.status === "paused" ? " (paused)" : ""}
            </option>
          ))}
        </select>
        {create.fieldError("enrollment_id") && <small class="field-error">{create.fieldError("enrollment_id")}</small>}
      </label>
      <Field label="Code (optional)" name="link_code" value={code} onValue={setCode} error={create.fieldError("code")} placeholder="random" hint="4–64 letters, digits, - or _." />
      <Field label="Deep link (optional)" name="link_destination" type="url" value={destination} onValue={setDestination} error={create.fieldError("destination_url")} hint="Defaults to the campaign's destination." />
      <Field
        label="Promotion code (optional)"
        name="link_promo_code"
        value={promoCode}
        onValue={setPromoCode}
        error={create.fieldError("promo_code")}
        placeholder="promo_1QxYz"
        hint="The gateway's promotion code / discount id given to this creator (Stripe promo_…, Paddle dsc_…, Braintree discount id), not the text customers type: payments that use it are credited to them."
      />
      <Submit busy={create.busy}>Create link</Submit>
    </form>
  );
}

/** A link's promotion code, editable in place by those who manage links. */
function PromoCode({ link, manage, onChanged }: { link: BrandLink; manage: boolean; onChanged: () => void }) {
  const { brand } = useBrand();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(link.promo_code ?? "");
  const save = useSubmit(async () => {
    await api(`/api/brands/${brand.id}/links/${link.id}`, { method: "PATCH", json: { promo_code: value.trim() || null } });
    setEditing(false);
    onChanged();
  }, ["promo_code"]);
  if (!editing) {
    return (
      <>
        {link.promo_code ? <code data-testid="link-promo-code">{link.promo_code}</code> : <span class="muted">none</span>}{" "}
        {manage && (
          <button type="button" class="secondary small-button" onClick={() => setEditing(true)}>
            {link.promo_code ? "Change" : "Add"}
          </button>
        )}
      </>
    );
  }
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.submit();
      }}
    >
      {save.generalError && <ErrorNotice error={save.generalError} />}
      <Field label="Promotion code" name={`promo_code_${link.id}`} value={value} onValue={setValue} error={save.fieldError("promo_code")} hint="Empty removes it." />
      <Submit busy={save.busy}>Save</Submit>{" "}
      <button type="button" class="secondary small-button" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  );
}

function LinksTable({ links, manage, onChanged }: { links: BrandLink[]; manage: boolean; onChanged: () => void }) {
  const { brand } = useBrand();
  const toggle = useSubmit(async (link: BrandLink) => {
    await api(`/api/brands/${brand.id}/links/${link.id}`, { method: "PATCH", json: { status: link.status === "active" ? "disabled" : "active" } });
    onChanged();
  });
  return (
    <>
      {toggle.generalError && <ErrorNotice error={toggle.generalError} />}
      <table class="grid links" data-testid="links">
        <thead>
          <tr>
            <th>Link</th>
            <th>Creator</th>
            <th>Clicks</th>
            <th>Promotion code</th>
            <th>Status</th>
            {manage && <th />}
          </tr>
        </thead>
        <tbody>
          {links.map((l) => (
            <tr key={l.id} data-code={l.code}>
              <td>
                <code data-testid="link-url">{l.url}</code> <CopyButton text={l.url} />
                {l.destination_url && <div class="small muted">→ {l.destination_url}</div>}
              </td>
              <td>{l.affiliate_name}</td>
              <td>
                <strong data-testid="link-clicks">{l.clicks.total.toLocaleString("en")}</strong>
                <div class="small muted">{l.clicks.last_30_days.toLocaleString("en")} in 30 days</div>
              </td>
              <td>
                <PromoCode link={l} manage={manage} onChanged={onChanged} />
              </td>
              <td>
                <span class={`badge ${l.status === "active" ? "active" : "paused"}`}>{l.status === "active" ? "active" : "paused"}</span>
              </td>
              {manage && (
                <td class="actions">
                  <button type="button" class="secondary small-button" disabled={toggle.busy} onClick={() => toggle.submit(l)}>
                    {l.status === "active" ? "Pause" : "Resume"}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A campaign's creators and their tracking links, with click counts from the daily rollups. */
export function Links({ campaign }: { campaign: Campaign }) {
  const { brand, can } = useBrand();
  const { search } = useLocation();
  const [filter, setFilter] = useState("");
  const [created, setCreated] = useState<TrackingLink | null>(null);
  const enrollments = useLoad(() => api<Page<Application>>(`/api/brands/${brand.id}/applications?campaign_id=${campaign.id}&status=approved,paused&limit=100`), [brand.id, campaign.id]);
  const links = useLoad(
    () => api<Page<BrandLink>>(`/api/brands/${brand.id}/links?campaign_id=${campaign.id}&limit=100${filter ? `&enrollment_id=${filter}` : ""}`),
    [brand.id, campaign.id, filter],
  );
  const live = brand.status === "active";
  const manageLinks = can("links.manage") && live;
  const manageCreators = can("affiliates.manage") && live;
  return (
    <div class="stack">
      {search.get("created") && (
        <Notice kind="success">
          <p>
            {campaign.name} is live. Next: add a creator, then make their tracking link. New creators join through the{" "}
            <Link href={`/brands/${brand.id}/campaigns/${campaign.id}/recruiting`}>join link</Link>.
          </p>
        </Notice>
      )}
      <Loaded state={enrollments.state} reload={enrollments.reload}>
        {({ data }) => (
          <>
            {manageCreators && <AddCreator campaign={campaign} enrolledIds={new Set(data.map((e) => e.profile.id))} onAdded={enrollments.reload} />}
            {data.length === 0 ? (
              <Empty title="No creators in this campaign yet">
                <p>
                  Share the campaign's <Link href={`/brands/${brand.id}/campaigns/${campaign.id}/recruiting`}>join link</Link>, invite creators by email, or pick{" "}
                  <Link href={`/brands/${brand.id}/campaigns/${campaign.id}/recommended`}>recommended creators</Link>. Links need a creator.
                </p>
              </Empty>
            ) : (
              <>
                {manageLinks && (
                  <NewLink
                    enrollments={data}
                    onCreated={(l) => {
                      setCreated(l);
                      links.reload();
                    }}
                  />
                )}
                {created && (
                  <Notice kind="success">
                    <p>
                      Link ready: <code data-testid="new-link">{created.url}</code> <CopyButton text={created.url} /> Open it in a browser to see a click arrive.
                    </p>
                  </Notice>
                )}
                <div class="inline-form">
                  <label class="field" for="f-link_filter">
                    <span>Show links of</span>
                    <select id="f-link_filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
                      <option value="">Every creator</option>
                      {data.map((e) => (
                        <option key={e.id} value={e.id}>
                          {e.profile.display_name}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="button" class="secondary" onClick={links.reload}>
                    Refresh clicks
                  </button>
                </div>
              </>
            )}
          </>
        )}
      </Loaded>
      <Loaded state={links.state} reload={links.reload}>
        {({ data }) =>
          data.length === 0 ? <p class="muted">No tracking links yet.</p> : <LinksTable links={data} manage={manageLinks} onChanged={links.reload} />
        }
      </Loaded>
    </div>
  );
}
