import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { openConnectionSecret } from "../../../src/gateway-connections/secrets";
import type { GatewayConnection } from "../../../src/gateway-connections/schemas";
import { GATEWAY_EVENTS } from "../../../src/gateways/catalog";
import { call, createBrand, errorOf } from "../support/fixtures";
import { connect, connected, loadWorker, paddleKey, paddleRequests, postTo, rawConnection, stripeKey, stripeRequests } from "../support/gateway-connections";

const opened = (row: Awaited<ReturnType<typeof rawConnection>>, purpose: "credentials" | "signing_secret", sealed = purpose === "credentials" ? row.credentialsCiphertext! : row.signingSecretCiphertext!) =>
  openConnectionSecret(env.SECRETS_ENCRYPTION_KEY, sealed, row.id, row.brandId, purpose);

beforeAll(loadWorker, 60_000);

describe("gateway connections: connecting", () => {
  it("Stripe: registers Rekomi's endpoint with the webhook URL and the events it needs, and keeps its secret sealed", async () => {
    const brand = await createBrand();
    const key = stripeKey();
    const connection = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: key } });
    expect(connection).toMatchObject({
      object: "gateway_connection",
      gateway: "stripe",
      mode: "test",
      name: "Stripe (test)",
      status: "active",
      secret_source: "registered",
      credentials_hint: `…${key.slice(-4)}`,
      webhook_url: `https://go.rekomi.test/webhooks/stripe/${connection.id}`,
      events: [...GATEWAY_EVENTS.stripe],
      rotated_at: null,
      disconnected_at: null,
      last_event_at: null,
    });
    expect(connection.id).toMatch(/^gwc_[0-9a-z]{26}$/);
    expect(connection.remote_endpoint_id).toMatch(/^we_/);

    const registration = (await stripeRequests()).find((r) => r.method === "POST" && r.path === "/v1/webhook_endpoints" && r.status === 200 && r.params.url === connection.webhook_url);
    expect(registration?.params.enabled_events).toEqual([...GATEWAY_EVENTS.stripe]);
    const endpoint = await fetch(`${env.STRIPE_API_URL}/v1/webhook_endpoints/${connection.remote_endpoint_id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(await endpoint.json()).toMatchObject({ url: connection.webhook_url, status: "enabled" });

    // Stored sealed: no plaintext in the row, and it opens only for this connection and purpose.
    const row = await rawConnection(connection.id);
    const secret = await opened(row, "signing_secret");
    expect(secret).toMatch(/^whsec_/);
    expect(connection.signing_secret_hint).toBe(`…${secret.slice(-4)}`);
    expect(JSON.stringify(row)).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.parse(await opened(row, "credentials"))).toEqual({ api_key: key });
    await expect(openConnectionSecret(env.SECRETS_ENCRYPTION_KEY, row.signingSecretCiphertext!, row.id, row.brandId, "credentials")).rejects.toThrow();

    // Never shown again, in any answer.
    const got = await call(`/v1/gateway-connections/${connection.id}`, { key: brand.apiKey });
    const list = await call("/v1/gateway-connections", { key: brand.apiKey });
    for (const text of [JSON.stringify(connection), await got.text(), await list.text()]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(secret);
    }
  });

  it("Paddle: creates the notification destination subscribed to the events it needs; test and live side by side", async () => {
    const brand = await createBrand();
    const test = await connected(brand, { gateway: "paddle", mode: "test", name: "Paddle sandbox", paddle: { api_key: paddleKey("test") } });
    const live = await connected(brand, { gateway: "paddle", mode: "live", paddle: { api_key: paddleKey("live") } });
    expect(test).toMatchObject({ gateway: "paddle", mode: "test", name: "Paddle sandbox", secret_source: "registered", events: [...GATEWAY_EVENTS.paddle] });
    expect(live).toMatchObject({ mode: "live", status: "active" });
    expect(test.remote_endpoint_id).toMatch(/^ntfset_/);

    const created = (await paddleRequests()).find((r) => r.method === "POST" && r.path === "/notification-settings" && r.body?.destination === test.webhook_url);
    expect(created).toMatchObject({ status: 201, body: { type: "url", subscribed_events: [...GATEWAY_EVENTS.paddle] } });
    const row = await rawConnection(test.id);
    const secret = await opened(row, "signing_secret");
    expect(secret).toMatch(/^pdl_ntfset_/);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("Braintree: keeps the sealed key pair and answers the URL and the kinds to tick", async () => {
    const brand = await createBrand();
    const keys = { merchant_id: "merchant_rekomi", public_key: "pub_0123456789", private_key: "priv_secret_abcdef0123456789" };
    const connection = await connected(brand, { gateway: "braintree", mode: "test", braintree: keys });
    expect(connection).toMatchObject({
      secret_source: "credentials",
      signing_secret_hint: null,
      remote_endpoint_id: null,
      account_id: "merchant_rekomi",
      credentials_hint: "…6789",
      webhook_url: `https://go.rekomi.test/webhooks/braintree/${connection.id}`,
      events: [...GATEWAY_EVENTS.braintree],
    });
    const row = await rawConnection(connection.id);
    expect(JSON.stringify(row)).not.toContain(keys.private_key);
    expect(JSON.parse(await opened(row, "credentials"))).toEqual({ ...keys, environment: "sandbox" });
  });

  it("takes a pasted signing secret instead of registering an endpoint", async () => {
    const brand = await createBrand();
    const pasted = "whsec_PastedFromTheStripeDashboard0123";
    const before = (await stripeRequests()).length;
    const connection = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey(), signing_secret: pasted } });
    expect(connection).toMatchObject({ secret_source: "pasted", remote_endpoint_id: null, signing_secret_hint: "…0123" });
    expect((await stripeRequests()).slice(before).filter((r) => r.path === "/v1/webhook_endpoints" && r.params.url === connection.webhook_url)).toEqual([]);
    expect(await opened(await rawConnection(connection.id), "signing_secret")).toBe(pasted);
  });
});

