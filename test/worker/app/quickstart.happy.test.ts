import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { acceptOfferDirectly, brandOwnedBy, createAffiliate, signedUpUser, teammate, usingDb } from "../support/fixtures";
import { clickThrough, dashboardS2sKey, dashboardTracking, expectJson, track } from "../support/brand-dashboard";
import { Pipeline } from "../support/tracking";

type Quickstart = {
  tracking_base_url: string;
  steps: Record<"campaign" | "creator" | "link" | "rk_js" | "gateway" | "server" | "conversion", { done: boolean; detail: string | null }>;
  campaign_id: string | null;
  link_url: string | null;
  s2s_key_id: string | null;
};

const doneSteps = (q: Quickstart) => Object.entries(q.steps).filter(([, s]) => s.done).map(([k]) => k);

describe("GET /api/brands/{brandId}/quickstart", () => {
  it("follows a new brand from nothing to a first conversion, one real step at a time", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser, "Quickstart brand");
    const read = async () => expectJson<Quickstart>(await owner.browser.get(`/api/brands/${brandId}/quickstart`), 200);

    const fresh = await read();
    expect(doneSteps(fresh)).toEqual([]);
    expect(fresh).toMatchObject({ tracking_base_url: "https://go.rekomi.test", campaign_id: null, link_url: null, s2s_key_id: null });

    const campaign = await expectJson<{ id: string }>(
      await owner.browser.post(`/api/brands/${brandId}/campaigns`, {
        name: "Launch",
        destination_url: "https://shop.example/pricing",
        commission: { type: "percentage", rate_bps: 2500, currency: "USD", duration: "one_time" },
      }),
      201,
    );
    expect(doneSteps(await read())).toEqual(["campaign"]);
    expect((await read()).campaign_id).toBe(campaign.id);

    const creator = await createAffiliate({ listed: true });
    const enrollment = await expectJson<{ id: string }>(await owner.browser.post(`/api/brands/${brandId}/campaigns/${campaign.id}/enrollments`, { affiliate_id: creator.affiliateId }), 201);
    // An offer is not a creator yet: the step is done when the creator accepts.
    expect(doneSteps(await read())).toEqual(["campaign"]);
    await acceptOfferDirectly(creator.affiliateId, enrollment.id);
    expect(doneSteps(await read())).toEqual(["campaign", "creator"]);

    const link = await expectJson<{ code: string; url: string }>(await owner.browser.post(`/api/brands/${brandId}/links`, { enrollment_id: enrollment.id, code: `qs-${enrollment.id.slice(-10)}` }), 201);
    const linked = await read();
    expect(doneSteps(linked)).toEqual(["campaign", "creator", "link"]);
    expect(linked.link_url).toBe(link.url);
    expect(linked.steps.link.detail).toBe(link.url);

    // A crawler's visit is redirected but not counted: the step stays open.
    const pipe = new Pipeline();
    await pipe.edgeFetch(`/c/${link.code}`, { headers: { "user-agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } });
    await pipe.drain();
    expect((await read()).steps.rk_js.done).toBe(false);

    const [clickId] = await clickThrough(pipe, link.code);
    const clicked = await read();
    expect(clicked.steps.rk_js).toEqual({ done: true, detail: `first click counted on ${new Date().toISOString().slice(0, 10)}` });

    const key = await dashboardS2sKey(owner.browser, brandId);
    const connected = await read();
    expect(connected.steps.server).toEqual({ done: true, detail: `S2S key ${key.keyId} is live` });
    expect(connected.s2s_key_id).toBe(key.keyId);
    expect(connected.steps.conversion.done).toBe(false);

    await track(pipe, key, [["lead", { click_id: clickId, customer_external_id: "cus_qs_1", email: "ada@example.com" }]]);
    const converted = await read();
    expect(doneSteps(converted)).toEqual(["campaign", "creator", "link", "rk_js", "server", "conversion"]);
    expect(converted.steps.rk_js.detail).toMatch(/^a conversion carried a click id on \d{4}-\d{2}-\d{2}$/);
    expect(converted.steps.server.detail).toMatch(/^first event received on /);
  });

  it("does not count a revoked S2S key or a paused link, and a viewer sees the same checklist", async () => {
    const t = await dashboardTracking();
    const read = async (browser = t.owner) => expectJson<Quickstart>(await browser.get(`/api/brands/${t.brandId}/quickstart`), 200);
    expect((await read()).steps.link.done).toBe(true);
    await expectJson(await t.owner.patch(`/api/brands/${t.brandId}/links/${t.link.id}`, { status: "disabled" }), 200);
    expect((await read()).steps.link).toEqual({ done: false, detail: null });

    const key = await dashboardS2sKey(t.owner, t.brandId);
    expect((await read()).steps.server.done).toBe(true);
    await expectJson(await t.owner.delete(`/api/brands/${t.brandId}/s2s-keys/${key.keyId}`), 200);
    expect((await read()).steps.server.done).toBe(false);

    const viewer = await teammate(t.owner, t.brandId, "viewer");
    expect(await read(viewer)).toEqual(await read());
  });

  it("counts an active payment gateway connection, not a disconnected one", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser, "Gateway quickstart");
    const read = async () => expectJson<Quickstart>(await owner.browser.get(`/api/brands/${brandId}/quickstart`), 200);
    expect((await read()).steps.gateway).toEqual({ done: false, detail: null });

    // A Braintree connection as connecting one stores it (the key pair signs, so no separate secret).
    const id = newId("gatewayConnection");
    const asBrand = <T>(fn: Parameters<typeof withPrincipal<T>>[2]) => usingDb((db) => withPrincipal(db, { kind: "brand", brandId }, fn));
    await asBrand((tx) =>
      tx.insert(schema.gatewayConnections).values({ id, brandId, gateway: "braintree", livemode: false, name: "Braintree sandbox", secretSource: "credentials", credentialsCiphertext: "v1.sealed.elsewhere", credentialsHint: "…ic01" }),
    );
    expect((await read()).steps.gateway).toEqual({ done: true, detail: "Braintree is connected in test mode" });

    await asBrand((tx) => tx.update(schema.gatewayConnections).set({ status: "disconnected", disconnectedAt: new Date() }).where(eq(schema.gatewayConnections.id, id)));
    expect((await read()).steps.gateway).toEqual({ done: false, detail: null });
  });
});
