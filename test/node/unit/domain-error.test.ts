import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/infra/domain-error";
import { ApiError } from "../../../src/infra/http/errors";
import { errorResponse } from "../../../src/infra/http/app";

describe("errors", () => {
  it("renders a domain refusal as the envelope, with the status its code maps to", async () => {
    const res = errorResponse(new DomainError("conflict", "The code `spring` is taken.", { param: "code" }), "req_1");
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "conflict", message: "The code `spring` is taken.", param: "code", request_id: "req_1" } });
  });

  it("keeps the HTTP layer's headers (a 401 challenge)", async () => {
    const res = errorResponse(new ApiError("unauthorized", "Missing API key.", { headers: { "WWW-Authenticate": 'Bearer realm="rekomi"' } }), "req_2");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="rekomi"');
  });

  it("answers anything else as a 500 that names no internals", async () => {
    const res = errorResponse(new Error("relation \"secrets\" does not exist"), "req_3");
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("secrets");
  });
});
