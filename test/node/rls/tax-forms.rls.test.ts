import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taxFormFile } from "../../../src/infra/db/lookups";
import { withPrincipal, type Principal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { hasValidTaxForm } from "../../../src/tax-forms/payout-gate";
import { pgCode, pools } from "./support";

/**
 * tax_forms under forced RLS, probed as the app role: creators see and write only their
 * own; brands see only the forms of creators they pay (an enrollment the creator consented
 * to, approved, paused or ended, and at least one commission) and record their own review
 * of those, in their own name (tax_form_reviews); staff see all and decide for everyone;
 * nobody deletes or rewrites a file's identity; no principal sees nothing.
 */

const { appDb: db, app, close } = pools();
afterAll(close);

const INSUFFICIENT_PRIVILEGE = "42501";
const UNIQUE_VIOLATION = "23505";

const as = <T>(principal: Principal, fn: Parameters<typeof withPrincipal<T>>[2]) => withPrincipal(db, principal, fn);

async function newCreator() {
  const id = newId("affiliate");
  await as({ kind: "affiliate", affiliateId: id }, (tx) => tx.insert(schema.affiliates).values({ id, email: `${id}@creator.test`, displayName: "RLS creator" }));
  return id;
}

async function newBrand() {
  const id = newId("brand");
  const campaignId = newId("campaign");
  await as({ kind: "brand", brandId: id }, async (tx) => {
    await tx.insert(schema.brands).values({ id, name: "RLS tax brand" });
    await tx.insert(schema.campaigns).values({
      id: campaignId,
      brandId: id,
      name: "c",
      destinationUrl: "https://x.example",
      commissionType: "percentage",
      commissionRateBps: 1000,
      commissionDuration: "one_time",
      currency: "USD",
      visibility: "listed",
    });
  });
  // Listed and approved by staff: creators apply (pending) only to network campaigns.
  await as({ kind: "platform_admin", userId: newId("user") }, (tx) => tx.update(schema.campaigns).set({ listingStatus: "approved" }).where(eq(schema.campaigns.id, campaignId)));
  return { id, campaignId };
}

/**
 * Puts the creator in the brand's campaign in `status`, the only way the database allows:
 * the creator applies (pending) or accepts the brand's offer (approved, then paused by the
 * brand). `paid` adds a commission on it (what makes a consented brand a payer).
 */
async function enroll(brand: { id: string; campaignId: string }, affiliateId: string, status: "pending" | "invited" | "approved" | "paused", paid = true, earned = 1_000) {
  const id = newId("enrollment");
  const at = { id, brandId: brand.id, campaignId: brand.campaignId, affiliateId };
  const asBrand = { kind: "brand", brandId: brand.id } as const;
  const move = (principal: Principal, to: schema.EnrollmentStatus) => as(principal, (tx) => tx.update(schema.enrollments).set({ status: to }).where(eq(schema.enrollments.id, id)));
  if (status === "pending") {
    await as({ kind: "affiliate", affiliateId }, (tx) => tx.insert(schema.enrollments).values({ ...at, status: "pending", source: "network" }));
  } else {
    await as(asBrand, (tx) => tx.insert(schema.enrollments).values({ ...at, status: "invited", source: "api" }));
    if (status !== "invited") await move({ kind: "affiliate", affiliateId }, "approved");
    if (status === "paused") await move(asBrand, "paused");
  }
  if (paid) await commission(brand, at, earned);
  return at;
}

/** A pending commission the brand owes on that enrollment, with the event and sale behind it (in live mode unless told). */
async function commission(brand: { id: string; campaignId: string }, e: { id: string; affiliateId: string }, earned: number, livemode = true) {
  const eventId = newId("trackingEvent");
  const conversionId = newId("conversion");
  await as({ kind: "brand", brandId: brand.id }, async (tx) => {
    await tx.insert(schema.trackingEvents).values({ id: eventId, brandId: brand.id, source: "s2s", deliveryId: eventId, type: "sale", livemode, payload: {}, receivedAt: new Date() });
    await tx.insert(schema.conversions).values({
      id: conversionId,
      brandId: brand.id,
      type: "sale",
      sourceEventId: eventId,
      affiliateId: e.affiliateId,
      enrollmentId: e.id,
      campaignId: brand.campaignId,
      amount: 10_000,
      currency: "USD",
      invoiceId: conversionId,
      livemode,
      occurredAt: new Date(),
      attribution: { via: null },
      trail: "rls sale",
    });
    await tx.insert(schema.commissions).values({
      id: newId("commission"),
      brandId: brand.id,
      campaignId: brand.campaignId,
      enrollmentId: e.id,
      affiliateId: e.affiliateId,
      conversionId,
      sourceEventId: eventId,
      kind: "earning",
      livemode,
      amount: earned,
      currency: "USD",
      holdUntil: new Date(Date.now() + 86_400_000),
      explanation: { lines: [], inputs: {} } as never,
    });
  });
}

function formValues(affiliateId: string, extra: Partial<typeof schema.taxForms.$inferInsert> = {}) {
  const id = newId("taxForm");
  return { id, affiliateId, formType: "w9" as const, signedOn: "2026-11-20", objectKey: `tax-forms/${affiliateId}/${id}.pdf`, sha256: "a".repeat(64), sizeBytes: 1234, ...extra };
}

async function upload(affiliateId: string) {
  const values = formValues(affiliateId);
  await as({ kind: "affiliate", affiliateId }, (tx) => tx.insert(schema.taxForms).values(values));
  return values.id;
}

const visibleIds = (principal: Principal, ids: string[]) =>
  as(principal, async (tx) => (await tx.select({ id: schema.taxForms.id }).from(schema.taxForms)).map((r) => r.id).filter((id) => ids.includes(id)).sort());

const reviewAs = (principal: Principal, id: string, set: Partial<typeof schema.taxForms.$inferInsert>) =>
  as(principal, (tx) => tx.update(schema.taxForms).set(set).where(eq(schema.taxForms.id, id)).returning({ id: schema.taxForms.id }));

let creatorA: string;
let creatorB: string;
let formA: string;
let formB: string;
let payer: { id: string; campaignId: string };
let pausedPayer: { id: string; campaignId: string };
let applicantBrand: { id: string; campaignId: string };
let userId: string;

beforeAll(async () => {
  creatorA = await newCreator();
  creatorB = await newCreator();
  formA = await upload(creatorA);
  formB = await upload(creatorB);
  payer = await newBrand();
  pausedPayer = await newBrand();
  applicantBrand = await newBrand();
  await enroll(payer, creatorA, "approved");
  await enroll(pausedPayer, creatorA, "paused");
  await enroll(applicantBrand, creatorA, "pending");
  userId = newId("user");
});

describe("reads", () => {
  it("a creator sees its own forms only", async () => {
    expect(await visibleIds({ kind: "affiliate", affiliateId: creatorA }, [formA, formB])).toEqual([formA]);
    expect(await visibleIds({ kind: "affiliate", affiliateId: creatorB }, [formA, formB])).toEqual([formB]);
  });

  it("a brand sees the forms of creators it pays (approved or paused), not of applicants or strangers", async () => {
    expect(await visibleIds({ kind: "brand", brandId: payer.id }, [formA, formB])).toEqual([formA]);
    expect(await visibleIds({ kind: "brand", brandId: pausedPayer.id }, [formA, formB])).toEqual([formA]);
    expect(await visibleIds({ kind: "brand", brandId: applicantBrand.id }, [formA, formB])).toEqual([]);
  });

  it("consent alone is not enough, and neither is a commission on an offer the creator never accepted", async () => {
    const unpaid = await newBrand();
    await enroll(unpaid, creatorA, "approved", false);
    expect(await visibleIds({ kind: "brand", brandId: unpaid.id }, [formA, formB])).toEqual([]);
    const offering = await newBrand();
    await enroll(offering, creatorA, "invited", true);
    expect(await visibleIds({ kind: "brand", brandId: offering.id }, [formA, formB])).toEqual([]);
  });

  it("a zero earning (a sale held for another currency) makes no payer", async () => {
    const zero = await newBrand();
    await enroll(zero, creatorA, "approved", true, 0);
    expect(await visibleIds({ kind: "brand", brandId: zero.id }, [formA, formB])).toEqual([]);
  });

  it("a test-mode earning makes no payer (a free test sale must not open a creator's forms); a live one does", async () => {
    const tester = await newBrand();
    const enrollment = await enroll(tester, creatorA, "approved", false);
    await commission(tester, enrollment, 1_000, false);
    expect(await visibleIds({ kind: "brand", brandId: tester.id }, [formA, formB])).toEqual([]);
    const review = { taxFormId: formA, brandId: tester.id, affiliateId: creatorA, decision: "accepted" as const, reviewedByUserId: userId };
    expect(await pgCode(as({ kind: "brand", brandId: tester.id, userId }, (tx) => tx.insert(schema.taxFormReviews).values(review)))).toBe(INSUFFICIENT_PRIVILEGE);
    await commission(tester, enrollment, 1_000, true);
    expect(await visibleIds({ kind: "brand", brandId: tester.id }, [formA, formB])).toEqual([formA]);
  });

  it("Rekomi staff see every form; no principal, or a plain user, sees none", async () => {
    expect(await visibleIds({ kind: "platform_admin", userId }, [formA, formB])).toEqual([formA, formB].sort());
    expect(await visibleIds({ kind: "user", userId }, [formA, formB])).toEqual([]);
    const unset = await db.transaction(async (tx) => (await tx.select({ id: schema.taxForms.id }).from(schema.taxForms)).length);
    expect(unset).toBe(0);
  });
});

describe("writes", () => {
  it("a creator cannot file a form for someone else, nor one that is already accepted", async () => {
    const forOther = as({ kind: "affiliate", affiliateId: creatorB }, (tx) => tx.insert(schema.taxForms).values(formValues(creatorA)));
    expect(await pgCode(forOther)).toBe(INSUFFICIENT_PRIVILEGE);
    const preAccepted = as({ kind: "affiliate", affiliateId: creatorB }, (tx) =>
      tx.insert(schema.taxForms).values(formValues(creatorB, { status: "accepted", reviewedAt: new Date(), reviewedByUserId: userId })),
    );
    expect(await pgCode(preAccepted)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("brands and staff cannot file forms", async () => {
    for (const principal of [{ kind: "brand", brandId: payer.id }, { kind: "platform_admin", userId }] as const) {
      expect(await pgCode(as(principal, (tx) => tx.insert(schema.taxForms).values(formValues(creatorA))))).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });

  it("a creator cannot accept its own form; it may only supersede it", async () => {
    const creator = await newCreator();
    const id = await upload(creator);
    const accept = reviewAs({ kind: "affiliate", affiliateId: creator, userId }, id, { status: "accepted", reviewedAt: new Date(), reviewedByUserId: userId });
    expect(await pgCode(accept)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await reviewAs({ kind: "affiliate", affiliateId: creator }, id, { status: "superseded", supersededAt: new Date() })).toEqual([{ id }]);
  });

  it("keeps one current form per creator", async () => {
    const creator = await newCreator();
    await upload(creator);
    expect(await pgCode(upload(creator))).toBe(UNIQUE_VIOLATION);
  });

  it("nobody rewrites a file's identity or deletes a form", async () => {
    for (const principal of [{ kind: "affiliate", affiliateId: creatorA }, { kind: "platform_admin", userId }] as const) {
      const rewrite = as(principal, (tx) => tx.update(schema.taxForms).set({ objectKey: "tax-forms/elsewhere.pdf" }).where(eq(schema.taxForms.id, formA)));
      expect(await pgCode(rewrite)).toBe(INSUFFICIENT_PRIVILEGE);
      const rehash = as(principal, (tx) => tx.update(schema.taxForms).set({ sha256: "b".repeat(64) }).where(eq(schema.taxForms.id, formA)));
      expect(await pgCode(rehash)).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await pgCode(as(principal, (tx) => tx.delete(schema.taxForms).where(eq(schema.taxForms.id, formA))))).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });
});

describe("brand reviews (tax_form_reviews): per payer", () => {
  const review = (brand: { id: string }, form: string, affiliateId: string, extra: Partial<typeof schema.taxFormReviews.$inferInsert> = {}) =>
    as({ kind: "brand", brandId: brand.id, userId }, (tx) =>
      tx.insert(schema.taxFormReviews).values({ taxFormId: form, brandId: brand.id, affiliateId, decision: "accepted", reviewedByUserId: userId, ...extra }).returning(),
    );
  const ownReviews = (brand: { id: string }) => as({ kind: "brand", brandId: brand.id }, (tx) => tx.select().from(schema.taxFormReviews));

  it("a brand can no longer change the form itself: its decision is its own row", async () => {
    const creator = await newCreator();
    const form = await upload(creator);
    await enroll(payer, creator, "approved");
    const onForm = reviewAs({ kind: "brand", brandId: payer.id, userId }, form, { status: "accepted", reviewedAt: new Date(), reviewedByUserId: userId, reviewedByBrandId: payer.id });
    expect(await onForm).toEqual([]);
    expect(await review(payer, form, creator)).toHaveLength(1);
  });

  it("a brand cannot review a creator it does not pay, nor sign with another brand's or user's name, nor twice", async () => {
    expect(await pgCode(review(payer, formB, creatorB))).toBe(INSUFFICIENT_PRIVILEGE);
    const creator = await newCreator();
    const form = await upload(creator);
    await enroll(payer, creator, "approved");
    await enroll(pausedPayer, creator, "approved");
    const impersonating = as({ kind: "brand", brandId: payer.id, userId }, (tx) =>
      tx.insert(schema.taxFormReviews).values({ taxFormId: form, brandId: pausedPayer.id, affiliateId: creator, decision: "accepted", reviewedByUserId: userId }),
    );
    expect(await pgCode(impersonating)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await pgCode(review(payer, form, creator, { reviewedByUserId: newId("user") }))).toBe(INSUFFICIENT_PRIVILEGE);
    // Naming another creator than the form's does not pass either.
    expect(await pgCode(review(payer, form, creatorA))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await review(payer, form, creator)).toHaveLength(1);
    expect(await pgCode(review(payer, form, creator, { decision: "rejected", rejectionReason: "again" }))).toBe(UNIQUE_VIOLATION);
    // Decisions are records: no update, no delete.
    const rewrite = as({ kind: "brand", brandId: payer.id, userId }, (tx) => tx.update(schema.taxFormReviews).set({ decision: "rejected", rejectionReason: "x" }));
    expect(await pgCode(rewrite)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await pgCode(as({ kind: "brand", brandId: payer.id, userId }, (tx) => tx.delete(schema.taxFormReviews)))).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("one brand's decision is invisible to another; the creator and staff see all", async () => {
    const creator = await newCreator();
    const form = await upload(creator);
    await enroll(payer, creator, "approved");
    await enroll(pausedPayer, creator, "approved");
    await review(payer, form, creator, { decision: "rejected", rejectionReason: "blurry" });
    expect((await ownReviews(pausedPayer)).filter((r) => r.taxFormId === form)).toEqual([]);
    expect((await ownReviews(payer)).filter((r) => r.taxFormId === form)).toHaveLength(1);
    const byCreator = await as({ kind: "affiliate", affiliateId: creator }, (tx) => tx.select().from(schema.taxFormReviews));
    expect(byCreator.map((r) => r.brandId)).toEqual([payer.id]);
    const byStaff = await as({ kind: "platform_admin", userId }, (tx) => tx.select().from(schema.taxFormReviews).where(eq(schema.taxFormReviews.taxFormId, form)));
    expect(byStaff).toHaveLength(1);
    // …and the other payer still reviews for itself.
    expect(await review(pausedPayer, form, creator)).toHaveLength(1);
  });

  it("a brand where the creator only applied, or only got an offer, cannot review", async () => {
    const creator = await newCreator();
    const form = await upload(creator);
    await enroll(applicantBrand, creator, "pending");
    expect(await pgCode(review(applicantBrand, form, creator))).toBe(INSUFFICIENT_PRIVILEGE);
    const offering = await newBrand();
    await enroll(offering, creator, "invited");
    expect(await pgCode(review(offering, form, creator))).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("hasValidTaxForm answers for the asking brand: its own review, or staff's acceptance unless it rejected", async () => {
    const creator = await newCreator();
    const form = await upload(creator);
    await enroll(payer, creator, "approved");
    await enroll(pausedPayer, creator, "approved");
    const valid = (brand: { id: string }) => as({ kind: "brand", brandId: brand.id }, (tx) => hasValidTaxForm(tx, brand.id, creator));
    expect(await valid(payer)).toBe(false);
    await review(payer, form, creator);
    expect(await valid(payer)).toBe(true);
    expect(await valid(pausedPayer)).toBe(false);
    await review(pausedPayer, form, creator, { decision: "rejected", rejectionReason: "unreadable" });
    await reviewAs({ kind: "platform_admin", userId }, form, { status: "accepted", reviewedAt: new Date(), reviewedByUserId: userId });
    expect(await valid(payer)).toBe(true);
    expect(await valid(pausedPayer)).toBe(false);
    // A brand that does not pay the creator sees no form at all.
    expect(await valid(applicantBrand)).toBe(false);
  });

  it("staff review the form itself, in their own name, never a brand's", async () => {
    const form = await upload(await newCreator());
    const accepted = (brandId: string | null) => ({ status: "accepted" as const, reviewedAt: new Date(), reviewedByUserId: userId, reviewedByBrandId: brandId });
    expect(await pgCode(reviewAs({ kind: "platform_admin", userId }, form, accepted(payer.id)))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await reviewAs({ kind: "platform_admin", userId }, form, accepted(null))).toEqual([{ id: form }]);
  });
});

describe("the download lookup", () => {
  it("tax_form_file() answers the object key to the app role without a principal (the signed URL authorizes)", async () => {
    expect(await taxFormFile(db, formA)).toMatchObject({ objectKey: `tax-forms/${creatorA}/${formA}.pdf`, formType: "w9", sizeBytes: 1234 });
    expect(await taxFormFile(db, newId("taxForm"))).toBeNull();
  });

  it("the lookup role may only read tax_forms; the app role may not delete or change a file's identity", async () => {
    const { rows } = await app.query(`
      select has_table_privilege('rekomi_lookup', 'tax_forms', 'SELECT') as lookup_select,
             has_table_privilege('rekomi_lookup', 'tax_forms', 'UPDATE') as lookup_update,
             has_table_privilege('rekomi_app', 'tax_forms', 'DELETE') as app_delete,
             has_column_privilege('rekomi_app', 'tax_forms', 'object_key', 'UPDATE') as app_update_key,
             has_column_privilege('rekomi_app', 'tax_forms', 'status', 'UPDATE') as app_update_status`);
    expect(rows[0]).toEqual({ lookup_select: true, lookup_update: false, app_delete: false, app_update_key: false, app_update_status: true });
  });
});
