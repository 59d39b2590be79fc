import { readFileSync } from "node:fs";
import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_AFFILIATE_EMAIL, DEMO_BRAND_EMAIL, DEMO_PASSWORD } from "../../scripts/local/seed";
import { conversionArrives, sendDemoSale } from "../../scripts/local/demo-sale";
import { browserStack } from "./support/dev-stack";

/**
 * The "done means", in a real headless Chromium against the real dev stack
 * (embedded Postgres, bridge, both workers in one Miniflare): a new user signs up,
 * verifies through the dev mailbox, signs in, creates a brand and an API key, calls the
 * REST API with it, and invites a viewer who can read keys but not create them. A new
 * creator fills in their profile, sees the demo brand's listed campaign among their matches
 * with the reasons, applies in one click, and is approved by the brand on its Applications page.
 * And the demo creator uploads a tax form that the demo brand's owner reviews, both
 * downloading it through signed links. And the demo owner goes from the Quickstart to a new
 * campaign and a tracking link whose click shows up, then creates an S2S key seen once. The
 * demo brand's owner explains a commission, releases a flagged one from review and exports
 * CSV; the demo creator sees its earnings.
 */

const PASSWORD = "browsers read long passphrases";
let firstSale: Awaited<ReturnType<typeof sendDemoSale>>;
// The very first thing, the moment the stack says it is up (see "the first event").
const run = browserStack("rekomi-browser-", { onStarted: async (stack) => void (firstSale = await sendDemoSale(stack.demo)) });

/** Signs up through the form, then opens the verification mail in the dev mailbox and follows its link. */
async function signUpAndVerify(page: Page, name: string, email: string): Promise<void> {
  await page.goto(`${run.stack.appUrl}/sign-up`);
  await page.fill("input[name=name]", name);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", PASSWORD);
  await page.click("button[type=submit]");
  await page.getByText("Check your inbox").waitFor();

  await page.goto(`${run.stack.appUrl}/dev/mailbox?to=${encodeURIComponent(email)}`);
  await page.click("text=Verify your email for Rekomi");
  await page.click("a:has-text('Verify email')");
  // A never-verified account: the person who proved the mailbox chooses the password.
  await page.getByText("Choose the password for this account").waitFor();
  await page.fill("input[name=password]", PASSWORD);
  await page.click("button[type=submit]");
  await page.getByText(`${email} is verified and your password is set`).waitFor();
  expect(new URL(page.url()).pathname).toBe("/verify-email");
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.click("a:has-text('Sign in')");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", PASSWORD);
  await page.click("button[type=submit]");
}

describe("the first event", () => {
  // Two wrangler dev sessions used to drop queue messages while they found each other: a
  // 202 for a sale that never reached Postgres. One runtime must lose nothing.
  it("an S2S sale sent the moment the stack is up is accepted and becomes a conversion", async () => {
    expect(firstSale.status, firstSale.body).toBe(202);
    expect(await conversionArrives(run.stack.demo, firstSale.eventId!, 30_000)).toBe(true);
  });
});

