import { describe, expect, it } from "vitest";
import { braintreeChallengeResponse, braintreeFormFields, verifyBraintreeSignature } from "../../../../src/gateways/braintree/verify";
import { gateway, KEYS, notification, sample, signXml, subscriptionXml } from "./fixtures/braintree";

const fields = (signed: { bt_signature: string; bt_payload: string }) => ({ signature: signed.bt_signature, payload: signed.bt_payload });
const verify = (signed: { bt_signature: string; bt_payload: string }, keys = KEYS) => verifyBraintreeSignature(fields(signed), keys);
const realistic = () => signXml(notification("subscription_charged_successfully", subscriptionXml({ transactions: [{ id: "8k2m4p6q", amount: "49.99" }] })));

describe("Braintree bt_signature verification", () => {
  it("accepts a notification signed by the official SDK", async () => {
    expect(await verify(await sample("subscription_charged_successfully", "rk8x2b"))).toEqual({ ok: true });
  });

  it("accepts the fuller fixtures, which the SDK itself also parses as genuine", async () => {
    const signed = realistic();
    expect(await verify(signed)).toEqual({ ok: true });
    const parsed = await gateway.webhookNotification.parse(signed.bt_signature, signed.bt_payload);
    expect(parsed.kind).toBe("subscription_charged_successfully");
  });

  it("accepts the payload with or without the trailing newline Braintree signs", async () => {
    const signed = await sample("subscription_canceled", "rk8x2b");
    expect(signed.bt_payload.endsWith("\n")).toBe(true);
    expect(await verify({ ...signed, bt_payload: signed.bt_payload.trimEnd() })).toEqual({ ok: true });
  });

  it("refuses a payload changed after signing", async () => {
    const signed = await sample("subscription_charged_successfully", "rk8x2b");
    const xml = Buffer.from(signed.bt_payload, "base64").toString().replace("49.99", "4999.99");
    const tampered = `${Buffer.from(xml).toString("base64")}\n`;
    expect(await verify({ ...signed, bt_payload: tampered })).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("refuses a signature made with another private key", async () => {
    const signed = await sample("subscription_charged_successfully", "rk8x2b");
    expect(await verify(signed, { ...KEYS, privateKey: "0000aaaa1111bbbb2222cccc3333dddd" })).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("refuses when no pair is for our public key, and says which key it looked for", async () => {
    const signed = await sample("subscription_charged_successfully", "rk8x2b");
    const result = await verify(signed, { ...KEYS, publicKey: "another_merchant_key" });
    expect(result).toMatchObject({ ok: false, reason: "mismatch" });
    expect(result.ok || result.message).toContain("another_merchant_key");
  });

  it("picks our pair among several, whatever its position", async () => {
    const signed = await sample("subscription_charged_successfully", "rk8x2b");
    const ours = signed.bt_signature;
    const other = `old_public_key|${"ab".repeat(20)}`;
    expect(await verify({ ...signed, bt_signature: `${other}&${ours}` })).toEqual({ ok: true });
    expect(await verify({ ...signed, bt_signature: `${ours}&${other}` })).toEqual({ ok: true });
    expect(await verify({ ...signed, bt_signature: `${other}&${KEYS.publicKey}|${"cd".repeat(20)}` })).toMatchObject({ reason: "mismatch" });
  });

  it.each([
    ["no signature", { signature: null, payload: "PG5vdGlmaWNhdGlvbi8+\n" }, "missing"],
    ["no payload", { signature: `${KEYS.publicKey}|${"ab".repeat(20)}`, payload: null }, "missing"],
    ["empty fields", { signature: "", payload: "" }, "missing"],
    ["a payload that is not base64", { signature: `${KEYS.publicKey}|${"ab".repeat(20)}`, payload: "<notification/>" }, "malformed"],
    ["a signature without pairs", { signature: "ab".repeat(20), payload: "PG5vdGlmaWNhdGlvbi8+\n" }, "malformed"],
  ])("refuses %s as %s", async (_label, input, reason) => {
    expect(await verifyBraintreeSignature(input, KEYS)).toMatchObject({ ok: false, reason });
  });

  it("reads both fields from the form-encoded body Braintree POSTs", async () => {
    const signed = realistic();
    const body = new URLSearchParams({ ...signed }).toString();
    expect(body).toContain("bt_payload=");
    expect(braintreeFormFields(body)).toEqual(fields(signed));
    expect(await verifyBraintreeSignature(braintreeFormFields(body), KEYS)).toEqual({ ok: true });
    expect(braintreeFormFields("")).toEqual({ signature: null, payload: null });
  });
});

describe("Braintree webhook URL challenge", () => {
  it("answers exactly as the SDK does", async () => {
    const challenge = "20f9f8ed05f77439fe955c977e4c8a53";
    const sdk = (gateway.webhookNotification as unknown as { verify(challenge: string): string }).verify(challenge);
    expect(await braintreeChallengeResponse(challenge, KEYS)).toBe(sdk);
    expect(sdk.startsWith(`${KEYS.publicKey}|`)).toBe(true);
  });

  it("refuses a challenge that is not short lower-case hex", async () => {
    expect(await braintreeChallengeResponse("<script>", KEYS)).toBeNull();
    expect(await braintreeChallengeResponse("ab".repeat(40), KEYS)).toBeNull();
  });
});
