import { describe, expect, it } from "vitest";
import type { Me } from "../../../src/accounts/schemas";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { Browser, PASSWORD, mailTo, mailedToken, uniqueEmail, usingDb } from "../support/fixtures";

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
    const verify = await browser.post("/api/auth/verify-email", { token: await mailedToken(email, "/verify-email"), password: PASSWORD });
    expect(verify.status).toBe(200);

    const signIn = await browser.post("/api/auth/sign-in", { email: email.toUpperCase(), password: PASSWORD });
    expect(signIn.status).toBe(200);
    const me = await signIn.json<Me>();
    expect(me).toMatchObject({ email, name: "Nora New", email_verified: true, is_platform_admin: false, memberships: [], affiliate: null });
    expect(browser.cookies.has("__Host-rekomi_session")).toBe(true);

    const fetched = await browser.get("/api/me");
    expect(fetched.status).toBe(200);
    expect((await fetched.json<Me>()).id).toBe(me.id);

    expect((await browser.post("/api/auth/sign-out")).status).toBe(204);
    expect((await browser.get("/api/me")).status).toBe(401);
  });
});

describe("password reset", () => {
  it("emails a link that sets a new password and verifies the address", async () => {
    const browser = new Browser();
    const email = uniqueEmail("forgetful");
    await browser.post("/api/auth/sign-up", { email, password: PASSWORD });
    const requested = await new Browser().post("/api/auth/password-reset", { email });
    expect(requested.status).toBe(202);
    const token = await mailedToken(email, "/reset-password/confirm");
    const confirmed = await new Browser().post("/api/auth/password-reset/confirm", { token, password: "my new memorable passphrase" });
    expect(confirmed.status).toBe(200);
    const signIn = await browser.post("/api/auth/sign-in", { email, password: "my new memorable passphrase" });
    expect(signIn.status).toBe(200);
    expect((await signIn.json<Me>()).email_verified).toBe(true);
  });
});

describe("email verification", () => {
  it("sends a fresh link on request, and none once verified", async () => {
    const browser = new Browser();
    const email = uniqueEmail("late");
    await browser.post("/api/auth/sign-up", { email, password: PASSWORD });
    await browser.post("/api/auth/sign-in", { email, password: PASSWORD });
    expect((await browser.get("/api/me").then((r) => r.json<Me>())).email_verified).toBe(false);
    expect((await browser.post("/api/me/verification-email")).status).toBe(202);
    expect(await mailTo(email)).toHaveLength(2);
    // Signed in to this very account, the verifier knew the password already: no new one asked, session kept.
    expect((await browser.post("/api/auth/verify-email", { token: await mailedToken(email, "/verify-email") })).status).toBe(200);
    expect((await browser.get("/api/me").then((r) => r.json<Me>())).email_verified).toBe(true);
    const again = await browser.post("/api/me/verification-email");
    expect((await again.json<{ status: string }>()).status).toBe("already_verified");
    expect(await mailTo(email)).toHaveLength(2);
  });
});

describe("account settings", () => {
  it("changes the email only once the new address is confirmed, and tells the old one", async () => {
    const browser = new Browser();
    const oldEmail = uniqueEmail("old");
    const newEmail = uniqueEmail("new");
    await browser.post("/api/auth/sign-up", { email: oldEmail, password: PASSWORD });
    await browser.post("/api/auth/verify-email", { token: await mailedToken(oldEmail, "/verify-email"), password: PASSWORD });
    await browser.post("/api/auth/sign-in", { email: oldEmail, password: PASSWORD });

    const asked = await browser.post("/api/me/email", { current_password: PASSWORD, new_email: newEmail.toUpperCase() });
    expect(asked.status).toBe(202);
    expect((await browser.get("/api/me").then((r) => r.json<Me>())).email).toBe(oldEmail);

    const confirmed = await new Browser().post("/api/auth/verify-email", { token: await mailedToken(newEmail, "/verify-email") });
    expect(confirmed.status).toBe(200);
    const me = await browser.get("/api/me").then((r) => r.json<Me>());
    expect(me).toMatchObject({ email: newEmail, email_verified: true });
    expect((await mailTo(oldEmail))[0]!.subject).toMatch(/email address was changed/);
    expect((await new Browser().post("/api/auth/sign-in", { email: newEmail, password: PASSWORD })).status).toBe(200);
    expect((await new Browser().post("/api/auth/sign-in", { email: oldEmail, password: PASSWORD })).status).toBe(401);
  });

  it("renames the user", async () => {
    const browser = new Browser();
    const email = uniqueEmail();
    await browser.post("/api/auth/sign-up", { email, password: PASSWORD });
    await browser.post("/api/auth/sign-in", { email, password: PASSWORD });
    const res = await browser.patch("/api/me", { name: "Renamed Person" });
    expect((await res.json<Me>()).name).toBe("Renamed Person");
  });
});

describe("one person, brand member and creator", () => {
  it("shows the creator profile of the signed-in user next to their brands", async () => {
    const browser = new Browser();
    const email = uniqueEmail("both");
    await browser.post("/api/auth/sign-up", { email, password: PASSWORD });
    const me = await (await browser.post("/api/auth/sign-in", { email, password: PASSWORD })).json<Me>();
    const affiliateId = newId("affiliate");
    await usingDb((db) =>
      withPrincipal(db, { kind: "affiliate", affiliateId, userId: me.id }, (tx) =>
        tx.insert(schema.affiliates).values({ id: affiliateId, userId: me.id, email, displayName: "Both Ways" }),
      ),
    );
    const again = await (await browser.get("/api/me")).json<Me>();
    expect(again.affiliate).toEqual({ id: affiliateId, display_name: "Both Ways" });
  });
});
