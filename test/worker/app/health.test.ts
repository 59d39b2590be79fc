import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("app worker basics", () => {
  it("reports a reachable database on /healthz", async () => {
    const res = await exports.default.fetch("http://app.test/healthz");
    expect(res.status).toBe(200);
    const body = await res.json<{ status: string; checks: { database: { status: string } } }>();
    expect(body.status).toBe("ok");
    expect(body.checks.database.status).toBe("ok");
  });
});
