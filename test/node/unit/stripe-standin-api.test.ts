import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeStandIn, type StripeStandIn } from "../../../scripts/local/stand-ins/stripe";
import { failure, stripeClient } from "../../support/stripe-stand-in";
import { received, startWebhookSink } from "../../support/webhook-sink";

let standIn: StripeStandIn;
let stripe: Stripe;
let sink: Awaited<ReturnType<typeof startWebhookSink>>;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = stripeClient(standIn);
  sink = await startWebhookSink();
});
afterAll(async () => {
  await standIn.stop();
  await sink.close();
});

describe("Stripe stand-in: webhook endpoints", () => {
  it("creates an endpoint whose whsec_ secret is shown once, then retrieves, lists, updates and deletes it", async () => {
    const created = await stripe.webhookEndpoints.create({ url: `${sink.url}/hooks/crud`, enabled_events: ["charge.succeeded", "charge.refunded"], description: "rekomi", metadata: { brand: "b1" } });
    expect(created).toMatchObject({ object: "webhook_endpoint", livemode: false, status: "enabled", url: `${sink.url}/hooks/crud`, enabled_events: ["charge.succeeded", "charge.refunded"], metadata: { brand: "b1" }, api_version: null });
    expect(created.id).toMatch(/^we_\w{24}$/);
    expect(created.secret).toMatch(/^whsec_\w{32}$/);
    expect(Math.abs(created.created - Date.now() / 1000)).toBeLessThan(5);

    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    expect(retrieved.secret).toBeUndefined();
    expect(retrieved.url).toBe(created.url);

    const list = await stripe.webhookEndpoints.list({ limit: 5 });
    expect(list).toMatchObject({ object: "list", has_more: false, url: "/v1/webhook_endpoints" });
    expect(list.data.map((endpoint) => endpoint.id)).toContain(created.id);

    const updated = await stripe.webhookEndpoints.update(created.id, { disabled: true, enabled_events: ["*"], metadata: { brand: "" } });
    expect(updated).toMatchObject({ status: "disabled", enabled_events: ["*"], metadata: {} });

    expect(await stripe.webhookEndpoints.del(created.id)).toEqual({ id: created.id, object: "webhook_endpoint", deleted: true });
    const gone = await failure(stripe.webhookEndpoints.retrieve(created.id));
    expect(gone).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(gone).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id", message: `No such webhook_endpoint: '${created.id}'` });
  });

  it("pages lists with limit and starting_after, newest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await stripe.webhookEndpoints.create({ url: `${sink.url}/hooks/page${i}`, enabled_events: ["*"] })).id);
    const first = await stripe.webhookEndpoints.list({ limit: 2 });
    expect(first.data.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const next = await stripe.webhookEndpoints.list({ limit: 2, starting_after: ids[1] });
    expect(next.data[0]!.id).toBe(ids[0]);
    for (const id of ids) await stripe.webhookEndpoints.del(id);
  });

  it("delivers events signed with the endpoint's secret, verifiable with constructEventAsync", async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: `${sink.url}/hooks/signed`, enabled_events: ["customer.created"] });
    const customer = await stripe.customers.create({ email: "brand@example.com" });
    await standIn.flush();
    const [delivery] = await received(sink.url, "signed");
    const event = await stripe.webhooks.constructEventAsync(delivery!.body, delivery!.headers["stripe-signature"]!, endpoint.secret!);
    expect(event).toMatchObject({ object: "event", type: "customer.created", livemode: false, api_version: Stripe.API_VERSION, data: { object: { id: customer.id, email: "brand@example.com" } } });
    expect(event.id).toMatch(/^evt_\w{24}$/);
    expect(event.account).toBeUndefined();
    expect(event.request?.id).toMatch(/^req_/);
    expect(event.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    await expect(stripe.webhooks.constructEventAsync(delivery!.body, delivery!.headers["stripe-signature"]!, "whsec_another")).rejects.toThrow(Stripe.errors.StripeSignatureVerificationError);
    await stripe.webhookEndpoints.del(endpoint.id);
  });
});

