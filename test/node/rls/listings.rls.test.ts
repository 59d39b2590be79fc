import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { connectAsApp, pgCode, pools, seedTenant, type Tenant } from "./support";

/**
 * Curated listings: a listed campaign reaches creators only once Rekomi staff approved it,
 * and only staff approve or reject. The database holds both rules, whatever the queries do.
 */
const { appDb: db, close } = pools();
const INSUFFICIENT_PRIVILEGE = "42501";

let brand: Tenant;
let creator: Tenant;

beforeAll(async () => {
  const client = await connectAsApp();
  brand = await seedTenant(client, "listings-brand");
  creator = await seedTenant(client, "listings-creator");
  await client.end();
});
afterAll(close);

type Tx = Parameters<Parameters<typeof withPrincipal>[2]>[0];
const asBrand = <T>(fn: (tx: Tx) => Promise<T>) => withPrincipal(db, { kind: "brand", brandId: brand.brandId }, fn);
const asCreator = <T>(fn: (tx: Tx) => Promise<T>) => withPrincipal(db, { kind: "affiliate", affiliateId: creator.affiliateId }, fn);
const staffId = newId("user");
const asStaff = <T>(fn: (tx: Tx) => Promise<T>) => withPrincipal(db, { kind: "platform_admin", userId: staffId }, fn);

/** A second campaign of the brand, which the creator is not enrolled in. */
async function newCampaign(visibility: "listed" | "private") {
  const id = newId("campaign");
  const [row] = await asBrand((tx) =>
    tx
      .insert(schema.campaigns)
      .values({ id, brandId: brand.brandId, name: "Curated", destinationUrl: "https://x.example", commissionType: "percentage", commissionRateBps: 1000, commissionDuration: "one_time", currency: "USD", visibility })
      .returning(),
  );
  return row!;
}
const creatorSees = (id: string) => asCreator((tx) => tx.select({ id: schema.campaigns.id }).from(schema.campaigns).where(eq(schema.campaigns.id, id)));
const apply = (campaignId: string) =>
  asCreator((tx) => tx.insert(schema.enrollments).values({ id: newId("enrollment"), brandId: brand.brandId, campaignId, affiliateId: creator.affiliateId, status: "pending", source: "network" }).returning());
const setListing = (id: string, status: schema.ListingStatus) => (tx: Tx) => tx.update(schema.campaigns).set({ listingStatus: status }).where(eq(schema.campaigns.id, id)).returning();

