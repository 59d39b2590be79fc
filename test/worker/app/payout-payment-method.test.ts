import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { stripeClient } from "../../../src/gateway-connections/remote/stripe";
import { appConfig } from "../../../src/infra/app/config";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import type { PlatformStripeEvent } from "../../../src/infra/queues/messages";
import { applyCheckoutSetupCompleted } from "../../../src/payouts/payment-method/events";
import { expectJson } from "../support/brand-dashboard";
import { Browser, brandOwnedBy, errorOf, signedUpUser, teammate, usingDb } from "../support/fixtures";
import { loadWorker, stripeRequests } from "../support/gateway-connections";

type Policy = { object: "payout_policy"; currency: string; schedule: string; requires_approval: boolean; payment_method: { id: string; type: string; label: string; last4: string } | null; payouts_configured: boolean };

const control = async (action: string, body: unknown) => {
  const res = await fetch(`${env.STRIPE_API_URL}/_stand-in/control/${action}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${action}: ${res.status} ${await res.text()}`);
  return res.json<Record<string, unknown>>();
};

async function ownedBrand(): Promise<{ owner: Browser; brandId: string }> {
  const owner = await signedUpUser();
  return { owner: owner.browser, brandId: await brandOwnedBy(owner.browser, "Payouts brand") };
}

/** Starts Checkout as the dashboard does; the session id is the last segment of the stand-in's page URL. */
async function startCheckout(owner: Browser, brandId: string): Promise<string> {
  const { url } = await expectJson<{ url: string }>(await owner.post(`/api/brands/${brandId}/payouts/payment-method/checkout`), 200);
  return new URL(url).pathname.split("/").pop()!;
}

const confirm = (owner: Browser, brandId: string, sessionId: string) => owner.post(`/api/brands/${brandId}/payouts/payment-method/confirm`, { session_id: sessionId });

const policyRow = (brandId: string) => usingDb((db) => withBrand(db, brandId, async (tx) => (await tx.select().from(schema.payoutPolicies).where(eq(schema.payoutPolicies.brandId, brandId)))[0]));

async function savedAudits(owner: Browser, brandId: string): Promise<{ action: string; actor: { type: string } }[]> {
  const page = await expectJson<{ data: { action: string; actor: { type: string } }[] }>(await owner.get(`/api/brands/${brandId}/audit-events?limit=100`), 200);
  return page.data.filter((e) => e.action === "payout_method.saved");
}

/** The platform's `checkout.session.completed` for a session, as the edge queues it. */
async function completedEvent(sessionId: string): Promise<PlatformStripeEvent> {
  const events = await (await fetch(`${env.STRIPE_API_URL}/_stand-in/control/events`)).json<Stripe.Event[]>();
  const event = events.find((e) => e.type === "checkout.session.completed" && (e.data.object as { id: string }).id === sessionId)!;
  expect(event, `event of ${sessionId}`).toBeDefined();
  return { id: event.id, type: event.type, account: event.account ?? null, livemode: event.livemode, created: event.created, object: event.data.object as unknown as Record<string, unknown>, receivedAt: Date.now() };
}

const handle = (event: PlatformStripeEvent) => usingDb((db) => applyCheckoutSetupCompleted(event, { config: appConfig(env), db }));

beforeAll(loadWorker, 60_000);

