import { describe, expect, it } from "vitest";
import type { Campaign } from "../../../src/campaigns/schemas";
import type { z } from "@hono/zod-openapi";
import type { AdminListing as AdminListingSchema } from "../../../src/network/listings/schemas";
import { type Browser, CAMPAIGN_INPUT, brandOwnedBy, errorOf, mailTo, signedUpCreator, signedUpUser, staffBrowser, teammate } from "../support/fixtures";

type AdminListing = z.infer<typeof AdminListingSchema>;
type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };
type Match = { campaign: { id: string } };

/** A brand whose owner lists a campaign through the dashboard (not approved: that is what these tests are about). */
async function brandListing(campaign: Record<string, unknown> = {}) {
  const owner = await signedUpUser();
  const brandId = await brandOwnedBy(owner.browser, "Curated brand");
  const res = await owner.browser.post(`/api/brands/${brandId}/campaigns`, {
    ...CAMPAIGN_INPUT,
    name: `Listing ${Math.random().toString(36).slice(2, 8)}`,
    visibility: "listed",
    niches: ["zzcurated"],
    terms: "No paid search on our brand name.",
    ...campaign,
  });
  expect(res.status).toBe(201);
  const created = await res.json<Campaign>();
  return { owner: owner.browser, ownerEmail: owner.email, brandId, campaign: created };
}

const matchIds = async (creator: Browser) => (await (await creator.get("/api/creator/matches?limit=50")).json<{ data: Match[] }>()).data.map((m) => m.campaign.id);
const campaignOf = async (owner: Browser, brandId: string, id: string) => (await owner.get(`/api/brands/${brandId}/campaigns/${id}`)).json<Campaign>();

