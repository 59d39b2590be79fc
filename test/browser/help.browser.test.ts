import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserStack, signInDemo } from "./support/dev-stack";
import { DEMO_AFFILIATE_EMAIL, DEMO_STAFF_EMAIL } from "../../scripts/local/seed";

/**
 * The messenger end to end on the real dev stack, in a real headless Chromium: the demo
 * creator opens the help button and writes; the demo staff member answers from Admin →
 * Help inbox; the creator sees the unread badge and the answer. The creator then reports a
 * campaign from My campaigns, and staff see it with the campaign's brand beside it.
 */

const run = browserStack("rekomi-help-");

/** A tiny real PNG (1×1). */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

const signIn = (page: Page, email: string) => signInDemo(page, run.stack.appUrl, email);

async function openInbox(page: Page): Promise<void> {
  await page.goto(`${run.stack.appUrl}/admin`);
  await page.click("nav.tabs >> text=Help inbox");
  await page.locator("[data-testid=help-inbox]").waitFor();
}

describe("the help messenger on npm run dev", () => {
  it("a creator writes from the help button, staff answer from Admin, the creator sees the badge and the answer", async () => {
    const creator = await (await run.browser.newContext()).newPage();
    await signIn(creator, DEMO_AFFILIATE_EMAIL);
    // The panel is its own chunk: nothing of it loads before the button is pressed.
    const chunks: string[] = [];
    creator.on("request", (r) => chunks.push(new URL(r.url()).pathname));
    await creator.click("button.help-button");
    await creator.click("button:has-text('New message')");
    await creator.fill("textarea[aria-label=Message]", "Where do I find my promo code?");
    await creator.click(".help-panel button[type=submit]");
    await creator.locator("[data-testid=help-message]", { hasText: "Where do I find my promo code?" }).waitFor();
    expect(chunks.some((p) => /\/assets\/panel-[\w-]+\.js$/.test(p))).toBe(true);
    // A screenshot, from the reply form's file input.
    await creator.setInputFiles(".help-panel input[type=file]", { name: "screen.png", mimeType: "image/png", buffer: PNG });
    await creator.click(".help-panel button[type=submit]");
    await creator.locator("[data-testid=help-message] button:has-text('Screenshot')").waitFor();

    const staff = await (await run.browser.newContext()).newPage();
    await signIn(staff, DEMO_STAFF_EMAIL);
    await openInbox(staff);
    await staff.click("[data-testid=help-inbox] button:has-text('Where do I find my promo code?')");
    await staff.locator("[data-testid=help-context]", { hasText: DEMO_AFFILIATE_EMAIL }).waitFor();
    // Staff open the screenshot through its short-lived signed link.
    const [shot] = await Promise.all([staff.context().waitForEvent("page"), staff.click("[data-testid=help-message] button:has-text('Screenshot')")]);
    await shot.waitForURL(/\/files\/help\/hla_[0-9a-z]{26}\?exp=\d+&sig=[0-9a-f]{64}$/);
    await shot.close();
    // An internal note first: the creator must never see it.
    await staff.check("label:has-text('Internal note') input[type=checkbox]");
    await staff.fill("textarea[aria-label='Staff reply']", "Casey is a demo creator, fine to answer");
    await staff.click("button:has-text('Add note')");
    await staff.locator("[data-testid=help-message].internal").waitFor();
    await staff.uncheck("label:has-text('Internal note') input[type=checkbox]");
    await staff.fill("textarea[aria-label='Staff reply']", "Under My campaigns, next to each link.");
    await staff.click("button:has-text('Send reply')");
    await staff.locator("[data-testid=help-message]", { hasText: "Under My campaigns, next to each link." }).waitFor();

    await creator.reload();
    await creator.locator("[data-testid=help-unread]", { hasText: "1" }).waitFor();
    await creator.click("button.help-button");
    await creator.click("[data-testid=help-conversation]:has-text('Where do I find my promo code?')");
    await creator.locator("[data-testid=help-message]", { hasText: "Under My campaigns, next to each link." }).waitFor();
    expect(await creator.locator(".help-panel").textContent()).not.toContain("fine to answer");
    // With the thread left open, staff's next answer shows up in it without a reload.
    await staff.fill("textarea[aria-label='Staff reply']", "And in the link's menu.");
    await staff.click("button:has-text('Send reply')");
    await creator.locator("[data-testid=help-message]", { hasText: "And in the link's menu." }).waitFor({ timeout: 40_000 });
    await creator.click("button[aria-label='Close help']");
    await expect.poll(() => creator.locator("[data-testid=help-unread]").count()).toBe(0);
  });

  it("a creator reports a campaign from My campaigns; staff see it with its brand", async () => {
    const creator = await (await run.browser.newContext()).newPage();
    await signIn(creator, DEMO_AFFILIATE_EMAIL);
    await creator.goto(`${run.stack.appUrl}/creator/campaigns`);
    const card = creator.locator("[data-testid=my-campaign]").first();
    const campaignName = ((await card.locator("h2").textContent()) ?? "").trim();
    await card.locator("button:has-text('Report')").click();
    await creator.selectOption(".help-panel select", "unpaid_commissions");
    await creator.fill("textarea[aria-label=Message]", "October sales were never paid.");
    await creator.click("button:has-text('Send report')");
    await creator.locator("[data-testid=help-message]", { hasText: "October sales were never paid." }).waitFor();

    const staff = await (await run.browser.newContext()).newPage();
    await signIn(staff, DEMO_STAFF_EMAIL);
    await openInbox(staff);
    await staff.click(`[data-testid=help-inbox] button:has-text('Unpaid commissions: ${campaignName}')`);
    const beside = staff.locator("[data-testid=help-context]");
    await beside.getByText("Reported campaign").waitFor();
    expect(await beside.textContent()).toContain(campaignName);
    expect(await beside.textContent()).toMatch(/by \S+/);
  });

  it("a signed-out visitor reports a security issue from /help (security.txt's link); staff see it flagged first", async () => {
    const visitor = await (await run.browser.newContext()).newPage();
    const email = `researcher-${Date.now().toString(36)}@run.browser.test`;
    await visitor.goto(`${run.stack.appUrl}/help?topic=security`);
    await visitor.locator(".help-panel").waitFor();
    expect(await visitor.locator(".help-panel select").inputValue()).toBe("security");
    await visitor.fill(".help-panel input[type=email]", email);
    await visitor.fill("textarea[aria-label=Message]", "Stored XSS in campaign terms.");
    await visitor.click(".help-panel button[type=submit]");
    await visitor.getByText(`Rekomi support will answer by email to ${email}`).waitFor();

    const staff = await (await run.browser.newContext()).newPage();
    await signIn(staff, DEMO_STAFF_EMAIL);
    await openInbox(staff);
    const first = staff.locator("[data-testid=help-inbox] tbody tr").first();
    expect(await first.textContent()).toContain("Security issue");
    const row = staff.locator("[data-testid=help-inbox] tbody tr", { hasText: email });
    expect(await row.textContent()).toContain("Security issue");
  });
});
