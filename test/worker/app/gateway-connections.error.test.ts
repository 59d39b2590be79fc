import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { connectGateway } from "../../../src/gateway-connections/changes";
import type { GatewayConnection } from "../../../src/gateway-connections/schemas";
import { withPrincipal } from "../../../src/infra/db/principal";
import { DomainError } from "../../../src/infra/domain-error";
import { call, createBrand, errorOf, usingDb } from "../support/fixtures";
import { connect, connected, loadWorker, paddleKey, postTo, restrictStripeKey, stripeKey, stripeRequests } from "../support/gateway-connections";

async function listOf(apiKey: string): Promise<GatewayConnection[]> {
  return (await (await call("/v1/gateway-connections", { key: apiKey })).json<{ data: GatewayConnection[] }>()).data;
}

beforeAll(loadWorker, 60_000);

describe("gateway connections: refusals", () => {
  it("refuses a key of the other mode, naming the key", async () => {
    const brand = await createBrand();
    for (const [body, param] of [
      [{ gateway: "stripe", mode: "live", stripe: { api_key: stripeKey("test") } }, "stripe.api_key"],
      [{ gateway: "stripe", mode: "test", stripe: { api_key: `sk_live_${"x".repeat(24)}` } }, "stripe.api_key"],
      [{ gateway: "paddle", mode: "live", paddle: { api_key: paddleKey("test") } }, "paddle.api_key"],
      [{ gateway: "stripe", mode: "test", stripe: { api_key: `pk_test_${"x".repeat(24)}` } }, "stripe.api_key"],
    ] as const) {
      const res = await connect(brand, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(res);
      expect(error).toMatchObject({ code: "invalid_request", param });
    }
    expect(await listOf(brand.apiKey)).toEqual([]);
  });

  it("answers 409 for a second active connection of the same gateway and mode", async () => {
    const brand = await createBrand();
    const first = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() } });
    const before = (await stripeRequests()).length;
    const res = await connect(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() } });
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: "conflict", param: "gateway" });
    expect(error.message).toContain(first.id);
    // Refused before anything was registered at Stripe.
    expect((await stripeRequests()).slice(before).filter((r) => r.path === "/v1/webhook_endpoints")).toEqual([]);
  });

  it("asks for a pasted secret when the key may not manage endpoints, and connects with one", async () => {
    const brand = await createBrand();
    const key = stripeKey();
    await restrictStripeKey(key, ["accounts"]);
    const res = await connect(brand, { gateway: "stripe", mode: "test", stripe: { api_key: key } });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: "invalid_request", param: "stripe.signing_secret" });
    expect(error.message).toContain("/webhooks/stripe/gwc_");
    expect((await stripeRequests()).some((r) => r.path === "/v1/webhook_endpoints" && r.status === 403)).toBe(true);
    expect(await listOf(brand.apiKey)).toEqual([]);

    const pasted = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: key, signing_secret: "whsec_FromTheDashboard000000001" } });
    expect(pasted.secret_source).toBe("pasted");
    // Rotating without a pasted secret needs the same permission.
    const rotate = await postTo(brand, `/${pasted.id}/rotate`, {});
    expect(rotate.status).toBe(400);
    expect((await errorOf(rotate)).param).toBe("stripe.signing_secret");
  });

  it("turns the gateway's refusal of a key into a 400 on the key, leaving nothing behind", async () => {
    const brand = await createBrand();
    // The stand-in, like Stripe's test environment, refuses live keys.
    const res = await connect(brand, { gateway: "stripe", mode: "live", stripe: { api_key: stripeKey("live") } });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: "invalid_request", param: "stripe.api_key" });
    expect(error.message).toMatch(/Stripe refused the API key/);
    expect(await listOf(brand.apiKey)).toEqual([]);
  });

  it("a gateway that cannot be reached is a bad_gateway (502) error, and nothing is connected", async () => {
    const brand = await createBrand();
    // Port 9 (discard) has no HTTP server: the gateway is down.
    const config = { SECRETS_ENCRYPTION_KEY: env.SECRETS_ENCRYPTION_KEY, TRACKING_BASE_URL: env.TRACKING_BASE_URL, STRIPE_API_URL: "http://127.0.0.1:9", PADDLE_API_URL: "http://127.0.0.1:9" };
    for (const input of [
      { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() } },
      { gateway: "paddle", mode: "test", paddle: { api_key: paddleKey() } },
    ] as const) {
      const failure = await usingDb((db) => withPrincipal(db, { kind: "brand", brandId: brand.brandId }, (tx) => connectGateway(tx, config, { ...input, brandId: brand.brandId }))).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure, input.gateway).toBeInstanceOf(DomainError);
      expect((failure as DomainError).code).toBe("bad_gateway");
      expect((failure as DomainError).message).toMatch(/nothing was changed/);
    }
    expect(await listOf(brand.apiKey)).toEqual([]);
  });

  it("validates the body: the gateway's own section, the secret's shape", async () => {
    const brand = await createBrand();
    const cases: [unknown, string][] = [
      [{ gateway: "stripe", mode: "test" }, "stripe"],
      [{ gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() }, paddle: { api_key: paddleKey() } }, "paddle"],
      [{ gateway: "stripe", mode: "test", stripe: { api_key: stripeKey(), signing_secret: "not-a-secret" } }, "stripe.signing_secret"],
      [{ gateway: "braintree", mode: "test", braintree: { merchant_id: "m", public_key: "p" } }, "braintree.private_key"],
      [{ gateway: "adyen", mode: "test" }, "gateway"],
      [{ gateway: "stripe", mode: "sandbox", stripe: { api_key: stripeKey() } }, "mode"],
    ];
    for (const [body, param] of cases) {
      const res = await connect(brand, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).param, JSON.stringify(body)).toBe(param);
    }
  });

  it("refuses to rotate or test a disconnected connection, and 404s an unknown one", async () => {
    const brand = await createBrand();
    const connection = await connected(brand, { gateway: "paddle", mode: "test", paddle: { api_key: paddleKey() } });
    const wrongSection = await postTo(brand, `/${connection.id}/rotate`, { stripe: { api_key: stripeKey() } });
    expect(wrongSection.status).toBe(400);
    expect((await errorOf(wrongSection)).param).toBe("stripe");
    expect((await postTo(brand, `/${connection.id}/disconnect`)).status).toBe(200);
    for (const path of ["rotate", "test-event"]) {
      const res = await postTo(brand, `/${connection.id}/${path}`, {});
      expect(res.status, path).toBe(409);
      expect((await errorOf(res)).param).toBe("connectionId");
    }
    const unknown = await call("/v1/gateway-connections/gwc_00000000000000000000000000", { key: brand.apiKey });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).param).toBe("connectionId");
  });
});
