import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appConfig } from "../../../src/infra/app/config";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { applyAccountUpdated, applyBankPayout } from "../../../src/payouts/accounts/events";
import { platformStripe } from "../../../src/payouts/platform";
import type { PayoutAccount } from "../../../src/payouts/accounts/schemas";
import type { z } from "@hono/zod-openapi";
import { brandOwnedBy, call, createBrand, errorOf, signedInCreator, signedUpUser, usingDb } from "../support/fixtures";
import { accountCreations, control, onboard, queuedEvent } from "../support/creator-payouts";
import { consume } from "../support/tracking";

type Account = z.infer<typeof PayoutAccount>;
const config = appConfig(env);
const accountOf = async (browser: { get(path: string): Promise<Response> }) => (await browser.get("/api/creator/payouts/account")).json<Account>();

describe("creator payout accounts: Express onboarding", () => {
  it("creates one Express account with the creator's email and an idempotency key, and links into Stripe's onboarding", async () => {
    const creator = await signedInCreator();
    expect(await accountOf(creator.browser)).toMatchObject({ status: "not_started", stripe_account_id: null, payouts_configured: true });

    const { url, accountId } = await onboard(creator.browser, "US");
    expect(accountId).toMatch(/^acct_/);
    const link = new URL(url);
    expect(link.searchParams.get("return_url")).toBe(`${config.APP_ORIGIN}/creator/payouts?onboarding=return`);
    expect(link.searchParams.get("refresh_url")).toBe(`${config.APP_ORIGIN}/creator/payouts?onboarding=refresh`);

    const [created, ...more] = await accountCreations(creator.affiliateId);
    expect(more).toEqual([]);
    expect(created!.idempotencyKey).toBe(`payout_account_${creator.affiliateId}_US`);
    expect(created!.params).toMatchObject({ type: "express", country: "US", email: creator.email, capabilities: { transfers: { requested: "true" } } });
    // Same country as the platform: the full service agreement (Stripe's default), not recipient.
    expect(created!.params.tos_acceptance).toBeUndefined();

    const account = await accountOf(creator.browser);
    expect(account).toMatchObject({ status: "not_started", stripe_account_id: accountId, country: "US", details_submitted: false, transfers_active: false, payouts_enabled: false });
    expect(account.requirements_due.length).toBeGreaterThan(0);
  });

  it("asks for the recipient service agreement when the creator is across the border", async () => {
    const creator = await signedInCreator();
    await onboard(creator.browser, "gb");
    const [created] = await accountCreations(creator.affiliateId);
    expect(created!.params).toMatchObject({ country: "GB", tos_acceptance: { service_agreement: "recipient" } });
    expect((await accountOf(creator.browser)).country).toBe("GB");
  });

  it("refuses a country Rekomi cannot pay at onboarding, naming the field, and creates nothing", async () => {
    const creator = await signedInCreator();
    const res = await creator.browser.post("/api/creator/payouts/account", { country: "JP" });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: "unprocessable", param: "country" });
    expect(error.message).toContain("cannot pay creators in JP");
    expect(await accountCreations(creator.affiliateId)).toEqual([]);
    expect((await accountOf(creator.browser)).status).toBe("not_started");

    const malformed = await creator.browser.post("/api/creator/payouts/account", { country: "USA" });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).param).toBe("country");
  });

  it("a second call with the same country gives a new link and no second account; another country is a conflict", async () => {
    const creator = await signedInCreator();
    const first = await onboard(creator.browser, "US");
    const again = await creator.browser.post("/api/creator/payouts/account", { country: "US" });
    expect(again.status).toBe(200);
    expect((await again.json<{ url: string }>()).url).not.toBe(first.url);
    expect(await accountCreations(creator.affiliateId)).toHaveLength(1);
    expect((await accountOf(creator.browser)).stripe_account_id).toBe(first.accountId);

    const other = await creator.browser.post("/api/creator/payouts/account", { country: "CA" });
    expect(other.status).toBe(409);
    expect(await errorOf(other)).toMatchObject({ code: "conflict", param: "country" });
  });

  it("a double click makes one account: both requests carry the same idempotency key", async () => {
    const creator = await signedInCreator();
    const answers = await Promise.all([0, 1].map(() => creator.browser.post("/api/creator/payouts/account", { country: "US" })));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const creations = await accountCreations(creator.affiliateId);
    expect(new Set(creations.map((r) => r.idempotencyKey))).toEqual(new Set([`payout_account_${creator.affiliateId}_US`]));
    expect(creations.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it("refresh after Stripe's onboarding shows the account active; the Express login link waits for it", async () => {
    const creator = await signedInCreator();
    const { accountId } = await onboard(creator.browser);
    const early = await creator.browser.post("/api/creator/payouts/account/login-link");
    expect(early.status).toBe(409);
    expect((await errorOf(early)).code).toBe("conflict");

    await control("complete-onboarding", { account: accountId });
    const refreshed = await creator.browser.post("/api/creator/payouts/account/refresh");
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json<Account>()).toMatchObject({ status: "active", details_submitted: true, transfers_active: true, payouts_enabled: true, requirements_due: [], disabled_reason: null });
    expect((await accountOf(creator.browser)).status).toBe("active");

    const login = await creator.browser.post("/api/creator/payouts/account/login-link");
    expect(login.status).toBe(200);
    expect((await login.json<{ url: string }>()).url).toContain(`/_stand-in/express/${accountId}`);

    const link = await creator.browser.post("/api/creator/payouts/account/link");
    expect(link.status).toBe(200);
    expect((await link.json<{ url: string }>()).url).toContain(`/_stand-in/onboarding/${accountId}/`);
  });

  it("link, refresh and login link before any account are conflicts that say what to do", async () => {
    const creator = await signedInCreator();
    for (const path of ["link", "refresh", "login-link"]) {
      const res = await creator.browser.post(`/api/creator/payouts/account/${path}`);
      expect(res.status).toBe(409);
    }
  });
});

