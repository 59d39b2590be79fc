import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { buildAppWorker } from "../../../src/infra/app/worker";

describe("app worker basics", () => {
  it("reports a reachable database on /healthz", async () => {
    const res = await exports.default.fetch("http://app.test/healthz");
    expect(res.status).toBe(200);
    const body = await res.json<{ status: string; checks: { database: { status: string } } }>();
    expect(body.status).toBe("ok");
    expect(body.checks.database.status).toBe("ok");
  });

  it("answers 503 without the driver's error text when Postgres is unreachable, and logs the reason", async () => {
    const ctx = createExecutionContext();
    const broken = { ...env, DATABASE_URL: "postgres://rekomi_app:s3cret-pass@127.0.0.1:1/rekomi" };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await buildAppWorker().request("/healthz", {}, broken, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ status: "degraded", service: "app", checks: { database: { status: "unreachable", latency_ms: expect.any(Number) } } });
      for (const leak of ["127.0.0.1", "rekomi_app", "s3cret", "Error", "ECONNREFUSED"]) expect(text).not.toContain(leak);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('"message":"health check: database unreachable"'));
    } finally {
      logged.mockRestore();
    }
  });

  it("refuses to serve with a clear error when a binding is missing", async () => {
    const { DATABASE_URL: _missing, ...rest } = env;
    const res = await buildAppWorker().request("/v1/campaigns", {}, rest, createExecutionContext());
    expect(res.status).toBe(503);
    const body = await res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe("service_unavailable");
    expect(body.error.message).toContain("DATABASE_URL");
  });
});
