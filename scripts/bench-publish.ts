import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rowMet, type BenchRow } from "../bench/types";

/**
 * `npm run bench:publish`: writes the table of bench/results.json (the last `npm run bench`)
 * between the `<!-- bench:start -->` and `<!-- bench:end -->` markers of the README's
 * "Performance" section and of docs/performance.md, so every published figure comes from
 * one run whose date and machine the table states. Nothing else in the docs quotes a
 * figure: they point here.
 */

export const START = "<!-- bench:start -->";
export const END = "<!-- bench:end -->";

/** What bench/run.ts writes (the fields the table reads; phases add their own detail). */
export interface BenchResults {
  measured_at: string;
  machine: { cpu?: string; cores?: number; memory_gib?: number; node?: string; os?: string };
  harness: string;
  phases?: string[];
  rows: (BenchRow & { phase?: string })[];
  integrity_failures?: string[];
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs > 0 && abs < 1) return value.toLocaleString("en-US", { maximumSignificantDigits: 2 });
  return value.toLocaleString("en-US", { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
}

/** A figure as the table prints it: `0.83×`, `140 µs`, `1,235 /s`. */
export const withUnit = (value: number, unit: string) => (unit === "×" ? `${formatNumber(value)}×` : `${formatNumber(value)} ${unit}`);

/** The markdown between the markers: when and where the run was, then one line per row. */
export function renderPerformance(results: BenchResults): string {
  const at = new Date(results.measured_at);
  if (Number.isNaN(at.getTime())) throw new Error(`bench/results.json: measured_at is not a date (${results.measured_at})`);
  const m = results.machine;
  const machine = [m.cpu, m.cores !== undefined ? `${m.cores} cores` : undefined, m.memory_gib !== undefined ? `${m.memory_gib} GiB` : undefined, m.os, m.node ? `Node ${m.node}` : undefined]
    .filter(Boolean)
    .join(", ");
  const lines = [
    `Measured ${at.toISOString().slice(0, 16).replace("T", " ")} UTC by \`npm run bench\`${results.phases?.length ? ` (phases: ${results.phases.join(", ")})` : ""} on ${machine || "an unrecorded machine"}.`,
    "",
    `Harness: ${results.harness}.`,
    "",
    "| what | measured | target | met | how |",
    "|---|---|---|---|---|",
    ...results.rows.map((row) => {
      const target = `${row.target.op === ">=" ? "≥" : "≤"} ${withUnit(row.target.value, row.unit)}`;
      return `| ${cell(row.what)} | ${withUnit(row.value, row.unit)} | ${target} | ${rowMet(row) ? "yes" : "**no**"} | ${cell(row.note ?? "")} |`;
    }),
  ];
  if (results.rows.length === 0) lines.push("| (no rows: the run measured nothing) | | | | |");
  const failures = results.integrity_failures ?? [];
  lines.push("", failures.length === 0 ? "Integrity: every click, event and commission answered in the run was found in Postgres." : `Integrity failures in this run: ${failures.map(cell).join("; ")}.`);
  return lines.join("\n");
}

/** `text` with what lies between the markers replaced by `block`; throws when the markers are missing. */
export function replaceBetweenMarkers(text: string, block: string, file = "the file"): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file}: no ${START} … ${END} markers`);
  return `${text.slice(0, start + START.length)}\n${block}\n${text.slice(end)}`;
}

function main() {
  const root = join(fileURLToPath(import.meta.url), "..", "..");
  const results = JSON.parse(readFileSync(join(root, "bench", "results.json"), "utf8")) as BenchResults;
  const block = renderPerformance(results);
  for (const file of ["README.md", join("docs", "performance.md")]) {
    const path = join(root, file);
    writeFileSync(path, replaceBetweenMarkers(readFileSync(path, "utf8"), block, file));
    console.log(`[bench:publish] ${file}: ${results.rows.length} rows from the run of ${results.measured_at}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
