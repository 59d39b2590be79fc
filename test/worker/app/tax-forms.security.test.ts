import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { TaxForm } from "../../../src/tax-forms/schemas";
import { Browser, ORIGIN, call, errorOf, signedInCreator, signedUpUser } from "../support/fixtures";
import { auditOf, brandTeam, downloadUrl, enrollCreator, ownedBrand, relative, samplePdf, storedForm, uploadForm, uploadPath, type BrandTeam } from "../support/tax-forms";

/**
 * Who must not get at a creator's tax form: other creators, brands that do not pay the
 * creator (other brands, brands with only an application), brand roles below the one a
 * route needs, unverified users, cross-site pages. And the R2 object key never leaves
 * the server.
 */

let team: BrandTeam;
let stranger: { brandId: string; owner: Browser };
let creator: Awaited<ReturnType<typeof signedInCreator>>;
let form: TaxForm;

beforeAll(async () => {
  team = await brandTeam("Paying brand");
  stranger = await ownedBrand("Unrelated brand");
  creator = await signedInCreator();
  await enrollCreator(team.brandId, creator.affiliateId);
  form = await uploadForm(creator.browser, samplePdf("secret W-9"));
}, 90_000);

const issuances = async (id: string) => (await auditOf(id)).filter((e) => e.action === "tax_form.download_url_issued");

describe("another creator", () => {
  it("sees none of the creator's forms and cannot get a link to one", async () => {
    const other = await signedInCreator();
    const list = await (await other.browser.get("/api/me/tax-forms")).json<{ data: TaxForm[] }>();
    expect(list.data).toEqual([]);
    const res = await other.browser.post(`/api/me/tax-forms/${form.id}/download-url`);
    expect(res.status).toBe(404);
    expect(await issuances(form.id)).toEqual([]);
  });

  it("cannot replace the creator's current form: an upload only ever becomes the uploader's own", async () => {
    const other = await signedInCreator();
    const theirs = await uploadForm(other.browser, samplePdf("theirs"));
    expect(theirs.affiliate_id).toBe(other.affiliateId);
    expect((await storedForm(form.id)).status).toBe("submitted");
  });
});

describe("other brands", () => {
  it("a brand the creator does not work with sees no status, gets no link and cannot review", async () => {
    const list = await (await stranger.owner.get(`/api/brands/${stranger.brandId}/tax-forms?affiliate_id=${creator.affiliateId}`)).json<{ data: unknown[] }>();
    expect(list.data).toEqual([]);
    expect((await stranger.owner.post(`/api/brands/${stranger.brandId}/tax-forms/${form.id}/download-url`)).status).toBe(404);
    expect((await stranger.owner.post(`/api/brands/${stranger.brandId}/tax-forms/${form.id}/review`, { decision: "rejected", reason: "griefing" })).status).toBe(404);
    expect((await storedForm(form.id)).status).toBe("submitted");
    expect(await issuances(form.id)).toEqual([]);
  });

  it("a brand where the creator has only applied (or was turned down) sees nothing", async () => {
    const applicant = await ownedBrand("Applied to");
    await enrollCreator(applicant.brandId, creator.affiliateId, "pending");
    await enrollCreator(applicant.brandId, creator.affiliateId, "rejected");
    const list = await (await applicant.owner.get(`/api/brands/${applicant.brandId}/tax-forms`)).json<{ data: unknown[] }>();
    expect(list.data).toEqual([]);
    expect((await applicant.owner.post(`/api/brands/${applicant.brandId}/tax-forms/${form.id}/download-url`)).status).toBe(404);
  });

  it("a brand's own id in the path does not open another brand's route (membership is checked)", async () => {
    const res = await stranger.owner.post(`/api/brands/${team.brandId}/tax-forms/${form.id}/download-url`);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).param).toBe("brandId");
  });
});