describe("a new brand in the browser", () => {
  it("signs up, verifies by mail, signs in, creates a brand and an API key that works on /v1, and invites a viewer", async () => {
    const stamp = Date.now().toString(36);
    const ownerEmail = `owner-${stamp}@browser.test`;
    const viewerEmail = `viewer-${stamp}@browser.test`;

    const owner = await run.browser.newContext();
    const page = await owner.newPage();
    await signUpAndVerify(page, "Olive Owner", ownerEmail);
    await signIn(page, ownerEmail);
    await page.getByText("Welcome to Rekomi").waitFor();

    // The session cookie is a __Host- cookie even over http://127.0.0.1 (a secure context).
    const session = (await owner.cookies()).find((c) => c.name === "__Host-rekomi_session");
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });

    await page.fill("input[name=name]", "Browser Brand");
    await page.click("button:has-text('Create brand')");
    await page.getByText("No campaigns yet").waitFor();
    expect(page.url()).toMatch(/\/brands\/brd_[0-9a-z]{26}\/campaigns$/);

    await page.click("nav.tabs >> text=API keys");
    await page.fill("input[name=name]", "Browser key");
    await page.click("button:has-text('Create API key')");
    const key = (await page.locator("[data-testid=new-api-key]").textContent())?.trim() ?? "";
    expect(key).toMatch(/^rk_live_[0-9A-Za-z]{32}$/);

    const api = await fetch(`${run.stack.appUrl}/v1/campaigns`, { headers: { Authorization: `Bearer ${key}` } });
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ data: [], has_more: false, next_cursor: null });

    await page.click("button:has-text('I saved it')");
    await page.reload();
    await page.locator("[data-testid=api-keys] >> text=Browser key").waitFor();
    expect(await page.locator("[data-testid=api-keys] td").nth(3).textContent()).not.toBe("never");

    // Invite a viewer from the Team page.
    await page.click("nav.tabs >> text=Team");
    await page.fill("input[name=invite_email]", viewerEmail);
    await page.selectOption("select[name=invite_role]", "viewer");
    await page.click("button:has-text('Send invitation')");
    await page.getByText(`Invitation sent to ${viewerEmail}.`).waitFor();

    // The viewer, in their own browser: sign up, verify, sign in, follow the invitation.
    const viewer = await run.browser.newContext();
    const vpage = await viewer.newPage();
    await signUpAndVerify(vpage, "Vic Viewer", viewerEmail);
    await signIn(vpage, viewerEmail);
    await vpage.getByText("Welcome to Rekomi").waitFor();
    await vpage.goto(`${run.stack.appUrl}/dev/mailbox?to=${encodeURIComponent(viewerEmail)}`);
    await vpage.click("text=invited you to Browser Brand");
    await vpage.click("a:has-text('Accept invitation')");
    await vpage.click("button:has-text('Join Browser Brand')");
    await vpage.getByText("No campaigns yet").waitFor();

    await vpage.click("nav.tabs >> text=API keys");
    await vpage.locator("[data-testid=api-keys] >> text=Browser key").waitFor();
    await vpage.getByText("can see keys but not create or revoke them").waitFor();
    expect(await vpage.locator("button:has-text('Create API key')").count()).toBe(0);
    expect(await vpage.locator("nav.tabs >> text=Audit log").count()).toBe(0);

    await owner.close();
    await viewer.close();
  });
});

/** Signs in on the sign-in page with the seeded demo password. */
async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto(`${run.stack.appUrl}/sign-in`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", DEMO_PASSWORD);
  await page.click("button[type=submit]");
}

describe("tax forms in the browser", () => {
  /** Clicks a Download button and returns the bytes the browser saved. */
  async function download(page: Page, button: ReturnType<Page["locator"]>): Promise<{ name: string; bytes: Buffer }> {
    const [saved] = await Promise.all([page.waitForEvent("download"), button.click()]);
    return { name: saved.suggestedFilename(), bytes: readFileSync((await saved.path())!) };
  }

  it("the creator uploads a W-9 (after a refused fake), downloads it; the brand owner sees it, accepts it and downloads it", async () => {
    const pdf = Buffer.from(`%PDF-1.7\n% browser test ${Date.now()}\n${"%".repeat(200_000)}\n%%EOF\n`);

    const creator = await run.browser.newContext();
    const cpage = await creator.newPage();
    await signInAs(cpage, DEMO_AFFILIATE_EMAIL);
    await cpage.locator("nav.tabs >> text=Tax forms").click();
    await cpage.getByText("Upload a tax form").waitFor();
    expect(new URL(cpage.url()).pathname).toBe("/creator/tax-forms");

    // A file that only claims to be a PDF is refused by the server, under the file field.
    await cpage.setInputFiles("input[name=file]", { name: "fake.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html>not a pdf</html>") });
    await cpage.click("button:has-text('Upload')");
    await cpage.locator(".field-error", { hasText: "not a PDF" }).waitFor();

    await cpage.selectOption("select[name=form_type]", "w9");
    await cpage.setInputFiles("input[name=file]", { name: "my W-9 (signed).pdf", mimeType: "application/pdf", buffer: pdf });
    await cpage.click("button:has-text('Upload')");
    await cpage.getByText("Your W-9 was uploaded and is awaiting review.").waitFor();
    const row = cpage.locator("[data-testid=tax-forms] tbody tr").first();
    await row.getByText("awaiting review").waitFor();

    const own = await download(cpage, row.locator("button:has-text('Download')"));
    expect(own.bytes.equals(pdf)).toBe(true);
    expect(own.name).toMatch(/^rekomi-w9-txf_[0-9a-z]{26}\.pdf$/);

    const owner = await run.browser.newContext();
    const opage = await owner.newPage();
    await signInAs(opage, DEMO_BRAND_EMAIL);
    await opage.click("nav.tabs >> text=Tax forms");
    const casey = opage.locator("[data-testid=tax-status] tbody tr", { hasText: "Casey Creator" });
    await casey.getByText("awaiting review").waitFor();
    await casey.locator("button:has-text('Accept')").click();
    await casey.locator(".badge", { hasText: "accepted" }).waitFor();
    const theirs = await download(opage, casey.locator("button:has-text('Download')"));
    expect(theirs.bytes.equals(pdf)).toBe(true);

    await opage.click("nav.tabs >> text=Audit log");
    await opage.getByText("Issued a tax form download link").first().waitFor();

    await creator.close();
    await owner.close();
  });
});

