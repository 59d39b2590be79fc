import { createHmac } from "node:crypto";
import braintree from "braintree";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { GATEWAY_EVENTS } from "../../src/gateways/catalog";
import { DEMO_BRAND_EMAIL, DEMO_PASSWORD } from "../../scripts/local/seed";
import { type Stack } from "../../scripts/local/stack";
import { transaction as paddleTransaction } from "../node/unit/gateways/fixtures/paddle";
import { browserStack } from "./support/dev-stack";
import * as stripeEvents from "./support/stripe-events";

/**
 * Payment gateways in a real headless Chromium against the real dev stack (its Stripe and
 * Paddle stand-ins included): the demo seed's test-mode connections take events signed as
 * `.rekomi/demo.json` says; Stripe events signed by the SDK travel edge → queue → consumer
 * and come out as conversions and commissions, once; and the demo owner disconnects the
 * seeded Stripe connection and connects a new one from Settings → Payment gateways.
 */

const CONNECTION_URL = (stack: Stack, gateway: string) => new RegExp(`^${stack.edgeUrl}/webhooks/${gateway}/gwc_[0-9a-z]{26}$`);
const run = browserStack("rekomi-gateways-");

describe("the demo's gateway connections", () => {
  it("are in demo.json, registered at the stand-ins, and take events signed with what demo.json holds", async () => {
    const { stripe, paddle, braintree: bt } = run.stack.demo.gateways;
    expect(stripe.webhook_url).toMatch(CONNECTION_URL(run.stack, "stripe"));
    expect(paddle.webhook_url).toMatch(CONNECTION_URL(run.stack, "paddle"));
    expect(bt.webhook_url).toMatch(CONNECTION_URL(run.stack, "braintree"));
    expect(stripe.signing_secret).toMatch(/^whsec_/);
    expect(paddle.secret).toMatch(/^pdl_ntfset_/);

    // Rekomi registered its endpoint and destination at the gateways (here, their stand-ins).
    const endpoint = run.stack.standIns.stripe.requests.find((r) => r.method === "POST" && r.path === "/v1/webhook_endpoints");
    expect(endpoint?.params.url).toBe(stripe.webhook_url);
    expect([...(endpoint?.params.enabled_events as string[])].sort()).toEqual([...GATEWAY_EVENTS.stripe].sort());
    expect(run.stack.standIns.paddle.requests.find((r) => r.method === "POST" && r.path === "/notification-settings")?.body).toMatchObject({ destination: paddle.webhook_url });

    const now = Math.floor(Date.now() / 1000);
    const payload = JSON.stringify({ id: `evt_browser_${now}`, object: "event", type: "customer.subscription.deleted", livemode: false, created: now, api_version: Stripe.API_VERSION, data: { object: { id: "sub_browser_1", object: "subscription", customer: "cus_browser_1", status: "canceled" } } });
    const signed = await fetch(stripe.webhook_url, { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: stripe.signing_secret }) } });
    expect(signed.ok, await signed.text()).toBe(true);
    const forged = await fetch(stripe.webhook_url, { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_not_the_secret" }) } });
    expect(forged.ok).toBe(false);

    const gateway = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, merchantId: bt.merchant_id, publicKey: bt.public_key, privateKey: bt.private_key });
    const { bt_signature, bt_payload } = await gateway.webhookTesting.sampleNotification("subscription_canceled", "sub_browser_bt");
    const posted = await fetch(bt.webhook_url, { method: "POST", body: new URLSearchParams({ bt_signature, bt_payload }) });
    expect(posted.ok, await posted.text()).toBe(true);
  });
});

interface ConversionRow {
  id: string;
  type: string;
  kind: string | null;
  source: string;
  livemode: boolean;
  credited: boolean;
  amount: number | null;
  currency: string | null;
  invoice_id: string | null;
  payment_id: string | null;
  sale_id: string | null;
  source_event_id: string;
}
interface CommissionRow {
  id: string;
  kind: string;
  amount: number;
  currency: string;
  conversion_id: string;
  reverses_commission_id: string | null;
}

describe("the demo's Braintree connection on the cron", () => {
  it("searches the Braintree API (its stand-in) for refunds with the connection's keys, and is let in", async () => {
    // This tick searches, unless the stack's own minute cron already did (then once per 5 minutes).
    await run.stack.tickScheduled();
    const made = run.stack.standIns.braintree.requests.filter((r) => r.path.endsWith("/transactions/advanced_search_ids"));
    expect(made.length).toBeGreaterThan(0);
    expect(made.map((r) => [r.publicKey, r.status])).toEqual(made.map(() => [run.stack.demo.gateways.braintree.public_key, 200]));
  });
});