describe("gateway connections: Stripe Connect platforms", () => {
  const registrationOf = async (webhookUrl: string) => (await stripeRequests()).filter((r) => r.method === "POST" && r.path === "/v1/webhook_endpoints" && r.status === 200 && r.params.url === webhookUrl);

  it("registers a Connect endpoint (connect=true) beside the platform's own-account connection in the same mode; rotating keeps it a Connect endpoint", async () => {
    const brand = await createBrand();
    const key = stripeKey();
    const own = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: key } });
    const platform = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: key, connect: true } });
    expect(own).toMatchObject({ connect: false, name: "Stripe (test)", status: "active" });
    expect(platform).toMatchObject({ connect: true, name: "Stripe Connect (test)", status: "active", secret_source: "registered" });
    expect((await registrationOf(own.webhook_url)).map((r) => r.params.connect)).toEqual([undefined]);
    expect((await registrationOf(platform.webhook_url)).map((r) => r.params.connect)).toEqual(["true"]);
    expect((await rawConnection(platform.id)).connect).toBe(true);

    // One of each kind per mode: a second Connect connection is refused, naming the first.
    const again = await connect(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey(), connect: true } });
    expect(again.status).toBe(409);
    const error = await errorOf(again);
    expect(error).toMatchObject({ code: "conflict", param: "gateway" });
    expect(error.message).toContain(platform.id);

    const rotated = await (await postTo(brand, `/${platform.id}/rotate`, {})).json<GatewayConnection>();
    expect(rotated).toMatchObject({ connect: true });
    expect((await registrationOf(platform.webhook_url)).map((r) => r.params.connect)).toEqual(["true", "true"]);
  });
});

