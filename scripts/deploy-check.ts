import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * `npm run deploy:check` (after `build:web`), run by CI (.ci/run): both workers bundle for
 * deployment (`wrangler deploy --dry-run`), and the edge worker stays within its budget of
 * 64 KiB gzip (issue 13: the hot path loads no ORM and no full schema library). The edge's
 * size is printed either way, with its largest contributors from esbuild's metafile, so a
 * change that grows it shows what grew.
 */

export const EDGE_BUDGET_BYTES = 64 * 1024;

interface Metafile {
  outputs: Record<string, { entryPoint?: string; bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Builds one worker into `outdir` (absolute: wrangler resolves a relative one from the config's folder). */
function dryRun(config: string, outdir: string, metafile?: string): void {
  rmSync(outdir, { recursive: true, force: true });
  const args = ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "-c", config, ...(metafile ? ["--metafile", metafile] : [])];
  const run = spawnSync("npx", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (run.status !== 0) {
    process.stdout.write(run.stdout ?? "");
    throw new Error(`${config} does not bundle (npx ${args.join(" ")} exited with ${run.status})`);
  }
}

/** Who brought the bytes: an npm package by name, our code by folder (src/gateways, src/infra/edge, …). */
export function contributor(input: string): string {
  const modules = input.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const parts = input.slice(modules + "node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const parts = input.replace(/^(\.\.\/)+/, "").split("/");
  const depth = parts[0] === "src" && parts[1] === "infra" ? 3 : 2;
  return parts.length > depth ? parts.slice(0, depth).join("/") : parts.join("/");
}

/** Minified bytes per contributor, largest first. */
export function contributors(meta: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const who = contributor(input);
      totals.set(who, (totals.get(who) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function checkEdge(): boolean {
  const outdir = resolve("dist/edge");
  const metafile = join(outdir, "meta.json");
  dryRun("workers/edge/wrangler.toml", outdir, metafile);
  const meta = JSON.parse(readFileSync(metafile, "utf8")) as Metafile;
  // The uploaded modules (source maps are uploaded beside them but do not count).
  const scripts = readdirSync(outdir)
    .filter((file) => file.endsWith(".js"))
    .map((file) => join(outdir, file));
  const raw = scripts.reduce((sum, file) => sum + readFileSync(file).length, 0);
  const gzip = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
  const ok = gzip <= EDGE_BUDGET_BYTES;
  console.log(`edge worker: ${gzip} bytes gzip (${kib(gzip)}; ${kib(raw)} minified) of a ${EDGE_BUDGET_BYTES}-byte (64 KiB) budget: ${ok ? "ok" : "OVER BUDGET"}`);
  console.log("largest contributors (minified bytes before gzip):");
  for (const [who, bytes] of contributors(meta).slice(0, 12)) console.log(`  ${String(bytes).padStart(8)}  ${((100 * bytes) / raw).toFixed(1).padStart(5)}%  ${who}`);
  if (!ok) {
    console.error(
      `edge worker: ${gzip - EDGE_BUDGET_BYTES} bytes gzip over budget. The edge runs the hot paths only: keep Drizzle, classic zod, the Neon driver and SDKs in the app worker (docs/tracking.md, "The edge worker's bundle").`,
    );
  }
  return ok;
}

function main(): void {
  dryRun("wrangler.toml", resolve("dist/app"));
  console.log("app worker: bundles");
  const edgeOk = checkEdge();
  if (!edgeOk) process.exit(1);
  console.log("both workers bundle");
}

// Run as a script, not imported by its test. Compared as paths: the URL percent-encodes (a space is %20).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
