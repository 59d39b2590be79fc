import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../../src/auth/passwords";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { Browser, ORIGIN, PASSWORD, errorOf, mailTo, mailedToken, signedUpUser, uniqueEmail, usingDb } from "../support/fixtures";

const SESSION = "__Host-rekomi_session";

describe("session cookie", () => {
  it("is a __Host- cookie: HttpOnly, Secure, SameSite=Lax, Path=/, no Domain", async () => {
    const user = await signedUpUser();
    const res = await new Browser().post("/api/auth/sign-in", { email: user.email, password: user.password });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("refuses a tampered, unsigned, wrongly signed or foreign-algorithm token", async () => {
    const user = await signedUpUser();
    const good = user.browser.cookies.get(SESSION)!;
    const [header, payload] = good.split(".");
    const claims = JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")));
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const forged = [
      `${header}.${b64({ ...claims, sub: "usr_00000000000000000000000000" })}.${good.split(".")[2]}`,
      `${b64({ alg: "none", typ: "JWT" })}.${payload}.`,
      await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("some-other-secret-of-enough-length-000000")),
      await new SignJWT(claims).setProtectedHeader({ alg: "HS512" }).sign(new TextEncoder().encode(env.SESSION_SECRET.repeat(2))),
    ];
    for (const token of forged) {
      const browser = new Browser();
      browser.cookies.set(SESSION, token);
      expect((await browser.get("/api/me")).status, token).toBe(401);
    }
    expect((await user.browser.get("/api/me")).status).toBe(200);
  });
});

describe("server-side revocation", () => {
  it("sign-out ends the session everywhere the cookie was copied", async () => {
    const user = await signedUpUser();
    const copy = new Browser();
    copy.cookies.set(SESSION, user.browser.cookies.get(SESSION)!);
    expect((await copy.get("/api/me")).status).toBe(200);
    expect((await user.browser.post("/api/auth/sign-out")).status).toBe(204);
    expect((await copy.get("/api/me")).status).toBe(401);
  });

  it("a password change ends the other sessions and keeps this browser signed in", async () => {
    const user = await signedUpUser();
    const laptop = new Browser();
    await laptop.post("/api/auth/sign-in", { email: user.email, password: user.password });
    const changed = await user.browser.post("/api/me/password", { current_password: user.password, new_password: "a brand new passphrase" });
    expect(changed.status).toBe(200);
    expect((await laptop.get("/api/me")).status).toBe(401);
    expect((await user.browser.get("/api/me")).status).toBe(200);
    expect((await new Browser().post("/api/auth/sign-in", { email: user.email, password: user.password })).status).toBe(401);
    expect((await new Browser().post("/api/auth/sign-in", { email: user.email, password: "a brand new passphrase" })).status).toBe(200);
    expect((await mailTo(user.email))[0]!.subject).toMatch(/password was changed/);
  });

  it("a password reset ends every session", async () => {
    const user = await signedUpUser();
    await new Browser().post("/api/auth/password-reset", { email: user.email });
    const token = await mailedToken(user.email, "/reset-password/confirm");
    expect((await new Browser().post("/api/auth/password-reset/confirm", { token, password: "a brand new passphrase" })).status).toBe(200);
    expect((await user.browser.get("/api/me")).status).toBe(401);
    expect((await new Browser().post("/api/auth/sign-in", { email: user.email, password: "a brand new passphrase" })).status).toBe(200);
  });
});

describe("CSRF", () => {
  const send = (headers: Record<string, string>, body = "{}") =>
    exports.default.fetch(new Request(`${ORIGIN}/api/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));

  it("refuses writes from another origin", async () => {
    const res = await send({ origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/Cross-origin/);
  });

  it("refuses writes a browser marks cross-site, whatever the Origin", async () => {
    const res = await send({ origin: ORIGIN, "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
  });

  it("refuses writes without Origin or Sec-Fetch-Site", async () => {
    const res = await send({});
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/Origin/);
  });

  it("refuses form posts: JSON only", async () => {
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/api/auth/sign-in`, { method: "POST", headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" }, body: "email=a@b.c&password=x" }),
    );
    expect(res.status).toBe(415);
  });

  it("refuses a cross-origin DELETE carrying a valid session", async () => {
    const user = await signedUpUser();
    const brand = await (await user.browser.post("/api/brands", { name: "Victim" })).json<{ id: string }>();
    const key = await (await user.browser.post(`/api/brands/${brand.id}/api-keys`, { name: "k" })).json<{ id: string }>();
    const res = await user.browser.request("DELETE", `/api/brands/${brand.id}/api-keys/${key.id}`, undefined, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    const list = await (await user.browser.get(`/api/brands/${brand.id}/api-keys`)).json<{ data: { revoked_at: string | null }[] }>();
    expect(list.data[0]!.revoked_at).toBeNull();
  });

  it("lets same-origin reads through without Origin", async () => {
    const user = await signedUpUser();
    const res = await exports.default.fetch(new Request(`${ORIGIN}/api/me`, { headers: { cookie: `${SESSION}=${user.browser.cookies.get(SESSION)}` } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("account enumeration", () => {
  it("sign-up answers the same for a taken address and emails its owner instead", async () => {
    const user = await signedUpUser();
    const fresh = await new Browser().post("/api/auth/sign-up", { email: uniqueEmail(), password: PASSWORD });
    const taken = await new Browser().post("/api/auth/sign-up", { email: user.email, password: "someone else's passphrase" });
    expect(taken.status).toBe(fresh.status);
    expect(await taken.json()).toEqual(await fresh.json());
    expect(taken.headers.getSetCookie()).toEqual([]);
    expect((await mailTo(user.email))[0]!.subject).toBe("You already have a Rekomi account");
    // The attempt changed nothing: the owner's password still works.
    expect((await new Browser().post("/api/auth/sign-in", { email: user.email, password: user.password })).status).toBe(200);
  });

  it("password reset answers the same for unknown addresses", async () => {
    const user = await signedUpUser();
    const known = await new Browser().post("/api/auth/password-reset", { email: user.email });
    const unknown = await new Browser().post("/api/auth/password-reset", { email: uniqueEmail("nobody") });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.json()).toEqual(await known.json());
  });
});

describe("password storage", () => {
  it("stores a self-describing PBKDF2 hash and upgrades weaker ones at sign-in", async () => {
    const userId = newId("user");
    const email = uniqueEmail("legacy");
    const weak = await hashPassword(PASSWORD, env.PASSWORD_PEPPER, 1000);
    await usingDb((db) =>
      withPrincipal(db, { kind: "user", userId }, (tx) => tx.insert(schema.users).values({ id: userId, email, passwordHash: weak, emailVerifiedAt: new Date() })),
    );
    expect((await new Browser().post("/api/auth/sign-in", { email, password: PASSWORD })).status).toBe(200);
    const [row] = await usingDb((db) => withPrincipal(db, { kind: "user", userId }, (tx) => tx.select().from(schema.users).where(eq(schema.users.id, userId))));
    expect(row!.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
    expect((await new Browser().post("/api/auth/sign-in", { email, password: PASSWORD })).status).toBe(200);
  });
});
