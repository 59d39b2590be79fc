import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type Stripe from "stripe";
import { stripeClient } from "../../src/gateway-connections/remote/stripe";
import { drizzleOptions } from "../../src/infra/db/client";
import { withPrincipal } from "../../src/infra/db/principal";
import * as schema from "../../src/infra/db/schema";
import type { SavedPaymentMethod } from "../../src/infra/db/schema";
import { DEMO_BRAND_EMAIL, DEMO_AFFILIATE_EMAIL, DEMO_IDS } from "./seed";

/**
 * Rekomi's platform key on the dev stack: the Stripe stand-in accepts any `sk_test_…`, and
 * Stripe itself knows no such key.
 */
export const LOCAL_PLATFORM_KEY = "sk_test_rekomiLocalPlatform000000000000";

/** The smallest amount paid to a creator in the demo policy (minor units of the brand's currency). */
const DEMO_MINIMUM = 1000;

/** What `.rekomi/demo.json` says about the demo's payouts. */
export interface DemoPayouts {
  stripe_api_url: string;
  /** Casey's Express account at the stand-in. */
  stripe_account_id: string;
  /** The demo brand as a Customer of the platform, with a saved Visa. */
  customer_id: string;
  payment_method_id: string;
}

/** The stand-in this seed talks to: its URL, and its control that finishes onboarding (a person would fill in Stripe's forms). */
export interface PayoutsStandIn {
  url: string;
  completeOnboarding(accountId: string): unknown;
}

/**
 * The demo's payouts, so "Preview next payout" and "Approve and pay" work on `npm run dev` from the first start: Casey
 * owns an onboarded Express account at the Stripe stand-in, and the demo brand is a Customer
 * of the platform with a saved Visa and a manual payout policy that needs approval. Calls go
 * through the official SDK; rows are written as the app role under the principal that owns
 * them (Casey's payout account as Casey, the policy as the brand's owner).
 *
 * The stand-in keeps its state in memory, so after a restart it knows neither the account
 * nor the Customer: each start makes both afresh and points the rows at them. What the brand
 * changed in its policy (schedule, minimum, approval) is kept; only its Customer and saved
 * method are replaced.
 */
export async function seedDemoPayouts(appUrl: string, standIn: PayoutsStandIn): Promise<DemoPayouts> {
  const stripe = await stripeClient(standIn.url, LOCAL_PLATFORM_KEY);
  const account = await onboardedAccount(stripe, standIn);
  const { customer, method } = await customerWithCard(stripe);

  const pool = new pg.Pool({ connectionString: appUrl, max: 1 });
  const db = drizzle({ client: pool, ...drizzleOptions });
  try {
    const accountRow = accountColumns(account);
    await withPrincipal(db, { kind: "affiliate", affiliateId: DEMO_IDS.affiliate }, (tx) =>
      tx
        .insert(schema.payoutAccounts)
        .values({ affiliateId: DEMO_IDS.affiliate, ...accountRow })
        .onConflictDoUpdate({ target: schema.payoutAccounts.affiliateId, set: { ...accountRow, updatedAt: new Date() } }),
    );
    await withPrincipal(db, { kind: "brand", brandId: DEMO_IDS.brand, userId: DEMO_IDS.user }, async (tx) => {
      const [brand] = await tx.select({ currency: schema.brands.defaultCurrency }).from(schema.brands).where(eq(schema.brands.id, DEMO_IDS.brand));
      if (!brand) throw new Error("the demo brand must be seeded before its payouts");
      const payWith = { stripeCustomerId: customer.id, paymentMethod: method };
      await tx
        .insert(schema.payoutPolicies)
        .values({ brandId: DEMO_IDS.brand, schedule: "manual", currency: brand.currency, minimumAmount: DEMO_MINIMUM, requiresApproval: true, ...payWith })
        .onConflictDoUpdate({ target: schema.payoutPolicies.brandId, set: { ...payWith, updatedAt: new Date() } });
    });
  } finally {
    await pool.end();
  }
  return { stripe_api_url: standIn.url, stripe_account_id: account.id, customer_id: customer.id, payment_method_id: method.id };
}

/** Casey's Express account, onboarded as if she had filled in Stripe's forms, as Stripe then reports it. */
async function onboardedAccount(stripe: Stripe, standIn: PayoutsStandIn): Promise<Stripe.Account> {
  const created = await stripe.accounts.create({
    type: "express",
    country: "US",
    email: DEMO_AFFILIATE_EMAIL,
    capabilities: { transfers: { requested: true } },
    metadata: { rekomi_affiliate: DEMO_IDS.affiliate },
  });
  standIn.completeOnboarding(created.id);
  return stripe.accounts.retrieve(created.id);
}

/** The payout_accounts columns that mirror Stripe's Account (what `account.updated` refreshes). */
function accountColumns(account: Stripe.Account) {
  const requirements = account.requirements;
  return {
    stripeAccountId: account.id,
    country: account.country ?? "US",
    detailsSubmitted: account.details_submitted ?? false,
    transfersActive: account.capabilities?.transfers === "active",
    payoutsEnabled: account.payouts_enabled ?? false,
    requirementsDue: [...new Set([...(requirements?.currently_due ?? []), ...(requirements?.past_due ?? [])])],
    requirementsEventuallyDue: requirements?.eventually_due ?? [],
    disabledReason: requirements?.disabled_reason ?? null,
  };
}

/** The demo brand as a platform Customer with a Visa saved for off-session charges (Stripe's test card). */
async function customerWithCard(stripe: Stripe): Promise<{ customer: Stripe.Customer; method: SavedPaymentMethod }> {
  const customer = await stripe.customers.create({ name: "Acme Analytics", email: DEMO_BRAND_EMAIL, metadata: { rekomi_brand: DEMO_IDS.brand } });
  const intent = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", confirm: true, usage: "off_session" });
  const methodId = typeof intent.payment_method === "string" ? intent.payment_method : intent.payment_method?.id;
  if (intent.status !== "succeeded" || !methodId) throw new Error(`saving the demo card left SetupIntent ${intent.id} ${intent.status}`);
  const saved = await stripe.paymentMethods.retrieve(methodId);
  if (!saved.card) throw new Error(`the demo payment method ${methodId} is not a card`);
  const brand = saved.card.brand;
  return { customer, method: { id: saved.id, type: "card", label: brand.charAt(0).toUpperCase() + brand.slice(1), last4: saved.card.last4 } };
}
