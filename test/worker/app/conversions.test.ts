import { describe, expect, it } from "vitest";
import type { NamedConversion } from "../../../src/conversions/schemas";
import { call, createAffiliate, createBrand, enroll } from "../support/fixtures";
import { Pipeline, clickAt, createS2sKey, daysAgo, expectError, signedInit } from "../support/tracking";

type Page = { data: NamedConversion[]; has_more: boolean; next_cursor: string | null };

describe("GET /v1/conversions", () => {
  it("filters by type, affiliate, campaign and creation time, and pages newest first", async () => {
    const brand = await createBrand();
    const casey = await createAffiliate();
    const robin = await createAffiliate();
    const caseyLink = await enroll(brand, casey.affiliateId);
    const robinLink = await enroll(brand, robin.affiliateId);
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    const started = new Date(Date.now() - 1000).toISOString();
    const send = async (type: string, body: unknown) => expect((await pipe.edgeFetch(`/v1/track/${type}`, signedInit(body, key))).status).toBe(202);
    await send("sale", { click_id: await clickAt(caseyLink.linkId, daysAgo(1)), amount: 100, currency: "USD", invoice_id: "c1" });
    await send("sale", { click_id: await clickAt(caseyLink.linkId, daysAgo(1)), amount: 200, currency: "USD", invoice_id: "c2" });
    await send("sale", { click_id: await clickAt(robinLink.linkId, daysAgo(1)), amount: 300, currency: "USD", invoice_id: "r1" });
    await send("refund", { invoice_id: "c1", amount: 50, currency: "USD" });
    await pipe.drain();
    const list = async (query: string) => {
      const res = await call(`/v1/conversions?${query}`, { key: brand.apiKey });
      expect(res.status).toBe(200);
      return res.json<Page>();
    };

    expect((await list("type=sale")).data.map((c) => c.invoice_id)).toEqual(["r1", "c2", "c1"]);
    expect((await list(`affiliate_id=${casey.affiliateId}`)).data.map((c) => [c.type, c.invoice_id])).toEqual([
      ["refund", "c1"],
      ["sale", "c2"],
      ["sale", "c1"],
    ]);
    expect((await list(`campaign_id=${brand.campaignId}&type=refund`)).data).toHaveLength(1);
    expect((await list(`created_gte=${encodeURIComponent(started)}`)).data).toHaveLength(4);
    expect((await list(`created_lt=${encodeURIComponent(started)}`)).data).toHaveLength(0);

    // One shape on both doors and for one or many: the conversion with the names people read.
    const [newest] = (await list("limit=1")).data;
    expect(newest).toMatchObject({ type: "refund", campaign_name: "Test brand campaign", affiliate_name: "Test Creator" });
    expect(await (await call(`/v1/conversions/${newest!.id}`, { key: brand.apiKey })).json()).toEqual(newest);

    const first = await list("limit=3");
    expect(first.has_more).toBe(true);
    const second = await list(`limit=3&cursor=${first.next_cursor}`);
    expect(second.has_more).toBe(false);
    expect([...first.data, ...second.data].map((c) => c.id)).toEqual((await list("limit=10")).data.map((c) => c.id));
  });

  it("names the bad filter", async () => {
    const brand = await createBrand();
    await expectError(await call("/v1/conversions?type=purchase", { key: brand.apiKey }), 400, "invalid_request", "type");
    await expectError(await call("/v1/conversions?affiliate_id=cmp_01jdx3h5c2v7n9q4r8t6w0y2z1", { key: brand.apiKey }), 400, "invalid_request", "affiliate_id");
    await expectError(await call("/v1/conversions?created_gte=yesterday", { key: brand.apiKey }), 400, "invalid_request", "created_gte");
    await expectError(await call("/v1/conversions?cursor=nope", { key: brand.apiKey }), 400, "invalid_request", "cursor");
    await expectError(await call("/v1/conversions/cnv_nope", { key: brand.apiKey }), 400, "invalid_request", "conversionId");
    await expectError(await call("/v1/conversions/cnv_01jdx3h5c2v7n9q4r8t6w0y2z1", { key: brand.apiKey }), 404, "not_found", "conversionId");
  });
});
