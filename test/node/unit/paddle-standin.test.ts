import { ApiError, Environment, Paddle } from "@paddle/paddle-node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPaddleStandIn, type PaddleStandIn } from "../../../scripts/local/stand-ins/paddle";
import { received, startWebhookSink } from "../../support/webhook-sink";

let standIn: PaddleStandIn;
let paddle: Paddle;
let sink: Awaited<ReturnType<typeof startWebhookSink>>;

beforeAll(async () => {
  standIn = await startPaddleStandIn();
  // The SDK takes a base URL in place of an environment name.
  paddle = new Paddle("pdl_sdbx_apikey_standin_0123456789", { environment: standIn.url as Environment });
  sink = await startWebhookSink();
});
afterAll(async () => {
  await standIn.stop();
  await sink.close();
});

const transaction = { id: "txn_01hv8m0mnx3sj85e7gxc6kga03", status: "completed", customer_id: "ctm_01hv6y1jedq4p1n0yqn5ba3ky4", custom_data: { rk_click: "clk_test" }, currency_code: "USD", origin: "web", items: [], payments: [], created_at: "2026-12-07T10:00:00Z", updated_at: "2026-12-07T10:00:01Z" };

async function apiError(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected the call to fail");
}

describe("Paddle stand-in: notification settings", () => {
  it("creates a destination with its endpoint_secret_key, then lists, gets, updates and deletes it", async () => {
    const created = await paddle.notificationSettings.create({ description: "Rekomi", destination: `${sink.url}/hooks/crud`, subscribedEvents: ["transaction.completed", "subscription.created"], type: "url" });
    expect(created.id).toMatch(/^ntfset_[a-z\d]{26}$/);
    expect(created.endpointSecretKey).toMatch(new RegExp(`^pdl_${created.id}_\\w{32}$`));
    expect(created).toMatchObject({ description: "Rekomi", type: "url", active: true, apiVersion: 1, includeSensitiveFields: false, trafficSource: "platform" });
    expect(created.subscribedEvents.map((event) => event.name)).toEqual(["transaction.completed", "subscription.created"]);
    expect(created.subscribedEvents[0]).toMatchObject({ group: "Transaction", availableVersions: [1] });

    expect((await paddle.notificationSettings.list()).map((setting) => setting.id)).toContain(created.id);
    expect((await paddle.notificationSettings.get(created.id)).destination).toBe(`${sink.url}/hooks/crud`);
    expect((await paddle.notificationSettings.update(created.id, { active: false })).active).toBe(false);
    expect((await paddle.notificationSettings.list({ active: true })).map((setting) => setting.id)).not.toContain(created.id);

    await paddle.notificationSettings.delete(created.id);
    const gone = await apiError(paddle.notificationSettings.get(created.id));
    expect(gone).toBeInstanceOf(ApiError);
    expect(gone).toMatchObject({ type: "request_error", code: "not_found", documentationUrl: "https://developer.paddle.com/errors/shared/not_found" });
    expect(standIn.requests.map((request) => [request.method, request.status])).toEqual([["POST", 201], ["GET", 200], ["GET", 200], ["PATCH", 200], ["GET", 200], ["DELETE", 204], ["GET", 404]]);
  });

  it("refuses invalid fields and a missing API key with Paddle's error envelope", async () => {
    const invalid = await apiError(paddle.notificationSettings.create({ description: "x", destination: "", subscribedEvents: ["transaction.completed"], type: "url" }));
    expect(invalid).toMatchObject({ code: "bad_request", errors: [{ field: "destination" }] });
    const response = await fetch(`${standIn.url}/notification-settings`);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { type: "request_error", code: "authentication_missing" }, meta: { request_id: expect.any(String) } });
  });
});

describe("Paddle stand-in: notifications", () => {
  it("posts a Paddle-signed notification that the SDK's Webhooks.unmarshal accepts, only to subscribed destinations", async () => {
    const subscribed = await paddle.notificationSettings.create({ description: "sales", destination: `${sink.url}/hooks/paddle`, subscribedEvents: ["transaction.completed"], type: "url" });
    await paddle.notificationSettings.create({ description: "other", destination: `${sink.url}/hooks/other`, subscribedEvents: ["subscription.created"], type: "url" });
    const [notification] = standIn.emit({ event_type: "transaction.completed", data: transaction });
    expect(notification?.notification_id).toMatch(/^ntf_[a-z\d]{26}$/);
    await standIn.flush();

    const [delivery] = await received(sink.url, "paddle");
    expect(delivery!.headers["paddle-signature"]).toMatch(/^ts=\d+;h1=[0-9a-f]{64}$/);
    const event = await paddle.webhooks.unmarshal(delivery!.body, subscribed.endpointSecretKey, delivery!.headers["paddle-signature"]!);
    expect(event).toMatchObject({ eventId: notification!.event_id, eventType: "transaction.completed", notificationId: notification!.notification_id, data: { id: transaction.id, customData: { rk_click: "clk_test" } } });
    expect(event.eventId).toMatch(/^evt_[a-z\d]{26}$/);

    await expect(paddle.webhooks.unmarshal(delivery!.body.replace("clk_test", "clk_evil"), subscribed.endpointSecretKey, delivery!.headers["paddle-signature"]!)).rejects.toThrow(/signature verification failed/);
    await expect(paddle.webhooks.unmarshal(delivery!.body, "pdl_ntfset_other_secret", delivery!.headers["paddle-signature"]!)).rejects.toThrow();
    expect(await received(sink.url, "other")).toEqual([]);
    expect(standIn.deliveries).toEqual([{ notificationId: notification!.notification_id, eventId: notification!.event_id, url: `${sink.url}/hooks/paddle`, status: 200 }]);
  });

  it("emits over HTTP too, for tests inside workerd", async () => {
    const setting = await paddle.notificationSettings.create({ description: "http", destination: `${sink.url}/hooks/http`, subscribedEvents: ["subscription.canceled"], type: "url" });
    const response = await fetch(`${standIn.url}/_stand-in/control/emit`, { method: "POST", body: JSON.stringify({ event_type: "subscription.canceled", data: { id: "sub_01hv8x29kz0t586xy6zn1a62ny" } }) });
    expect(response.status).toBe(200);
    const deliveries = (await (await fetch(`${standIn.url}/_stand-in/control/deliveries`)).json()) as { url: string; status: number }[];
    expect(deliveries.at(-1)).toMatchObject({ url: `${sink.url}/hooks/http`, status: 200 });
    const [delivery] = await received(sink.url, "http");
    expect(await paddle.webhooks.isSignatureValid(delivery!.body, setting.endpointSecretKey, delivery!.headers["paddle-signature"]!)).toBe(true);
  });
});
