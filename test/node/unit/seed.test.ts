import { describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../../scripts/local/seed";
import { ID_PREFIXES, isId, type IdKind } from "../../../src/infra/ids";

describe("demo seed ids", () => {
  it("are well-formed ids of their kind, so the API accepts them in paths", () => {
    const kindOf: Record<string, IdKind> = Object.fromEntries(Object.entries(ID_PREFIXES).map(([kind, prefix]) => [prefix, kind as IdKind]));
    for (const id of Object.values(DEMO_IDS)) {
      const kind = kindOf[id.slice(0, 3)]!;
      expect.soft(isId(kind, id), id).toBe(true);
    }
  });
});
