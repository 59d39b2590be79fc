import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "@hono/zod-openapi";
import type { Affiliate as AffiliateSchema } from "../../../src/creators/affiliates";
import type { Application, Enrollment } from "../../../src/enrollments/schemas";
import type { CreatorTaxStatus, TaxForm } from "../../../src/tax-forms/schemas";
import { expectJson } from "../support/brand-dashboard";
import {
  approveInNetwork,
  call,
  createBrand,
  dashboardBrand,
  errorOf,
  mailTo,
  recordCommission,
  signedUpCreator,
  usingDb,
  webhookEventsAbout,
  type Browser,
  type BrandFixture,
  type CreatorFixture,
} from "../support/fixtures";
import { samplePdf, uploadForm } from "../support/tax-forms";

/**
 * Issue 7, item 1 and 2, as an attacker with a self-registered brand would try it: enrol
 * any network creator "approved" and read their email, list, download and review their
 * tax forms. Then the way it should go: an offer, the creator's yes, a commission; and one
 * brand's tax form review never deciding for another.
 */

type Page<T> = { data: T[] };
type Affiliate = z.infer<typeof AffiliateSchema>;
type Status = Omit<typeof CreatorTaxStatus._output, "current_form"> & { current_form: TaxForm | null };

let apiBrand: BrandFixture;
let dash: { owner: Browser; brandId: string; campaignId: string };
let creator: CreatorFixture;
let form: TaxForm;

async function networkCreator(): Promise<CreatorFixture> {
  const c = await signedUpCreator({ display_name: "Network Nia" });
  await usingDb((db) => approveInNetwork(db, c.affiliateId));
  return c;
}

beforeAll(async () => {
  apiBrand = await createBrand("Attacker API brand");
  dash = await dashboardBrand();
  creator = await networkCreator();
  form = await uploadForm(creator.browser, samplePdf("W-9 with an SSN"));
}, 120_000);

const offerV1 = (affiliateId: string, body: Record<string, unknown> = {}) =>
  call(`/v1/campaigns/${apiBrand.campaignId}/enrollments`, { method: "POST", key: apiBrand.apiKey, json: { affiliate_id: affiliateId, ...body } });
const offerDashboard = (affiliateId: string, body: Record<string, unknown> = {}) =>
  dash.owner.post(`/api/brands/${dash.brandId}/campaigns/${dash.campaignId}/enrollments`, { affiliate_id: affiliateId, ...body });
const taxStatuses = async (b: { owner: Browser; brandId: string }) => (await expectJson<Page<Status>>(await b.owner.get(`/api/brands/${b.brandId}/tax-forms`), 200)).data;

describe("a brand enrolling a network creator on its own", () => {
  it("cannot make them approved (or pending) through /v1: 400 naming `status`", async () => {
    for (const status of ["approved", "pending"]) {
      const res = await offerV1(creator.affiliateId, { status });
      expect(res.status, status).toBe(400);
      const err = await errorOf(res);
      expect(err.param).toBe("status");
      expect(err.message).toMatch(/creator accepts/);
    }
  });

  it("cannot do it through the dashboard either", async () => {
    const res = await offerDashboard(creator.affiliateId, { status: "approved" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).param).toBe("status");
  });

  it("makes an offer (invited) that shows no email, in the answer, the listings and the creators list", async () => {
    const offer = await expectJson<Enrollment>(await offerV1(creator.affiliateId), 201);
    expect(offer).toMatchObject({ status: "invited", consented_at: null, affiliate: { id: creator.affiliateId, email: null } });
    expect(JSON.stringify(offer)).not.toContain(creator.email);

    const got = await expectJson<Enrollment>(await call(`/v1/enrollments/${offer.id}`, { key: apiBrand.apiKey }), 200);
    expect(got.affiliate.email).toBeNull();
    const listed = await expectJson<Page<Enrollment>>(await call(`/v1/campaigns/${apiBrand.campaignId}/enrollments`, { key: apiBrand.apiKey }), 200);
    expect(JSON.stringify(listed)).not.toContain(creator.email);
    for (const scope of ["enrolled", "network"]) {
      const creators = await expectJson<Page<Affiliate>>(await call(`/v1/affiliates?scope=${scope}`, { key: apiBrand.apiKey }), 200);
      expect(JSON.stringify(creators), scope).not.toContain(creator.email);
    }
    const one = await expectJson<Affiliate>(await call(`/v1/affiliates/${creator.affiliateId}`, { key: apiBrand.apiKey }), 200);
    expect(one).toMatchObject({ email: null, consented: false });
  });

  it("cannot approve its own offer afterwards (409), and a commission on it does not open the tax forms", async () => {
    const offer = await expectJson<Enrollment>(await offerDashboard(creator.affiliateId), 201);
    expect(offer.status).toBe("invited");
    const approve = await dash.owner.patch(`/api/brands/${dash.brandId}/enrollments/${offer.id}`, { status: "approved" });
    expect(approve.status).toBe(409);
    expect((await errorOf(approve)).message).toMatch(/Only the creator can accept/);
    const v1Approve = await call(`/v1/enrollments/${offer.id}`, { method: "PATCH", key: apiBrand.apiKey, json: { status: "approved" } });
    expect(v1Approve.status).toBe(404); // another brand's enrollment: invisible

    await recordCommission(dash.brandId, { id: offer.id, campaignId: dash.campaignId, affiliateId: creator.affiliateId });
    expect(await taxStatuses(dash)).toEqual([]);
    expect((await dash.owner.post(`/api/brands/${dash.brandId}/tax-forms/${form.id}/download-url`)).status).toBe(404);
    expect((await dash.owner.post(`/api/brands/${dash.brandId}/tax-forms/${form.id}/review`, { decision: "accepted" })).status).toBe(404);
    const apps = await expectJson<Page<Application>>(await dash.owner.get(`/api/brands/${dash.brandId}/applications?status=invited`), 200);
    expect(apps.data.map((a) => a.id)).toEqual([offer.id]);
    expect(apps.data[0]!.profile).toMatchObject({ email: null, consented: false });
  });
});

