import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_PBKDF2_ITERATIONS, PASSWORD_ITERATIONS, hashPassword, verifyPassword } from "../../../src/auth/passwords";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "../../../src/auth/password-policy";

const PEPPER = "unit-test-pepper-0123456789abcdef0123456789";

afterEach(() => vi.restoreAllMocks());

describe("password hashing", () => {
  it("never asks WebCrypto for more PBKDF2 iterations than Workers allow in production", async () => {
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    const stored = await hashPassword("a long enough passphrase", PEPPER);
    await verifyPassword("a long enough passphrase", stored, PEPPER);
    await verifyPassword("wrong", stored, PEPPER);
    await verifyPassword("no hash at all", null, PEPPER);
    const iterations = derive.mock.calls.map(([params]) => (params as Pbkdf2Params).iterations);
    expect(iterations).toHaveLength(4);
    for (const n of iterations) expect(n).toBeLessThanOrEqual(100_000);
    expect(MAX_PBKDF2_ITERATIONS).toBe(100_000);
    expect(PASSWORD_ITERATIONS).toBeLessThanOrEqual(MAX_PBKDF2_ITERATIONS);
  });

  it("refuses to make or check a hash above the Workers limit", async () => {
    await expect(hashPassword("a long enough passphrase", PEPPER, 100_001)).rejects.toThrow(/Workers limit/);
    const stored = await hashPassword("a long enough passphrase", PEPPER);
    const tooStrong = stored.replace("$100000$", "$600000$");
    expect(await verifyPassword("a long enough passphrase", tooStrong, PEPPER)).toEqual({ ok: false, needsRehash: false });
  });

  it("stores its parameters with each hash, salted, and verifies with them", async () => {
    const a = await hashPassword("a long enough passphrase", PEPPER);
    const b = await hashPassword("a long enough passphrase", PEPPER);
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("a long enough passphrase", a, PEPPER)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword("a long enough passphrasE", a, PEPPER)).ok).toBe(false);
  });

  it("asks for a rehash when a hash was made with fewer iterations", async () => {
    const old = await hashPassword("a long enough passphrase", PEPPER, 10_000);
    expect(await verifyPassword("a long enough passphrase", old, PEPPER)).toEqual({ ok: true, needsRehash: true });
  });

  it("depends on the pepper: a stolen table is useless without the worker's secret", async () => {
    const stored = await hashPassword("a long enough passphrase", PEPPER);
    expect((await verifyPassword("a long enough passphrase", stored, `${PEPPER}x`)).ok).toBe(false);
  });

  it("never matches unreadable hashes", async () => {
    for (const bad of ["", "plain", "pbkdf2-sha256$abc$x$y", "bcrypt$10$x$y", "pbkdf2-sha256$100000$AAAA$AAAA$extra"]) {
      expect((await verifyPassword("anything", bad, PEPPER)).ok).toBe(false);
    }
  });
});

describe("password policy", () => {
  it("asks for a minimum length and refuses the most common passwords", () => {
    expect(passwordProblem("a".repeat(MIN_PASSWORD_LENGTH - 1) + "b".slice(1))).toMatch(/at least/);
    expect(passwordProblem("Password123")).toMatch(/common/);
    expect(passwordProblem("QWERTYUIOP")).toMatch(/common/);
    expect(passwordProblem("zzzzzzzzzzzz")).toMatch(/repeat/);
    expect(passwordProblem("jane.doe99", { email: "Jane.Doe99@example.com" })).toMatch(/email/);
    expect(passwordProblem("correct horse battery staple")).toBeNull();
    expect(passwordProblem("ünïcödé-pässwörd")).toBeNull();
  });
});
