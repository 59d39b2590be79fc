import { describe, expect, it } from "vitest";
import { verifyStripeSignature } from "../../../../src/gateways/stripe/verify";
import { NOW_MS, NOW_S } from "./fixtures/common";
import { checkoutSession, STRIPE_SECRET, stripeEvent, stripeSign } from "./fixtures/stripe";

const { body } = stripeEvent("checkout.session.completed", checkoutSession());
const verify = (header: string | null, payload = body, secret = STRIPE_SECRET) => verifyStripeSignature(payload, header, secret, { now: NOW_MS });
const v1 = (header: string) => header.split(",").find((part) => part.startsWith("v1=")) as string;

describe("Stripe-Signature verification", () => {
  it("accepts a header signed by stripe-node for this exact body", async () => {
    expect(await verify(stripeSign(body))).toEqual({ ok: true });
  });

  it("refuses a body changed after signing", async () => {
    const tampered = body.replace('"amount_total": 4900', '"amount_total": 9900');
    expect(tampered).not.toBe(body);
    expect(await verify(stripeSign(body), tampered)).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("refuses a signature made with another endpoint's secret", async () => {
    expect(await verify(stripeSign(body, { secret: "whsec_someone_elses_endpoint" }))).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("accepts up to 300 s of age and refuses older", async () => {
    expect(await verify(stripeSign(body, { at: NOW_S - 300 }))).toEqual({ ok: true });
    const stale = await verify(stripeSign(body, { at: NOW_S - 301 }));
    expect(stale).toMatchObject({ ok: false, reason: "stale" });
    expect(stale.ok || stale.message).toContain("301 s old");
  });

  it("refuses a timestamp more than 300 s in the future", async () => {
    expect(await verify(stripeSign(body, { at: NOW_S + 300 }))).toEqual({ ok: true });
    expect(await verify(stripeSign(body, { at: NOW_S + 301 }))).toMatchObject({ ok: false, reason: "future" });
  });

  it("honours a custom tolerance", async () => {
    const header = stripeSign(body, { at: NOW_S - 30 });
    expect(await verifyStripeSignature(body, header, STRIPE_SECRET, { now: NOW_MS, toleranceSeconds: 10 })).toMatchObject({ reason: "stale" });
  });

  it("calls a stale request with a bad signature a mismatch, not stale", async () => {
    const header = stripeSign(body, { at: NOW_S - 3600, secret: "whsec_wrong" });
    expect(await verify(header)).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("accepts any of several v1 signatures (a secret being rolled)", async () => {
    const other = v1(stripeSign(body, { secret: "whsec_the_old_secret" }));
    const ours = v1(stripeSign(body));
    expect(await verify(`t=${NOW_S},${other},${ours}`)).toEqual({ ok: true });
    expect(await verify(`t=${NOW_S},${ours},${other}`)).toEqual({ ok: true });
    expect(await verify(`t=${NOW_S},${other},v1=${"0".repeat(64)}`)).toMatchObject({ reason: "mismatch" });
  });

  it("never trusts a v0 signature, even a correct one", async () => {
    const correct = v1(stripeSign(body)).slice(3);
    expect(await verify(`t=${NOW_S},v0=${correct}`)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("tolerates spaces around items", async () => {
    expect(await verify(stripeSign(body).replace(",", " , "))).toEqual({ ok: true });
  });

  it.each([
    ["no header", null, "missing"],
    ["an empty header", "  ", "missing"],
    ["no timestamp", `v1=${"a".repeat(64)}`, "malformed"],
    ["a non-numeric timestamp", `t=yesterday,v1=${"a".repeat(64)}`, "malformed"],
    ["a fractional timestamp", `t=${NOW_S}.5,v1=${"a".repeat(64)}`, "malformed"],
    ["no v1", `t=${NOW_S}`, "malformed"],
    ["an empty v1", `t=${NOW_S},v1=`, "malformed"],
    ["garbage", "not a stripe header", "malformed"],
  ])("refuses %s as %s", async (_label, header, reason) => {
    const result = await verify(header);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok || result.message).toMatch(/Stripe-Signature/);
  });
});
