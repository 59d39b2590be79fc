import { globalRegistry, type $ZodType } from "zod/v4/core";
import { AppConfig } from "./app/config";
import { EdgeConfig } from "./edge/config";
import type { ConfigKind, ConfigMeta } from "./env";

const SET_WITH: Record<ConfigKind, string> = {
  var: "`[vars]` in wrangler.toml",
  secret: "`wrangler secret put`",
  binding: "binding in wrangler.toml",
  local: "dev tooling only",
};

const WORKERS = { app: AppConfig.shape, edge: EdgeConfig.shape } as const;

function required(field: $ZodType): string {
  const def = field._zod.def as { type: string; defaultValue?: unknown };
  if (def.type === "default") return `no (default \`${String(def.defaultValue)}\`)`;
  return field._zod.optin === "optional" ? "no" : "yes";
}

/** One row per variable of either worker: where it is read, how it is set, whether it is required. */
export function configVariables(): { name: string; workers: string[]; field: $ZodType; meta: ConfigMeta }[] {
  const byName = new Map<string, { name: string; workers: string[]; field: $ZodType; meta: ConfigMeta }>();
  for (const [worker, shape] of Object.entries(WORKERS)) {
    for (const [name, field] of Object.entries(shape) as [string, $ZodType][]) {
      const meta = globalRegistry.get(field) as ConfigMeta | undefined;
      if (!meta?.description || !meta.kind) throw new Error(`${worker} config: ${name} has no doc(kind, description)`);
      const row = byName.get(name) ?? { name, workers: [], field, meta };
      row.workers.push(worker);
      byName.set(name, row);
    }
  }
  return [...byName.values()];
}

/** The table docs/configuration.md embeds (a test keeps them equal). */
export function configTableMarkdown(): string {
  const rows = configVariables().map(
    ({ name, workers, field, meta }) => `| \`${name}\` | ${workers.join(", ")} | ${SET_WITH[meta.kind]} | ${required(field)} | ${meta.description} |`,
  );
  return ["| variable | worker | set with | required | what it is |", "|---|---|---|---|---|", ...rows].join("\n");
}
