import { describe, expect, it } from "vitest";
import { call, createAffiliate, createBrand, enroll } from "../support/fixtures";

type Aff = { id: string; email: string | null; in_network: boolean };

describe("affiliates API", () => {
  it("lists the brand's own creators with emails, and network creators without", async () => {
    const brand = await createBrand();
    const mine = await createAffiliate({ listed: false, name: "Mine" });
    const network = await createAffiliate({ listed: true, name: "Network" });
    const stranger = await createAffiliate({ listed: false });
    await enroll(brand, mine.affiliateId);

    const enrolled = await (await call("/v1/affiliates", { key: brand.apiKey })).json<{ data: Aff[] }>();
    expect(enrolled.data).toEqual([expect.objectContaining({ id: mine.affiliateId, email: mine.email, in_network: false })]);

    const net = await (await call("/v1/affiliates?scope=network&limit=100", { key: brand.apiKey })).json<{ data: Aff[] }>();
    const found = net.data.find((a) => a.id === network.affiliateId);
    expect(found).toMatchObject({ email: null, in_network: true });
    expect(net.data.some((a) => a.id === stranger.affiliateId)).toBe(false);

    expect((await call(`/v1/affiliates/${mine.affiliateId}`, { key: brand.apiKey })).status).toBe(200);
    expect((await call(`/v1/affiliates/${stranger.affiliateId}`, { key: brand.apiKey })).status).toBe(404);
  });

  it("does not show another brand's creators", async () => {
    const a = await createBrand();
    const b = await createBrand();
    const theirs = await createAffiliate({ listed: false });
    await enroll(b, theirs.affiliateId);
    expect((await call(`/v1/affiliates/${theirs.affiliateId}`, { key: a.apiKey })).status).toBe(404);
    const list = await (await call("/v1/affiliates", { key: a.apiKey })).json<{ data: Aff[] }>();
    expect(list.data).toEqual([]);
  });
});
