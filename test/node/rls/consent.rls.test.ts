import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPrincipal, type Principal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { connectAsApp, pgCode, pools, seedTenant, type Tenant } from "./support";

/**
 * Consent is data the database enforces (trigger enrollments_guard_consent, policy
 * affiliate_answers_offer), not a rule each handler remembers: a brand principal can only
 * offer a place; only the creator (its own principal, or the signed-in user who owns the
 * profile) records consent; without it no brand moves an enrollment to approved, paused or
 * ended; and `brandHasConsent` is what decides a brand's view of a creator.
 */

const { appDb: db, close } = pools();
const INSUFFICIENT_PRIVILEGE = "42501";

let a: Tenant;
let b: Tenant;
let creatorUserId: string;

beforeAll(async () => {
  const client = await connectAsApp();
  a = await seedTenant(client, "consent-a");
  b = await seedTenant(client, "consent-b");
  await client.end();
  // Creators apply only to network campaigns: b's is listed, and approved by staff.
  await withPrincipal(db, { kind: "brand", brandId: b.brandId }, (tx) => tx.update(schema.campaigns).set({ visibility: "listed" }).where(eq(schema.campaigns.id, b.campaignId)));
  await withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, (tx) => tx.update(schema.campaigns).set({ listingStatus: "approved" }).where(eq(schema.campaigns.id, b.campaignId)));
  // A creator profile owned by a user account (join links act for that user).
  creatorUserId = newId("user");
  await withPrincipal(db, { kind: "user", userId: creatorUserId }, (tx) => tx.insert(schema.users).values({ id: creatorUserId, email: `${creatorUserId}@consent.test` }));
});
afterAll(close);

const as = <T>(principal: Principal, fn: Parameters<typeof withPrincipal<T>>[2]) => withPrincipal(db, principal, fn);

async function newCreator(userId?: string) {
  const id = newId("affiliate");
  await as(userId ? { kind: "user", userId } : { kind: "affiliate", affiliateId: id }, (tx) =>
    tx.insert(schema.affiliates).values({ id, userId: userId ?? null, email: `${id}@creator.test`, displayName: "Consent creator" }),
  );
  return id;
}

const insertAs = (principal: Principal, affiliateId: string, status: schema.EnrollmentStatus, extra: Partial<typeof schema.enrollments.$inferInsert> = {}) => {
  const id = newId("enrollment");
  return as(principal, (tx) =>
    tx.insert(schema.enrollments).values({ id, brandId: b.brandId, campaignId: b.campaignId, affiliateId, status, source: "api", ...extra }).returning(),
  ).then(([row]) => row!);
};
const setAs = (principal: Principal, id: string, set: Partial<typeof schema.enrollments.$inferInsert>) =>
  as(principal, (tx) => tx.update(schema.enrollments).set(set).where(eq(schema.enrollments.id, id)).returning());
const asBrandB = (): Principal => ({ kind: "brand", brandId: b.brandId });

