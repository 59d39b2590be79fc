import { describe, expect, it } from "vitest";
import { BASE32_ALPHABET, fromBase32, fromBase64, toBase32, toBase64, toBase64Url } from "../../../src/infra/encoding";

/** The test vectors of RFC 4648 section 10. */
const RFC_4648 = [
  ["", "", ""],
  ["f", "Zg==", "MY======"],
  ["fo", "Zm8=", "MZXQ===="],
  ["foo", "Zm9v", "MZXW6==="],
  ["foob", "Zm9vYg==", "MZXW6YQ="],
  ["fooba", "Zm9vYmE=", "MZXW6YTB"],
  ["foobar", "Zm9vYmFy", "MZXW6YTBOI======"],
] as const;

const bytes = (text: string) => new TextEncoder().encode(text);
const RFC_BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** An RFC 4648 base32 string in our alphabet, unpadded: the same bits, digit for digit. */
const inOurAlphabet = (rfc: string) => [...rfc.replace(/=+$/, "")].map((ch) => BASE32_ALPHABET[RFC_BASE32_ALPHABET.indexOf(ch)]).join("");

describe("base64 (RFC 4648 §4)", () => {
  it("encodes the RFC vectors, padded or not, and decodes them back", () => {
    for (const [plain, base64] of RFC_4648) {
      expect(toBase64(bytes(plain))).toBe(base64);
      expect(toBase64(bytes(plain), { pad: false })).toBe(base64.replace(/=+$/, ""));
      expect(fromBase64(base64)).toEqual(bytes(plain));
      expect(fromBase64(base64.replace(/=+$/, ""))).toEqual(bytes(plain));
    }
  });

  it("refuses what is not base64", () => {
    for (const text of ["Zm9v!", "Z", "Zm9v====Zm9v", "é"]) expect(fromBase64(text), text).toBeNull();
  });
});

describe("base64url (RFC 4648 §5)", () => {
  it("uses - and _ for + and /, without padding, and decodes both alphabets", () => {
    const edge = new Uint8Array([0xfb, 0xef, 0xbe, 0xff, 0xff]);
    expect(toBase64(edge)).toBe("++++//8=");
    expect(toBase64Url(edge)).toBe("----__8");
    expect(fromBase64("----__8")).toEqual(edge);
    for (const [plain, base64] of RFC_4648) expect(toBase64Url(bytes(plain))).toBe(base64.replace(/=+$/, ""));
  });
});

describe("base32 (RFC 4648 §6 bit order, the ids' alphabet)", () => {
  it("encodes the RFC vectors digit for digit and decodes them back", () => {
    for (const [plain, , base32] of RFC_4648) {
      expect(toBase32(bytes(plain))).toBe(inOurAlphabet(base32));
      expect(fromBase32(inOurAlphabet(base32))).toEqual(bytes(plain));
    }
    expect(toBase32(bytes("foobar"))).toBe("csqpyrk1e8");
  });

  it("round-trips random bytes of every length and sorts like them", () => {
    for (let n = 0; n < 40; n++) {
      const random = crypto.getRandomValues(new Uint8Array(n));
      expect(fromBase32(toBase32(random))).toEqual(random);
    }
    const [low, high] = [new Uint8Array([0x10, 0xff]), new Uint8Array([0x11, 0x00])];
    expect(toBase32(low) < toBase32(high)).toBe(true);
  });

  it("refuses letters outside the alphabet (i, l, o, u, capitals)", () => {
    for (const text of ["csqpyrk1ei", "l0", "o0", "u0", "CSQPYRK1E8"]) expect(fromBase32(text), text).toBeNull();
  });
});
