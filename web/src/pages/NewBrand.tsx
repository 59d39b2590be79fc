import { useState } from "preact/hooks";
import { api, type Brand } from "../api";
import { Link, navigate } from "../router";
import { useMe, useSession } from "../session";
import { ErrorNotice, Field, Notice, Submit, useSubmit } from "../ui";
import { VerifyBanner } from "./Account";

export function NewBrand({ first = false }: { first?: boolean }) {
  const me = useMe();
  const session = useSession();
  const [name, setName] = useState("");
  const [website, setWebsite] = useState("");
  const [currency, setCurrency] = useState("USD");
  const form = useSubmit(async () => {
    const brand = await api<Brand>("/api/brands", { method: "POST", json: { name, website_url: website.trim() || null, default_currency: currency.trim().toUpperCase() } });
    await session.refresh();
    navigate(`/brands/${brand.id}/campaigns`);
  }, ["name", "website_url", "default_currency"]);

  return (
    <section class="narrow">
      <h1>{first ? "Welcome to Rekomi" : "New brand"}</h1>
      {first && (
        <>
          <p class="muted">Create your brand to run campaigns, or wait for an invitation from a team that already uses Rekomi.</p>
          <div class="notice info">
            <p>
              <strong>Are you a creator?</strong> <Link href="/creator/profile">Set up your creator profile</Link> to get matched with campaigns and apply in one click.
            </p>
          </div>
        </>
      )}
      {!me.email_verified ? (
        <VerifyBanner />
      ) : (
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            form.submit();
          }}
        >
          {form.generalError && <ErrorNotice error={form.generalError} />}
          <Field label="Brand name" name="name" required value={name} onValue={setName} error={form.fieldError("name")} />
          <Field label="Website" name="website_url" type="url" placeholder="https://…" value={website} onValue={setWebsite} error={form.fieldError("website_url")} />
          <Field label="Default currency" name="default_currency" value={currency} onValue={setCurrency} maxLength={3} error={form.fieldError("default_currency")} hint="ISO code, like USD or EUR." />
          <Submit busy={form.busy}>Create brand</Submit>
          <Notice>
            <p class="small">You become the brand's owner.</p>
          </Notice>
        </form>
      )}
    </section>
  );
}
