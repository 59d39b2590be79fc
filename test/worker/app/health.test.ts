import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildAppWorker } from "../../../src/app/worker";

describe("app worker basics", () => {
  it("reports a reachable database on /healthz", async () => {
    const res = await exports.default.fetch("http://app.test/healthz");
    expect(res.status).toBe(200);
    const body = await res.json<{ status: string; checks: { database: { status: string } } }>();
    expect(body.status).toBe("ok");
    expect(body.checks.database.status).toBe("ok");
  });

  it("answers 503 with the reason when Postgres is unreachable", async () => {
    const ctx = createExecutionContext();
    const broken = { ...env, DATABASE_URL: "postgres://rekomi_app:x@127.0.0.1:1/rekomi" };
    const res = await buildAppWorker().request("/healthz", {}, broken, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    const body = await res.json<{ status: string; checks: { database: { status: string; detail: string } } }>();
    expect(body.status).toBe("degraded");
    expect(body.checks.database.status).toBe("unreachable");
    expect(body.checks.database.detail.length).toBeGreaterThan(0);
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
