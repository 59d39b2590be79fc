import { describe, expect, it } from "vitest";
import { call, createBrand } from "../support/fixtures";

describe("webhook endpoints belong to one brand", () => {
  it("answers 404 to another brand for every endpoint and delivery route", async () => {
    const a = await createBrand();
    const b = await createBrand();
    const created = await (await call("/v1/webhook-endpoints", { method: "POST", key: b.apiKey, json: { url: "https://hooks.b.example/x" } })).json<{ id: string }>();
    const test = await (await call(`/v1/webhook-endpoints/${created.id}/test`, { method: "POST", key: b.apiKey })).json<{ id: string }>();
    for (const [method, path] of [
      ["GET", `/v1/webhook-endpoints/${created.id}`],
      ["PATCH", `/v1/webhook-endpoints/${created.id}`],
      ["DELETE", `/v1/webhook-endpoints/${created.id}`],
      ["POST", `/v1/webhook-endpoints/${created.id}/rotate-secret`],
      ["POST", `/v1/webhook-endpoints/${created.id}/test`],
      ["GET", `/v1/webhook-endpoints/${created.id}/deliveries`],
      ["GET", `/v1/webhook-deliveries/${test.id}`],
      ["POST", `/v1/webhook-deliveries/${test.id}/redeliver`],
    ] as const) {
      const res = await call(path, { method, key: a.apiKey, ...(method === "PATCH" ? { json: { description: "x" } } : {}) });
      expect.soft(res.status, `${method} ${path}`).toBe(404);
    }
    const list = await (await call("/v1/webhook-endpoints", { key: a.apiKey })).json<{ data: unknown[] }>();
    expect(list.data).toEqual([]);
  });

  it("refuses bad endpoint definitions with the field named", async () => {
    const a = await createBrand();
    const bad = async (json: unknown, param: string) => {
      const res = await call("/v1/webhook-endpoints", { method: "POST", key: a.apiKey, json });
      expect(res.status).toBe(400);
      expect((await res.json<{ error: { param: string } }>()).error.param).toBe(param);
    };
    await bad({ url: "not a url" }, "url");
    await bad({ url: "https://x.example", enabled_events: ["sale.exploded"] }, "enabled_events.0");
    await bad({ url: "https://x.example", enabled_events: [] }, "enabled_events");
  });
});