describe("the creator's yes", () => {
  it("is asked by email, with a link to the creator dashboard and no token that could act for them", async () => {
    const mails = await mailTo(creator.email);
    const offerMail = mails.find((m) => m.subject.includes("offers you a place"));
    expect(offerMail).toBeDefined();
    expect(offerMail!.links.map((l) => new URL(l).pathname)).toContain("/creator/applications");
  });

  it("accepting opens the email (now and in webhook payloads); tax forms wait for a commission", async () => {
    const other = await networkCreator();
    const otherForm = await uploadForm(other.browser, samplePdf("W-8BEN"), "w8ben");
    const offer = await expectJson<Enrollment>(await offerDashboard(other.affiliateId), 201);

    const offers = await expectJson<Page<{ id: string; status: string }>>(await other.browser.get("/api/creator/enrollments?status=invited"), 200);
    expect(offers.data.map((o) => o.id)).toEqual([offer.id]);
    const accepted = await expectJson<{ status: string }>(await other.browser.post(`/api/creator/offers/${offer.id}/accept`), 200);
    expect(accepted.status).toBe("approved");

    const approvedList = await expectJson<Page<Application>>(await dash.owner.get(`/api/brands/${dash.brandId}/applications?status=approved`), 200);
    const row = approvedList.data.find((a) => a.id === offer.id)!;
    expect(row.affiliate.email).toBe(other.email);
    expect(row.profile).toMatchObject({ email: other.email, consented: true });
    expect(row.consented_at).not.toBeNull();
    const events = await webhookEventsAbout(dash.brandId, offer.id);
    expect(events.map((e) => e.type)).toContain("offer.accepted");
    expect(JSON.stringify(events.find((e) => e.type === "offer.accepted")!.data)).toContain(other.email);

    // Consent, but no commission yet: not a payer.
    expect((await taxStatuses(dash)).map((s) => s.affiliate.id)).not.toContain(other.affiliateId);
    await recordCommission(dash.brandId, { id: offer.id, campaignId: dash.campaignId, affiliateId: other.affiliateId });
    const status = (await taxStatuses(dash)).find((s) => s.affiliate.id === other.affiliateId)!;
    expect(status.current_form!.id).toBe(otherForm.id);
    expect(status.affiliate.email).toBe(other.email);
    expect((await dash.owner.post(`/api/brands/${dash.brandId}/tax-forms/${otherForm.id}/download-url`)).status).toBe(200);
  });

  it("declining keeps the brand on the public card; a declined or withdrawn offer cannot be accepted", async () => {
    const other = await networkCreator();
    const offer = await expectJson<Enrollment>(await offerDashboard(other.affiliateId), 201);
    expect((await expectJson<{ status: string }>(await other.browser.post(`/api/creator/offers/${offer.id}/decline`), 200)).status).toBe("declined");
    expect((await other.browser.post(`/api/creator/offers/${offer.id}/accept`)).status).toBe(409);
    expect((await dash.owner.patch(`/api/brands/${dash.brandId}/enrollments/${offer.id}`, { status: "withdrawn" })).status).toBe(409);
    const seen = await expectJson<Page<Application>>(await dash.owner.get(`/api/brands/${dash.brandId}/applications?status=declined`), 200);
    expect(seen.data.map((a) => a.id)).toContain(offer.id);
    expect(JSON.stringify(seen)).not.toContain(other.email);
    expect((await webhookEventsAbout(dash.brandId, offer.id)).map((e) => e.type)).toEqual(["offer.declined"]);

    const third = await networkCreator();
    const withdrawn = await expectJson<Enrollment>(await offerV1(third.affiliateId), 201);
    const res = await call(`/v1/enrollments/${withdrawn.id}`, { method: "PATCH", key: apiBrand.apiKey, json: { status: "withdrawn" } });
    expect((await expectJson<Enrollment>(res, 200)).status).toBe("withdrawn");
    expect((await third.browser.post(`/api/creator/offers/${withdrawn.id}/accept`)).status).toBe(409);
  });

  it("a creator who declined hears no new offer from that brand for 90 days, in any of its campaigns", async () => {
    const other = await networkCreator();
    const offer = await expectJson<Enrollment>(await offerDashboard(other.affiliateId), 201);
    await expectJson<{ status: string }>(await other.browser.post(`/api/creator/offers/${offer.id}/decline`), 200);
    const second = await expectJson<{ id: string }>(
      await dash.owner.post(`/api/brands/${dash.brandId}/campaigns`, { name: "Second try", destination_url: "https://shop.example/again", commission: { type: "flat", amount: 5000, currency: "USD", duration: "one_time" } }),
      201,
    );
    const mailsBefore = (await mailTo(other.email)).length;
    const again = await dash.owner.post(`/api/brands/${dash.brandId}/campaigns/${second.id}/enrollments`, { affiliate_id: other.affiliateId });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).param).toBe("affiliate_id");
    expect((await mailTo(other.email)).length).toBe(mailsBefore);
    // Another brand is not bound by it.
    expect((await offerV1(other.affiliateId)).status).toBe(201);
  });

  it("nobody else answers a creator's offer", async () => {
    const other = await networkCreator();
    const offer = await expectJson<Enrollment>(await offerDashboard(other.affiliateId), 201);
    const intruder = await signedUpCreator();
    expect((await intruder.browser.post(`/api/creator/offers/${offer.id}/accept`)).status).toBe(404);
  });

  it("an application shows the brand the public card only, until the brand approves it", async () => {
    const applicant = await networkCreator();
    const applied = await expectJson<{ id: string }>(await applicant.browser.post("/api/creator/applications", { campaign_id: dash.campaignId }), 201);
    const pending = await expectJson<Page<Application>>(await dash.owner.get(`/api/brands/${dash.brandId}/applications?status=pending`), 200);
    const row = pending.data.find((a) => a.id === applied.id)!;
    expect(row.profile).toMatchObject({ email: null, consented: false });
    expect(JSON.stringify((await webhookEventsAbout(dash.brandId, applied.id))[0]!.data)).not.toContain(applicant.email);
    const approved = await expectJson<Application>(await dash.owner.patch(`/api/brands/${dash.brandId}/enrollments/${applied.id}`, { status: "approved" }), 200);
    expect(approved.profile).toMatchObject({ email: applicant.email, consented: true });
  });
});