describe("a new creator in the browser", () => {
  it("signs up, fills in the profile, sees a match with its reasons, applies, and is approved by the brand", async () => {
    const email = `creator-${Date.now().toString(36)}@browser.test`;
    const context = await run.browser.newContext();
    const page = await context.newPage();
    await signUpAndVerify(page, "Cam Creator", email);
    await signIn(page, email);
    await page.getByText("Welcome to Rekomi").waitFor();

    await page.click("a:has-text('Set up your creator profile')");
    await page.fill("input[name=display_name]", "Cam Creator");
    await page.fill("input[name=audience_size_0]", "25000");
    await page.fill("input[name=niches]", "saas, analytics");
    await page.fill("input[name=countries]", "us, gb");
    await page.fill("input[name=languages]", "en");
    await page.click("button:has-text('Create profile')");
    await page.getByText("Ask to be listed").waitFor();

    // The demo brand's listed campaign (niches saas, analytics; markets US, GB, CA) is a match, with reasons.
    await page.click("nav.tabs >> text=Matches for you");
    const match = page.locator("[data-testid=match]", { hasText: "Acme Pro partner program" });
    await match.waitFor();
    expect(await match.textContent()).toContain("Shares 2 of 2 campaign niches: saas, analytics.");
    await match.locator("button:has-text('Apply')").click();
    await page.getByText("Applied to Acme Pro partner program.").waitFor();
    await page.click("nav.tabs >> text=Applications");
    await page.locator("[data-testid=applications] tr", { hasText: "Acme Pro partner program" }).locator("text=pending").waitFor();

    // The brand's owner approves it on the Applications page.
    const brand = await run.browser.newContext();
    const bpage = await brand.newPage();
    await bpage.goto(`${run.stack.appUrl}/sign-in`);
    await bpage.fill("input[name=email]", String(run.stack.demo.brand_email));
    await bpage.fill("input[name=password]", String(run.stack.demo.brand_password));
    await bpage.click("button[type=submit]");
    await bpage.click("nav.tabs >> text=Applications");
    const row = bpage.locator("[data-testid=applications] tr", { hasText: "Cam Creator" });
    await row.waitFor();
    await row.locator("button:has-text('Approve')").click();
    await bpage.getByText("No applications to review").waitFor();

    // Back on the creator's side: the campaign is theirs, and they make their own link.
    await page.click("nav.tabs >> text=My campaigns");
    const mine = page.locator("[data-testid=my-campaign]", { hasText: "Acme Pro partner program" });
    await mine.locator("text=approved").waitFor();
    await mine.locator("button:has-text('Create my link')").click();
    const link = (await mine.locator("[data-testid=tracking-link]").first().textContent()) ?? "";
    expect(link).toMatch(new RegExp(`^${run.stack.edgeUrl}/c/[0-9A-Za-z]{8}$`));

    await context.close();
    await brand.close();
  });
});

