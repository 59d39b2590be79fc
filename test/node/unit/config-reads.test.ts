import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../../../src", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("the environment is read through the parsed config only", () => {
  // The Hono apps type the raw env as `object`, so most raw reads do not compile; this
  // catches the rest (an untyped context, an operation context's old `env`).
  it("no handler reads `c.env` or `ctx.env` (only the config middleware, which parses it)", () => {
    const raw = sources(SRC)
      .filter((file) => relative(SRC, file) !== join("infra", "env.ts"))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, i) => ({ where: `${relative(SRC, file)}:${i + 1}`, line }))
          .filter(({ line }) => /\b(c|ctx)\.env\b/.test(line)),
      );
    expect(raw).toEqual([]);
  });
});
