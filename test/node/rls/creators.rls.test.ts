import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCreatorInvitation, findJoinLink } from "../../../src/infra/db/lookups";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { connectAsApp, pgCode, pools, seedTenant, type Tenant } from "./support";

const { appDb: db, close } = pools();
const INSUFFICIENT_PRIVILEGE = "42501";
const RLS_VIOLATION = "42501";

let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  const client = await connectAsApp();
  a = await seedTenant(client, "creators-a");
  b = await seedTenant(client, "creators-b");
  await client.end();
});
afterAll(close);

const asAffiliate = <T>(affiliateId: string, fn: Parameters<typeof withPrincipal<T>>[2]) => withPrincipal(db, { kind: "affiliate", affiliateId }, fn);
const asStaff = <T>(fn: Parameters<typeof withPrincipal<T>>[2]) => withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, fn);
const setStatus = (status: schema.NetworkStatus, id: string) => (tx: Parameters<Parameters<typeof withPrincipal>[2]>[0]) =>
  tx.update(schema.affiliates).set({ networkStatus: status }).where(eq(schema.affiliates.id, id)).returning({ id: schema.affiliates.id });

describe("network listing decisions", () => {
  it("a creator may ask (pending) or leave (unlisted), never approve, reject or suspend themselves", async () => {
    for (const status of ["approved", "rejected", "suspended"] as const) {
      expect(await pgCode(asAffiliate(a.affiliateId, setStatus(status, a.affiliateId))), status).toBe(INSUFFICIENT_PRIVILEGE);
    }
    expect(await asAffiliate(a.affiliateId, setStatus("pending", a.affiliateId))).toHaveLength(1);
    expect(await asAffiliate(a.affiliateId, setStatus("unlisted", a.affiliateId))).toHaveLength(1);
    const note = asAffiliate(a.affiliateId, (tx) => tx.update(schema.affiliates).set({ networkReviewNote: "great" }).where(eq(schema.affiliates.id, a.affiliateId)));
    expect(await pgCode(note)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("a new profile cannot be born listed", async () => {
    const id = newId("affiliate");
    const born = asAffiliate(id, (tx) => tx.insert(schema.affiliates).values({ id, email: `${id}@rls.test`, displayName: "x", networkStatus: "approved" }));
    expect(await pgCode(born)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("staff decide on listings and touch nothing else; a suspended creator cannot lift it", async () => {
    expect(await asStaff(setStatus("suspended", b.affiliateId))).toHaveLength(1);
    expect(await pgCode(asAffiliate(b.affiliateId, setStatus("unlisted", b.affiliateId)))).toBe(INSUFFICIENT_PRIVILEGE);
    const rename = asStaff((tx) => tx.update(schema.affiliates).set({ displayName: "Renamed by staff" }).where(eq(schema.affiliates.id, b.affiliateId)));
    expect(await pgCode(rename)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await asStaff(setStatus("approved", b.affiliateId))).toHaveLength(1);
    // Brands cannot change a creator's listing at all (they only read profiles).
    expect(await withPrincipal(db, { kind: "brand", brandId: a.brandId }, setStatus("unlisted", b.affiliateId))).toEqual([]);
  });
});

describe("join links and creator invitations are the brand's alone", () => {
  let joinCode: string;
  let tokenHash: string;

  beforeAll(async () => {
    joinCode = `Rls${newId("joinLink").slice(4, 24).replace(/[^A-Za-z0-9]/g, "")}`;
    tokenHash = `hash-${newId("creatorInvitation")}`;
    await withPrincipal(db, { kind: "brand", brandId: a.brandId }, async (tx) => {
      await tx.insert(schema.campaignJoinLinks).values({ id: newId("joinLink"), brandId: a.brandId, campaignId: a.campaignId, code: joinCode, autoApprove: true });
      await tx.insert(schema.creatorInvitations).values({
        id: newId("creatorInvitation"),
        brandId: a.brandId,
        campaignId: a.campaignId,
        email: "someone@rls.test",
        tokenHash,
        expiresAt: new Date(Date.now() + 3600_000),
      });
    });
  });

  it("other brands, creators and no principal see none of them", async () => {
    for (const principal of [
      { kind: "brand", brandId: b.brandId },
      { kind: "affiliate", affiliateId: a.affiliateId },
      { kind: "user", userId: a.userId },
    ] as const) {
      const rows = await withPrincipal(db, principal, async (tx) => [
        ...(await tx.select().from(schema.campaignJoinLinks)),
        ...(await tx.select().from(schema.creatorInvitations)),
      ]);
      expect(rows, principal.kind).toEqual([]);
    }
    const none = await db.transaction(async (tx) => [...(await tx.select().from(schema.campaignJoinLinks)), ...(await tx.select().from(schema.creatorInvitations))]);
    expect(none).toEqual([]);
  });

  it("another brand cannot attach a join link or an invitation to a campaign that is not theirs", async () => {
    const invitation = withPrincipal(db, { kind: "brand", brandId: b.brandId }, (tx) =>
      tx.insert(schema.creatorInvitations).values({
        id: newId("creatorInvitation"),
        brandId: b.brandId,
        campaignId: a.campaignId,
        email: "x@rls.test",
        tokenHash: `hash-${newId("creatorInvitation")}`,
        expiresAt: new Date(Date.now() + 3600_000),
      }),
    );
    // The composite key names the campaign's real brand: a mismatch is a foreign-key error.
    expect(await pgCode(invitation)).toBe("23503");
    const spoofed = withPrincipal(db, { kind: "brand", brandId: b.brandId }, (tx) =>
      tx.insert(schema.campaignJoinLinks).values({ id: newId("joinLink"), brandId: a.brandId, campaignId: a.campaignId, code: "SpoofBrand000000000000" }),
    );
    expect(await pgCode(spoofed)).toBe(RLS_VIOLATION);
  });

  it("visitors reach them only through the narrow lookups", async () => {
    const found = await findJoinLink(db, joinCode);
    expect(found).toMatchObject({ campaignId: a.campaignId, brandId: a.brandId, autoApprove: true, state: "open" });
    expect(await findJoinLink(db, "Nothing0000000000000000")).toBeNull();
    expect(await findCreatorInvitation(db, tokenHash)).toMatchObject({ campaignId: a.campaignId, email: "someone@rls.test", state: "pending" });
  });
});

describe("creators' own tracking links", () => {
  const link = (affiliateId: string, t: Tenant, enrollmentId = t.enrollmentId) =>
    asAffiliate(affiliateId, (tx) =>
      tx
        .insert(schema.trackingLinks)
        .values({ id: newId("link"), brandId: t.brandId, campaignId: t.campaignId, enrollmentId, affiliateId: t.affiliateId, code: `own-${newId("link").slice(-12)}` })
        .returning({ id: schema.trackingLinks.id }),
    );

  it("a creator may add links to their own approved enrollment only", async () => {
    expect(await link(a.affiliateId, a)).toHaveLength(1);
    expect(await pgCode(link(a.affiliateId, b))).toBe(RLS_VIOLATION);
    expect(await pgCode(link(b.affiliateId, a))).toBe(RLS_VIOLATION);
  });

  it("not while the enrollment is paused, nor when the campaign keeps links to the brand", async () => {
    await withPrincipal(db, { kind: "brand", brandId: a.brandId }, (tx) => tx.update(schema.enrollments).set({ status: "paused" }).where(eq(schema.enrollments.id, a.enrollmentId)));
    expect(await pgCode(link(a.affiliateId, a))).toBe(RLS_VIOLATION);
    await withPrincipal(db, { kind: "brand", brandId: a.brandId }, async (tx) => {
      await tx.update(schema.enrollments).set({ status: "approved" }).where(eq(schema.enrollments.id, a.enrollmentId));
      await tx.update(schema.campaigns).set({ allowCreatorLinks: false }).where(eq(schema.campaigns.id, a.campaignId));
    });
    expect(await pgCode(link(a.affiliateId, a))).toBe(RLS_VIOLATION);
    await withPrincipal(db, { kind: "brand", brandId: a.brandId }, (tx) => tx.update(schema.campaigns).set({ allowCreatorLinks: true }).where(eq(schema.campaigns.id, a.campaignId)));
  });

  it("a creator still cannot approve their own application", async () => {
    const self = asAffiliate(a.affiliateId, (tx) =>
      tx.insert(schema.enrollments).values({ id: newId("enrollment"), brandId: b.brandId, campaignId: b.campaignId, affiliateId: a.affiliateId, status: "approved", source: "network" }),
    );
    expect(await pgCode(self)).toBe(RLS_VIOLATION);
    const raise = asAffiliate(a.affiliateId, (tx) => tx.update(schema.enrollments).set({ status: "approved" }).where(eq(schema.enrollments.id, a.enrollmentId)).returning());
    expect(await raise).toEqual([]);
  });
});
