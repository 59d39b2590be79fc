import { describe, expect, it } from "vitest";
import type { Enrollment } from "../../../src/enrollments/schemas";
import type { TrackingLink } from "../../../src/links/schemas";
import { acceptOfferDirectly, call, createAffiliate, createBrand } from "../support/fixtures";

describe("enrollments and tracking links", () => {
  it("offers a network creator a place, refuses a second offer, and creates links once the creator accepts", async () => {
    const brand = await createBrand();
    const creator = await createAffiliate({ listed: true, name: "Robin Reviews" });

    const res = await call(`/v1/campaigns/${brand.campaignId}/enrollments`, { method: "POST", key: brand.apiKey, json: { affiliate_id: creator.affiliateId } });
    expect(res.status).toBe(201);
    const enrollment = await res.json<Enrollment>();
    expect(enrollment).toMatchObject({ object: "enrollment", campaign_id: brand.campaignId, status: "invited", source: "api", affiliate: { id: creator.affiliateId, display_name: "Robin Reviews", email: null } });

    const again = await call(`/v1/campaigns/${brand.campaignId}/enrollments`, { method: "POST", key: brand.apiKey, json: { affiliate_id: creator.affiliateId } });
    expect(again.status).toBe(409);

    const list = await (await call(`/v1/campaigns/${brand.campaignId}/enrollments`, { key: brand.apiKey })).json<{ data: Enrollment[] }>();
    expect(list.data.map((e) => e.id)).toEqual([enrollment.id]);
    await acceptOfferDirectly(creator.affiliateId, enrollment.id);

    const vanity = await call("/v1/links", { method: "POST", key: brand.apiKey, json: { enrollment_id: enrollment.id, code: `robin-${enrollment.id.slice(-6)}`, destination_url: "https://brand.example/blog/review" } });
    expect(vanity.status).toBe(201);
    const link = await vanity.json<TrackingLink>();
    expect(link).toMatchObject({
      object: "tracking_link",
      enrollment_id: enrollment.id,
      campaign_id: brand.campaignId,
      affiliate_id: creator.affiliateId,
      destination_url: "https://brand.example/blog/review",
      status: "active",
      url: `https://go.rekomi.test/c/robin-${enrollment.id.slice(-6)}`,
    });

    const generated = await (await call("/v1/links", { method: "POST", key: brand.apiKey, json: { enrollment_id: enrollment.id } })).json<TrackingLink>();
    expect(generated.code).toMatch(/^[0-9A-Za-z]{8}$/);

    const taken = await call("/v1/links", { method: "POST", key: brand.apiKey, json: { enrollment_id: enrollment.id, code: link.code } });
    expect(taken.status).toBe(409);
    expect((await taken.json<{ error: { param: string } }>()).error.param).toBe("code");

    const byEnrollment = await (await call(`/v1/links?enrollment_id=${enrollment.id}`, { key: brand.apiKey })).json<{ data: TrackingLink[] }>();
    expect(byEnrollment.data.map((l) => l.id)).toEqual([generated.id, link.id]);
  });

  it("serves the OpenAPI document and the reference page without a key", async () => {
    const doc = await (await call("/v1/openapi.json")).json<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/campaigns", "/v1/campaigns/{campaignId}", "/v1/campaigns/{campaignId}/enrollments", "/v1/links"]));
    expect(doc.components.schemas).toHaveProperty("CreateCampaign");
    const html = await (await call("/docs/api")).text();
    expect(html).toContain("/v1/campaigns/{campaignId}/enrollments");
    expect(html).toContain("CreateCampaign");
  });

  it("serves security.txt with a future expiry", async () => {
    const res = await call("/.well-known/security.txt");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^Contact: mailto:/m);
    const expires = /^Expires: (.+)$/m.exec(text)![1]!;
    expect(new Date(expires).getTime()).toBeGreaterThan(Date.now());
  });
});
