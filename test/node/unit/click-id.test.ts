import { describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { CLICK_ID_PATTERN, clickMac, clickSigningKey, mintClickId, mintClickIdNow, verifyClickId, verifyClickIdNow } from "../../../src/tracking/click-id";

const claims = { linkId: newId("link"), clickedAt: Date.UTC(2026, 10, 20, 9, 30, 15, 123), windowDays: 30, firstClick: false };

describe("click ids", () => {
  it("round-trip the link, time, window and model they were minted with", async () => {
    const key = await clickSigningKey("test-click-secret-0123456789abcdef");
    const id = await mintClickId(key, claims);
    expect(id).toMatch(CLICK_ID_PATTERN);
    expect(id).toHaveLength(60);
    expect(await verifyClickId(key, id)).toEqual(claims);
    const seeded = { ...claims, linkId: "lnk_0000000000seed000000000001", windowDays: 365, firstClick: true };
    expect(await verifyClickId(key, await mintClickId(key, seeded))).toEqual(seeded);
  });

  it("are standard base64url, so ids minted by the earlier btoa encoder still verify", async () => {
    const key = await clickSigningKey("test-click-secret-0123456789abcdef");
    for (let i = 0; i < 50; i++) {
      const id = await mintClickId(key, { ...claims, clickedAt: claims.clickedAt + i * 7_777_777 });
      const bytes = Buffer.from(id.slice(4), "base64url");
      expect(bytes).toHaveLength(42);
      expect(`clk_${bytes.toString("base64url")}`).toBe(id);
      expect(await verifyClickId(key, `clk_${Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_")}`)).not.toBeNull();
    }
  });

  it("are unique per click", async () => {
    const key = await clickSigningKey("test-click-secret-0123456789abcdef");
    const ids = new Set(await Promise.all(Array.from({ length: 200 }, () => mintClickId(key, claims))));
    expect(ids.size).toBe(200);
  });

  it("refuse every single-character change, another secret, and malformed input", async () => {
    const key = await clickSigningKey("test-click-secret-0123456789abcdef");
    const other = await clickSigningKey("another-secret-entirely-0123456789");
    const id = await mintClickId(key, claims);
    expect(await verifyClickId(other, id)).toBeNull();
    for (let i = 4; i < id.length; i++) {
      const swapped = id[i] === "A" ? "B" : "A";
      const tampered = id.slice(0, i) + swapped + id.slice(i + 1);
      expect(await verifyClickId(key, tampered), `changed position ${i}`).toBeNull();
    }
    for (const bad of ["", "clk_", id.slice(0, -1), `${id}A`, id.replace("clk_", "clx_"), "clk_" + "A".repeat(56)]) {
      expect(await verifyClickId(key, bad)).toBeNull();
    }
  });

  it("minted at the edge synchronously verify in the consumers through WebCrypto, and the other way round", async () => {
    const secret = "test-click-secret-0123456789abcdef";
    const key = await clickSigningKey(secret);
    const mac = clickMac(secret);
    for (let i = 0; i < 20; i++) {
      const c = { ...claims, clickedAt: claims.clickedAt + i * 86_400_123, firstClick: i % 2 === 0 };
      expect(await verifyClickId(key, mintClickIdNow(mac, c))).toEqual(c);
      expect(verifyClickIdNow(mac, await mintClickId(key, c))).toEqual(c);
    }
  });

  it("are refused by the synchronous check when tampered with or signed under another secret", () => {
    const mac = clickMac("test-click-secret-0123456789abcdef");
    const id = mintClickIdNow(mac, claims);
    expect(verifyClickIdNow(clickMac("another-secret-entirely-0123456789"), id)).toBeNull();
    for (let i = 4; i < id.length; i++) {
      const tampered = id.slice(0, i) + (id[i] === "A" ? "B" : "A") + id.slice(i + 1);
      expect(verifyClickIdNow(mac, tampered), `changed position ${i}`).toBeNull();
    }
    expect(verifyClickIdNow(mac, id.slice(0, -1))).toBeNull();
  });
});
