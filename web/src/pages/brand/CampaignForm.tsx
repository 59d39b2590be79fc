import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { api, type Campaign } from "../../api";
import { currencyExponent, minorToDecimal } from "../../money";
import { materialChangeWords } from "../../network/listing-words";
import { Link, navigate } from "../../router";
import { ErrorNotice, Field, Notice, Submit, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";
import { FIELDS, bodyOf, draftOf, type Draft } from "./campaign-draft";
import { TiersEditor } from "./TiersEditor";

function Choice<V extends string>({ legend, name, value, options, onValue, hint }: { legend: string; name: string; value: V; options: [V, string][]; onValue: (v: V) => void; hint?: ComponentChildren }) {
  return (
    <fieldset class="field choice">
      <legend>{legend}</legend>
      {options.map(([v, label]) => (
        <label key={v} class="check">
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onValue(v)} />
          {label}
        </label>
      ))}
      {hint && <small class="muted">{hint}</small>}
    </fieldset>
  );
}

/** `/brands/{id}/campaigns/new` and a campaign's Settings: the campaign and its commission model. */
export function CampaignForm({ campaign, onSaved }: { campaign: Campaign | null; onSaved?: () => void }) {
  const { brand, can } = useBrand();
  const [d, setD] = useState<Draft>(() => draftOf(campaign, brand.default_currency));
  const [saved, setSaved] = useState(false);
  /** Set when this save sent the listing to review: the material terms changed (empty for a new listing or a resubmission). */
  const [sentToReview, setSentToReview] = useState<string[] | null>(null);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setD((prev) => ({ ...prev, [key]: value }));
  const editable = can("campaigns.manage") && brand.status === "active";
  const currency = d.currency.trim().toUpperCase() || "USD";
  const decimals = /^[A-Z]{3}$/.test(currency) ? currencyExponent(currency) : 2;
  const form = useSubmit(async () => {
    setSaved(false);
    if (campaign) {
      const updated = await api<Campaign>(`/api/brands/${brand.id}/campaigns/${campaign.id}`, { method: "PATCH", json: bodyOf(d, true) });
      // Listing, or changing terms creators rely on, sends the listing to Rekomi staff.
      setSentToReview(updated.listing?.status === "pending" && campaign.listing?.status !== "pending" ? updated.listing.changes : null);
      setSaved(true);
      onSaved?.();
    } else {
      const created = await api<Campaign>(`/api/brands/${brand.id}/campaigns`, { method: "POST", json: bodyOf(d, false) });
      navigate(`/brands/${brand.id}/campaigns/${created.id}/links?created=1`);
    }
  }, FIELDS);
  const err = form.fieldError;
  return (
    <form
      class="card narrow campaign-form"
      data-testid="campaign-form"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit();
      }}
    >
      {!campaign && <h2>New campaign</h2>}
      {!editable && (
        <Notice>
          <p class="small">Only owners and admins create campaigns and change their settings.</p>
        </Notice>
      )}
      {saved && (
        <Notice kind="success">
          <p>Saved. Links pick up a new destination or status within 30 seconds.</p>
          {sentToReview && (
            <p data-testid="listing-sent-to-review">
              {sentToReview.length > 0
                ? `You changed terms creators rely on (${materialChangeWords(sentToReview)}), so the listing is back in review by Rekomi staff; we emailed the brand's owners and admins. Creators already in the campaign keep it.`
                : "The listing is waiting for review by Rekomi staff: creators in the network see it once approved."}
            </p>
          )}
        </Notice>
      )}
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <fieldset disabled={!editable}>
        <Field label="Name" name="name" required maxLength={120} value={d.name} onValue={set("name")} error={err("name")} placeholder="e.g. Pro partner program" />
        <Field
          label="Destination URL"
          name="destination_url"
          type="url"
          required
          value={d.destination_url}
          onValue={set("destination_url")}
          error={err("destination_url")}
          placeholder="https://yourapp.com/pricing"
          hint="Where tracking links send visitors; Rekomi adds rk_click=… to it."
        />
        <Field label="Landing page (optional)" name="landing_page_url" type="url" value={d.landing_page_url} onValue={set("landing_page_url")} error={err("landing_page_url")} hint="Shown to creators as the page to promote." />

        <h3>Commission</h3>
        <Choice
          legend="Creators earn"
          name="commission_type"
          value={d.type}
          options={[
            ["percentage", "A percentage of each payment"],
            ["flat", "A flat amount per payment"],
          ]}
          onValue={set("type")}
        />
        <div class="inline-form">
          {d.type === "percentage" ? (
            <Field label="Rate (%)" name="commission_percent" required value={d.percent} onValue={set("percent")} error={err("commission.rate_bps")} placeholder="25" hint="In percent: 25 means a quarter of each payment; up to two decimals (12.5)." />
          ) : (
            <Field
              label={`Amount (${currency})`}
              name="commission_amount"
              required
              value={d.amount}
              onValue={set("amount")}
              error={err("commission.amount")}
              placeholder={minorToDecimal(49 * 10 ** decimals, currency)}
              hint={`In ${currency}, not cents: ${decimals === 0 ? "whole amounts" : `up to ${decimals} decimals`}.`}
            />
          )}
          <Field label="Currency" name="commission_currency" required maxLength={3} value={d.currency} onValue={set("currency")} error={err("commission.currency")} hint="ISO code, like USD or EUR." />
        </div>
        <Choice
          legend="For"
          name="commission_duration"
          value={d.duration}
          options={[
            ["one_time", "The first payment only"],
            ["recurring", "Every payment for a number of months"],
            ["lifetime", "Every payment, for the customer's lifetime"],
          ]}
          onValue={set("duration")}
        />
        <div class="inline-form">
          {d.duration === "recurring" && (
            <Field label="Months" name="commission_months" required value={d.duration_months} onValue={set("duration_months")} error={err("commission.duration_months")} hint="1 to 120 months of renewals." />
          )}
          <Field label="Hold period (days)" name="commission_hold_days" required value={d.hold_days} onValue={set("hold_days")} error={err("commission.hold_days")} hint="Commissions stay pending this long (your refund window) before approval." />
          <Field
            label={`Minimum payout (${currency})`}
            name="commission_min_payout"
            value={d.min_payout}
            onValue={set("min_payout")}
            error={err("commission.min_payout_amount")}
            placeholder="0"
            hint="Balances below this wait for the next payout."
          />
        </div>

        <TiersEditor
          metric={d.tier_metric}
          tiers={d.tiers}
          currency={currency}
          error={err("tiers")}
          onMetric={set("tier_metric")}
          onTiers={set("tiers")}
        />

        <h3>Tracking</h3>
        <div class="inline-form">
          <Field label="Cookie window (days)" name="cookie_window_days" required value={d.cookie_window_days} onValue={set("cookie_window_days")} error={err("cookie_window_days")} hint="How long after a click a sign-up still counts (1 to 365)." />
        </div>
        <Choice
          legend="When a customer clicked several creators' links"
          name="attribution_model"
          value={d.attribution_model}
          options={[
            ["last_click", "The last click gets the credit"],
            ["first_click", "The first click keeps the credit"],
          ]}
          onValue={set("attribution_model")}
        />

        <h3>Creators</h3>
        <Choice
          legend="Visibility"
          name="visibility"
          value={d.visibility}
          options={[
            ["private", "Private: by invitation and join link only"],
            ["listed", "Listed in the Rekomi creator network (after review by Rekomi staff)"],
          ]}
          onValue={set("visibility")}
        />
        <Field label="Target markets" name="target_markets" value={d.target_markets} onValue={set("target_markets")} error={err("target_markets")} placeholder="US, GB, CA" hint="Country codes, comma-separated; used to match creators." />
        <Field label="Niches" name="niches" value={d.niches} onValue={set("niches")} error={err("niches")} placeholder="saas, analytics" hint="Comma-separated." />
        <label class="field" for="f-description">
          <span>Description</span>
          <textarea id="f-description" name="description" rows={3} maxLength={5000} value={d.description} onInput={(e) => set("description")(e.currentTarget.value)} />
          {err("description") && <small class="field-error">{err("description")}</small>}
        </label>
        <label class="field" for="f-terms">
          <span>Terms for creators</span>
          <textarea id="f-terms" name="terms" rows={4} maxLength={20000} value={d.terms} onInput={(e) => set("terms")(e.currentTarget.value)} />
          {err("terms") && <small class="field-error">{err("terms")}</small>}
        </label>
        <label class="field checkbox" for="f-allow_creator_links">
          <input id="f-allow_creator_links" type="checkbox" checked={d.allow_creator_links} onChange={(e) => set("allow_creator_links")(e.currentTarget.checked)} />
          <span>Creators may make their own tracking links (to this campaign's site only)</span>
        </label>
        {campaign && (
          <Choice
            legend="Status"
            name="status"
            value={d.status}
            options={[
              ["active", "Active"],
              ["paused", "Paused: links show a 404 page"],
              ["archived", "Archived"],
            ]}
            onValue={set("status")}
          />
        )}
        {editable && (
          <p>
            <Submit busy={form.busy}>{campaign ? "Save changes" : "Create campaign"}</Submit>{" "}
            {!campaign && <Link href={`/brands/${brand.id}/campaigns`}>Cancel</Link>}
          </p>
        )}
      </fieldset>
    </form>
  );
}
