import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacHex, toHex } from "../../../src/infra/crypto";

describe("hmacHex", () => {
  it("matches Node's HMAC for string secrets (key imported once, reused) and raw keys", async () => {
    for (const hash of ["SHA-256", "SHA-1"] as const) {
      const node = hash === "SHA-256" ? "sha256" : "sha1";
      for (const data of ["1700000000.{\"id\":\"evt_1\"}", "", "é ✓ 😀"]) {
        const expected = createHmac(node, "whsec_test_secret").update(data).digest("hex");
        expect(await hmacHex(hash, "whsec_test_secret", data)).toBe(expected);
        expect(await hmacHex(hash, "whsec_test_secret", data)).toBe(expected);
        expect(await hmacHex(hash, "another_secret", data)).toBe(createHmac(node, "another_secret").update(data).digest("hex"));
        const raw = new Uint8Array([1, 2, 3, 250, 0, 7]);
        expect(await hmacHex(hash, raw, data)).toBe(createHmac(node, raw).update(data).digest("hex"));
      }
    }
  });

  it("hex-encodes every byte value with two digits", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(all)).toBe(Buffer.from(all).toString("hex"));
    expect(toHex(all.buffer)).toBe(Buffer.from(all).toString("hex"));
  });
});