describe("gateway events end to end: signed as the gateway signs, through the edge and the consumer, credited once", () => {
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${run.stack.appUrl}${path}`, { headers: { authorization: `Bearer ${run.stack.demo.api_key}` } });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  };
  // The demo connections are test mode: their data is listed with mode=test only.
  const conversions = async () => (await api<{ data: ConversionRow[] }>("/v1/conversions?mode=test&limit=100")).data;
  const commissions = async () => (await api<{ data: CommissionRow[] }>("/v1/commissions?mode=test&limit=100")).data;

  async function eventually<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = await read();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`not there after 30 s: ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const conversionOf = (posted: stripeEvents.Posted) => {
    expect(posted.status, posted.body).toBe(200);
    return eventually(`the conversion of ${posted.id}`, async () => (await conversions()).find((c) => c.source_event_id === posted.id));
  };
  const commissionsOf = async (conversion: ConversionRow, count = 1) =>
    eventually(`${count} commission(s) of ${conversion.id}`, async () => {
      const found = (await commissions()).filter((c) => c.conversion_id === conversion.id);
      return found.length >= count ? found : undefined;
    });

  /** A fresh click on the demo creator's link: the `rk_click` the brand's checkout carries. */
  async function click(): Promise<string> {
    const res = await fetch(`${run.stack.edgeUrl}/c/${run.stack.demo.link_code}`, { redirect: "manual" });
    const clickId = new URL(res.headers.get("location")!).searchParams.get("rk_click");
    expect(clickId).toMatch(/^clk_/);
    return clickId!;
  }
  const post = (type: string, object: object, options?: Parameters<typeof stripeEvents.postStripeEvent>[3]) => stripeEvents.postStripeEvent(run.stack.demo.gateways.stripe, type, object, options);
  /** An invoice Stripe has paid: its payment is known to Stripe's API (here, the stand-in), not named in the webhook. */
  const paid = (...args: Parameters<typeof stripeEvents.paidInvoice>) => {
    const invoice = stripeEvents.paidInvoice(...args);
    if (!args[1].listPayments) run.stack.standIns.stripe.addInvoicePayment({ invoice: invoice.id, payment_intent: args[1].paymentIntent, amount: invoice.amount_paid, currency: invoice.currency });
    return invoice;
  };

  it("a subscription's checkout, first purchase, renewal, upgrade, partial refund, disputes lost and won, and cancellation", async () => {
    const clickId = await click();
    const buyer = stripeEvents.newCustomer();
    const lead = await conversionOf(await post("checkout.session.completed", stripeEvents.checkoutSession(buyer, clickId)));
    expect(lead).toMatchObject({ type: "lead", source: "stripe", livemode: false, credited: true });

    const [pi1, pi2, pi3] = [stripeEvents.newId("pi"), stripeEvents.newId("pi"), stripeEvents.newId("pi")];
    const first = await conversionOf(await post("invoice.paid", paid(buyer, { billingReason: "subscription_create", amount: 4900, paymentIntent: pi1 })));
    expect(first).toMatchObject({ type: "sale", kind: "first_purchase", amount: 4900, currency: "USD", payment_id: pi1, credited: true });
    const renewalInvoice = paid(buyer, { billingReason: "subscription_cycle", amount: 4900, paymentIntent: pi2 });
    const renewalEventId = stripeEvents.newId("evt");
    const renewal = await conversionOf(await post("invoice.paid", renewalInvoice, { eventId: renewalEventId }));
    expect(renewal).toMatchObject({ kind: "renewal", credited: true });
    const upgrade = await conversionOf(await post("invoice.paid", paid(buyer, { billingReason: "subscription_update", amount: 7900, paymentIntent: pi3, listPayments: true })));
    expect(upgrade).toMatchObject({ kind: "upgrade", amount: 7900 });
    // The demo campaign pays 25 % of every payment for 12 months.
    expect((await commissionsOf(first)).map((c) => [c.kind, c.amount])).toEqual([["earning", 1225]]);
    expect((await commissionsOf(renewal)).map((c) => [c.kind, c.amount])).toEqual([["earning", 1225]]);
    const [upgradeEarning] = await commissionsOf(upgrade);
    expect(upgradeEarning).toMatchObject({ kind: "earning", amount: 1975 });

    // Stripe sends the same event again (and again): one conversion, one commission.
    for (let i = 0; i < 100; i++) {
      const again = await post("invoice.paid", renewalInvoice, { eventId: renewalEventId });
      expect([again.status, again.id]).toEqual([200, renewal.source_event_id]);
    }

    // A partial refund names only the PaymentIntent: its sale knows it, from the invoice payments API.
    const refund = await conversionOf(await post("refund.created", stripeEvents.refund({ paymentIntent: pi2, amount: 1000 })));
    expect(refund).toMatchObject({ type: "refund", kind: "partial", amount: 1000, sale_id: renewal.id, credited: true });
    expect((await commissionsOf(refund)).map((c) => [c.kind, c.amount])).toEqual([["reversal", -250]]);

    // A chargeback on the first payment, lost: the commission is taken back once, and losing moves nothing more.
    const lost = stripeEvents.newId("du");
    const opened = await conversionOf(await post("charge.dispute.created", stripeEvents.dispute({ id: lost, paymentIntent: pi1, amount: 4900, status: "needs_response" })));
    expect(opened).toMatchObject({ type: "dispute", kind: "opened", sale_id: first.id });
    expect((await commissionsOf(opened)).map((c) => [c.kind, c.amount])).toEqual([["reversal", -1225]]);
    const closedLost = await conversionOf(await post("charge.dispute.closed", stripeEvents.dispute({ id: lost, paymentIntent: pi1, amount: 4900, status: "lost" })));
    expect(closedLost).toMatchObject({ type: "dispute", kind: "lost", sale_id: first.id });

    // A chargeback on the upgrade, won: what it took back is reinstated, to the cent.
    const won = stripeEvents.newId("du");
    const openedWon = await conversionOf(await post("charge.dispute.created", stripeEvents.dispute({ id: won, paymentIntent: pi3, amount: 7900, status: "needs_response" })));
    const [reversal] = await commissionsOf(openedWon);
    expect(reversal).toMatchObject({ kind: "reversal", amount: -1975, reverses_commission_id: upgradeEarning!.id });
    const closedWon = await conversionOf(await post("charge.dispute.closed", stripeEvents.dispute({ id: won, paymentIntent: pi3, amount: 7900, status: "won" })));
    expect((await commissionsOf(closedWon)).map((c) => [c.kind, c.amount, c.reverses_commission_id])).toEqual([["reinstatement", 1975, reversal!.id]]);

    const canceled = await conversionOf(await post("customer.subscription.deleted", stripeEvents.subscription(buyer, { status: "canceled" })));
    expect(canceled).toMatchObject({ type: "cancellation", credited: true, amount: null });

    // Once each, whatever was sent twice.
    const all = await conversions();
    expect(all.filter((c) => c.type === "sale" && c.invoice_id === renewalInvoice.id)).toHaveLength(1);
    const mine = new Set(all.filter((c) => [first, renewal, upgrade, refund, opened, openedWon, closedWon].some((x) => x.id === c.id)).map((c) => c.id));
    const perConversion = (await commissions()).filter((c) => mine.has(c.conversion_id));
    expect(perConversion).toHaveLength(7);
  });

  it("a trial then its first paid invoice, which is a first purchase", async () => {
    const clickId = await click();
    const buyer = stripeEvents.newCustomer();
    const trial = await conversionOf(await post("customer.subscription.created", stripeEvents.subscription(buyer, { status: "trialing", trialEnd: Math.floor(Date.now() / 1000) + 14 * 86_400, clickId })));
    expect(trial).toMatchObject({ type: "trial_started", credited: true });
    const converted = await conversionOf(await post("invoice.paid", paid(buyer, { billingReason: "subscription_cycle", amount: 4900, paymentIntent: stripeEvents.newId("pi"), clickId })));
    expect(converted).toMatchObject({ type: "sale", kind: "first_purchase", credited: true });
    expect((await commissionsOf(converted)).map((c) => [c.kind, c.amount])).toEqual([["earning", 1225]]);
  });

  it("a zero-decimal currency keeps its minor units (JPY)", async () => {
    const clickId = await click();
    const buyer = stripeEvents.newCustomer();
    const sale = await conversionOf(await post("invoice.paid", paid(buyer, { billingReason: "subscription_create", amount: 5000, currency: "jpy", paymentIntent: stripeEvents.newId("pi"), clickId })));
    expect(sale).toMatchObject({ type: "sale", amount: 5000, currency: "JPY", credited: true });
    // The demo campaign pays in USD: the commission is held at 0 for a person to look at, not guessed.
    expect((await commissionsOf(sale)).map((c) => [c.kind, c.amount, c.currency])).toEqual([["earning", 0, "USD"]]);
  });

  it("a Paddle Billing transaction with the click in custom_data is a credited sale too", async () => {
    const clickId = await click();
    const now = new Date().toISOString();
    // A transaction as Paddle's SDK types it (the unit fixtures), made this customer's and this moment's.
    const data = { ...paddleTransaction({ origin: "web", grandTotal: "4900", customData: { rk_click: clickId } }), id: stripeEvents.newId("txn"), customer_id: stripeEvents.newId("ctm"), subscription_id: stripeEvents.newId("sub"), billed_at: now };
    const body = JSON.stringify({ event_id: stripeEvents.newId("evt"), event_type: "transaction.completed", occurred_at: now, notification_id: stripeEvents.newId("ntf"), data });
    const ts = Math.floor(Date.now() / 1000);
    const { webhook_url, secret } = run.stack.demo.gateways.paddle;
    const signature = `ts=${ts};h1=${createHmac("sha256", secret).update(`${ts}:${body}`).digest("hex")}`;
    const res = await fetch(webhook_url, { method: "POST", body, headers: { "content-type": "application/json", "paddle-signature": signature } });
    const text = await res.text();
    const sale = await conversionOf({ status: res.status, id: res.ok ? (JSON.parse(text) as { id: string }).id : undefined, body: text });
    expect(sale).toMatchObject({ type: "sale", source: "paddle", kind: "first_purchase", amount: 4900, currency: "USD", invoice_id: data.id, credited: true, livemode: false });
    expect((await commissionsOf(sale)).map((c) => [c.kind, c.amount])).toEqual([["earning", 1225]]);
  });

  it("refuses a tampered body, a stale signature and the wrong connection, and records nothing for them", async () => {
    const buyer = stripeEvents.newCustomer();
    const invoice = paid(buyer, { billingReason: "subscription_create", amount: 4900, paymentIntent: stripeEvents.newId("pi") });
    expect((await post("invoice.paid", invoice, { tamper: true })).status).toBe(401);
    expect((await post("invoice.paid", invoice, { signedAt: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect((await post("invoice.paid", invoice, { url: run.stack.demo.gateways.paddle.webhook_url.replace("/paddle/", "/stripe/") })).status).toBe(404);
    expect((await post("invoice.paid", invoice, { url: `${run.stack.edgeUrl}/webhooks/stripe/gwc_01jzzzzzzzzzzzzzzzzzzzzzzz` })).status).toBe(404);
    // The signed one, sent last, is the only one that lands.
    const landed = await conversionOf(await post("invoice.paid", invoice));
    expect((await conversions()).filter((c) => c.invoice_id === invoice.id).map((c) => c.id)).toEqual([landed.id]);
  });
});

describe("Settings → Payment gateways in the browser", () => {
  it("the owner disconnects the demo's Stripe test connection, connects a new one and sees its webhook URL, never the key", async () => {
    const context = await run.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${run.stack.appUrl}/sign-in`);
    await page.fill("input[name=email]", DEMO_BRAND_EMAIL);
    await page.fill("input[name=password]", DEMO_PASSWORD);
    await page.click("button[type=submit]");
    await page.click("nav.tabs >> text=Settings");
    await page.click("nav[aria-label=Settings] >> text=Payment gateways");

    const cell = page.locator("[data-testid=gateway-stripe-test]");
    const seeded = cell.locator("[data-testid=gateway-webhook-url]");
    expect((await seeded.textContent())?.trim()).toBe(run.stack.demo.gateways.stripe.webhook_url);
    await cell.locator("[data-testid=gateway-health]").waitFor();
    // The live side is empty: test and live are separate connections.
    await page.locator("[data-testid=gateway-stripe-live]").getByText("Not connected.").waitFor();

    page.once("dialog", (dialog) => void dialog.accept());
    await cell.locator("button:has-text('Disconnect')").click();
    await cell.locator("button:has-text('Connect Stripe (test)')").click();
    const key = `rk_test_browser${Date.now().toString(36)}Key0000000000`;
    await page.fill("input[name=stripe_api_key]", key);
    await cell.locator("button[type=submit]").click();

    const url = ((await cell.locator("[data-testid=gateway-webhook-url]").textContent()) ?? "").trim();
    expect(url).toMatch(CONNECTION_URL(run.stack, "stripe"));
    expect(url).not.toBe(run.stack.demo.gateways.stripe.webhook_url);
    expect(run.stack.standIns.stripe.requests.filter((r) => r.path === "/v1/webhook_endpoints" && r.method === "POST").map((r) => r.params.url)).toContain(url);
    await cell.getByText(`…${key.slice(-4)}`).waitFor();
    expect(await page.content()).not.toContain(key);
    await page.locator("[data-testid=gateway-stripe] details").getByText("Disconnected (1)").waitFor();

    // A Connect platform adds its Connect endpoint beside its own account's, in the same mode.
    await cell.locator("button:has-text('Also connect your Connect platform')").click();
    expect(await cell.locator("input[name=stripe_connect]").isChecked()).toBe(true);
    await page.fill("input[name=stripe_api_key]", key);
    await cell.locator("button[type=submit]").click();
    await cell.getByText("Stripe Connect (test)").waitFor();
    const urls = (await cell.locator("[data-testid=gateway-webhook-url]").allTextContents()).map((u) => u.trim());
    expect(urls).toHaveLength(2);
    const platformUrl = urls.find((u) => u !== url)!;
    expect(run.stack.standIns.stripe.requests.find((r) => r.path === "/v1/webhook_endpoints" && r.method === "POST" && r.params.url === platformUrl)?.params.connect).toBe("true");
    await context.close();
  });
});
