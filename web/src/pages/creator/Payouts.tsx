import type { z } from "zod";
import { useEffect, useState } from "preact/hooks";
import type { CreatorPayout, CreatorPayoutBalance, PayoutAccount as PayoutAccountSchema } from "../../../../src/payouts/accounts/schemas";
import { api } from "../../api";
import { formatMoney } from "../../money";
import { LoadMore, usePagedList } from "../../paged-list";
import { navigate, useLocation } from "../../router";
import { Empty, ErrorNotice, Loaded, Notice, Submit, formatDate, useLoad, useSubmit } from "../../ui";
import { COUNTRIES, countryName, disabledReasonInWords, requirementsInWords } from "./payout-words";

type Account = z.infer<typeof PayoutAccountSchema>;
type Balance = z.infer<typeof CreatorPayoutBalance>;
type Payout = z.infer<typeof CreatorPayout>;

/** Stripe's pages: onboarding and the Express dashboard open in this tab and come back here. */
const openStripe = async (path: string, json?: unknown) => {
  const { url } = await api<{ url: string }>(path, { method: "POST", json });
  location.assign(url);
};

function StartOnboarding() {
  const [country, setCountry] = useState("US");
  const form = useSubmit(() => openStripe("/api/creator/payouts/account", { country }), ["country"]);
  const sorted = [...COUNTRIES].sort((a, b) => countryName(a).localeCompare(countryName(b)));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        form.submit();
      }}
    >
      <p>Brands pay you through Stripe. Set up a free Stripe Express account once and every brand you work with can pay you into it.</p>
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <fieldset disabled={form.busy}>
        <label class={`field${form.fieldError("country") ? " invalid" : ""}`} for="f-country">
          <span>Country where you live and bank</span>
          <select id="f-country" name="country" value={country} onChange={(e) => setCountry(e.currentTarget.value)} aria-invalid={!!form.fieldError("country")} aria-describedby="country-help">
            {sorted.map((c) => (
              <option key={c} value={c}>
                {countryName(c)}
              </option>
            ))}
          </select>
          {form.fieldError("country") ? (
            <small class="field-error" role="alert" id="country-help">
              {form.fieldError("country")}
            </small>
          ) : (
            <small class="muted" id="country-help">
              Stripe does not let it change later.
            </small>
          )}
        </label>
        <Submit busy={form.busy}>Continue to Stripe</Submit>
      </fieldset>
    </form>
  );
}

