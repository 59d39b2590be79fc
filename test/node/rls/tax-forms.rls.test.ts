import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taxFormFile } from "../../../src/db/lookups";
import { withPrincipal, type Principal } from "../../../src/db/principal";
import * as schema from "../../../src/db/schema";
import { newId } from "../../../src/ids";
import { pgCode, pools } from "./support";

/**
 * tax_forms under forced RLS, probed as the app role: creators see and write only their
 * own; brands see only the forms of creators they pay (approved, paused, ended) and review
 * only those, in their own name; staff see and review all; nobody deletes or rewrites a
 * file's identity; no principal sees nothing.
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
    });
  });
  return { id, campaignId };
}

async function enroll(brand: { id: string; campaignId: string }, affiliateId: string, status: schema.EnrollmentStatus) {
  await as({ kind: "brand", brandId: brand.id }, (tx) =>
    tx.insert(schema.enrollments).values({ id: newId("enrollment"), brandId: brand.id, campaignId: brand.campaignId, affiliateId, status, source: "api" }),
  );
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

describe("reviews", () => {
  const accepted = (by: string, brandId: string | null) => ({ status: "accepted" as const, reviewedAt: new Date(), reviewedByUserId: by, reviewedByBrandId: brandId });

  it("a brand cannot review a creator it does not pay, nor sign a review with another brand's name", async () => {
    const form = await upload(await newCreator());
    expect(await reviewAs({ kind: "brand", brandId: payer.id, userId }, form, accepted(userId, payer.id))).toEqual([]);

    const creator = await newCreator();
    const paid = await upload(creator);
    await enroll(payer, creator, "approved");
    const impersonating = reviewAs({ kind: "brand", brandId: payer.id, userId }, paid, accepted(userId, pausedPayer.id));
    expect(await pgCode(impersonating)).toBe(INSUFFICIENT_PRIVILEGE);
    const asOtherUser = reviewAs({ kind: "brand", brandId: payer.id, userId }, paid, accepted(newId("user"), payer.id));
    expect(await pgCode(asOtherUser)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await reviewAs({ kind: "brand", brandId: payer.id, userId }, paid, accepted(userId, payer.id))).toEqual([{ id: paid }]);
    // Decided once: the form is no longer open to review.
    expect(await reviewAs({ kind: "brand", brandId: payer.id, userId }, paid, { status: "rejected", rejectionReason: "no", reviewedAt: new Date(), reviewedByUserId: userId, reviewedByBrandId: payer.id })).toEqual([]);
  });

  it("a brand where the creator only applied cannot review", async () => {
    const creator = await newCreator();
    const form = await upload(creator);
    await enroll(applicantBrand, creator, "pending");
    expect(await reviewAs({ kind: "brand", brandId: applicantBrand.id, userId }, form, accepted(userId, applicantBrand.id))).toEqual([]);
  });

  it("staff review in their own name, never a brand's", async () => {
    const form = await upload(await newCreator());
    expect(await pgCode(reviewAs({ kind: "platform_admin", userId }, form, accepted(userId, payer.id)))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await reviewAs({ kind: "platform_admin", userId }, form, accepted(userId, null))).toEqual([{ id: form }]);
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
