import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../src/audit/schemas";
import { LIMITS } from "../../../src/auth/rate-limits";
import { Browser, PASSWORD, errorOf, mailedToken, signedUpUser, uniqueEmail } from "../support/fixtures";

const WRONG = "definitely not the password";

async function failSignIns(browser: Browser, email: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await browser.post("/api/auth/sign-in", { email, password: WRONG })).status);
  return statuses;
}

describe("sign-in rate limits", () => {
  it("stops guessing one account from one place, with Retry-After, without locking the owner out elsewhere", async () => {
    const user = await signedUpUser();
    const attacker = new Browser();
    const max = LIMITS.signInFailuresPerAccountIp.max;
    expect(await failSignIns(attacker, user.email, max)).toEqual(Array(max).fill(401));
    const blocked = await attacker.post("/api/auth/sign-in", { email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.signInFailuresPerAccountIp.windowSeconds);
    expect((await errorOf(blocked)).code).toBe("rate_limited");
    // The real user, from their own network, is not affected.
    expect((await new Browser().post("/api/auth/sign-in", { email: user.email, password: user.password })).status).toBe(200);
  });

  it("counts unknown addresses exactly like real ones", async () => {
    const attacker = new Browser();
    const ghost = uniqueEmail("ghost");
    const max = LIMITS.signInFailuresPerAccountIp.max;
    expect(await failSignIns(attacker, ghost, max)).toEqual(Array(max).fill(401));
    expect((await attacker.post("/api/auth/sign-in", { email: ghost, password: WRONG })).status).toBe(429);
  });

  it("stops guessing spread over many IPs, but a device that signed in before still gets in, and a reset lifts the lock", async () => {
    const user = await signedUpUser();
    const knownDevice = user.browser;
    await knownDevice.post("/api/auth/sign-out");
    const max = LIMITS.signInFailuresPerAccount.max;
    const perIp = LIMITS.signInFailuresPerAccountIp.max;
    for (let i = 0; i < max; i += perIp) await failSignIns(new Browser(), user.email, Math.min(perIp, max - i));

    const newDevice = new Browser();
    const refused = await newDevice.post("/api/auth/sign-in", { email: user.email, password: user.password });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    expect((await knownDevice.post("/api/auth/sign-in", { email: user.email, password: user.password })).status).toBe(200);

    await newDevice.post("/api/auth/password-reset", { email: user.email });
    const token = await mailedToken(user.email, "/reset-password/confirm");
    expect((await newDevice.post("/api/auth/password-reset/confirm", { token, password: "a fresh new passphrase" })).status).toBe(200);
    expect((await newDevice.post("/api/auth/sign-in", { email: user.email, password: "a fresh new passphrase" })).status).toBe(200);
  });

  it("records failed sign-in bursts in the user's own account activity", async () => {
    const user = await signedUpUser();
    const attacker = new Browser();
    await failSignIns(attacker, user.email, LIMITS.signInFailuresPerAccountIp.max);
    const audit = await (await user.browser.get("/api/me/audit-events")).json<{ data: AuditEvent[] }>();
    const burst = audit.data.find((e) => e.action === "user.sign_in_failed_burst");
    expect(burst).toMatchObject({ subject_user_id: user.userId, ip: attacker.ip, actor: { type: "system" } });
    expect(burst!.metadata).toMatchObject({ scope: ["account_and_ip"], failures: LIMITS.signInFailuresPerAccountIp.max });
    expect(audit.data.filter((e) => e.action === "user.signed_in").length).toBeGreaterThan(0);
  });
});

describe("sign-up and reset rate limits", () => {
  it("limit sign-ups per IP", async () => {
    const browser = new Browser();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.signUpPerIp.max; i++) statuses.push((await browser.post("/api/auth/sign-up", { email: uniqueEmail("flood"), password: PASSWORD })).status);
    expect(statuses).toEqual([...Array(LIMITS.signUpPerIp.max).fill(202), 429]);
  });

  it("limit sign-ups per address, across IPs", async () => {
    const email = uniqueEmail("signup-flood");
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.signUpPerAccount.max; i++) statuses.push((await new Browser().post("/api/auth/sign-up", { email, password: PASSWORD })).status);
    expect(statuses).toEqual([...Array(LIMITS.signUpPerAccount.max).fill(202), 429]);
  });

  it("limit reset requests per address, across IPs", async () => {
    const email = uniqueEmail("reset-flood");
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.resetPerAccount.max; i++) statuses.push((await new Browser().post("/api/auth/password-reset", { email })).status);
    expect(statuses).toEqual([...Array(LIMITS.resetPerAccount.max).fill(202), 429]);
  });
});
