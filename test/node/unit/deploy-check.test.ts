import { describe, expect, it } from "vitest";
import { contributor, contributors } from "../../../scripts/deploy-check";

describe("deploy:check's edge bundle report", () => {
  it("charges bytes to npm packages by name and to our code by folder", () => {
    expect(contributor("../../node_modules/zod/v4/core/schemas.js")).toBe("zod");
    expect(contributor("../../node_modules/@neondatabase/serverless/index.mjs")).toBe("@neondatabase/serverless");
    expect(contributor("../../node_modules/.pnpm/hono@4/node_modules/hono/dist/hono.js")).toBe("hono");
    expect(contributor("../../src/gateways/stripe/normalize.ts")).toBe("src/gateways");
    expect(contributor("../../src/infra/edge/sql.ts")).toBe("src/infra/edge");
    expect(contributor("../../src/infra/env.ts")).toBe("src/infra/env.ts");
    expect(contributor("../../src/money.ts")).toBe("src/money.ts");
  });

  it("adds up every output's inputs, largest first", () => {
    const meta = {
      outputs: {
        "worker.js": {
          bytes: 60,
          inputs: { "../../node_modules/hono/dist/a.js": { bytesInOutput: 10 }, "../../node_modules/hono/dist/b.js": { bytesInOutput: 15 }, "../../src/tracking/redirect.ts": { bytesInOutput: 30 } },
        },
        "worker.js.map": { bytes: 0, inputs: {} },
      },
    };
    expect(contributors(meta)).toEqual([
      ["src/tracking", 30],
      ["hono", 25],
    ]);
  });
});
