import { afterEach, describe, expect, it, vi } from "vitest";
import { Webhook } from "standardwebhooks";
import {
  TIMESTAMP_TOLERANCE_SECONDS,
  checkTimestamp,
  generateSecret,
  parseSecret,
  parseSignatures,
  secretKey,
  signatureHeader,
  signatureMatches,
} from "../../../src/infra/http/standard-webhooks";

/**
 * Our Standard Webhooks module against the reference implementation (the
 * `standardwebhooks` npm package): each verifies what the other signs, and both draw the
 * timestamp window at the same place.
 */

const body = JSON.stringify({ type: "ping", data: { note: "é ✓" } });

/** Our verification, as ingest does it: the window, then any signature under any key. */
async function weVerify(secrets: string[], headers: Record<string, string>, nowMs = Date.now()): Promise<boolean> {
  const content = { id: headers["webhook-id"]!, timestamp: Number(headers["webhook-timestamp"]), body };
  if (!checkTimestamp(content.timestamp, nowMs).ok) return false;
  return signatureMatches(await Promise.all(secrets.map(secretKey)), parseSignatures(headers["webhook-signature"]!), content);
}

function theyVerify(secret: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Standard Webhooks", () => {
  it("our signatures verify with the reference library, one per live secret", async () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const timestamp = Math.floor(Date.now() / 1000);
    const header = await signatureHeader([await secretKey(current), await secretKey(previous)], { id: "evt_1", timestamp, body });
    expect(header.split(" ")).toHaveLength(2);
    const headers = { "webhook-id": "evt_1", "webhook-timestamp": String(timestamp), "webhook-signature": header };
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(theyVerify(previous, headers)).toBe(true);
    expect(theyVerify(generateSecret(), headers)).toBe(false);
  });

  it("the reference library's signatures verify with ours, and nothing else does", async () => {
    const secret = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const signed = { "webhook-id": "msg_2", "webhook-timestamp": String(timestamp), "webhook-signature": new Webhook(secret).sign("msg_2", new Date(timestamp * 1000), body) };
    expect(await weVerify([secret], signed)).toBe(true);
    expect(await weVerify([generateSecret(), secret], signed)).toBe(true);
    expect(await weVerify([generateSecret()], signed)).toBe(false);
    expect(await weVerify([secret], { ...signed, "webhook-id": "msg_3" })).toBe(false);
    expect(await weVerify([secret], { ...signed, "webhook-timestamp": String(timestamp + 1) })).toBe(false);
    expect(await weVerify([secret], { ...signed, "webhook-signature": signed["webhook-signature"].replace("v1,", "v2,") })).toBe(false);
  });

  it("draws the timestamp window where the reference does: ±5 minutes inclusive", async () => {
    const now = Date.UTC(2026, 11, 7, 12, 0, 0);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
    const secret = generateSecret();
    expect(TIMESTAMP_TOLERANCE_SECONDS).toBe(300);
    for (const offset of [-301, -300, 0, 300, 301]) {
      const timestamp = now / 1000 + offset;
      const header = await signatureHeader([await secretKey(secret)], { id: "evt_w", timestamp, body });
      const headers = { "webhook-id": "evt_w", "webhook-timestamp": String(timestamp), "webhook-signature": header };
      const inside = Math.abs(offset) <= 300;
      expect(await weVerify([secret], headers, now), `offset ${offset}`).toBe(inside);
      expect(theyVerify(secret, headers), `offset ${offset}`).toBe(inside);
    }
    expect(checkTimestamp(now / 1000 - 301, now)).toEqual({ ok: false, reason: "stale", seconds: 301 });
    expect(checkTimestamp(now / 1000 + 400, now)).toEqual({ ok: false, reason: "future", seconds: 400 });
  });

  it("parses whsec_ secrets of at least 16 bytes, and only those", async () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(parseSecret(secret)).toHaveLength(24);
    expect(parseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toHaveLength(24);
    for (const bad of [secret.slice("whsec_".length), "whsec_", "whsec_c2hvcnQ=", "whsec_not base64!", "sk_" + secret.slice(6)]) expect(parseSecret(bad), bad).toBeNull();
    expect(() => secretKey("whsec_c2hvcnQ=")).toThrow(/whsec_/);
  });

  it("ignores signature entries that are not v1 base64", () => {
    const good = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=";
    expect(parseSignatures(`v1a,Zm9v ${good} v2,Zm9v v1, v1,!!`)).toHaveLength(1);
  });
});
