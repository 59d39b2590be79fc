import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("edge worker basics", () => {
  it("reports a reachable database on /healthz", async () => {
    const res = await exports.default.fetch("http://edge.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", service: "edge", checks: { database: { status: "ok" } } });
  });

  it("serves security.txt and answers unknown paths with the 404 envelope", async () => {
    expect((await exports.default.fetch("http://edge.test/.well-known/security.txt")).status).toBe(200);
    const res = await exports.default.fetch("http://edge.test/nope");
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("not_found");
  });
});