describe("curated listings", () => {
  it("a listed campaign is born pending, invisible to creators and closed to applications", async () => {
    const c = await newCampaign("listed");
    expect(c.listingStatus).toBe("pending");
    expect(await creatorSees(c.id)).toEqual([]);
    expect(await pgCode(apply(c.id))).toBe(INSUFFICIENT_PRIVILEGE);
    // A brand's own row cannot be born approved either.
    const id = newId("campaign");
    const [born] = await asBrand((tx) =>
      tx
        .insert(schema.campaigns)
        .values({ id, brandId: brand.brandId, name: "Sneaky", destinationUrl: "https://x.example", commissionType: "flat", commissionAmount: 100, commissionDuration: "one_time", currency: "USD", visibility: "listed", listingStatus: "approved" })
        .returning(),
    );
    expect(born!.listingStatus).toBe("pending");
  });

  it("the brand cannot approve or reject its own listing; staff can, and then creators see it and may apply", async () => {
    const c = await newCampaign("listed");
    for (const status of ["approved", "rejected"] as const) expect(await pgCode(asBrand(setListing(c.id, status))), status).toBe(INSUFFICIENT_PRIVILEGE);
    const note = asBrand((tx) => tx.update(schema.campaigns).set({ listingReviewNote: "self-approved" }).where(eq(schema.campaigns.id, c.id)).returning());
    expect((await note)[0]!.listingReviewNote).toBeNull();
    // A creator cannot touch campaigns at all.
    expect(await asCreator(setListing(c.id, "approved"))).toEqual([]);

    const [approved] = await asStaff(setListing(c.id, "approved"));
    expect(approved).toMatchObject({ listingStatus: "approved", listingReviewedBy: staffId, listingReviewedAt: expect.any(Date) });
    expect(await creatorSees(c.id)).toEqual([{ id: c.id }]);
    expect(await apply(c.id)).toHaveLength(1);
  });

  it("staff change only the review, and only of a listed campaign", async () => {
    const c = await newCampaign("listed");
    const rename = asStaff((tx) => tx.update(schema.campaigns).set({ name: "Renamed by staff" }).where(eq(schema.campaigns.id, c.id)));
    expect(await pgCode(rename)).toBe(INSUFFICIENT_PRIVILEGE);
    const privateOne = await newCampaign("private");
    expect(await pgCode(asStaff(setListing(privateOne.id, "approved")))).toBe(INSUFFICIENT_PRIVILEGE);
    // Staff decide; sending a listing back to review is the brand's change, not theirs.
    await asStaff(setListing(c.id, "approved"));
    expect(await pgCode(asStaff(setListing(c.id, "pending")))).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("back in review, the campaign leaves the network but stays visible to creators already in it", async () => {
    const c = await newCampaign("listed");
    await asStaff(setListing(c.id, "approved"));
    // The brand may always send its listing back to review (what a material change does).
    expect((await asBrand(setListing(c.id, "pending")))[0]).toMatchObject({ listingStatus: "pending", listingReviewedAt: null, listingReviewedBy: null });
    expect(await creatorSees(c.id)).toEqual([]);
    // A campaign the creator already works in (their tenant's own), listed and waiting for
    // review: they keep seeing it, since they keep their enrollment.
    const [waiting] = await withPrincipal(db, { kind: "brand", brandId: creator.brandId }, (tx) =>
      tx.update(schema.campaigns).set({ visibility: "listed" }).where(eq(schema.campaigns.id, creator.campaignId)).returning(),
    );
    expect(waiting!.listingStatus).toBe("pending");
    expect(await creatorSees(creator.campaignId)).toEqual([{ id: creator.campaignId }]);
    // Re-listing after going private asks for review again.
    await asStaff(setListing(c.id, "approved"));
    await asBrand((tx) => tx.update(schema.campaigns).set({ visibility: "private" }).where(eq(schema.campaigns.id, c.id)));
    const [relisted] = await asBrand((tx) => tx.update(schema.campaigns).set({ visibility: "listed" }).where(eq(schema.campaigns.id, c.id)).returning());
    expect(relisted!.listingStatus).toBe("pending");
  });

  it("a decision clears the changes it covered; a waiting listing's new changes make it a new request", async () => {
    const c = await newCampaign("listed");
    await asStaff(setListing(c.id, "approved"));
    const [back] = await asBrand((tx) =>
      tx.update(schema.campaigns).set({ listingStatus: "pending", listingChanges: ["commission"] }).where(eq(schema.campaigns.id, c.id)).returning(),
    );
    expect(back!.listingChanges).toEqual(["commission"]);
    // The brand asks for a new submission time; the database stamps it (never a time it picked).
    const asked = new Date("2001-01-01T00:00:00Z");
    const [again] = await asBrand((tx) =>
      tx.update(schema.campaigns).set({ listingChanges: ["commission", "terms"], listingSubmittedAt: asked }).where(eq(schema.campaigns.id, c.id)).returning(),
    );
    expect(again!.listingSubmittedAt!.getTime()).toBeGreaterThan(back!.listingSubmittedAt!.getTime() - 1);
    expect(again!.listingSubmittedAt!.getFullYear()).toBeGreaterThan(2001);
    const [approved] = await asStaff(setListing(c.id, "approved"));
    expect(approved).toMatchObject({ listingStatus: "approved", listingChanges: [] });
    // Not while approved: the submission time stays what it was.
    const [kept] = await asBrand((tx) => tx.update(schema.campaigns).set({ listingSubmittedAt: asked }).where(eq(schema.campaigns.id, c.id)).returning());
    expect(kept!.listingSubmittedAt).toEqual(approved!.listingSubmittedAt);
  });

  it("staff read a listed campaign's per-product rates", async () => {
    const c = await newCampaign("listed");
    await asBrand((tx) => tx.insert(schema.commissionOverrides).values({ brandId: brand.brandId, campaignId: c.id, productId: "pro", type: "percentage", rateBps: 500 }));
    const seen = await asStaff((tx) => tx.select().from(schema.commissionOverrides).where(eq(schema.commissionOverrides.campaignId, c.id)));
    expect(seen.map((o) => [o.productId, o.rateBps])).toEqual([["pro", 500]]);
    // Reading is all: staff change no rate.
    expect(await asStaff((tx) => tx.update(schema.commissionOverrides).set({ rateBps: 0 }).where(eq(schema.commissionOverrides.campaignId, c.id)).returning())).toEqual([]);
  });
});
