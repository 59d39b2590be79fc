import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserStack, signInDemo } from "./support/dev-stack";
import { DEMO_AFFILIATE_EMAIL, DEMO_BRAND_EMAIL } from "../../scripts/local/seed";

/**
 * Payouts end to end on the real dev stack, in a real headless Chromium: the demo brand
 * (a saved Visa at the platform, seeded) previews and approves a payout run from its Payouts
 * page; the app charges it once through the Stripe stand-in, transfers to Casey's onboarded
 * Express account from that very charge, and the stand-in's signed platform events travel
 * edge → queue → consumer; Casey then sees the payout paid on her own Payouts page.
 */

const run = browserStack("rekomi-payouts-");

const signIn = (page: Page, email: string) => signInDemo(page, run.stack.appUrl, email);

describe("a payout run on npm run dev", () => {
  it("the demo brand previews and approves a run from Payouts; one charge, one transfer from it; Casey sees it paid", async () => {
    const payouts = run.stack.demo.payouts;
    if (!payouts) throw new Error("the dev stack seeded no payouts demo (real Stripe mode?)");
    const stripe = run.stack.standIns.stripe;

    const brand = await run.browser.newContext();
    const page = await brand.newPage();
    await signIn(page, DEMO_BRAND_EMAIL);
    await page.click("nav.tabs >> text=Payouts");
    await page.getByText("Visa •••• 4242").first().waitFor();
    await page.click("button:has-text('Preview next payout')");
    const upcoming = page.locator("[data-testid=upcoming-run]");
    await upcoming.waitFor();
    await upcoming.getByText("Casey").first().waitFor();

    page.once("dialog", (dialog) => void dialog.accept());
    await upcoming.locator("button:has-text('Approve and pay')").click();
    // The run completes once the charge and the transfer are Stripe's answers.
    const runs = page.locator("[data-testid=payout-runs]");
    await expect.poll(async () => {
      await page.reload();
      return (await runs.locator("tbody tr").first().textContent()) ?? "";
    }, { timeout: 60_000, interval: 1_000 }).toContain("completed");
    await brand.close();

    // At the Stripe stand-in: one PaymentIntent on the brand's customer, one transfer to Casey
    // from its charge, in the run's transfer group, each with Rekomi's idempotency key.
    const intents = stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents" && r.status === 200);
    expect(intents).toHaveLength(1);
    expect(intents[0]!.params.customer).toBe(payouts.customer_id);
    const runId = String(intents[0]!.params.transfer_group);
    expect(runId).toMatch(/^prun_/);
    expect(intents[0]!.idempotencyKey).toBe(`run_${runId}_1`);
    const transfers = stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/transfers" && r.status === 200);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.params).toMatchObject({ destination: payouts.stripe_account_id, transfer_group: runId });
    expect(String(transfers[0]!.params.source_transaction)).toMatch(/^ch_/);
    expect(transfers[0]!.idempotencyKey).toMatch(/^po_/);
    // Every cent accounted for: charge = Stripe's fee + the transfer (+ nothing refunded for a card).
    const charge = Number(intents[0]!.params.amount);
    const fee = Math.round(charge * 0.029) + 30;
    expect(charge - fee).toBe(Number(transfers[0]!.params.amount));

    // The platform's events reached the edge's payouts route and were accepted.
    await stripe.flush();
    const platformDeliveries = stripe.deliveries.filter((d) => d.url.endsWith("/webhooks/payouts/stripe") && d.type === "transfer.created");
    expect(platformDeliveries.map((d) => d.status)).toEqual([200]);

    const creator = await run.browser.newContext();
    const casey = await creator.newPage();
    await signIn(casey, DEMO_AFFILIATE_EMAIL);
    await casey.goto(`${run.stack.appUrl}/creator/payouts`);
    await casey.locator("[data-testid=payout-account-status]").getByText("Ready to be paid.").waitFor();
    const history = casey.locator("[data-testid=payout-history]");
    await history.getByText("Paid").first().waitFor();
    expect(await history.textContent()).toContain(String(transfers[0]!.params.amount).replace(/(\d\d)$/, ".$1"));
    await creator.close();
  });
});
