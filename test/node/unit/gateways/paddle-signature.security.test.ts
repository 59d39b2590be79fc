import { Environment, Paddle } from "@paddle/paddle-node-sdk";
import { describe, expect, it } from "vitest";
import { verifyPaddleSignature } from "../../../../src/gateways/paddle/verify";
import { NOW_MS, NOW_S } from "./fixtures/common";
import { PADDLE_SECRET, paddleEvent, paddleH1, paddleSign, transaction } from "./fixtures/paddle";

const { body } = paddleEvent("transaction.completed", transaction({ origin: "web", grandTotal: "4999" }));
const verify = (header: string | null, payload = body, options: { toleranceSeconds?: number } = {}) =>
  verifyPaddleSignature(payload, header, PADDLE_SECRET, { now: NOW_MS, ...options });

describe("Paddle-Signature verification", () => {
  it("signs fixtures exactly as Paddle does: the official SDK accepts a freshly signed one", async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = paddleSign(body, { at: now });
    // The SDK only finds its crypto once a client exists; it makes no request here.
    const paddle = new Paddle("pdl_sdbx_apikey_fixtures_only", { environment: Environment.sandbox });
    expect(await paddle.webhooks.isSignatureValid(body, PADDLE_SECRET, header)).toBe(true);
    expect(await verifyPaddleSignature(body, header, PADDLE_SECRET)).toEqual({ ok: true });
  });

  it("accepts a valid header", async () => {
    expect(await verify(paddleSign(body))).toEqual({ ok: true });
  });

  it("refuses a body changed after signing", async () => {
    const tampered = body.replace('"grand_total":"4999"', '"grand_total":"9999"');
    expect(tampered).not.toBe(body);
    expect(await verify(paddleSign(body), tampered)).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("refuses a signature made with another destination's secret", async () => {
    expect(await verify(paddleSign(body, { secret: "pdl_ntfset_someone_else" }))).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("refuses a timestamp swapped after signing (the timestamp is signed too)", async () => {
    const h1 = paddleH1(body, NOW_S - 10);
    expect(await verify(`ts=${NOW_S};h1=${h1}`)).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("allows 300 s of skew by default, where Paddle's SDK allows only 5 s", async () => {
    const header = paddleSign(body, { at: NOW_S - 60 });
    expect(await verify(header)).toEqual({ ok: true });
    expect(await verify(paddleSign(body, { at: NOW_S - 300 }))).toEqual({ ok: true });
    expect(await verify(paddleSign(body, { at: NOW_S - 301 }))).toMatchObject({ ok: false, reason: "stale" });
    // A configurable window: a destination can be held to the SDK's 5 s.
    expect(await verify(header, body, { toleranceSeconds: 5 })).toMatchObject({ ok: false, reason: "stale" });
  });

  it("refuses a timestamp from the future", async () => {
    expect(await verify(paddleSign(body, { at: NOW_S + 301 }))).toMatchObject({ ok: false, reason: "future" });
    expect(await verify(paddleSign(body, { at: NOW_S + 20 }), body, { toleranceSeconds: 5 })).toMatchObject({ reason: "future" });
  });

  it("accepts any of several h1 (a secret key being rotated), wherever the valid one is", async () => {
    const ours = paddleH1(body, NOW_S);
    const old = paddleH1(body, NOW_S, "pdl_ntfset_the_previous_key");
    expect(await verify(`ts=${NOW_S};h1=${old};h1=${ours}`)).toEqual({ ok: true });
    expect(await verify(`ts=${NOW_S};h1=${ours};h1=${old}`)).toEqual({ ok: true });
    expect(await verify(`ts=${NOW_S};h1=${old};h1=${"f".repeat(64)}`)).toMatchObject({ reason: "mismatch" });
  });

  it.each([
    ["no header", null, "missing"],
    ["an empty header", "", "missing"],
    ["no ts", `h1=${"a".repeat(64)}`, "malformed"],
    ["a non-numeric ts", `ts=now;h1=${"a".repeat(64)}`, "malformed"],
    ["no h1", `ts=${NOW_S}`, "malformed"],
    ["Stripe's layout", `t=${NOW_S},v1=${"a".repeat(64)}`, "malformed"],
  ])("refuses %s as %s", async (_label, header, reason) => {
    const result = await verify(header);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok || result.message).toMatch(/Paddle-Signature/);
  });
});