describe("commissions in the browser", () => {
  it("the brand explains a commission, works the review queue and exports CSV; the creator sees earnings over time", async () => {
    const owner = await run.browser.newContext({ acceptDownloads: true });
    const page = await owner.newPage();
    await signInAs(page, DEMO_BRAND_EMAIL);
    await page.click("nav.tabs >> text=Commissions");
    const table = page.locator("[data-testid=commissions]");
    await table.locator("tbody tr", { hasText: "reversal" }).waitFor();
    // The demo's four sales (two approved for the demo payout) and the refund's reversal.
    expect(await table.locator("tbody tr").count()).toBe(5);

    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("button:has-text('Export CSV')")]);
    expect(csv.suggestedFilename()).toMatch(/^rekomi-commissions-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(readFileSync((await csv.path())!, "utf8").trim().split("\r\n")).toHaveLength(6);

    await page.click("button:has-text('Review queue')");
    // The list keeps showing while the queue loads: wait for the queue itself.
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=commissions] tbody tr").length === 1);
    const flagged = table.locator("tbody tr", { hasText: "in review" });
    await flagged.locator("button:has-text('Explain')").click();
    const drawer = page.locator("[data-testid=commission-drawer]");
    await drawer.getByText("Self-referral").waitFor();
    expect(await drawer.textContent()).toContain("25 % of 4900 USD minor units = 1225 USD minor units");
    await drawer.locator("button:has-text('Release from review')").click();
    await drawer.locator("button:has-text('Approve now')").waitFor();
    await page.getByText("Nothing to review").waitFor();

    const creator = await run.browser.newContext();
    const cpage = await creator.newPage();
    await signInAs(cpage, DEMO_AFFILIATE_EMAIL);
    await cpage.click("nav.tabs >> text=Earnings");
    const balances = cpage.locator("[data-testid=balances]");
    await balances.getByText("Acme Analytics").waitFor();
    // Approved: 1225 + 1975 (the two demo sales past the 30-day hold).
    expect(await balances.textContent()).toContain("$32.00");
    expect(await cpage.locator("[data-testid=earnings-chart] rect.bar").count()).toBe(12);
    const rows = cpage.locator("[data-testid=creator-commissions] tbody tr");
    expect(await rows.count()).toBe(5);
    await rows.first().locator("summary").click();
    expect(await rows.first().locator(".explanation").textContent()).toMatch(/25 %|Refund/);
    expect(await cpage.content()).not.toContain("Self-referral");

    await owner.close();
    await creator.close();
  });
});