describe("tax form review is per payer (item 2)", () => {
  it("brand A's acceptance does not satisfy brand B; brand B's rejection does not reject for A", async () => {
    const payee = await signedUpCreator();
    const payeeForm = await uploadForm(payee.browser, samplePdf("shared W-9"));
    const a = await dashboardBrand();
    const b = await dashboardBrand();
    for (const brand of [a, b]) {
      // The creator applies, the brand approves (consent), and a sale earns a commission (payer).
      const applied = await expectJson<Enrollment>(await payee.browser.post("/api/creator/applications", { campaign_id: brand.campaignId }), 201);
      await expectJson(await brand.owner.patch(`/api/brands/${brand.brandId}/enrollments/${applied.id}`, { status: "approved" }), 200);
      await recordCommission(brand.brandId, { id: applied.id, campaignId: brand.campaignId, affiliateId: payee.affiliateId });
    }
    const statusIn = async (brand: typeof a) => (await taxStatuses(brand)).find((s) => s.affiliate.id === payee.affiliateId)!;

    const accepted = await expectJson<TaxForm>(await a.owner.post(`/api/brands/${a.brandId}/tax-forms/${payeeForm.id}/review`, { decision: "accepted" }), 200);
    expect(accepted.status).toBe("submitted"); // the form itself awaits staff; A decided for A
    expect(accepted.brand_reviews).toEqual([expect.objectContaining({ brand_id: a.brandId, decision: "accepted" })]);
    expect((await statusIn(a)).has_valid_form).toBe(true);
    expect((await statusIn(b)).has_valid_form).toBe(false);
    expect((await statusIn(b)).current_form!.brand_reviews).toEqual([]);

    await expectJson(await b.owner.post(`/api/brands/${b.brandId}/tax-forms/${payeeForm.id}/review`, { decision: "rejected", reason: "Name does not match" }), 200);
    expect((await statusIn(a)).has_valid_form).toBe(true);
    expect((await statusIn(a)).current_form!.status).toBe("submitted");
    expect((await statusIn(b)).has_valid_form).toBe(false);
    // Once per brand and form.
    expect((await a.owner.post(`/api/brands/${a.brandId}/tax-forms/${payeeForm.id}/review`, { decision: "rejected", reason: "changed my mind" })).status).toBe(409);
    // The creator sees both decisions, with B's reason.
    const own = await expectJson<Page<TaxForm>>(await payee.browser.get("/api/me/tax-forms"), 200);
    expect(own.data[0]!.brand_reviews.map((r) => r.decision).sort()).toEqual(["accepted", "rejected"]);
  });
});
