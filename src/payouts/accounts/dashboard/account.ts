import type { Context } from "hono";
import { creatorOf } from "../../../creators/access";
import { dashboardRoute } from "../../../infra/api/dashboard-route";
import type { DashboardApp, DashboardEnv } from "../../../infra/api/dashboard-types";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../../infra/http/schemas";
import { payoutsConfigured } from "../../platform";
import { expressLoginLink, newOnboardingLink, ownAccount, refreshAccount, startOnboarding } from "../onboarding";
import { PayoutAccount, StartOnboarding, StripeLink, serializePayoutAccount } from "../schemas";

const TAGS = ["Creator payouts"];
const stripeErrors = { 502: errorResponse("Stripe refused or could not be reached; nothing was changed."), 503: errorResponse("Payouts are not configured on this deployment.") };

export const getPayoutAccountRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/creator/payouts/account",
  tags: TAGS,
  summary: "Your payout account",
  description: "Your Stripe Express account as Stripe last reported it (`status` `not_started` before you begin).",
  responses: { 200: jsonResponse(PayoutAccount, "The account's state."), ...commonErrors },
});

export const startOnboardingRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/creator/payouts/account",
  tags: TAGS,
  summary: "Start Stripe onboarding",
  description:
    "Creates your Stripe Express account in `country` (once; a repeat with the same country only gives a new link) and returns a link into Stripe's onboarding. " +
    "A country Rekomi cannot pay through Stripe Connect is refused (422, `param` `country`); another country than your account's is 409.",
  request: { body: jsonBody(StartOnboarding) },
  responses: {
    200: jsonResponse(StripeLink, "Open this URL: Stripe's onboarding, returning to /creator/payouts."),
    ...commonErrors,
    409: errorResponse("Your account exists in another country."),
    422: errorResponse("Rekomi cannot pay creators in that country."),
    ...stripeErrors,
  },
});

export const onboardingLinkRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/creator/payouts/account/link",
  tags: TAGS,
  summary: "A new onboarding link",
  description: "Stripe's links open once and expire within minutes: this makes a fresh one (it asks only for what Stripe still needs).",
  responses: { 200: jsonResponse(StripeLink, "Open this URL."), ...commonErrors, 409: errorResponse("No payout account yet."), ...stripeErrors },
});

export const refreshAccountRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/creator/payouts/account/refresh",
  tags: TAGS,
  summary: "Refresh from Stripe",
  description: "Reads the account from Stripe now and records its state (the page calls it when you come back from Stripe).",
  responses: { 200: jsonResponse(PayoutAccount, "The account's state."), ...commonErrors, 409: errorResponse("No payout account yet."), ...stripeErrors },
});

export const loginLinkRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/creator/payouts/account/login-link",
  tags: TAGS,
  summary: "Open your Stripe Express dashboard",
  description: "A one-time link into your Express dashboard (bank account, payouts to your bank). Available once Stripe's onboarding is submitted.",
  responses: { 200: jsonResponse(StripeLink, "Open this URL."), ...commonErrors, 409: errorResponse("Onboarding is not submitted yet."), ...stripeErrors },
});

/** What onboarding needs from the request: the deployment's config, the database and the guarded creator. */
const deps = (c: Context<DashboardEnv>) => ({ config: c.var.config, db: c.var.db(), creator: creatorOf(c) });

export function registerPayoutAccountRoutes(app: DashboardApp) {
  app.openapi(getPayoutAccountRoute, async (c) => c.json(serializePayoutAccount(await ownAccount(deps(c)), payoutsConfigured(c.var.config)), 200));

  app.openapi(startOnboardingRoute, async (c) => c.json({ url: await startOnboarding(deps(c), c.req.valid("json").country) }, 200));

  app.openapi(onboardingLinkRoute, async (c) => c.json({ url: await newOnboardingLink(deps(c)) }, 200));

  app.openapi(refreshAccountRoute, async (c) => c.json(serializePayoutAccount(await refreshAccount(deps(c)), true), 200));

  app.openapi(loginLinkRoute, async (c) => c.json({ url: await expressLoginLink(deps(c)) }, 200));
}
