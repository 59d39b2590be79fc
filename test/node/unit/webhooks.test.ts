import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "../../../src/infra/secrets/box";
import { MAX_ATTEMPTS, RETRY_DELAYS_S } from "../../../src/webhooks/catalog";
import { endpointUrlProblem } from "../../../src/webhooks/url";

const key = Buffer.from("0123456789abcdef0123456789abcdef").toString("base64");

describe("sealed secrets", () => {
  it("round-trips, and refuses to open under another row's context", async () => {
    const sealed = await sealSecret(key, "whsec_abc", "webhook_endpoint:whe_1");
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("whsec_abc");
    expect(await openSecret(key, sealed, "webhook_endpoint:whe_1")).toBe("whsec_abc");
    await expect(openSecret(key, sealed, "webhook_endpoint:whe_2")).rejects.toThrow();
  });
});

describe("retry schedule", () => {
  it("spans about three days in 14 attempts", () => {
    const total = RETRY_DELAYS_S.reduce((a, b) => a + b, 0);
    expect(MAX_ATTEMPTS).toBe(14);
    expect(total / 86_400).toBeGreaterThan(3);
    expect(total / 86_400).toBeLessThan(3.5);
    expect(Math.max(...RETRY_DELAYS_S)).toBeLessThanOrEqual(43_200); // a Queue message's longest delay
  });
});

describe("endpoint URLs (SSRF)", () => {
  it("accepts public https in production and refuses internal targets", () => {
    expect(endpointUrlProblem("https://hooks.brand.example/rekomi", "production")).toBeNull();
    for (const url of ["http://hooks.brand.example", "https://localhost/x", "https://127.0.0.1/x", "https://10.1.2.3/x", "https://192.168.1.1/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://user:pw@brand.example/x", "https://api.internal/x"]) {
      expect.soft(endpointUrlProblem(url, "production"), url).not.toBeNull();
    }
  });
  it("allows local receivers in development", () => {
    expect(endpointUrlProblem("http://127.0.0.1:9999/hooks", "development")).toBeNull();
    expect(endpointUrlProblem("ftp://x", "development")).not.toBeNull();
  });
});