describe("curated listings", () => {
  it("a listed campaign waits for staff; approved, it reaches creators' matches and applications, and the brand is told", async () => {
    const { owner, ownerEmail, brandId, campaign } = await brandListing();
    expect(campaign.listing).toMatchObject({ status: "pending", submitted_at: expect.any(String), reviewed_at: null, review_note: null, changes: [] });
    const creator = await signedUpCreator({ display_name: "Curious Creator", niches: ["zzcurated"] });
    expect(await matchIds(creator.browser)).not.toContain(campaign.id);
    expect((await creator.browser.post("/api/creator/applications", { campaign_id: campaign.id })).status).toBe(404);

    // Staff see it in the queue with the brand, the terms, the destination and the card creators would see.
    const staff = await staffBrowser();
    const queue = await (await staff.get("/api/admin/campaign-listings?limit=100")).json<Page<AdminListing>>();
    const item = queue.data.find((l) => l.campaign.id === campaign.id)!;
    expect(item).toMatchObject({
      object: "campaign_listing",
      brand: { id: brandId, name: "Curated brand", status: "active" },
      campaign: { destination_url: "https://shop.example/pricing", terms: "No paid search on our brand name.", commission: { rate_bps: 2000, duration: "recurring", duration_months: 12 } },
      card: { brand_name: "Curated brand", campaign: { id: campaign.id, commission_summary: "20 % of every payment for 12 months", terms: "No paid search on our brand name." } },
    });

    const approved = await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved" });
    expect(approved.status).toBe(200);
    expect((await approved.json<AdminListing>()).campaign.listing).toMatchObject({ status: "approved", reviewed_at: expect.any(String) });
    expect(await matchIds(creator.browser)).toContain(campaign.id);
    expect((await creator.browser.post("/api/creator/applications", { campaign_id: campaign.id })).status).toBe(201);

    // The brand: its campaign page, its audit log and its managers' mail.
    expect((await campaignOf(owner, brandId, campaign.id)).listing?.status).toBe("approved");
    expect((await mailTo(ownerEmail))[0]!.subject).toBe(`${campaign.name} is live in the Rekomi creator network`);
    const audit = await (await owner.get(`/api/brands/${brandId}/audit-events?limit=100`)).json<Page<{ action: string; actor: { type: string } }>>();
    expect(audit.data).toContainEqual(expect.objectContaining({ action: "campaign.listing_reviewed", actor: expect.objectContaining({ type: "platform_admin" }) }));
    // Reviewed listings leave the queue.
    const after = await (await staff.get("/api/admin/campaign-listings?limit=100")).json<Page<AdminListing>>();
    expect(after.data.map((l) => l.campaign.id)).not.toContain(campaign.id);
  }, 60_000);

  it("a rejection carries a reason the brand sees; an edit resubmits it", async () => {
    const { owner, ownerEmail, brandId, campaign } = await brandListing();
    const staff = await staffBrowser();
    const noReason = await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "rejected" });
    expect(noReason.status).toBe(400);
    expect((await errorOf(noReason)).param).toBe("reason");
    const rejected = await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "rejected", reason: "The terms promise payouts the destination site does not sell." });
    expect(rejected.status).toBe(200);
    expect((await campaignOf(owner, brandId, campaign.id)).listing).toMatchObject({ status: "rejected", review_note: "The terms promise payouts the destination site does not sell." });
    const mail = (await mailTo(ownerEmail))[0]!;
    expect(mail.subject).toBe(`${campaign.name} was not listed in the Rekomi creator network`);
    expect(mail.text).toContain("The terms promise payouts the destination site does not sell.");
    const creator = await signedUpCreator({ niches: ["zzcurated"] });
    expect(await matchIds(creator.browser)).not.toContain(campaign.id);
    // Deciding twice is a conflict, not a silent overwrite.
    expect((await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "rejected", reason: "again" })).status).toBe(409);

    const edited = await owner.patch(`/api/brands/${brandId}/campaigns/${campaign.id}`, { description: "Honest terms now." });
    expect((await edited.json<Campaign>()).listing).toMatchObject({ status: "pending", review_note: null });
  }, 60_000);

  it("a material change sends an approved listing back to review and tells the brand; enrolled creators keep their campaign", async () => {
    const { owner, ownerEmail, brandId, campaign } = await brandListing();
    const staff = await staffBrowser();
    await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved" });
    const enrolled = await signedUpCreator({ niches: ["zzcurated"] });
    const application = await (await enrolled.browser.post("/api/creator/applications", { campaign_id: campaign.id })).json<{ id: string }>();
    const other = await signedUpCreator({ niches: ["zzcurated"] });
    expect(await matchIds(other.browser)).toContain(campaign.id);

    // Not material: the listing stays approved and nobody is mailed.
    const mailsBefore = (await mailTo(ownerEmail)).length;
    const renamed = await owner.patch(`/api/brands/${brandId}/campaigns/${campaign.id}`, { description: "Now with pictures.", niches: ["zzcurated", "zzmore"], destination_url: "https://shop.example/other-page" });
    expect((await renamed.json<Campaign>()).listing?.status).toBe("approved");
    expect((await mailTo(ownerEmail)).length).toBe(mailsBefore);

    // Material: a lower rate and a shorter cookie window.
    const cut = await owner.patch(`/api/brands/${brandId}/campaigns/${campaign.id}`, { commission: { rate_bps: 1000 }, cookie_window_days: 7 });
    expect(cut.status).toBe(200);
    expect((await cut.json<Campaign>()).listing).toMatchObject({ status: "pending", changes: ["commission", "cookie_window_days"] });
    const mail = (await mailTo(ownerEmail))[0]!;
    expect(mail.subject).toBe(`${campaign.name} is back in review for the Rekomi creator network`);
    expect(mail.text).toContain("commission type or rate, cookie window");
    expect(await matchIds(other.browser)).not.toContain(campaign.id);
    expect((await other.browser.post("/api/creator/applications", { campaign_id: campaign.id })).status).toBe(404);
    // The creator who already applied keeps the application and sees the campaign's new terms.
    const mine = await (await enrolled.browser.get("/api/creator/enrollments")).json<Page<{ id: string; status: string }>>();
    expect(mine.data.find((e) => e.id === application.id)?.status).toBe("pending");

    // Staff see what changed; once approved again it is back in matches.
    const queue = await (await staff.get("/api/admin/campaign-listings?limit=100")).json<Page<AdminListing>>();
    expect(queue.data.find((l) => l.campaign.id === campaign.id)?.campaign.listing?.changes).toEqual(["commission", "cookie_window_days"]);
    await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved" });
    expect(await matchIds(other.browser)).toContain(campaign.id);
  }, 60_000);

  it("a changed destination domain or new tiers are material too", async () => {
    const { owner, brandId, campaign } = await brandListing();
    const staff = await staffBrowser();
    await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved" });
    const moved = await owner.patch(`/api/brands/${brandId}/campaigns/${campaign.id}`, {
      destination_url: "https://elsewhere.example/",
      tiers: [{ metric: "sales", threshold: 10, type: "percentage", rate_bps: 3000 }],
    });
    expect((await moved.json<Campaign>()).listing).toMatchObject({ status: "pending", changes: ["destination_domain", "tiers"] });
  }, 60_000);

  it("only Rekomi staff review listings, and a brand cannot approve its own", async () => {
    const { owner, brandId, campaign } = await brandListing();
    const admin = await teammate(owner, brandId, "admin");
    for (const who of [owner, admin]) {
      expect((await who.get("/api/admin/campaign-listings")).status).toBe(403);
      expect((await who.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved" })).status).toBe(403);
    }
    const creator = await signedUpCreator();
    expect((await creator.browser.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved" })).status).toBe(403);
    // The campaign update schema has no listing field to smuggle an approval through.
    const smuggled = await owner.patch(`/api/brands/${brandId}/campaigns/${campaign.id}`, { listing: { status: "approved" } });
    expect(smuggled.status).toBe(400);
    expect((await campaignOf(owner, brandId, campaign.id)).listing?.status).toBe("pending");

    const staff = await staffBrowser();
    const privateOne = await owner.post(`/api/brands/${brandId}/campaigns`, { ...CAMPAIGN_INPUT, visibility: "private" });
    const privateId = (await privateOne.json<Campaign>()).id;
    expect((await staff.post(`/api/admin/campaigns/${privateId}/listing-review`, { decision: "approved" })).status).toBe(409);
    expect((await staff.post("/api/admin/campaigns/cmp_00000000000000000000000000/listing-review", { decision: "approved" })).status).toBe(404);
  }, 60_000);
});