describe("the brand's payment method for payouts", () => {
  it("Checkout in setup mode for the brand's platform Customer; completing it and confirming saves the method once", async () => {
    const { owner, brandId } = await ownedBrand();
    const sessionId = await startCheckout(owner, brandId);

    const requests = await stripeRequests();
    const customer = requests.find((r) => r.method === "POST" && r.path === "/v1/customers" && (r.params.metadata as Record<string, string> | undefined)?.rekomi_brand === brandId);
    expect(customer?.status).toBe(200);
    const row = await policyRow(brandId);
    expect(row).toMatchObject({ schedule: "manual", currency: "USD", requiresApproval: true, paymentMethod: null, stripeCustomerId: expect.stringMatching(/^cus_/) });
    const created = requests.find((r) => r.method === "POST" && r.path === "/v1/checkout/sessions" && r.params.customer === row!.stripeCustomerId);
    expect(created).toMatchObject({ account: null, status: 200, params: { mode: "setup", currency: "usd", metadata: { rekomi_brand: brandId } } });
    expect(String(created!.params.success_url)).toBe(`${appConfig(env).APP_ORIGIN}/brands/${brandId}/payouts?setup=done&session={CHECKOUT_SESSION_ID}`);

    // Before the brand finishes on Stripe's page there is nothing to save.
    const early = await confirm(owner, brandId, sessionId);
    expect(early.status).toBe(409);
    expect((await errorOf(early)).param).toBe("session_id");

    await control("complete-checkout", { session: sessionId, payment_method: "card" });
    const policy = await expectJson<Policy>(await confirm(owner, brandId, sessionId), 200);
    expect(policy).toMatchObject({ object: "payout_policy", payouts_configured: true, payment_method: { type: "card", label: "Visa", last4: "4242", id: expect.stringMatching(/^pm_/) } });
    expect((await policyRow(brandId))!.paymentMethod).toEqual(policy.payment_method);

    // Again (a reload of the return page): same answer, not audited twice, same Customer reused.
    expect(await expectJson<Policy>(await confirm(owner, brandId, sessionId), 200)).toEqual(policy);
    expect(await savedAudits(owner, brandId)).toHaveLength(1);
    await startCheckout(owner, brandId);
    expect((await stripeRequests()).filter((r) => r.path === "/v1/customers" && r.method === "POST" && (r.params.metadata as Record<string, string> | undefined)?.rekomi_brand === brandId && r.status === 200)).toHaveLength(1);
    expect((await policyRow(brandId))!.stripeCustomerId).toBe(row!.stripeCustomerId);
  });

  it("another brand's session, or an unknown one, is a 404", async () => {
    const a = await ownedBrand();
    const b = await ownedBrand();
    const theirs = await startCheckout(b.owner, b.brandId);
    await control("complete-checkout", { session: theirs, payment_method: "card" });
    // Without a Customer of its own yet, and with one.
    expect((await confirm(a.owner, a.brandId, theirs)).status).toBe(404);
    await startCheckout(a.owner, a.brandId);
    const stolen = await confirm(a.owner, a.brandId, theirs);
    expect(stolen.status).toBe(404);
    expect((await errorOf(stolen)).param).toBe("session_id");
    expect((await policyRow(a.brandId))!.paymentMethod).toBeNull();
    expect((await confirm(a.owner, a.brandId, "cs_test_doesnotexist")).status).toBe(404);
    expect((await confirm(a.owner, a.brandId, "pm_card_visa")).status).toBe(400);
  });

  it("needs payouts.manage: members and viewers cannot start Checkout or confirm, admins can", async () => {
    const { owner, brandId } = await ownedBrand();
    for (const role of ["viewer", "member"] as const) {
      const person = await teammate(owner, brandId, role);
      expect((await person.post(`/api/brands/${brandId}/payouts/payment-method/checkout`)).status).toBe(403);
      expect((await confirm(person, brandId, "cs_test_whatever")).status).toBe(403);
    }
    expect(await policyRow(brandId)).toBeUndefined();
    const admin = await teammate(owner, brandId, "admin");
    await startCheckout(admin, brandId);
  });

  it("checkout.session.completed saves the same method, idempotently; a late older session does not replace a newer method", async () => {
    const { owner, brandId } = await ownedBrand();
    const first = await startCheckout(owner, brandId);
    await control("complete-checkout", { session: first, payment_method: "card" });
    const firstEvent = await completedEvent(first);
    await handle(firstEvent);
    await handle(firstEvent);
    expect((await policyRow(brandId))!.paymentMethod).toMatchObject({ type: "card", label: "Visa", last4: "4242" });
    const audits = await savedAudits(owner, brandId);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor.type).toBe("system");
    // The page's confirm after the event: nothing new.
    await expectJson<Policy>(await confirm(owner, brandId, first), 200);
    expect(await savedAudits(owner, brandId)).toHaveLength(1);

    // Stripe's test methods are made within the same second: wait one, so the bank account is strictly newer.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await startCheckout(owner, brandId);
    await control("complete-checkout", { session: second, payment_method: "us_bank_account" });
    await handle(await completedEvent(second));
    const bank = (await policyRow(brandId))!.paymentMethod;
    expect(bank).toMatchObject({ type: "us_bank_account", label: "STRIPE TEST BANK", last4: "6789" });
    await handle(firstEvent);
    expect((await policyRow(brandId))!.paymentMethod).toEqual(bank);
    expect(await savedAudits(owner, brandId)).toHaveLength(2);
  });

  it("ignores setup sessions of no brand of ours, of connected accounts, and unknown to Stripe", async () => {
    const stripe = await stripeClient(env.STRIPE_API_URL, appConfig(env).STRIPE_SECRET_KEY!);
    const unknownBrand = newId("brand");
    const customer = await stripe.customers.create({ name: "Not ours" });
    const session = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd", metadata: { rekomi_brand: unknownBrand }, success_url: "https://example.test/" });
    await control("complete-checkout", { session: session.id, payment_method: "card" });
    const event = await completedEvent(session.id);
    await expect(handle(event)).resolves.toBeUndefined();
    expect(await policyRow(unknownBrand)).toBeUndefined();

    const { owner, brandId } = await ownedBrand();
    const ours = await startCheckout(owner, brandId);
    await control("complete-checkout", { session: ours, payment_method: "card" });
    const event2 = await completedEvent(ours);
    await handle({ ...event2, account: "acct_somecreator" });
    // A session Stripe does not know is dropped, not retried forever.
    await expect(handle({ ...event2, object: { ...event2.object, id: "cs_test_unknown" } })).resolves.toBeUndefined();
    expect((await policyRow(brandId))!.paymentMethod).toBeNull();
    await handle(event2);
    expect((await policyRow(brandId))!.paymentMethod).toMatchObject({ type: "card" });
  });
});