describe("a brand alone", () => {
  it("cannot enroll a creator approved, paused, ended or pending: only offer (invited)", async () => {
    const creator = await newCreator();
    for (const status of ["approved", "paused", "ended", "pending"] as const) {
      expect(await pgCode(insertAs(asBrandB(), creator, status)), status).toBe(INSUFFICIENT_PRIVILEGE);
    }
    const offer = await insertAs(asBrandB(), creator, "invited");
    expect(offer).toMatchObject({ status: "invited", consentedAt: null });
  });

  it("cannot forge consent on insert or update", async () => {
    const creator = await newCreator();
    expect(await pgCode(insertAs(asBrandB(), creator, "invited", { consentedAt: new Date() }))).toBe(INSUFFICIENT_PRIVILEGE);
    const offer = await insertAs(asBrandB(), creator, "invited");
    expect(await pgCode(setAs(asBrandB(), offer.id, { consentedAt: new Date() }))).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("cannot move its own offer to approved, paused or ended; it may withdraw it", async () => {
    const creator = await newCreator();
    const offer = await insertAs(asBrandB(), creator, "invited");
    for (const status of ["approved", "paused", "ended"] as const) {
      expect(await pgCode(setAs(asBrandB(), offer.id, { status })), status).toBe(INSUFFICIENT_PRIVILEGE);
    }
    expect((await setAs(asBrandB(), offer.id, { status: "withdrawn" }))[0]).toMatchObject({ status: "withdrawn", consentedAt: null });
  });

  it("cannot decline for the creator, reopen a final enrollment or revive an ended one, even with consent", async () => {
    const creator = await newCreator();
    const offer = await insertAs(asBrandB(), creator, "invited");
    expect(await pgCode(setAs(asBrandB(), offer.id, { status: "declined" }))).toBe(INSUFFICIENT_PRIVILEGE);
    await setAs(asBrandB(), offer.id, { status: "withdrawn" });
    expect(await pgCode(setAs(asBrandB(), offer.id, { status: "invited" }))).toBe(INSUFFICIENT_PRIVILEGE);

    // An application the creator made (consent recorded), rejected, then "revived" by the brand.
    const applicant = await newCreator();
    const application = await insertAs({ kind: "affiliate", affiliateId: applicant }, applicant, "pending", { source: "network" });
    await setAs(asBrandB(), application.id, { status: "rejected" });
    expect(await pgCode(setAs(asBrandB(), application.id, { status: "approved" }))).toBe(INSUFFICIENT_PRIVILEGE);

    const partner = await newCreator();
    const working = await insertAs({ kind: "affiliate", affiliateId: partner }, partner, "pending", { source: "network" });
    await setAs(asBrandB(), working.id, { status: "approved" });
    await setAs(asBrandB(), working.id, { status: "ended" });
    for (const status of ["approved", "paused", "pending"] as const) {
      expect(await pgCode(setAs(asBrandB(), working.id, { status })), status).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });

  it("even a brand member's session (a user id that is not the creator's) gives no consent", async () => {
    const creator = await newCreator();
    const memberSession: Principal = { kind: "brand", brandId: b.brandId, userId: b.userId };
    expect(await pgCode(insertAs(memberSession, creator, "approved"))).toBe(INSUFFICIENT_PRIVILEGE);
  });
});

describe("the creator", () => {
  it("accepts an offer: approved, with consent recorded by the database", async () => {
    const creator = await newCreator();
    const offer = await insertAs(asBrandB(), creator, "invited");
    const [accepted] = await setAs({ kind: "affiliate", affiliateId: creator }, offer.id, { status: "approved" });
    expect(accepted!.status).toBe("approved");
    expect(accepted!.consentedAt).toBeInstanceOf(Date);
    // From then on the brand runs the partnership.
    expect((await setAs(asBrandB(), offer.id, { status: "paused" }))[0]!.status).toBe("paused");
  });

  it("declines an offer, and cannot answer anyone else's or touch anything but the status", async () => {
    const creator = await newCreator();
    const other = await newCreator();
    const offer = await insertAs(asBrandB(), creator, "invited");
    expect(await setAs({ kind: "affiliate", affiliateId: other }, offer.id, { status: "approved" })).toEqual([]);
    expect(await pgCode(setAs({ kind: "affiliate", affiliateId: creator }, offer.id, { status: "paused" }))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await pgCode(setAs({ kind: "affiliate", affiliateId: creator }, offer.id, { status: "approved", campaignId: a.campaignId }))).toBe(INSUFFICIENT_PRIVILEGE);
    const [declined] = await setAs({ kind: "affiliate", affiliateId: creator }, offer.id, { status: "declined" });
    expect(declined).toMatchObject({ status: "declined", consentedAt: null });
    // Final: no second thought through the database either.
    expect(await setAs({ kind: "affiliate", affiliateId: creator }, offer.id, { status: "approved" })).toEqual([]);
  });

  it("applying records consent; the brand may then approve", async () => {
    const creator = await newCreator();
    const application = await insertAs({ kind: "affiliate", affiliateId: creator }, creator, "pending", { source: "network" });
    expect(application.consentedAt).toBeInstanceOf(Date);
    expect((await setAs(asBrandB(), application.id, { status: "approved" }))[0]!.status).toBe("approved");
  });

  it("joining through a link runs as the brand for the signed-in owner of the profile: that is consent too", async () => {
    const creator = await newCreator(creatorUserId);
    const joined = await insertAs({ kind: "brand", brandId: b.brandId, userId: creatorUserId }, creator, "approved", { source: "join_page" });
    expect(joined.consentedAt).toBeInstanceOf(Date);
  });
});

describe("the one rule, brandHasConsent", () => {
  const consent = (brandId: string, affiliateId: string) =>
    as({ kind: "brand", brandId }, async (tx) => {
      const [row] = await tx.select({ yes: sql<boolean>`${schema.brandHasConsent(sql`${affiliateId}`)}` }).from(sql`(select 1) as one`);
      return row!.yes;
    });

  it("is false for an offer, an application, a declined or withdrawn offer; true once accepted; per brand", async () => {
    const creator = await newCreator();
    const offer = await insertAs(asBrandB(), creator, "invited");
    expect(await consent(b.brandId, creator)).toBe(false);
    await setAs({ kind: "affiliate", affiliateId: creator }, offer.id, { status: "approved" });
    expect(await consent(b.brandId, creator)).toBe(true);
    expect(await consent(a.brandId, creator)).toBe(false);

    const applicant = await newCreator();
    await insertAs({ kind: "affiliate", affiliateId: applicant }, applicant, "pending", { source: "network" });
    expect(await consent(b.brandId, applicant)).toBe(false);
  });
});

