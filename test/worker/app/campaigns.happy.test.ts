import { describe, expect, it } from "vitest";
import type { Campaign } from "../../../src/campaigns/schemas";
import { call, createBrand } from "../support/fixtures";

type CampaignPage = { data: Campaign[]; has_more: boolean; next_cursor: string | null };

const newCampaign = {
  name: "Pro plan partners",
  destination_url: "https://brand.example/pro",
  cookie_window_days: 45,
  attribution_model: "first_click",
  target_markets: ["US", "DE"],
  niches: ["saas"],
  commission: { type: "flat", amount: 2500, currency: "EUR", duration: "one_time", hold_days: 14, min_payout_amount: 5000 },
};

describe("campaigns API", () => {
  it("creates, reads, lists and updates a campaign", async () => {
    const brand = await createBrand();
    const created = await call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: newCampaign });
    expect(created.status).toBe(201);
    const campaign = await created.json<Campaign>();
    expect(campaign.id).toMatch(/^cmp_/);
    expect(campaign.commission).toEqual({
      type: "flat",
      rate_bps: null,
      amount: 2500,
      currency: "EUR",
      duration: "one_time",
      duration_months: null,
      hold_days: 14,
      min_payout_amount: 5000,
    });
    expect(campaign.attribution_model).toBe("first_click");

    const fetched = await call(`/v1/campaigns/${campaign.id}`, { key: brand.apiKey });
    expect(await fetched.json()).toEqual(campaign);

    const updated = await call(`/v1/campaigns/${campaign.id}`, {
      method: "PATCH",
      key: brand.apiKey,
      json: { status: "paused", commission: { type: "percentage", rate_bps: 3000, amount: null, duration: "recurring", duration_months: 6 } },
    });
    expect(updated.status).toBe(200);
    const after = await updated.json<Campaign>();
    expect(after.status).toBe("paused");
    expect(after.commission).toMatchObject({ type: "percentage", rate_bps: 3000, amount: null, currency: "EUR", duration: "recurring", duration_months: 6 });
    expect(after.name).toBe(newCampaign.name);
  });

  it("pages through campaigns newest first with an opaque cursor", async () => {
    const brand = await createBrand();
    for (let i = 0; i < 4; i++) {
      const res = await call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: { ...newCampaign, name: `c${i}` } });
      expect(res.status).toBe(201);
    }
    const first = await (await call("/v1/campaigns?limit=2", { key: brand.apiKey })).json<CampaignPage>();
    expect(first.data.map((c) => c.name)).toEqual(["c3", "c2"]);
    expect(first.has_more).toBe(true);
    const second = await (await call(`/v1/campaigns?limit=2&cursor=${first.next_cursor}`, { key: brand.apiKey })).json<CampaignPage>();
    expect(second.data.map((c) => c.name)).toEqual(["c1", "c0"]);
    const third = await (await call(`/v1/campaigns?limit=2&cursor=${second.next_cursor}`, { key: brand.apiKey })).json<CampaignPage>();
    // the fixture's own campaign is the oldest
    expect(third.data).toHaveLength(1);
    expect(third.has_more).toBe(false);
    expect(third.next_cursor).toBeNull();
  });

  it("replays a POST with the same Idempotency-Key instead of creating twice", async () => {
    const brand = await createBrand();
    const send = () => call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: newCampaign, headers: { "Idempotency-Key": "create-pro-1" } });
    const [a, b] = await Promise.all([send(), send()]);
    const bodies = [await a.json<Campaign>(), await b.json<Campaign>()];
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(bodies[0]!.id).toBe(bodies[1]!.id);
    expect([a.headers.get("Idempotent-Replayed"), b.headers.get("Idempotent-Replayed")].sort()).toEqual(["true", null].sort());
    const list = await (await call("/v1/campaigns?limit=100", { key: brand.apiKey })).json<{ data: Campaign[] }>();
    expect(list.data.filter((c) => c.name === newCampaign.name)).toHaveLength(1);

    const reused = await call("/v1/campaigns", { method: "POST", key: brand.apiKey, json: { ...newCampaign, name: "other" }, headers: { "Idempotency-Key": "create-pro-1" } });
    expect(reused.status).toBe(409);
    expect((await reused.json<{ error: { code: string } }>()).error.code).toBe("idempotency_conflict");
  });
});
