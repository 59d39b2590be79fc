import type Stripe from "stripe";
import type { Call, Route, StandInContext } from "../context";
import { invalidRequest, invalidValue, noSuch } from "../errors";
import type { EventRequest } from "../events";
import { base62, nowSeconds, stripeId } from "../ids";
import { emptyList } from "../list";
import { allowOnly, mergeMetadata, nested, optionalString, requiredString } from "../params";

/** What Stripe asks of a new Express account before it can be paid (a representative subset). */
const ONBOARDING_DUE = ["business_profile.url", "business_type", "external_account", "individual.dob.day", "individual.first_name", "individual.last_name", "tos_acceptance.date", "tos_acceptance.ip"];

/** Currencies the stand-in gives a new account by country; others get `usd`. */
const COUNTRY_CURRENCY: Record<string, string> = { US: "usd", GB: "gbp", CA: "cad", AU: "aud", JP: "jpy", FR: "eur", DE: "eur", ES: "eur", IT: "eur", NL: "eur", IE: "eur" };

const requirements = (due: string[]): Stripe.Account.Requirements => ({
  alternatives: [],
  current_deadline: null,
  currently_due: due,
  disabled_reason: due.length > 0 ? "requirements.past_due" : null,
  errors: [],
  eventually_due: due,
  past_due: due,
  pending_verification: [],
});

export function findAccount(id: string, store: StandInContext["store"], param = "id"): Stripe.Account {
  const account = store.find<Stripe.Account>(id, "account", null);
  if (!account) throw noSuch("account", id, param);
  return account;
}

function requestedCapabilities(params: Call["params"]): Record<string, "inactive"> {
  const posted = nested(params, "capabilities") ?? {};
  const requested: Record<string, "inactive"> = {};
  for (const [name, value] of Object.entries(posted)) {
    if (typeof value === "object" && !Array.isArray(value) && value.requested === "true") requested[name] = "inactive";
  }
  return requested;
}

/** Moves an account to "onboarded": nothing due, every requested capability active, payouts on. */
export function completeOnboarding(ctx: StandInContext, accountId: string, request: EventRequest = null): Stripe.Account {
  const account = findAccount(accountId, ctx.store);
  const capabilities = Object.fromEntries(Object.keys(account.capabilities ?? {}).map((name) => [name, "active"]));
  const updated: Stripe.Account = {
    ...account,
    capabilities,
    charges_enabled: "card_payments" in capabilities,
    details_submitted: true,
    payouts_enabled: true,
    requirements: requirements([]),
    tos_acceptance: { date: nowSeconds(), ip: "127.0.0.1", user_agent: "stand-in" },
  };
  return updateAccount(ctx, account, updated, request);
}

function updateAccount(ctx: StandInContext, before: Stripe.Account, after: Stripe.Account, request: EventRequest): Stripe.Account {
  ctx.store.put(null, after);
  const previous = Object.fromEntries(Object.entries(before).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify((after as unknown as Record<string, unknown>)[key])));
  if (Object.keys(previous).length > 0) ctx.events.record("account.updated", after, { account: after.id, previousAttributes: previous, request });
  return after;
}

/** `/v1/accounts` (Express accounts), `/v1/account_links` and `/v1/accounts/:id/login_links`. */
export const accountRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/accounts",
    run({ params }, { store }) {
      allowOnly(params, ["type", "country", "email", "capabilities", "business_type", "business_profile", "metadata", "tos_acceptance", "controller", "default_currency"]);
      const type = optionalString(params, "type") ?? "express";
      if (type !== "express") throw invalidValue("type", `The stand-in makes Express accounts only (got '${type}').`);
      const country = (optionalString(params, "country") ?? "US").toUpperCase();
      if (!/^[A-Z]{2}$/.test(country)) throw invalidValue("country", `Country '${country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`);
      const id = stripeId("acct");
      const account: Stripe.Account = {
        id,
        object: "account",
        business_profile: { mcc: null, name: null, support_email: null, support_phone: null, support_url: null, url: null } as Stripe.Account.BusinessProfile,
        business_type: (optionalString(params, "business_type") as Stripe.Account.BusinessType | null) ?? null,
        capabilities: requestedCapabilities(params),
        charges_enabled: false,
        controller: { fees: { payer: "application_express" }, is_controller: true, losses: { payments: "application" }, requirement_collection: "stripe", stripe_dashboard: { type: "express" }, type: "application" },
        country,
        created: nowSeconds(),
        default_currency: optionalString(params, "default_currency") ?? COUNTRY_CURRENCY[country] ?? "usd",
        details_submitted: false,
        email: optionalString(params, "email"),
        external_accounts: emptyList(`/v1/accounts/${id}/external_accounts`) as Stripe.ApiList<Stripe.BankAccount | Stripe.Card>,
        future_requirements: { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] },
        metadata: mergeMetadata({}, params),
        payouts_enabled: false,
        requirements: requirements(ONBOARDING_DUE),
        tos_acceptance: { date: null },
        type: "express",
      };
      return store.put(null, account);
    },
  },
  { method: "GET", path: "/v1/accounts/:id", run: ({ path }, { store }) => findAccount(path.id!, store) },
  {
    method: "POST",
    path: "/v1/accounts/:id",
    run({ params, path, request }, ctx) {
      allowOnly(params, ["email", "metadata", "business_profile", "business_type", "capabilities", "tos_acceptance", "default_currency"]);
      const account = findAccount(path.id!, ctx.store);
      const added = Object.fromEntries(Object.keys(requestedCapabilities(params)).filter((name) => !(name in (account.capabilities ?? {}))).map((name) => [name, "inactive"]));
      const updated: Stripe.Account = {
        ...account,
        email: optionalString(params, "email") ?? account.email,
        metadata: mergeMetadata(account.metadata ?? {}, params),
        capabilities: { ...account.capabilities, ...added },
        default_currency: optionalString(params, "default_currency") ?? account.default_currency,
      };
      return updateAccount(ctx, account, updated, request);
    },
  },
  {
    method: "POST",
    path: "/v1/account_links",
    run({ params }, { store, baseUrl }) {
      allowOnly(params, ["account", "type", "refresh_url", "return_url", "collect", "collection_options"]);
      const account = findAccount(requiredString(params, "account"), store, "account");
      const type = requiredString(params, "type");
      if (type !== "account_onboarding" && type !== "account_update") throw invalidValue("type", `Invalid type: must be one of account_onboarding or account_update`);
      const returnUrl = requiredString(params, "return_url");
      const refreshUrl = requiredString(params, "refresh_url");
      const created = nowSeconds();
      const url = new URL(`/_stand-in/onboarding/${account.id}/${base62(12)}`, baseUrl);
      url.searchParams.set("return_url", returnUrl);
      url.searchParams.set("refresh_url", refreshUrl);
      return { object: "account_link", created, expires_at: created + 300, url: url.toString() } satisfies Stripe.AccountLink;
    },
  },
  {
    method: "POST",
    path: "/v1/accounts/:id/login_links",
    run({ params, path }, { store, baseUrl }) {
      allowOnly(params, []);
      const account = findAccount(path.id!, store, "account");
      if (!account.details_submitted) throw invalidRequest(`Cannot create a login link for an account that has not completed onboarding.`, { param: "account" });
      return { object: "login_link", created: nowSeconds(), url: new URL(`/_stand-in/express/${account.id}`, baseUrl).toString() } satisfies Stripe.LoginLink;
    },
  },
];
