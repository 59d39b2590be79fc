import { describe, expect, it } from "vitest";
import { Browser, PASSWORD, errorOf, mailTo, mailedToken, mintTokenDirectly, signedUpUser, uniqueEmail } from "../support/fixtures";

describe("sign-up input", () => {
  it.each([
    [{ email: "not-an-email", password: PASSWORD }, "email"],
    [{ email: uniqueEmail(), password: "short" }, "password"],
    [{ email: uniqueEmail(), password: "1234567890" }, "password"],
    [{ email: uniqueEmail(), password: "password123" }, "password"],
    [{ email: uniqueEmail(), password: "aaaaaaaaaaaaaaa" }, "password"],
    [{ email: uniqueEmail(), password: "x".repeat(201) }, "password"],
    [{ email: uniqueEmail() }, "password"],
  ])("refuses %j naming `%s`", async (body, param) => {
    const res = await new Browser().post("/api/auth/sign-up", body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.param).toBe(param);
  });

  it("refuses a password that is the email address", async () => {
    const email = uniqueEmail("samename");
    const res = await new Browser().post("/api/auth/sign-up", { email, password: email.split("@")[0] });
    expect((await errorOf(res)).message).toMatch(/email/);
  });

  it("explains why a common password is refused", async () => {
    const res = await new Browser().post("/api/auth/sign-up", { email: uniqueEmail(), password: "qwertyuiop" });
    expect((await errorOf(res)).message).toMatch(/most common passwords/);
  });
});

describe("sign-in", () => {
  it("answers the same for a wrong password and an unknown email", async () => {
    const user = await signedUpUser();
    const wrong = await new Browser().post("/api/auth/sign-in", { email: user.email, password: "not the password at all" });
    const unknown = await new Browser().post("/api/auth/sign-in", { email: uniqueEmail("ghost"), password: "not the password at all" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a.message).toBe(b.message);
    expect(a.code).toBe(b.code);
  });
});

describe("emailed tokens", () => {
  it("are single use", async () => {
    const email = uniqueEmail();
    const browser = new Browser();
    await browser.post("/api/auth/sign-up", { email, password: PASSWORD });
    const token = await mailedToken(email, "/verify-email");
    expect((await browser.post("/api/auth/verify-email", { token, password: PASSWORD })).status).toBe(200);
    const again = await browser.post("/api/auth/verify-email", { token, password: PASSWORD });
    expect(again.status).toBe(400);
    expect((await errorOf(again)).param).toBe("token");
  });

  it("stop working when they expire", async () => {
    const user = await signedUpUser({ verified: false });
    const expired = await mintTokenDirectly(user.userId, "verify_email", user.email, new Date(Date.now() - 1000));
    expect((await user.browser.post("/api/auth/verify-email", { token: expired })).status).toBe(400);
    const expiredReset = await mintTokenDirectly(user.userId, "reset_password", user.email, new Date(Date.now() - 1000));
    expect((await user.browser.post("/api/auth/password-reset/confirm", { token: expiredReset, password: "a brand new passphrase" })).status).toBe(400);
    const me = await (await user.browser.get("/api/me")).json<{ email_verified: boolean }>();
    expect(me.email_verified).toBe(false);
  });

  it("are only good for their purpose", async () => {
    const user = await signedUpUser({ verified: false });
    const verifyToken = await mailedToken(user.email, "/verify-email");
    const res = await user.browser.post("/api/auth/password-reset/confirm", { token: verifyToken, password: "a brand new passphrase" });
    expect(res.status).toBe(400);
    // Unspent by the misuse, it still verifies.
    expect((await user.browser.post("/api/auth/verify-email", { token: verifyToken, password: PASSWORD })).status).toBe(200);
  });

  it("a used reset link retires the older ones", async () => {
    const user = await signedUpUser();
    await new Browser().post("/api/auth/password-reset", { email: user.email });
    const older = await mailedToken(user.email, "/reset-password/confirm");
    await new Browser().post("/api/auth/password-reset", { email: user.email });
    const newer = await mailedToken(user.email, "/reset-password/confirm");
    expect(newer).not.toBe(older);
    expect((await new Browser().post("/api/auth/password-reset/confirm", { token: newer, password: "a brand new passphrase" })).status).toBe(200);
    expect((await new Browser().post("/api/auth/password-reset/confirm", { token: older, password: "another new passphrase" })).status).toBe(400);
  });

  it("refuse malformed tokens before touching the database", async () => {
    const res = await new Browser().post("/api/auth/verify-email", { token: "../../etc" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).param).toBe("token");
  });

  it("keep a reset link unspent when the new password is refused", async () => {
    const user = await signedUpUser();
    await new Browser().post("/api/auth/password-reset", { email: user.email });
    const token = await mailedToken(user.email, "/reset-password/confirm");
    const weak = await new Browser().post("/api/auth/password-reset/confirm", { token, password: user.email.split("@")[0] });
    expect(weak.status).toBe(400);
    expect((await errorOf(weak)).param).toBe("password");
    expect((await new Browser().post("/api/auth/password-reset/confirm", { token, password: "a brand new passphrase" })).status).toBe(200);
  });
});

describe("account changes", () => {
  it("need the current password", async () => {
    const user = await signedUpUser();
    const wrong = await user.browser.post("/api/me/password", { current_password: "not my password", new_password: "a brand new passphrase" });
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).param).toBe("current_password");
    const email = await user.browser.post("/api/me/email", { current_password: "not my password", new_email: uniqueEmail() });
    expect((await errorOf(email)).param).toBe("current_password");
  });

  it("do not reveal whether another account uses the new address", async () => {
    const user = await signedUpUser();
    const other = await signedUpUser();
    const free = uniqueEmail("free");
    const taken = await user.browser.post("/api/me/email", { current_password: user.password, new_email: other.email });
    const untaken = await user.browser.post("/api/me/email", { current_password: user.password, new_email: free });
    expect(taken.status).toBe(202);
    expect(untaken.status).toBe(202);
    const [a, b] = [await taken.json<{ status: string; message: string }>(), await untaken.json<{ status: string; message: string }>()];
    expect(a.status).toBe(b.status);
    expect(a.message.replace(other.email, "ADDRESS")).toBe(b.message.replace(free, "ADDRESS"));
    // The holder of the taken address is told instead, and no confirmation link exists for it.
    const [notice] = await mailTo(other.email);
    expect(notice!.subject).toMatch(/already has a Rekomi account/);
    expect(notice!.links.some((l) => new URL(l).pathname === "/verify-email")).toBe(false);
    expect((await (await user.browser.get("/api/me")).json<{ email: string }>()).email).toBe(user.email);
  });

  it("refuse a weak new password", async () => {
    const user = await signedUpUser();
    const res = await user.browser.post("/api/me/password", { current_password: user.password, new_password: "1q2w3e4r5t" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).param).toBe("new_password");
  });
});

describe("brands", () => {
  it("refuse bad input with the field named", async () => {
    const user = await signedUpUser();
    const res = await user.browser.post("/api/brands", { name: "", default_currency: "usd" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).param).toBe("name");
    const currency = await user.browser.post("/api/brands", { name: "ok", default_currency: "usd" });
    expect((await errorOf(currency)).param).toBe("default_currency");
  });

  it("answer 404 for a brand id that is malformed or not yours", async () => {
    const user = await signedUpUser();
    expect((await user.browser.get("/api/brands/nope")).status).toBe(404);
    expect((await user.browser.get("/api/brands/brd_00000000000000000000000000")).status).toBe(404);
  });
});