describe("Stripe stand-in: requests", () => {
  it("replays the saved response for the same Idempotency-Key and params, with Idempotent-Replayed", async () => {
    const first = await stripe.customers.create({ email: "same@example.com", metadata: { a: "1", b: "2" } }, { idempotencyKey: "replay-1" });
    const again = await stripe.customers.create({ metadata: { b: "2", a: "1" }, email: "same@example.com" }, { idempotencyKey: "replay-1" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.idempotencyKey).toBe("replay-1");
    const recorded = standIn.requests.filter((request) => request.idempotencyKey === "replay-1");
    expect(recorded.map((request) => [request.method, request.path, request.replayed])).toEqual([["POST", "/v1/customers", false], ["POST", "/v1/customers", true]]);
    expect(standIn.events.filter((event) => event.type === "customer.created" && (event.data.object as Stripe.Customer).id === first.id)).toHaveLength(1);

    // The headers Stripe sets on a replay (the fetch client keeps them on a Headers object).
    const post = () => fetch(`${standIn.url}/v1/customers`, { method: "POST", headers: { authorization: "Bearer sk_test_x", "idempotency-key": "replay-raw" }, body: new URLSearchParams({ email: "raw@example.com" }) });
    const original = await post();
    const replay = await post();
    expect(original.headers.get("idempotent-replayed")).toBeNull();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("original-request")).toBe(original.headers.get("request-id"));
    expect(await replay.json()).toEqual(await original.json());
  });

  it("refuses the same key with other params or another endpoint (400 idempotency_error)", async () => {
    await stripe.customers.create({ email: "one@example.com" }, { idempotencyKey: "conflict-1" });
    const other = await failure(stripe.customers.create({ email: "two@example.com" }, { idempotencyKey: "conflict-1" }));
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other).toMatchObject({ statusCode: 400, type: "StripeIdempotencyError", rawType: "idempotency_error" });
    expect(other.message).toContain("same parameters");
    const elsewhere = await failure(stripe.webhookEndpoints.create({ url: `${sink.url}/hooks/x`, enabled_events: ["*"] }, { idempotencyKey: "conflict-1" }));
    expect(elsewhere).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("does not save a request refused for its parameters, so the corrected retry runs", async () => {
    const missing = await failure(stripe.webhookEndpoints.create({ enabled_events: ["*"] } as Stripe.WebhookEndpointCreateParams, { idempotencyKey: "fix-1" }));
    expect(missing).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "url", message: "Missing required param: url." });
    const fixed = await stripe.webhookEndpoints.create({ url: `${sink.url}/hooks/fixed`, enabled_events: ["*"] }, { idempotencyKey: "fix-1" });
    expect(fixed.id).toMatch(/^we_/);
    await stripe.webhookEndpoints.del(fixed.id);
  });

  it("answers Stripe's error envelope for unknown params, unknown URLs, bad keys and unknown accounts", async () => {
    const unknown = await failure(stripe.customers.create({ emial: "typo@example.com" } as Stripe.CustomerCreateParams));
    expect(unknown).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "emial" });

    const url = await fetch(`${standIn.url}/v1/nothing`, { headers: { authorization: "Bearer sk_test_x" } });
    expect(url.status).toBe(404);
    expect(await url.json()).toEqual({ error: { type: "invalid_request_error", message: expect.stringContaining("Unrecognized request URL (GET: /v1/nothing)") } });

    const noKey = await fetch(`${standIn.url}/v1/balance`);
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    await expect(stripeClient(standIn, "sk_live_real").balance.retrieve()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);

    const stranger = await failure(stripe.balance.retrieve({}, { stripeAccount: "acct_1Unknown000000000" }));
    expect(stranger).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(stranger).toMatchObject({ statusCode: 403, code: "account_invalid" });
  });

  it("scopes objects to the connected account named by Stripe-Account, events included", async () => {
    const account = await stripe.accounts.create({ type: "express", country: "US" });
    const theirs = await stripe.customers.create({ email: "on-account@example.com" }, { stripeAccount: account.id });
    expect((await stripe.customers.retrieve(theirs.id, {}, { stripeAccount: account.id })).id).toBe(theirs.id);
    expect(await failure(stripe.customers.retrieve(theirs.id))).toMatchObject({ statusCode: 404, code: "resource_missing" });
    const event = standIn.events.find((e) => e.type === "customer.created" && (e.data.object as Stripe.Customer).id === theirs.id);
    expect(event?.account).toBe(account.id);
    expect(standIn.requests.at(-1)).toMatchObject({ account: null, status: 404 });
  });

  it("expands ids into objects and refuses paths that name no id", async () => {
    const customer = await stripe.customers.create({});
    const intent = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", confirm: true, expand: ["customer", "payment_method"] });
    expect(intent.customer).toMatchObject({ object: "customer", id: customer.id });
    expect(intent.payment_method).toMatchObject({ object: "payment_method", customer: customer.id });
    const bad = await failure(stripe.setupIntents.retrieve(intent.id, { expand: ["usage"] }));
    expect(bad).toMatchObject({ statusCode: 400, param: "expand", message: "This property cannot be expanded (usage)." });
  });

  it("reads curl-style form bodies (a[b]=c, expand[]) as well as the SDK's", async () => {
    const body = new URLSearchParams([["email", "curl@example.com"], ["metadata[source]", "curl"], ["expand[]", "invoice_settings"]]);
    const response = await fetch(`${standIn.url}/v1/customers`, { method: "POST", headers: { authorization: "Bearer sk_test_x", "content-type": "application/x-www-form-urlencoded" }, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "customer", email: "curl@example.com", metadata: { source: "curl" } });
    expect(response.headers.get("request-id")).toMatch(/^req_/);
  });

  it("offers its test helpers over HTTP too, for tests that run inside workerd", async () => {
    const control = (path: string, body?: object) => fetch(`${standIn.url}/_stand-in/control/${path}`, body ? { method: "POST", body: JSON.stringify(body) } : {}).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
    const account = await stripe.accounts.create({ type: "express", country: "US", capabilities: { transfers: { requested: true } } });
    expect((await control("complete-onboarding", { account: account.id })).json).toMatchObject({ id: account.id, payouts_enabled: true });
    expect((await control("fail-next", { kind: "charge", failure: { declineCode: "expired_card" } })).status).toBe(200);
    const declined = await failure(stripe.paymentIntents.create({ amount: 500, currency: "usd", payment_method: "pm_card_visa", confirm: true }));
    expect(declined).toMatchObject({ statusCode: 402, decline_code: "expired_card" });
    const emitted = await control("emit", { type: "payout.failed", object: { id: "po_1", object: "payout" }, account: account.id });
    expect(emitted.json).toMatchObject({ type: "payout.failed", account: account.id });
    const requests = (await control("requests")).json as unknown as { path: string; account: string | null }[];
    expect(requests.at(-1)).toMatchObject({ path: "/v1/payment_intents", account: null });
    expect((await control("events")).status).toBe(200);
    expect((await control("nothing", {})).status).toBe(404);
  });
});
