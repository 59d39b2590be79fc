import { describe, expect, it } from "vitest";
import { FILE_URL_TTL_SECONDS, checkFileUrl, signFileUrl } from "../../../src/infra/files/signed-urls";

const SECRET = "unit-test-file-url-secret-0123456789abcdef";
const ID = "txf_01jdx3h5c2v7n9q4r8t6w0y2z1";
const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);

function parts(path: string) {
  const url = new URL(path, "https://app.example");
  return { id: decodeURIComponent(url.pathname.split("/").pop()!), exp: url.searchParams.get("exp") ?? undefined, sig: url.searchParams.get("sig") ?? undefined };
}

describe("signed file URLs", () => {
  it("sign a path for one file that checks as valid until it expires, at most 5 minutes later", async () => {
    const { path, expiresAt } = await signFileUrl(SECRET, "tax_form", ID, { now: NOW });
    expect(path).toMatch(new RegExp(`^/files/tax-forms/${ID}\\?exp=\\d+&sig=[0-9a-f]{64}$`));
    expect(expiresAt.getTime() - NOW).toBe(FILE_URL_TTL_SECONDS * 1000);
    expect(FILE_URL_TTL_SECONDS).toBeLessThanOrEqual(300);
    const { exp, sig } = parts(path);
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig }, NOW)).toBe("valid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig }, expiresAt.getTime() - 1000)).toBe("valid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig }, expiresAt.getTime())).toBe("expired");
  });

  it("never signs for longer than the limit, whatever is asked", async () => {
    const { expiresAt } = await signFileUrl(SECRET, "tax_form", ID, { now: NOW, ttlSeconds: 86_400 });
    expect(expiresAt.getTime() - NOW).toBe(FILE_URL_TTL_SECONDS * 1000);
  });

  it("refuses another id, another secret, a changed expiry or signature, and missing parts", async () => {
    const { path } = await signFileUrl(SECRET, "tax_form", ID, { now: NOW });
    const { exp, sig } = parts(path);
    expect(await checkFileUrl(SECRET, "tax_form", "txf_01jdx3h5c2v7n9q4r8t6w0y2z2", { exp, sig }, NOW)).toBe("invalid");
    expect(await checkFileUrl(`${SECRET}-rotated`, "tax_form", ID, { exp, sig }, NOW)).toBe("invalid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp: String(Number(exp) + 60), sig }, NOW)).toBe("invalid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp: `0${exp}`, sig }, NOW)).toBe("invalid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig: sig!.toUpperCase() }, NOW)).toBe("invalid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig: sig!.slice(0, 63) }, NOW)).toBe("invalid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig: undefined }, NOW)).toBe("invalid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp: undefined, sig }, NOW)).toBe("invalid");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp: "1e10", sig }, NOW)).toBe("invalid");
  });

  it("tells an expired URL apart only when its signature is genuine", async () => {
    const { path } = await signFileUrl(SECRET, "tax_form", ID, { now: NOW - 10 * 60_000 });
    const { exp, sig } = parts(path);
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig }, NOW)).toBe("expired");
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig: "0".repeat(64) }, NOW)).toBe("invalid");
  });

  it("refuses a genuine signature whose expiry is further ahead than any issued URL", async () => {
    // As if signed by a clock far ahead: the check does not trust an expiry beyond the limit.
    const { path } = await signFileUrl(SECRET, "tax_form", ID, { now: NOW + 60 * 60_000 });
    const { exp, sig } = parts(path);
    expect(await checkFileUrl(SECRET, "tax_form", ID, { exp, sig }, NOW)).toBe("invalid");
  });
});