describe("gateway connections: rotating and disconnecting", () => {
  it("rotating re-registers the endpoint, deletes the old one, and keeps the previous secret verifying for 24 hours", async () => {
    const brand = await createBrand();
    const connection = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() } });
    const before = await rawConnection(connection.id);
    const oldSecret = await opened(before, "signing_secret");

    const res = await postTo(brand, `/${connection.id}/rotate`, {});
    expect(res.status).toBe(200);
    const rotated = await res.json<GatewayConnection>();
    expect(rotated.id).toBe(connection.id);
    expect(rotated.webhook_url).toBe(connection.webhook_url);
    expect(rotated.remote_endpoint_id).toMatch(/^we_/);
    expect(rotated.remote_endpoint_id).not.toBe(connection.remote_endpoint_id);
    expect(rotated.rotated_at).not.toBeNull();
    const grace = Date.parse(rotated.previous_signing_secret_expires_at!) - Date.now();
    expect(grace).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(grace).toBeLessThanOrEqual(24 * 3600_000);

    const after = await rawConnection(connection.id);
    const newSecret = await opened(after, "signing_secret");
    expect(newSecret).not.toBe(oldSecret);
    expect(await opened(after, "signing_secret", after.previousSigningSecretCiphertext!)).toBe(oldSecret);
    const deleted = (await stripeRequests()).find((r) => r.method === "DELETE" && r.path === `/v1/webhook_endpoints/${connection.remote_endpoint_id}`);
    expect(deleted?.status).toBe(200);

    // A pasted secret next: the registered endpoint goes, the registered secret is the previous one.
    const pasted = await (await postTo(brand, `/${connection.id}/rotate`, { stripe: { signing_secret: "whsec_PastedAfterRotation0000" } })).json<GatewayConnection>();
    expect(pasted).toMatchObject({ secret_source: "pasted", remote_endpoint_id: null, signing_secret_hint: "…0000" });
    const last = await rawConnection(connection.id);
    expect(await opened(last, "signing_secret", last.previousSigningSecretCiphertext!)).toBe(newSecret);
    expect((await stripeRequests()).find((r) => r.method === "DELETE" && r.path === `/v1/webhook_endpoints/${rotated.remote_endpoint_id}`)?.status).toBe(200);
  });

  it("rotating a key alone keeps the mode rule, and Braintree takes a new key pair", async () => {
    const brand = await createBrand();
    const connection = await connected(brand, { gateway: "paddle", mode: "test", paddle: { api_key: paddleKey() } });
    const newKey = paddleKey();
    const rotated = await (await postTo(brand, `/${connection.id}/rotate`, { paddle: { api_key: newKey } })).json<GatewayConnection>();
    expect(rotated.credentials_hint).toBe(`…${newKey.slice(-4)}`);
    expect(JSON.parse(await opened(await rawConnection(connection.id), "credentials"))).toEqual({ api_key: newKey });
    expect((await paddleRequests()).find((r) => r.method === "DELETE" && r.path === `/notification-settings/${connection.remote_endpoint_id}`)?.status).toBe(204);

    const bt = await connected(brand, { gateway: "braintree", mode: "test", braintree: { merchant_id: "m1", public_key: "pub_old_0001", private_key: "priv_old_000000001" } });
    const btRotated = await (await postTo(brand, `/${bt.id}/rotate`, { braintree: { public_key: "pub_new_0002", private_key: "priv_new_000000002" } })).json<GatewayConnection>();
    expect(btRotated).toMatchObject({ credentials_hint: "…0002", account_id: "m1", previous_signing_secret_expires_at: null });
    expect(JSON.parse(await opened(await rawConnection(bt.id), "credentials"))).toEqual({ merchant_id: "m1", public_key: "pub_new_0002", private_key: "priv_new_000000002", environment: "sandbox" });
  });

  it("disconnecting deletes the remote endpoint, is harmless twice, and frees the gateway and mode", async () => {
    const brand = await createBrand();
    const connection = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() } });
    const res = await postTo(brand, `/${connection.id}/disconnect`);
    expect(res.status).toBe(200);
    const disconnected = await res.json<GatewayConnection>();
    expect(disconnected).toMatchObject({ status: "disconnected" });
    expect(disconnected.disconnected_at).not.toBeNull();
    expect((await stripeRequests()).find((r) => r.method === "DELETE" && r.path === `/v1/webhook_endpoints/${connection.remote_endpoint_id}`)?.status).toBe(200);

    const again = await postTo(brand, `/${connection.id}/disconnect`);
    expect(again.status).toBe(200);
    expect((await again.json<GatewayConnection>()).disconnected_at).toBe(disconnected.disconnected_at);
    expect((await rawConnection(connection.id)).status).toBe("disconnected");

    const reconnected = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() } });
    expect(reconnected.id).not.toBe(connection.id);
    const list = await (await call("/v1/gateway-connections", { key: brand.apiKey })).json<{ data: GatewayConnection[] }>();
    expect(list.data.map((c) => [c.id, c.status])).toEqual([
      [reconnected.id, "active"],
      [connection.id, "disconnected"],
    ]);
  });
});
