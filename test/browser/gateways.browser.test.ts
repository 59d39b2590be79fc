import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import braintree from "braintree";
import { chromium, type Browser } from "playwright-core";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_EVENTS } from "../../src/gateways/catalog";
import { freePort } from "../../scripts/local/ports";
import { DEMO_BRAND_EMAIL, DEMO_PASSWORD } from "../../scripts/local/seed";
import { startStack, type Stack } from "../../scripts/local/stack";

/**
 * Payment gateways in a real headless Chromium against the real dev stack (its Stripe and
 * Paddle stand-ins included): the demo seed's test-mode connections take events signed as
 * `.rekomi/demo.json` says, and the demo owner disconnects the seeded Stripe connection and
 * connects a new one from Settings → Payment gateways, seeing its webhook URL.
 */

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const CONNECTION_URL = (stack: Stack, gateway: string) => new RegExp(`^${stack.edgeUrl}/webhooks/${gateway}/gwc_[0-9a-z]{26}$`);

let stack: Stack;
let browser: Browser;
let stateDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.`);
  // As root, the embedded Postgres runs as `postgres`, which must be able to enter the directory.
  stateDir = mkdtempSync(join(tmpdir(), "rekomi-gateways-"));
  chmodSync(stateDir, 0o755);
  stack = await startStack({ appPort: await freePort(), edgePort: await freePort(), pgPort: await freePort(), bridgePort: await freePort(), persistent: false, stateDir, log: () => {} });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

describe("the demo's gateway connections", () => {
  it("are in demo.json, registered at the stand-ins, and take events signed with what demo.json holds", async () => {
    const { stripe, paddle, braintree: bt } = stack.demo.gateways;
    expect(stripe.webhook_url).toMatch(CONNECTION_URL(stack, "stripe"));
    expect(paddle.webhook_url).toMatch(CONNECTION_URL(stack, "paddle"));
    expect(bt.webhook_url).toMatch(CONNECTION_URL(stack, "braintree"));
    expect(stripe.signing_secret).toMatch(/^whsec_/);
    expect(paddle.secret).toMatch(/^pdl_ntfset_/);

    // Rekomi registered its endpoint and destination at the gateways (here, their stand-ins).
    const endpoint = stack.standIns.stripe.requests.find((r) => r.method === "POST" && r.path === "/v1/webhook_endpoints");
    expect(endpoint?.params.url).toBe(stripe.webhook_url);
    expect([...(endpoint?.params.enabled_events as string[])].sort()).toEqual([...GATEWAY_EVENTS.stripe].sort());
    expect(stack.standIns.paddle.requests.find((r) => r.method === "POST" && r.path === "/notification-settings")?.body).toMatchObject({ destination: paddle.webhook_url });

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

describe("Settings → Payment gateways in the browser", () => {
  it("the owner disconnects the demo's Stripe test connection, connects a new one and sees its webhook URL, never the key", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/sign-in`);
    await page.fill("input[name=email]", DEMO_BRAND_EMAIL);
    await page.fill("input[name=password]", DEMO_PASSWORD);
    await page.click("button[type=submit]");
    await page.click("nav.tabs >> text=Settings");
    await page.click("nav[aria-label=Settings] >> text=Payment gateways");

    const cell = page.locator("[data-testid=gateway-stripe-test]");
    const seeded = cell.locator("[data-testid=gateway-webhook-url]");
    expect((await seeded.textContent())?.trim()).toBe(stack.demo.gateways.stripe.webhook_url);
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
    expect(url).toMatch(CONNECTION_URL(stack, "stripe"));
    expect(url).not.toBe(stack.demo.gateways.stripe.webhook_url);
    expect(stack.standIns.stripe.requests.filter((r) => r.path === "/v1/webhook_endpoints" && r.method === "POST").map((r) => r.params.url)).toContain(url);
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
    expect(stack.standIns.stripe.requests.find((r) => r.path === "/v1/webhook_endpoints" && r.method === "POST" && r.params.url === platformUrl)?.params.connect).toBe("true");
    await context.close();
  });
});
