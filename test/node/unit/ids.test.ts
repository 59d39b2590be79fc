import { describe, expect, it } from "vitest";
import { isId, newId } from "../../../src/infra/ids";

describe("prefixed ids", () => {
  it("carry their kind's prefix and a 26-character body", () => {
    const id = newId("campaign");
    expect(id).toMatch(/^cmp_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(isId("campaign", id)).toBe(true);
    expect(isId("brand", id)).toBe(false);
  });

  it("sort by creation time", async () => {
    const first = newId("link");
    await new Promise((r) => setTimeout(r, 2));
    const second = newId("link");
    expect(first < second).toBe(true);
  });

  it("refuses malformed bodies", () => {
    expect(isId("campaign", "cmp_short")).toBe(false);
    expect(isId("campaign", "cmp_" + "I".repeat(26))).toBe(false);
  });
});