function AccountState({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const link = useSubmit(() => openStripe("/api/creator/payouts/account/link"));
  const login = useSubmit(() => openStripe("/api/creator/payouts/account/login-link"));
  const refresh = useSubmit(async () => {
    await api("/api/creator/payouts/account/refresh", { method: "POST" });
    onChanged();
  });
  const due = requirementsInWords(account.requirements_due);
  const later = requirementsInWords(account.requirements_eventually_due).filter((r) => !due.includes(r));
  const disabled = disabledReasonInWords(account.disabled_reason);
  const error = link.generalError ?? login.generalError ?? refresh.generalError;
  const bank = account.last_bank_payout;
  return (
    <>
      <p data-testid="payout-account-status">
        {account.status === "active" && <strong>Ready to be paid.</strong>}
        {account.status === "incomplete" && <strong>Stripe needs a few more details before brands can pay you.</strong>}
        {account.status === "restricted" && <strong>Payouts to you are paused.</strong>}
        {account.status === "not_started" && <strong>You have not finished Stripe's onboarding yet.</strong>} <span class="muted small">Stripe account {account.stripe_account_id} · {countryName(account.country!)}</span>
      </p>
      {disabled && <Notice kind="warning">{disabled}</Notice>}
      {due.length > 0 && (
        <>
          <h3>Stripe still needs</h3>
          <ul>
            {due.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {later.length > 0 && (
        <p class="small muted">Later, Stripe will also ask for: {later.join(", ").toLowerCase()}.</p>
      )}
      {bank && (
        <p class="small">
          Latest payout to your bank: {formatMoney(bank.amount, bank.currency)}, {bank.status.replace("_", " ")}
          {bank.arrival_date ? `, arriving ${formatDate(new Date(bank.arrival_date * 1000).toISOString())}` : ""}.
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      <div class="actions">
        {account.status !== "active" && (
          <Submit busy={link.busy} onClick={() => link.submit()}>
            {account.details_submitted ? "Give Stripe what it needs" : "Continue Stripe onboarding"}
          </Submit>
        )}
        {account.details_submitted && (
          <Submit busy={login.busy} onClick={() => login.submit()}>
            Open your Stripe Express dashboard
          </Submit>
        )}
        <button type="button" class="secondary" disabled={refresh.busy} onClick={() => refresh.submit()}>
          Check again with Stripe
        </button>
      </div>
    </>
  );
}

function AccountSection() {
  const { search } = useLocation();
  // How the creator arrived, kept after the query is cleaned from the address bar.
  const [arrival] = useState(() => search.get("onboarding"));
  const [refreshError, setRefreshError] = useState<unknown>(null);
  const [ready, setReady] = useState(arrival === null);
  // Back from Stripe: ask Stripe for the account's state now (its webhook may still be on the way).
  useEffect(() => {
    if (arrival === null) return;
    api("/api/creator/payouts/account/refresh", { method: "POST" })
      .catch(setRefreshError)
      .finally(() => {
        navigate("/creator/payouts", { replace: true });
        setReady(true);
      });
  }, []);
  const { state, reload } = useLoad(() => (ready ? api<Account>("/api/creator/payouts/account") : new Promise<Account>(() => undefined)), [ready]);
  return (
    <section class="card" aria-labelledby="payout-account-heading">
      <h2 id="payout-account-heading">Payout account</h2>
      {arrival === "refresh" && <Notice>That Stripe link had expired: continue below with a fresh one.</Notice>}
      {refreshError !== null && <ErrorNotice error={refreshError} />}
      <Loaded state={state} reload={reload}>
        {(account) =>
          !account.payouts_configured ? (
            <Notice kind="warning">Payouts are not set up on this Rekomi deployment yet.</Notice>
          ) : account.stripe_account_id === null ? (
            <StartOnboarding />
          ) : (
            <AccountState account={account} onChanged={reload} />
          )
        }
      </Loaded>
    </section>
  );
}

function Balances() {
  const { state, reload } = useLoad(() => api<{ data: Balance[] }>("/api/creator/payouts/balances"), []);
  return (
    <section class="card" aria-labelledby="payout-balances-heading">
      <h2 id="payout-balances-heading">Balances by brand</h2>
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title="Nothing owed yet">
              <p>Commissions you earn show here, brand by brand, until they are paid.</p>
            </Empty>
          ) : (
            <table class="grid" data-testid="payout-balances">
              <thead>
                <tr>
                  <th scope="col">Brand</th>
                  <th scope="col">Pending</th>
                  <th scope="col">Approved</th>
                  <th scope="col">Being paid</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Refunds to net</th>
                  <th scope="col">Next payout</th>
                </tr>
              </thead>
              <tbody>
                {data.map((b) => (
                  <tr key={`${b.brand.id}-${b.currency}`}>
                    <th scope="row">{b.brand.name ?? b.brand.id}</th>
                    <td>{formatMoney(b.pending, b.currency)}</td>
                    <td>{formatMoney(b.approved, b.currency)}</td>
                    <td>{formatMoney(b.in_payout, b.currency)}</td>
                    <td>{formatMoney(b.paid, b.currency)}</td>
                    <td class={b.clawback_outstanding < 0 ? "negative" : undefined}>{formatMoney(b.clawback_outstanding, b.currency)}</td>
                    <td class="small">{b.next_payout_date ? formatDate(b.next_payout_date) : "When the brand runs payouts"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

const STATUS_WORDS: Record<Payout["status"], string> = { pending: "Being paid", paid: "Paid", skipped: "Carried forward", failed: "Failed: back in your balance", reversed: "Reversed: back in your balance" };

function History() {
  const list = usePagedList<Payout>("/api/creator/payouts?limit=50");
  return (
    <section class="card" aria-labelledby="payout-history-heading">
      <h2 id="payout-history-heading">Payout history</h2>
      <Loaded state={list.state} reload={list.reload}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty title="No payouts yet" />
          ) : (
            <>
              <table class="grid" data-testid="payout-history">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Brand</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                    <th scope="col">Stripe transfer</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => (
                    <tr key={p.id}>
                      <td class="small">{formatDate(p.paid_at ?? p.created_at)}</td>
                      <td>{p.brand.name ?? p.brand.id}</td>
                      <td>{formatMoney(p.amount, p.currency)}</td>
                      <td>
                        {STATUS_WORDS[p.status]}
                        {p.skip_reason_text && <div class="muted small">{p.skip_reason_text}</div>}
                      </td>
                      <td class="small">{p.transfer_id ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore list={list}>Load older payouts</LoadMore>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/** `/creator/payouts`: the creator's Stripe Express account, what each brand owes them, and every payout. */
export function Payouts() {
  return (
    <div class="stack">
      <AccountSection />
      <Balances />
      <History />
    </div>
  );
}
