import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PERMISSIONS, permissionMatrixMarkdown, roleAllows } from "../../../src/teams/permissions";

describe("permission matrix", () => {
  it("orders roles: whatever a role may do, every higher role may too", () => {
    const order = ["viewer", "member", "admin", "owner"] as const;
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      const allowed = order.map((r) => roleAllows(r, p));
      expect(allowed).toEqual([...allowed].sort((a, b) => Number(a) - Number(b)));
      expect(roleAllows("owner", p)).toBe(true);
    }
  });

  it("is what docs/access.md shows", () => {
    const doc = readFileSync(new URL("../../../docs/access.md", import.meta.url), "utf8");
    expect(doc).toContain(permissionMatrixMarkdown());
  });
});