describe("brand roles", () => {
  it("viewers cannot see tax form status; members can, but get no link and cannot review", async () => {
    const asViewer = await team.viewer.get(`/api/brands/${team.brandId}/tax-forms`);
    expect(asViewer.status).toBe(403);
    expect((await errorOf(asViewer)).code).toBe("forbidden");

    expect((await team.member.get(`/api/brands/${team.brandId}/tax-forms`)).status).toBe(200);
    for (const browser of [team.member, team.viewer]) {
      const link = await browser.post(`/api/brands/${team.brandId}/tax-forms/${form.id}/download-url`);
      expect(link.status).toBe(403);
      const review = await browser.post(`/api/brands/${team.brandId}/tax-forms/${form.id}/review`, { decision: "accepted" });
      expect(review.status).toBe(403);
    }
    expect(await issuances(form.id)).toEqual([]);
  });
});

describe("accounts", () => {
  it("an unverified creator cannot upload or get links", async () => {
    const unverified = await signedInCreator({ verified: false });
    const res = await unverified.browser.upload(uploadPath(), samplePdf());
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("email_not_verified");
  });

  it("a signed-in user without a creator profile cannot upload, and signed-out requests are 401", async () => {
    const plain = await signedUpUser();
    const res = await plain.browser.upload(uploadPath(), samplePdf());
    expect(res.status).toBe(404);
    expect((await errorOf(res)).message).toContain("no creator profile");
    expect((await new Browser().upload(uploadPath(), samplePdf())).status).toBe(401);
  });

  it("Rekomi staff routes refuse brand owners", async () => {
    expect((await team.owner.get("/api/admin/tax-forms")).status).toBe(403);
    expect((await team.owner.post(`/api/admin/tax-forms/${form.id}/download-url`)).status).toBe(403);
  });
});

describe("cross-site requests", () => {
  it("refuses an upload from another origin or site, even with the creator's cookie", async () => {
    const evil = await creator.browser.upload(uploadPath(), samplePdf("csrf"), "application/pdf", { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    const crossSite = await creator.browser.upload(uploadPath(), samplePdf("csrf"), "application/pdf", { "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const link = await creator.browser.request("POST", `/api/me/tax-forms/${form.id}/download-url`, undefined, { origin: "https://evil.example" });
    expect(link.status).toBe(403);
    expect((await storedForm(form.id)).status).toBe("submitted");
  });
});

describe("the R2 object key", () => {
  it("appears in no answer: upload, lists, status, links, file headers or the webhook payload", async () => {
    const mine = await signedInCreator();
    await enrollCreator(team.brandId, mine.affiliateId);
    const upload = await mine.browser.upload(uploadPath(), samplePdf("key check"));
    const uploaded = await upload.clone().json<TaxForm>();
    const { objectKey } = await storedForm(uploaded.id);
    const secretPart = objectKey.split("/").pop()!.replace(/\.pdf$/, "");

    const link = await downloadUrl(mine.browser, `/api/me/tax-forms/${uploaded.id}/download-url`);
    const file = await call(relative(link.url));
    const answers = [
      await upload.text(),
      await (await mine.browser.get("/api/me/tax-forms")).text(),
      await (await team.owner.get(`/api/brands/${team.brandId}/tax-forms?affiliate_id=${mine.affiliateId}`)).text(),
      JSON.stringify(link),
      JSON.stringify([...file.headers]),
    ];
    for (const text of answers) {
      expect(text).not.toContain(secretPart);
      expect(text).not.toContain("tax-forms/aff_");
    }
    expect(file.status).toBe(200);
  });

  it("is not the uploaded file's name, whatever the client sends", async () => {
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}${uploadPath()}`, {
        method: "POST",
        headers: {
          origin: ORIGIN,
          cookie: [...creator.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          "content-type": "application/pdf",
          "content-disposition": 'attachment; filename="../../evil.pdf"',
          "x-file-name": "evil.pdf",
        },
        body: samplePdf("named"),
      }),
    );
    expect(res.status).toBe(201);
    const { objectKey } = await storedForm((await res.json<TaxForm>()).id);
    expect(objectKey).not.toContain("evil");
    expect(objectKey).toMatch(/^tax-forms\/aff_[0-9a-z]{26}\/[0-9A-Za-z]{32}\.pdf$/);
    expect(await env.TAX_FORMS.head(objectKey)).not.toBeNull();
  });
});
