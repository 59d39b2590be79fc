import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserStack } from "./support/dev-stack";

/**
 * Curated listings, the "done means", in a real headless Chromium against the dev
 * stack: a campaign the demo brand lists is in review (its page says so) and absent from a
 * creator's matches until Rekomi staff approve it from Admin; then it is there.
 */

const run = browserStack("rekomi-browser-");

async function signedIn(email: string, password: string): Promise<Page> {
  const page = await (await run.browser.newContext()).newPage();
  await page.goto(`${run.stack.appUrl}/sign-in`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.pathname !== "/sign-in");
  return page;
}

describe("curated listings in the browser", () => {
  it("a listed campaign reaches a creator's matches only after staff approve it in Admin", async () => {
    const name = `Orchid club ${Date.now().toString(36)}`;
    // The demo brand lists a campaign through the REST API.
    const res = await fetch(`${run.stack.appUrl}/v1/campaigns`, {
      method: "POST",
      headers: { authorization: `Bearer ${String(run.stack.demo.api_key)}`, "content-type": "application/json" },
      body: JSON.stringify({
        name,
        destination_url: "https://orchids.example/join",
        visibility: "listed",
        niches: ["saas"],
        terms: "No coupon sites.",
        commission: { type: "percentage", rate_bps: 1500, currency: "USD", duration: "one_time" },
      }),
    });
    expect(res.status).toBe(201);
    const campaign = (await res.json()) as { id: string; listing: { status: string } };
    expect(campaign.listing.status).toBe("pending");

    // The brand's campaign page says it waits for review.
    const brand = await signedIn(String(run.stack.demo.brand_email), String(run.stack.demo.brand_password));
    await brand.goto(`${run.stack.appUrl}/brands/${String(run.stack.demo.brand_id)}/campaigns/${campaign.id}/settings`);
    await brand.locator("[data-testid=listing-review]", { hasText: "In review." }).waitFor();

    // The demo creator does not see it among their matches.
    const creator = await signedIn(String(run.stack.demo.affiliate_email), String(run.stack.demo.affiliate_password));
    // Whatever else is listed, this campaign is not among what the page loaded and shows.
    const loaded = creator.waitForResponse((r) => new URL(r.url()).pathname === "/api/creator/matches");
    await creator.goto(`${run.stack.appUrl}/creator/matches`);
    const matches = (await (await loaded).json()) as { data: { campaign: { id: string } }[] };
    expect(matches.data.map((m) => m.campaign.id)).not.toContain(campaign.id);
    expect(await creator.locator("[data-testid=match]", { hasText: name }).count()).toBe(0);

    // Staff review it in Admin: brand, destination, terms and the creator's card, then approve.
    const staff = await signedIn(String(run.stack.demo.staff_email), String(run.stack.demo.staff_password));
    await staff.goto(`${run.stack.appUrl}/admin`);
    await staff.click("nav.tabs >> text=Campaign listings");
    const listing = staff.locator("[data-testid=listing]", { hasText: name });
    await listing.waitFor();
    const text = (await listing.textContent()) ?? "";
    expect(text).toContain("Acme Analytics");
    expect(text).toContain("https://orchids.example/join");
    expect(text).toContain("15 % of the first payment");
    // The brand changes its terms while staff look: approving what they saw is refused and
    // they are asked to reload; reloaded, they see what changed and approve that.
    const changed = await fetch(`${run.stack.appUrl}/v1/campaigns/${campaign.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${String(run.stack.demo.api_key)}`, "content-type": "application/json" },
      body: JSON.stringify({ terms: "No coupon sites. No cashback sites." }),
    });
    expect(changed.status).toBe(200);
    await listing.locator("button:has-text('Approve listing')").click();
    await listing.locator("[data-testid=listing-stale]", { hasText: "Terms changed since you loaded this listing" }).waitFor();
    await listing.locator("button:has-text('Reload')").click();
    await listing.getByText("Terms changed: program terms.").waitFor();
    await listing.locator("button:has-text('Approve listing')").click();
    // Decided, it leaves the queue; under "Approved" staff may withdraw the approval.
    await listing.waitFor({ state: "detached" });
    await staff.selectOption("select[aria-label='Listing state']", "approved");
    await staff.locator(`[data-testid=listing][data-campaign-id='${campaign.id}'] >> button:has-text('Withdraw approval')`).waitFor();

    // Now it is among the creator's matches, and the brand's page no longer says "in review".
    await creator.reload();
    await creator.locator("[data-testid=match]", { hasText: name }).waitFor();
    await brand.reload();
    await brand.locator("[data-testid=campaign-head]", { hasText: "listing approved" }).waitFor();
    expect(await brand.locator("[data-testid=listing-review]").count()).toBe(0);
  });
});
