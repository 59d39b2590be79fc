import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { CreatorAccess } from "../../creators/access";
import type { AppConfig } from "../../infra/app/config";
import type { Db, Tx } from "../../infra/db/client";
import { withPrincipal } from "../../infra/db/principal";
import { affiliates, payoutAccounts } from "../../infra/db/schema";
import { DomainError } from "../../infra/domain-error";
import { canPayTo } from "../countries";
import { platformStripe } from "../platform";
import { applyAccount, statusColumns, type PayoutAccountRow } from "./apply";

/**
 * A creator's Express account at Rekomi's platform: created once (Stripe does not let its
 * country change), then Account Links into Stripe's own onboarding, and the Express
 * dashboard for everything after. Every call acts for the signed-in creator only.
 */

type Deps = { config: AppConfig; db: Db; creator: CreatorAccess };

const asCreator = <T>({ db, creator }: Deps, fn: (tx: Tx) => Promise<T>) => withPrincipal(db, { kind: "affiliate", affiliateId: creator.affiliateId, userId: creator.userId }, fn);

export function ownAccount(deps: Deps): Promise<PayoutAccountRow | undefined> {
  return asCreator(deps, async (tx) => (await tx.select().from(payoutAccounts).where(eq(payoutAccounts.affiliateId, deps.creator.affiliateId)))[0]);
}

/** Stripe's refusal or outage as the creator's error (Stripe's own problem is a 502, never a 500). */
function stripeFailure(error: unknown, doing: string): DomainError {
  if (error instanceof DomainError) return error;
  const type = (error as { type?: string }).type;
  const message = (error as Error).message;
  // Another request with the same idempotency key (a double click) is still in flight at Stripe.
  if (type === "StripeIdempotencyError") return new DomainError("conflict", `Stripe is still ${doing} for an earlier click; try again in a moment.`);
  if (type === "StripeInvalidRequestError") return new DomainError("bad_gateway", `Stripe refused ${doing}: ${message}`);
  return new DomainError("bad_gateway", `Stripe could not be reached while ${doing}; nothing was changed, try again. (${message})`);
}

async function calling<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw stripeFailure(error, doing);
  }
}

/**
 * An onboarding link into Stripe. Express accounts take `account_onboarding` links only
 * (Stripe refuses `account_update` for accounts with a Stripe-hosted dashboard); once the
 * details are submitted, the same link asks only for what is still due.
 */
async function onboardingLink(stripe: Stripe, config: AppConfig, accountId: string): Promise<string> {
  const page = (state: string) => new URL(`/creator/payouts?onboarding=${state}`, config.APP_ORIGIN).toString();
  const link = await calling("creating the onboarding link", () =>
    stripe.accountLinks.create({ account: accountId, type: "account_onboarding", refresh_url: page("refresh"), return_url: page("return") }),
  );
  return link.url;
}

/**
 * Creates the creator's Express account in `country` (or reuses theirs in that country) and
 * returns a link into Stripe's onboarding. A country Rekomi cannot transfer to is refused
 * here, before anything is created. The idempotency key is the creator and country, so a
 * double click (or a retry after a lost answer) makes one account.
 */
export async function startOnboarding(deps: Deps, country: string): Promise<string> {
  const payable = canPayTo(deps.config.STRIPE_PLATFORM_COUNTRY, country);
  if (!payable.ok) throw new DomainError("unprocessable", payable.reason, { param: "country" });
  const stripe = await platformStripe(deps.config);
  let row = await ownAccount(deps);
  if (row && row.country !== country) {
    throw new DomainError("conflict", `Your payout account is in ${row.country}; Stripe does not let an account change country. Continue with ${row.country}.`, { param: "country" });
  }
  if (!row) {
    const email = await asCreator(deps, async (tx) => (await tx.select({ email: affiliates.email }).from(affiliates).where(eq(affiliates.id, deps.creator.affiliateId)))[0]?.email);
    const account = await calling("creating your payout account", () =>
      stripe.accounts.create(
        {
          type: "express",
          country,
          ...(email ? { email } : {}),
          capabilities: { transfers: { requested: true } },
          ...(payable.serviceAgreement === "recipient" ? { tos_acceptance: { service_agreement: "recipient" } } : {}),
          metadata: { rekomi_affiliate: deps.creator.affiliateId },
        },
        { idempotencyKey: `payout_account_${deps.creator.affiliateId}_${country}` },
      ),
    );
    row = await asCreator(deps, async (tx) => {
      // A concurrent request may have inserted the same account first (same idempotency key).
      await tx
        .insert(payoutAccounts)
        .values({ affiliateId: deps.creator.affiliateId, stripeAccountId: account.id, country, ...statusColumns(account) })
        .onConflictDoNothing();
      return (await tx.select().from(payoutAccounts).where(eq(payoutAccounts.affiliateId, deps.creator.affiliateId)))[0];
    });
  }
  return onboardingLink(stripe, deps.config, row!.stripeAccountId);
}

/** A fresh onboarding link (links expire within minutes and open once). */
export async function newOnboardingLink(deps: Deps): Promise<string> {
  const row = await ownAccount(deps);
  if (!row) throw new DomainError("conflict", "You have no payout account yet: choose your country to start.", { param: "country" });
  return onboardingLink(await platformStripe(deps.config), deps.config, row.stripeAccountId);
}

/** Asks Stripe for the account as it is now and applies it (the return page after onboarding). */
export async function refreshAccount(deps: Deps): Promise<PayoutAccountRow> {
  const row = await ownAccount(deps);
  if (!row) throw new DomainError("conflict", "You have no payout account yet: choose your country to start.", { param: "country" });
  const stripe = await platformStripe(deps.config);
  const account = await calling("reading your payout account", () => stripe.accounts.retrieve(row.stripeAccountId));
  return (await asCreator(deps, (tx) => applyAccount(tx, account)))!;
}

/** A one-time link into the creator's Express dashboard (bank details, payouts, tax info). */
export async function expressLoginLink(deps: Deps): Promise<string> {
  const row = await ownAccount(deps);
  if (!row?.detailsSubmitted) throw new DomainError("conflict", "Finish Stripe's onboarding first: the Express dashboard opens once your details are submitted.");
  const stripe = await platformStripe(deps.config);
  const link = await calling("opening your Express dashboard", () => stripe.accounts.createLoginLink(row.stripeAccountId));
  return link.url;
}
