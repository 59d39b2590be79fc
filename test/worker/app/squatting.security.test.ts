import { describe, expect, it } from "vitest";
import { Browser, PASSWORD, errorOf, mailedToken, uniqueEmail } from "../support/fixtures";

// Pre-registration squatting: someone signs up with another person's address and keeps a
// session; when the real owner verifies the address, the squatter must lose the account.
describe("verifying an address whose account password was set before the mailbox was proven", () => {
  it("revokes the squatter's session and password, and makes the verifier choose the password", async () => {
    const victimEmail = uniqueEmail("victim");
    const squatter = new Browser();
    const squatterPassword = "squatter's own passphrase 42";
    expect((await squatter.post("/api/auth/sign-up", { email: victimEmail, password: squatterPassword })).status).toBe(202);
    expect((await squatter.post("/api/auth/sign-in", { email: victimEmail, password: squatterPassword })).status).toBe(200);
    expect((await squatter.get("/api/me")).status).toBe(200);

    // The real owner follows the link from their inbox, in their own browser.
    const owner = new Browser();
    const token = await mailedToken(victimEmail, "/verify-email");
    const bare = await owner.post("/api/auth/verify-email", { token });
    expect(bare.status).toBe(400);
    expect((await errorOf(bare)).param).toBe("password");
    // Asking for the password spent nothing: the same link still works.
    const weak = await owner.post("/api/auth/verify-email", { token, password: "short" });
    expect((await errorOf(weak)).param).toBe("password");
    const verified = await owner.post("/api/auth/verify-email", { token, password: PASSWORD });
    expect(verified.status).toBe(200);

    // The squatter's session and password are dead; the owner's password works.
    expect((await squatter.get("/api/me")).status).toBe(401);
    expect((await new Browser().post("/api/auth/sign-in", { email: victimEmail, password: squatterPassword })).status).toBe(401);
    const signedIn = await owner.post("/api/auth/sign-in", { email: victimEmail, password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ email: victimEmail, email_verified: true });
    // The link is spent.
    expect((await new Browser().post("/api/auth/verify-email", { token, password: PASSWORD })).status).toBe(400);
  });

  it("a confirmation link for a new address of a never-verified account also needs a new password", async () => {
    const squatter = new Browser();
    const firstEmail = uniqueEmail("first");
    const secondEmail = uniqueEmail("second");
    await squatter.post("/api/auth/sign-up", { email: firstEmail, password: PASSWORD });
    await squatter.post("/api/auth/sign-in", { email: firstEmail, password: PASSWORD });
    expect((await squatter.post("/api/me/email", { current_password: PASSWORD, new_email: secondEmail })).status).toBe(202);
    const owner = new Browser();
    const token = await mailedToken(secondEmail, "/verify-email");
    expect((await errorOf(await owner.post("/api/auth/verify-email", { token }))).param).toBe("password");
    expect((await owner.post("/api/auth/verify-email", { token, password: "the owner's passphrase 7" })).status).toBe(200);
    expect((await squatter.get("/api/me")).status).toBe(401);
    expect((await new Browser().post("/api/auth/sign-in", { email: secondEmail, password: PASSWORD })).status).toBe(401);
    expect((await new Browser().post("/api/auth/sign-in", { email: secondEmail, password: "the owner's passphrase 7" })).status).toBe(200);
  });
  it("the person who signed up, verifying while signed in to that account, keeps their password and session", async () => {
    const email = uniqueEmail("genuine");
    const person = new Browser();
    await person.post("/api/auth/sign-up", { email, password: PASSWORD });
    expect((await person.post("/api/auth/sign-in", { email, password: PASSWORD })).status).toBe(200);
    const token = await mailedToken(email, "/verify-email");
    const verified = await person.post("/api/auth/verify-email", { token });
    expect(verified.status).toBe(200);
    expect(await person.get("/api/me").then((r) => r.json())).toMatchObject({ email, email_verified: true });
    // A stranger's browser (no session of this account) would still have been asked: shown by the tests above.
  });
});
