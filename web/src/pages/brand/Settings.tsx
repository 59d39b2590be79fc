import { useState } from "preact/hooks";
import { api } from "../../api";
import { Link, useLocation } from "../../router";
import { ErrorNotice, Field, Notice, Submit, formatDate, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";

/** The Settings pages: the brand itself, and its payment gateways (for who may see them). */
export function SettingsNav() {
  const { brand, can } = useBrand();
  const { path } = useLocation();
  const pages = [
    { href: `/brands/${brand.id}/settings`, label: "Brand" },
    ...(can("gateways.view") ? [{ href: `/brands/${brand.id}/settings/gateways`, label: "Payment gateways" }] : []),
  ];
  return (
    <nav class="pills" aria-label="Settings">
      {pages.map((p) => (
        <Link key={p.href} href={p.href} aria-current={path === p.href ? "page" : undefined}>
          {p.label}
        </Link>
      ))}
    </nav>
  );
}

export function Settings() {
  const { brand, can, reload } = useBrand();
  const [name, setName] = useState(brand.name);
  const [website, setWebsite] = useState(brand.website_url ?? "");
  const [currency, setCurrency] = useState(brand.default_currency);
  const [requireTaxForm, setRequireTaxForm] = useState(brand.require_tax_form);
  const [saved, setSaved] = useState(false);
  const editable = can("brand.manage") && brand.status === "active";
  const form = useSubmit(async () => {
    await api(`/api/brands/${brand.id}`, { method: "PATCH", json: { name, website_url: website.trim() || null, default_currency: currency.trim().toUpperCase(), require_tax_form: requireTaxForm } });
    setSaved(true);
    reload();
  }, ["name", "website_url", "default_currency", "require_tax_form"]);
  return (
    <div class="stack">
      <SettingsNav />
      <form
        class="card narrow"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          form.submit();
        }}
      >
        {!editable && (
          <Notice>
            <p class="small">Only owners and admins change brand settings.</p>
          </Notice>
        )}
        {saved && (
          <Notice kind="success">
            <p>Saved.</p>
          </Notice>
        )}
        {form.generalError && <ErrorNotice error={form.generalError} />}
        <fieldset disabled={!editable}>
          <Field label="Brand name" name="name" required value={name} onValue={setName} error={form.fieldError("name")} />
          <Field label="Website" name="website_url" type="url" value={website} onValue={setWebsite} error={form.fieldError("website_url")} />
          <Field label="Default currency" name="default_currency" maxLength={3} value={currency} onValue={setCurrency} error={form.fieldError("default_currency")} />
          <label class="field checkbox" for="f-require_tax_form">
            <input id="f-require_tax_form" name="require_tax_form" type="checkbox" checked={requireTaxForm} onChange={(e) => setRequireTaxForm(e.currentTarget.checked)} />
            <span>Hold payouts until a creator has a valid tax form on file (W-9, or an unexpired W-8BEN / W-8BEN-E, accepted)</span>
          </label>
          {editable && <Submit busy={form.busy}>Save</Submit>}
        </fieldset>
        <p class="small muted">
          Brand id <code>{brand.id}</code> · created {formatDate(brand.created_at)}
        </p>
      </form>
    </div>
  );
}
