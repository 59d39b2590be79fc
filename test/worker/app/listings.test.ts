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
/** Staff's decision on the campaign as it is now: the version they would have loaded. */
const review = async (staff: Browser, owner: Browser, brandId: string, id: string, body: { decision: "approved" | "rejected"; reason?: string }) =>
  staff.post(`/api/admin/campaigns/${id}/listing-review`, { ...body, campaign_updated_at: (await campaignOf(owner, brandId, id)).updated_at });
const SOME_VERSION = "2026-01-01T00:00:00.000Z";

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

    const approved = await review(staff, owner, brandId, campaign.id, { decision: "approved" });
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
    const noReason = await review(staff, owner, brandId, campaign.id, { decision: "rejected" });
    expect(noReason.status).toBe(400);
    expect((await errorOf(noReason)).param).toBe("reason");
    const rejected = await review(staff, owner, brandId, campaign.id, { decision: "rejected", reason: "The terms promise payouts the destination site does not sell." });
    expect(rejected.status).toBe(200);
    expect((await campaignOf(owner, brandId, campaign.id)).listing).toMatchObject({ status: "rejected", review_note: "The terms promise payouts the destination site does not sell." });
    const mail = (await mailTo(ownerEmail))[0]!;
    expect(mail.subject).toBe(`${campaign.name} was not listed in the Rekomi creator network`);
    expect(mail.text).toContain("The terms promise payouts the destination site does not sell.");
    const creator = await signedUpCreator({ niches: ["zzcurated"] });
    expect(await matchIds(creator.browser)).not.toContain(campaign.id);
    // Deciding twice is a conflict, not a silent overwrite.
    expect((await review(staff, owner, brandId, campaign.id, { decision: "rejected", reason: "again" })).status).toBe(409);

    const edited = await owner.patch(`/api/brands/${brandId}/campaigns/${campaign.id}`, { description: "Honest terms now." });
    expect((await edited.json<Campaign>()).listing).toMatchObject({ status: "pending", review_note: null });
  }, 60_000);

  it("a material change sends an approved listing back to review and tells the brand; enrolled creators keep their campaign", async () => {
    const { owner, ownerEmail, brandId, campaign } = await brandListing();
    const staff = await staffBrowser();
    await review(staff, owner, brandId, campaign.id, { decision: "approved" });
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
    await review(staff, owner, brandId, campaign.id, { decision: "approved" });
    expect(await matchIds(other.browser)).toContain(campaign.id);
  }, 60_000);

  it("a changed destination domain or new tiers are material too", async () => {
    const { owner, brandId, campaign } = await brandListing();
    const staff = await staffBrowser();
    await review(staff, owner, brandId, campaign.id, { decision: "approved" });
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
      expect((await who.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved", campaign_updated_at: SOME_VERSION })).status).toBe(403);
    }
    const creator = await signedUpCreator();
    expect((await creator.browser.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved", campaign_updated_at: SOME_VERSION })).status).toBe(403);
    // The campaign update schema has no listing field to smuggle an approval through.
    const smuggled = await owner.patch(`/api/brands/${brandId}/campaigns/${campaign.id}`, { listing: { status: "approved" } });
    expect(smuggled.status).toBe(400);
    expect((await campaignOf(owner, brandId, campaign.id)).listing?.status).toBe("pending");

    const staff = await staffBrowser();
    const privateOne = await owner.post(`/api/brands/${brandId}/campaigns`, { ...CAMPAIGN_INPUT, visibility: "private" });
    const privateId = (await privateOne.json<Campaign>()).id;
    expect((await review(staff, owner, brandId, privateId, { decision: "approved" })).status).toBe(409);
    expect((await staff.post("/api/admin/campaigns/cmp_00000000000000000000000000/listing-review", { decision: "approved", campaign_updated_at: SOME_VERSION })).status).toBe(404);
  }, 60_000);

  it("product rates are material: setting or removing one sends an approved listing back to review, and staff see them", async () => {
    const { owner, ownerEmail, brandId, campaign } = await brandListing();
    const staff = await staffBrowser();
    expect((await review(staff, owner, brandId, campaign.id, { decision: "approved" })).status).toBe(200);
    const rate = `/api/brands/${brandId}/campaigns/${campaign.id}/commission-overrides/pro_yearly`;
    expect((await owner.request("PUT", rate, { type: "percentage", rate_bps: 500 })).status).toBe(200);
    expect((await campaignOf(owner, brandId, campaign.id)).listing).toMatchObject({ status: "pending", changes: ["product_overrides"] });
    const mail = (await mailTo(ownerEmail))[0]!;
    expect(mail.subject).toBe(`${campaign.name} is back in review for the Rekomi creator network`);
    expect(mail.text).toContain("per-product commission rates");
    const creator = await signedUpCreator({ niches: ["zzcurated"] });
    expect(await matchIds(creator.browser)).not.toContain(campaign.id);

    // Staff review the rates with the rest of the terms; approving clears the recorded changes.
    const queue = await (await staff.get("/api/admin/campaign-listings?limit=100")).json<Page<AdminListing>>();
    expect(queue.data.find((l) => l.campaign.id === campaign.id)?.product_overrides).toEqual([
      expect.objectContaining({ product_id: "pro_yearly", type: "percentage", rate_bps: 500, currency: "USD" }),
    ]);
    const approved = await review(staff, owner, brandId, campaign.id, { decision: "approved" });
    expect((await approved.json<AdminListing>()).campaign.listing).toMatchObject({ status: "approved", changes: [] });
    // Saving the same rate again changes nothing staff approved.
    expect((await owner.request("PUT", rate, { type: "percentage", rate_bps: 500 })).status).toBe(200);
    expect((await campaignOf(owner, brandId, campaign.id)).listing?.status).toBe("approved");

    // Removing a rate is a change of terms too.
    expect((await owner.delete(rate)).status).toBe(200);
    expect((await campaignOf(owner, brandId, campaign.id)).listing).toMatchObject({ status: "pending", changes: ["product_overrides"] });
  }, 60_000);

  it("staff cannot approve terms they never saw: a change while waiting is recorded and refuses the earlier decision", async () => {
    const { owner, brandId, campaign } = await brandListing();
    const staff = await staffBrowser();
    const loaded = (await (await staff.get("/api/admin/campaign-listings?limit=100")).json<Page<AdminListing>>()).data.find((l) => l.campaign.id === campaign.id)!;
    expect(loaded.campaign.listing?.changes).toEqual([]);

    // The brand raises the stakes while staff look at the listing.
    const changed = await (await owner.patch(`/api/brands/${brandId}/campaigns/${campaign.id}`, { commission: { rate_bps: 9000 } })).json<Campaign>();
    expect(changed.listing).toMatchObject({ status: "pending", changes: ["commission"] });
    expect(Date.parse(changed.listing!.submitted_at!)).toBeGreaterThanOrEqual(Date.parse(loaded.campaign.listing!.submitted_at!));

    const stale = await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved", campaign_updated_at: loaded.campaign.updated_at });
    expect(stale.status).toBe(409);
    expect(await errorOf(stale)).toMatchObject({ code: "conflict", param: "campaign_updated_at" });
    expect((await campaignOf(owner, brandId, campaign.id)).listing?.status).toBe("pending");
    // Not a date at all: the one error envelope, not a 500.
    const garbled = await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved", campaign_updated_at: "yesterday" });
    expect(garbled.status).toBe(400);
    expect((await errorOf(garbled)).param).toBe("campaign_updated_at");

    // Reloaded, staff see the new rate and what changed, and decide on that.
    const reloaded = (await (await staff.get("/api/admin/campaign-listings?limit=100")).json<Page<AdminListing>>()).data.find((l) => l.campaign.id === campaign.id)!;
    expect(reloaded.campaign).toMatchObject({ commission: { rate_bps: 9000 }, listing: { changes: ["commission"] } });
    const approved = await staff.post(`/api/admin/campaigns/${campaign.id}/listing-review`, { decision: "approved", campaign_updated_at: reloaded.campaign.updated_at });
    expect(approved.status).toBe(200);
    expect((await approved.json<AdminListing>()).campaign.listing).toMatchObject({ status: "approved", changes: [] });
  }, 60_000);

  it("staff list approved and rejected listings too, to withdraw an approval or approve on second look", async () => {
    const { owner, brandId, campaign } = await brandListing();
    const staff = await staffBrowser();
    await review(staff, owner, brandId, campaign.id, { decision: "approved" });
    const approved = await (await staff.get("/api/admin/campaign-listings?status=approved&limit=100")).json<Page<AdminListing>>();
    expect(approved.data.map((l) => l.campaign.id)).toContain(campaign.id);
    expect((await review(staff, owner, brandId, campaign.id, { decision: "rejected", reason: "Withdrawn: the site sells something else now." })).status).toBe(200);
    const rejected = await (await staff.get("/api/admin/campaign-listings?status=rejected&limit=100")).json<Page<AdminListing>>();
    expect(rejected.data.map((l) => l.campaign.id)).toContain(campaign.id);
    expect((await review(staff, owner, brandId, campaign.id, { decision: "approved" })).status).toBe(200);
  }, 60_000);
});
