import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { buildEdgeWorker, edgeFetch } from "../../../src/infra/edge/worker";

describe("edge worker basics", () => {
  it("reports a reachable database on /healthz", async () => {
    const res = await exports.default.fetch("http://edge.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", service: "edge", checks: { database: { status: "ok" } } });
  });

  it("answers 503 without the driver's error text when Postgres is unreachable (the reason goes to the log)", async () => {
    const ctx = createExecutionContext();
    const broken = { ...env, DATABASE_URL: "postgres://rekomi_app:s3cret-pass@127.0.0.1:1/rekomi" };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await buildEdgeWorker().request("/healthz", {}, broken, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ status: "degraded", service: "edge", checks: { database: { status: "unreachable", latency_ms: expect.any(Number) } } });
      for (const leak of ["127.0.0.1", "rekomi_app", "s3cret", "Error"]) expect(text).not.toContain(leak);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it("refuses to serve with a clear error when a variable is missing, on the router and on both hot paths", async () => {
    const { CLICK_SIGNING_SECRET: _missing, ...rest } = env;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const [method, path] of [["GET", "/healthz"], ["POST", "/v1/track/sale"]]) {
        const res = await edgeFetch(new Request(`http://edge.test${path}`, { method }), rest, createExecutionContext());
        expect.soft(res.status, path).toBe(503);
        const body = await res.json<{ error: { code: string; message: string } }>();
        expect.soft(body.error, path).toMatchObject({ code: "service_unavailable", message: expect.stringContaining("`CLICK_SIGNING_SECRET` is not set") });
      }
      // The redirect answers its own "unavailable" page; the log names the variable.
      const redirect = await edgeFetch(new Request("http://edge.test/c/some-code"), rest, createExecutionContext());
      expect(redirect.status).toBe(503);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("CLICK_SIGNING_SECRET"));
    } finally {
      logged.mockRestore();
    }
  });

  it("serves security.txt and answers unknown paths with the 404 envelope", async () => {
    expect((await exports.default.fetch("http://edge.test/.well-known/security.txt")).status).toBe(200);
    const res = await exports.default.fetch("http://edge.test/nope");
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("not_found");
  });
});