describe("creator payout accounts: Connect events", () => {
  it("account.updated from Stripe updates the creator's row (and again, to the same effect)", async () => {
    const creator = await signedInCreator();
    const { accountId } = await onboard(creator.browser);
    await control("complete-onboarding", { account: accountId });
    const event = await queuedEvent("account.updated", accountId);
    // Nothing refreshed the row: only the event can make it active.
    expect((await accountOf(creator.browser)).status).toBe("not_started");
    await usingDb((db) => applyAccountUpdated(event, { config, db }));
    const after = await accountOf(creator.browser);
    expect(after).toMatchObject({ status: "active", details_submitted: true, transfers_active: true, payouts_enabled: true, requirements_due: [] });
    await usingDb((db) => applyAccountUpdated(event, { config, db }));
    expect(await accountOf(creator.browser)).toEqual(after);
  });

  it("account.updated shows what Stripe's account still needs and why it is disabled, whatever the event's copy says", async () => {
    const creator = await signedInCreator();
    const { accountId } = await onboard(creator.browser);
    // The event's copy claims an onboarded account; Stripe's account has its form still due.
    const object = { id: accountId, object: "account", details_submitted: true, payouts_enabled: true, capabilities: { transfers: "active" }, requirements: { currently_due: [], past_due: [], eventually_due: [], disabled_reason: null } };
    await control("emit", { type: "account.updated", object, account: accountId });
    await usingDb(async (db) => applyAccountUpdated(await queuedEvent("account.updated", accountId), { config, db }));
    const account = await accountOf(creator.browser);
    expect(account).toMatchObject({ status: "not_started", details_submitted: false, transfers_active: false, payouts_enabled: false, disabled_reason: "requirements.past_due" });
    // currently_due and past_due name the same fields at the stand-in: each is shown once.
    expect(account.requirements_due).toContain("external_account");
    expect(new Set(account.requirements_due).size).toBe(account.requirements_due.length);
  });

  it("a late, older account.updated does not restore stale columns: the account is read again from Stripe", async () => {
    const creator = await signedInCreator();
    const { accountId } = await onboard(creator.browser);
    await control("complete-onboarding", { account: accountId });
    const current = await queuedEvent("account.updated", accountId);
    // An event from before onboarding, delivered after the one that made the account active.
    const stale = { id: accountId, object: "account", details_submitted: true, payouts_enabled: false, capabilities: { transfers: "inactive" }, requirements: { currently_due: ["external_account"], past_due: [], eventually_due: ["external_account"], disabled_reason: null } };
    await control("emit", { type: "account.updated", object: stale, account: accountId });
    const late = await queuedEvent("account.updated", accountId);
    expect(late.id).not.toBe(current.id);
    await usingDb((db) => applyAccountUpdated(current, { config, db }));
    await usingDb((db) => applyAccountUpdated(late, { config, db }));
    expect(await accountOf(creator.browser)).toMatchObject({ status: "active", transfers_active: true, payouts_enabled: true, requirements_due: [] });
  });

  it("account.updated of an account Rekomi made whose row is not visible yet is retried, then applies", async () => {
    const creator = await signedInCreator();
    const stripe = await platformStripe(config);
    // The account exists at Stripe (made with the creator's metadata) but its row is not committed.
    const account = await stripe.accounts.create({ type: "express", country: "US", capabilities: { transfers: { requested: true } }, metadata: { rekomi_affiliate: creator.affiliateId } });
    await control("complete-onboarding", { account: account.id });
    const event = await queuedEvent("account.updated", account.id);
    await expect(usingDb((db) => applyAccountUpdated(event, { config, db }))).rejects.toThrow(/not visible yet/);
    const queued = await consume("rekomi-payouts", [{ v: 1, kind: "stripe_event", event }]);
    expect(queued.explicitAcks).toEqual([]);
    expect(queued.retryMessages).toHaveLength(1);

    await usingDb((db) => withPrincipal(db, { kind: "affiliate", affiliateId: creator.affiliateId }, (tx) => tx.insert(schema.payoutAccounts).values({ affiliateId: creator.affiliateId, stripeAccountId: account.id, country: "US" })));
    const retried = await consume("rekomi-payouts", [{ v: 1, kind: "stripe_event", event }], { attempts: 2 });
    expect(retried.explicitAcks).toHaveLength(1);
    expect(await accountOf(creator.browser)).toMatchObject({ status: "active", stripe_account_id: account.id, transfers_active: true });
  });

  it("payout.* on the creator's account shows the latest payout to their bank", async () => {
    const creator = await signedInCreator();
    const { accountId } = await onboard(creator.browser);
    const payout = { id: "po_bank1", object: "payout", status: "in_transit", amount: 4200, currency: "usd", arrival_date: 1_800_000_000 };
    await control("emit", { type: "payout.created", object: payout, account: accountId });
    await usingDb(async (db) => applyBankPayout(await queuedEvent("payout.created", accountId), { config, db }));
    await control("emit", { type: "payout.paid", object: { ...payout, status: "paid" }, account: accountId });
    await usingDb(async (db) => applyBankPayout(await queuedEvent("payout.paid", accountId), { config, db }));
    expect((await accountOf(creator.browser)).last_bank_payout).toEqual({ id: "po_bank1", status: "paid", amount: 4200, currency: "USD", arrival_date: 1_800_000_000 });

    // An earlier payout's late event does not replace the newer one.
    await control("emit", { type: "payout.updated", object: { ...payout, id: "po_bank0", arrival_date: 1_700_000_000 }, account: accountId });
    await usingDb(async (db) => applyBankPayout(await queuedEvent("payout.updated", accountId), { config, db }));
    expect((await accountOf(creator.browser)).last_bank_payout?.id).toBe("po_bank1");
  });
});

describe("creator payout accounts: who may call", () => {
  it("a brand's people and API keys cannot use the creator routes", async () => {
    const owner = await signedUpUser();
    await brandOwnedBy(owner.browser, "Not a creator");
    for (const [method, path] of [["GET", "/api/creator/payouts/account"], ["POST", "/api/creator/payouts/account"], ["GET", "/api/creator/payouts/balances"], ["GET", "/api/creator/payouts"]] as const) {
      const res = await owner.browser.request(method, path, method === "POST" ? { country: "US" } : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const brand = await createBrand();
    expect((await call("/api/creator/payouts/balances", { key: brand.apiKey })).status).toBe(401);
  });
});
