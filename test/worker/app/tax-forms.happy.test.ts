import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { TaxForm } from "../../../src/tax-forms/schemas";
import { call, createBrand, enroll, makePlatformAdmin, recordCommission, signedInCreator, signedUpUser, usingDb, type BrandFixture } from "../support/fixtures";
import { auditOf, brandTeam, downloadUrl, enrollCreator, payeeOf, relative, samplePdf, storedForm, TODAY, uploadForm, uploadPath, type BrandTeam } from "../support/tax-forms";

let team: BrandTeam;
beforeAll(async () => {
  team = await brandTeam("Happy tax brand");
}, 60_000);

async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

describe("tax forms: upload, list, signed download", () => {
  it("a creator uploads a W-9, sees it, and downloads exactly the bytes it sent through a signed URL", async () => {
    const creator = await payeeOf(team.brandId);
    const pdf = samplePdf("happy W-9", 4096);
    const res = await creator.browser.upload(uploadPath("w9"), pdf);
    expect(res.status).toBe(201);
    const form = await res.json<TaxForm>();
    expect(form).toMatchObject({ object: "tax_form", affiliate_id: creator.affiliateId, form_type: "w9", status: "submitted", signed_on: TODAY, expires_on: null, size_bytes: pdf.byteLength });
    expect(form.id).toMatch(/^txf_/);
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", pdf))].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(form.sha256).toBe(digest);

    const list = await creator.browser.get("/api/me/tax-forms");
    expect(list.status).toBe(200);
    expect((await list.json<{ data: TaxForm[] }>()).data.map((f) => f.id)).toEqual([form.id]);

    const before = Date.now();
    const issued = await downloadUrl(creator.browser, `/api/me/tax-forms/${form.id}/download-url`);
    expect(issued.tax_form_id).toBe(form.id);
    expect(issued.url).toMatch(new RegExp(`^http://worker\\.test/files/tax-forms/${form.id}\\?exp=\\d+&sig=[0-9a-f]{64}$`));
    const ttl = Date.parse(issued.expires_at) - before;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000 + 1000);

    // No cookie, no session: the signed URL alone opens the file.
    const file = await call(relative(issued.url));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="rekomi-w9-${form.id}.pdf"`);
    expect(file.headers.get("cache-control")).toBe("no-store");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await bytesOf(file)).toEqual(pdf);
  });

  it("stores the file in R2 under a random key (not the file name) with its hash, and records the upload", async () => {
    const creator = await payeeOf(team.brandId);
    const pdf = samplePdf("stored");
    const form = await uploadForm(creator.browser, pdf, "w8ben");
    expect(form.expires_on).toBe(`${Number(TODAY.slice(0, 4)) + 3}-12-31`);
    const row = await storedForm(form.id);
    expect(row.objectKey).toMatch(new RegExp(`^tax-forms/${creator.affiliateId}/[0-9A-Za-z]{32}\\.pdf$`));
    const object = await env.TAX_FORMS.get(row.objectKey);
    expect(object).not.toBeNull();
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(pdf);
    expect(object!.httpMetadata?.contentType).toBe("application/pdf");
    const [upload] = await auditOf(form.id);
    expect(upload).toMatchObject({ action: "tax_form.submitted", actorType: "user", actorId: creator.userId, subjectUserId: creator.userId, brandId: null, targetType: "tax_form" });
    expect(upload!.ip).toBe(creator.browser.ip);
  });

  it("a newer upload supersedes the current form", async () => {
    const creator = await payeeOf(team.brandId);
    const first = await uploadForm(creator.browser, samplePdf("first"));
    const second = await uploadForm(creator.browser, samplePdf("second"), "w8ben");
    const { data } = await (await creator.browser.get("/api/me/tax-forms")).json<{ data: TaxForm[] }>();
    expect(data.map((f) => [f.id, f.status])).toEqual([
      [second.id, "submitted"],
      [first.id, "superseded"],
    ]);
    expect(data[1]!.superseded_at).not.toBeNull();
  });

  it("a brand sees its payees' status, accepts a form, downloads it, and every issued URL is in the audit log", async () => {
    const creator = await payeeOf(team.brandId);
    const pdf = samplePdf("brand download");
    const form = await uploadForm(creator.browser, pdf);

    const status = async (browser = team.member) => {
      const res = await browser.get(`/api/brands/${team.brandId}/tax-forms?affiliate_id=${creator.affiliateId}`);
      expect(res.status).toBe(200);
      return (await res.json<{ data: { affiliate: { id: string }; current_form: TaxForm | null; has_valid_form: boolean; payouts_allowed: boolean }[] }>()).data;
    };
    const [row] = await status();
    expect(row).toMatchObject({ affiliate: { id: creator.affiliateId }, current_form: { id: form.id, status: "submitted" }, has_valid_form: false, payouts_allowed: true });

    // Requiring a tax form holds payouts until one is accepted.
    expect((await team.owner.patch(`/api/brands/${team.brandId}`, { require_tax_form: true })).status).toBe(200);
    expect((await status())[0]!.payouts_allowed).toBe(false);

    const review = await team.admin.post(`/api/brands/${team.brandId}/tax-forms/${form.id}/review`, { decision: "accepted" });
    expect(review.status).toBe(200);
    // The brand decides for itself: the form still awaits Rekomi staff (and any other payer).
    expect(await review.json()).toMatchObject({ status: "submitted", reviewed_by: null, brand_reviews: [expect.objectContaining({ brand_id: team.brandId, decision: "accepted" })] });
    expect((await status())[0]).toMatchObject({ has_valid_form: true, payouts_allowed: true });

    const issued = await downloadUrl(team.admin, `/api/brands/${team.brandId}/tax-forms/${form.id}/download-url`);
    const file = await call(relative(issued.url));
    expect(file.status).toBe(200);
    expect(await bytesOf(file)).toEqual(pdf);

    await downloadUrl(creator.browser, `/api/me/tax-forms/${form.id}/download-url`);

    const issuances = (await auditOf(form.id)).filter((e) => e.action === "tax_form.download_url_issued");
    expect(issuances).toHaveLength(2);
    expect(issuances[0]).toMatchObject({ brandId: team.brandId, actorType: "user", targetType: "tax_form", targetId: form.id, ip: team.admin.ip });
    expect(issuances[1]).toMatchObject({ brandId: null, subjectUserId: creator.userId, actorId: creator.userId, ip: creator.browser.ip });
    expect(issuances[0]!.metadata).toMatchObject({ affiliate_id: creator.affiliateId, expires_at: issued.expires_at });

    // The brand's own audit log page shows the issuance to its admins.
    const log = await team.owner.get(`/api/brands/${team.brandId}/audit-events`);
    const events = (await log.json<{ data: { action: string; target: { id: string } | null }[] }>()).data;
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ action: "tax_form.download_url_issued", target: { type: "tax_form", id: form.id } })]));
  });

  it("a rejection carries its reason to the creator", async () => {
    const creator = await payeeOf(team.brandId);
    const form = await uploadForm(creator.browser);
    const res = await team.owner.post(`/api/brands/${team.brandId}/tax-forms/${form.id}/review`, { decision: "rejected", reason: "The signature is missing." });
    expect(res.status).toBe(200);
    const { data } = await (await creator.browser.get("/api/me/tax-forms")).json<{ data: TaxForm[] }>();
    expect(data[0]).toMatchObject({
      status: "submitted",
      brand_reviews: [expect.objectContaining({ brand_id: team.brandId, decision: "rejected", rejection_reason: "The signature is missing." })],
    });
  });

  it("Rekomi staff list the review queue, accept a form and download it", async () => {
    const staff = await signedUpUser();
    await makePlatformAdmin(staff.email);
    const creator = await payeeOf(team.brandId);
    const pdf = samplePdf("staff");
    const form = await uploadForm(creator.browser, pdf, "w8bene");

    const queue = await staff.browser.get("/api/admin/tax-forms?status=submitted&limit=100");
    expect(queue.status).toBe(200);
    const queued = (await queue.json<{ data: (TaxForm & { affiliate: { id: string } })[] }>()).data.find((f) => f.id === form.id);
    expect(queued).toMatchObject({ status: "submitted", affiliate: { id: creator.affiliateId } });

    const review = await staff.browser.post(`/api/admin/tax-forms/${form.id}/review`, { decision: "accepted" });
    expect(review.status).toBe(200);
    expect(await review.json()).toMatchObject({ status: "accepted", reviewed_by: "rekomi", rejection_reason: null });

    const issued = await downloadUrl(staff.browser, `/api/admin/tax-forms/${form.id}/download-url`);
    expect(await bytesOf(await call(relative(issued.url)))).toEqual(pdf);
    const issuance = (await auditOf(form.id)).find((e) => e.action === "tax_form.download_url_issued");
    expect(issuance).toMatchObject({ actorType: "platform_admin", actorId: staff.userId, brandId: null, ip: staff.browser.ip });
  });
});

describe("tax_form.submitted webhook", () => {
  const sink = inject("webhookSinkUrl");

  async function endpoint(brand: BrandFixture, name: string) {
    const res = await call("/v1/webhook-endpoints", { method: "POST", key: brand.apiKey, json: { url: `${sink}/hooks/${name}?status=200`, enabled_events: ["tax_form.submitted"] } });
    expect(res.status).toBe(201);
  }

  async function received(name: string): Promise<{ headers: Record<string, string>; body: string }[]> {
    for (let i = 0; i < 100; i++) {
      const got = await (await fetch(`${sink}/received/${name}`)).json<{ headers: Record<string, string>; body: string }[]>();
      if (got.length > 0) return got;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nothing delivered to ${name}`);
  }

  it("reaches the brands that pay the creator, through the outbox and the queue, and no other brand", async () => {
    const payer = await createBrand("Paying brand");
    const applicantOnly = await createBrand("Brand with an application");
    const creator = await signedInCreator();
    const { enrollmentId } = await enroll(payer, creator.affiliateId);
    await recordCommission(payer.brandId, { id: enrollmentId, campaignId: payer.campaignId, affiliateId: creator.affiliateId });
    await enrollCreator(applicantOnly.brandId, creator.affiliateId, "pending");
    await endpoint(payer, `tax-${payer.brandId}`);
    await endpoint(applicantOnly, `tax-${applicantOnly.brandId}`);

    const form = await uploadForm(creator.browser);

    const [delivery] = await received(`tax-${payer.brandId}`);
    const event = JSON.parse(delivery!.body);
    expect(event).toMatchObject({ type: "tax_form.submitted", data: { object: "tax_form", id: form.id, affiliate_id: creator.affiliateId, form_type: "w9", status: "submitted" } });
    expect(delivery!.body).not.toContain("tax-forms/");

    const outbox = await usingDb((db) => withBrand(db, applicantOnly.brandId, (tx) => tx.select().from(schema.webhookEvents).where(eq(schema.webhookEvents.subjectId, form.id))));
    expect(outbox).toEqual([]);
  });
});
