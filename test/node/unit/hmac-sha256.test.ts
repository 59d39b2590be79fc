import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacSha256Key, hmacSha256Sync } from "../../../src/infra/edge/hmac-sha256";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("synchronous HMAC-SHA256", () => {
  it("gives RFC 4231's test vectors", () => {
    // Test cases 1, 2 and 6 (a key longer than a block is hashed first).
    expect(hex(hmacSha256Sync(hmacSha256Key(new Uint8Array(20).fill(0x0b)), new TextEncoder().encode("Hi There")))).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
    expect(hex(hmacSha256Sync(hmacSha256Key("Jefe"), new TextEncoder().encode("what do ya want for nothing?")))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    expect(hex(hmacSha256Sync(hmacSha256Key(new Uint8Array(131).fill(0xaa)), new TextEncoder().encode("Test Using Larger Than Block-Size Key - Hash Key First")))).toBe(
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    );
  });

  it("equals Node's HMAC for every data length across block and padding boundaries, and for keys of many lengths", () => {
    for (const keyLength of [1, 16, 32, 55, 63, 64, 65, 100, 200]) {
      const secret = randomBytes(keyLength);
      const key = hmacSha256Key(secret);
      for (let length = 0; length <= 300; length++) {
        const data = randomBytes(length);
        expect(hex(hmacSha256Sync(key, data)), `key ${keyLength} B, data ${length} B`).toBe(createHmac("sha256", secret).update(data).digest("hex"));
      }
    }
  });

  it("takes a UTF-8 string key as WebCrypto's raw import of its bytes does", async () => {
    const secret = "clé-secrète-0123456789abcdefghijklmnop";
    const data = randomBytes(32);
    const web = await crypto.subtle.sign("HMAC", await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]), data);
    expect(hex(hmacSha256Sync(hmacSha256Key(secret), data))).toBe(hex(new Uint8Array(web)));
  });

  it("changes with any bit of the key or the data", () => {
    const secret = randomBytes(32);
    const data = randomBytes(32);
    const base = hex(hmacSha256Sync(hmacSha256Key(secret), data));
    for (let bit = 0; bit < 256; bit += 7) {
      const otherKey = Buffer.from(secret);
      otherKey[bit >> 3]! ^= 1 << (bit & 7);
      const otherData = Buffer.from(data);
      otherData[bit >> 3]! ^= 1 << (bit & 7);
      expect(hex(hmacSha256Sync(hmacSha256Key(otherKey), data))).not.toBe(base);
      expect(hex(hmacSha256Sync(hmacSha256Key(secret), otherData))).not.toBe(base);
    }
  });
});
