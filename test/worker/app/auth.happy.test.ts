import { describe, expect, it } from "vitest";
import type { Me } from "../../../src/accounts/schemas";
import { Browser, PASSWORD, mailTo, mailedToken, uniqueEmail } from "../support/fixtures";

describe("sign-up, verification, sign-in, sign-out", () => {
  it("takes a new user from sign-up to a verified session and back out", async () => {
    const browser = new Browser();
    const email = uniqueEmail("new");
    const signUp = await browser.post("/api/auth/sign-up", { email, password: PASSWORD, name: "Nora New" });
    expect(signUp.status).toBe(202);
    expect(browser.cookies.size).toBe(0);

    const mails = await mailTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/verify/i);
    const verify = await browser.post("/api/auth/verify-email", { token: await mailedToken(email, "/verify-email") });
    expect(verify.status).toBe(200);

    const signIn = await browser.post("/api/auth/sign-in", { email: email.toUpperCase(), password: PASSWORD });
    expect(signIn.status).toBe(200);
    const me = await signIn.json<Me>();
    expect(me).toMatchObject({ email, name: "Nora New", email_verified: true, is_platform_admin: false, memberships: [] });
    expect(browser.cookies.has("__Host-rekomi_session")).toBe(true);

    const fetched = await browser.get("/api/me");
    expect(fetched.status).toBe(200);
    expect((await fetched.json<Me>()).id).toBe(me.id);

    expect((await browser.post("/api/auth/sign-out")).status).toBe(204);
    expect((await browser.get("/api/me")).status).toBe(401);
  });
});