describe("a brand's first tracking link in the browser", () => {
  it("opens the Quickstart, creates a campaign and a link, sees the link's click arrive, and sees an S2S secret once", async () => {
    const owner = await run.browser.newContext();
    const page = await owner.newPage();
    await signInAs(page, DEMO_BRAND_EMAIL);
    await page.click("nav.tabs >> text=Quickstart");
    await page.locator("[data-testid=quickstart-progress]").waitFor();
    expect(await page.locator("[data-testid=quickstart-step]").count()).toBe(7);

    // The campaign sends visitors to a page of the local run.stack, so the visitor's browser lands somewhere real.
    await page.click("a:has-text('Create another campaign')");
    const name = `Browser campaign ${Date.now().toString(36)}`;
    await page.fill("input[name=name]", name);
    await page.fill("input[name=destination_url]", `${run.stack.appUrl}/healthz`);
    await page.fill("input[name=commission_percent]", "12.5");
    await page.fill("input[name=commission_min_payout]", "25");
    await page.click("button:has-text('Create campaign')");
    await page.getByText(`${name} is live.`).waitFor();
    expect(await page.locator("[data-testid=campaign-head]").textContent()).toContain("12.5 % · for 12 months");

    // No brand enrolls a creator alone: the owner sends Casey an offer, Casey accepts it.
    await page.selectOption("select[name=add_creator]", { label: "Casey Creator (casey@creator.test)" });
    await page.click("button:has-text('Send offer')");
    await page.getByText("Offer sent to Casey Creator").waitFor();
    const creator = await run.browser.newContext();
    const cpage = await creator.newPage();
    await signInAs(cpage, DEMO_AFFILIATE_EMAIL);
    await cpage.waitForURL((u) => u.pathname.startsWith("/creator") || u.pathname.startsWith("/brands"));
    await cpage.goto(`${run.stack.appUrl}/creator/applications`);
    const offer = cpage.locator("[data-testid=applications] tbody tr", { hasText: name });
    await offer.locator(".badge", { hasText: "offer" }).waitFor();
    await offer.locator("button:has-text('Accept')").click();
    await offer.locator(".badge", { hasText: "approved" }).waitFor();
    await creator.close();

    await page.reload();
    await page.selectOption("select[name=link_enrollment]", { label: "Casey Creator" });
    await page.click("button:has-text('Create link')");
    const link = ((await page.locator("[data-testid=new-link]").textContent()) ?? "").trim();
    expect(link).toMatch(new RegExp(`^${run.stack.edgeUrl}/c/[0-9A-Za-z]{8}$`));
    const row = page.locator("[data-testid=links] tbody tr").first();
    expect(await row.locator("[data-testid=link-clicks]").textContent()).toBe("0");

    // A visitor opens the link. Headless Chromium names itself in its user agent, which the
    // edge (rightly) does not count, so the visitor presents a desktop browser's.
    const visitor = await run.browser.newContext({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" });
    const vpage = await visitor.newPage();
    const landed = await vpage.goto(link);
    expect(new URL(vpage.url()).pathname).toBe("/healthz");
    expect(new URL(vpage.url()).searchParams.get("rk_click")).toMatch(/^clk_/);
    expect(landed?.status()).toBe(200);

    // The click travels edge → queue → consumer → daily rollup; refresh until it shows.
    for (let i = 0; i < 60 && (await row.locator("[data-testid=link-clicks]").textContent()) !== "1"; i++) {
      await page.waitForTimeout(500);
      await page.click("button:has-text('Refresh clicks')");
    }
    expect(await row.locator("[data-testid=link-clicks]").textContent()).toBe("1");

    // An S2S key on the Developers page: the secret is shown once, then only its hint.
    await page.click("nav.tabs >> text=Developers");
    await page.fill("input[name=s2s_name]", "Browser billing");
    await page.click("button:has-text('Create S2S key')");
    const secret = ((await page.locator("[data-testid=secret-value]").textContent()) ?? "").trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await page.click("button:has-text('I saved it')");
    await page.reload();
    await page.locator("[data-testid=s2s-keys] td", { hasText: "Browser billing" }).waitFor();
    await page.locator("[data-testid=s2s-keys] code", { hasText: `whsec_…${secret.slice(-4)}` }).waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await page.locator("[data-testid=secret-value]").count()).toBe(0);

    await visitor.close();
    await owner.close();
  });
});

describe("the dashboard client in the browser", () => {
  it("pages through the audit log one page at a time, and shows a failed page with a way to try again", async () => {
    const owner = await run.browser.newContext();
    const page = await owner.newPage();
    await signInAs(page, DEMO_BRAND_EMAIL);
    await page.click("nav.tabs >> text=Audit log");
    const rows = page.locator("[data-testid=audit] tbody tr");
    await rows.first().waitFor();
    const all = await page.evaluate(async (brandId) => (await (await fetch(`/api/brands/${brandId}/audit-events?limit=100`)).json()).data.length, run.stack.demo.brand_id);
    expect(all).toBeGreaterThan(4);

    // Pages of two (the server's own paging, only the page size is changed), and one page whose connection drops.
    let drop = 2;
    await page.route(/\/audit-events\?/, (route) => {
      const url = route.request().url();
      if (url.includes("cursor=") && --drop === 0) return route.abort("connectionreset");
      return route.continue({ url: url.replace("limit=50", "limit=2") });
    });
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=audit] tbody tr").length === 2);
    await page.click("button:has-text('Load older events')");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=audit] tbody tr").length === 4);
    await page.click("button:has-text('Load older events')");
    await page.getByText("Cannot reach Rekomi").waitFor();
    expect(await rows.count()).toBe(4);
    await page.click("button:has-text('Try again')");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=audit] tbody tr").length === 6);
    expect(await page.getByText("Cannot reach Rekomi").count()).toBe(0);
    while (await page.locator("button:has-text('Load older events')").count()) {
      const before = await rows.count();
      await page.click("button:has-text('Load older events')");
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=audit] tbody tr").length > n, before);
    }
    expect(await rows.count()).toBe(all);
    await owner.close();
  });

  it("creates a campaign once when the first answer is lost and the owner submits again", async () => {
    const owner = await run.browser.newContext();
    const page = await owner.newPage();
    await signInAs(page, DEMO_BRAND_EMAIL);
    await page.click("nav.tabs >> text=Campaigns");
    await page.click("a:has-text('New campaign')");

    // The server acts on the first POST, but its answer never reaches the browser.
    const keys: (string | undefined)[] = [];
    const replayed: (string | null)[] = [];
    await page.route(/\/campaigns$/, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      keys.push(route.request().headers()["idempotency-key"]);
      const answer = await route.fetch();
      replayed.push(answer.headers()["idempotent-replayed"] ?? null);
      return keys.length === 1 ? route.abort("connectionreset") : route.fulfill({ response: answer });
    });
    const name = `Lost answer ${Date.now().toString(36)}`;
    await page.fill("input[name=name]", name);
    await page.fill("input[name=destination_url]", `${run.stack.appUrl}/healthz`);
    await page.fill("input[name=commission_percent]", "10");
    await page.click("button:has-text('Create campaign')");
    await page.getByText("Cannot reach Rekomi").waitFor();
    await page.click("button:has-text('Create campaign')");
    await page.getByText(`${name} is live.`).waitFor();

    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys).toEqual([keys[0], keys[0]]);
    expect(replayed).toEqual([null, "true"]);
    const campaigns = await page.evaluate(async (brandId) => (await (await fetch(`/api/brands/${brandId}/campaigns?limit=100`)).json()).data as { name: string }[], run.stack.demo.brand_id);
    expect(campaigns.filter((c) => c.name === name)).toHaveLength(1);
    await owner.close();
  });
});
