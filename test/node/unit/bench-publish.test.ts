import { describe, expect, it } from "vitest";
import { END, START, renderPerformance, replaceBetweenMarkers, type BenchResults } from "../../../scripts/bench-publish";

const sample: BenchResults = {
  measured_at: "2026-12-07T21:40:12.345Z",
  machine: { cpu: "AMD EPYC 7B13", cores: 2, memory_gib: 8, node: "v22.12.0", os: "Debian GNU/Linux 12 (bookworm) (Linux 6.1.0)" },
  harness: "Miniflare (workerd) direct sockets",
  phases: ["hot", "sales"],
  rows: [
    { phase: "hot", id: "redirect_vs_trivial", what: "Warm `GET /c/{code}` throughput vs the trivial worker", value: 0.83, unit: "×", target: { op: ">=", value: 0.8 }, note: "5,100 vs 6,150 req/s" },
    { phase: "hot", id: "redirect_cpu_us", what: "Warm redirect CPU per request", value: 140, unit: "µs", target: { op: "<=", value: 88 }, note: "edge-only workerd | trivial 70 µs" },
    { phase: "sales", id: "credited_sales_per_s", what: "Credited sales per second", value: 1234.5, unit: "/s", target: { op: ">=", value: 1000 } },
  ],
  integrity_failures: [],
};

describe("bench:publish", () => {
  it("renders the run's date, machine and harness, then every row with its target and whether it was met", () => {
    expect(renderPerformance(sample)).toBe(
      [
        "Measured 2026-12-07 21:40 UTC by `npm run bench` (phases: hot, sales) on AMD EPYC 7B13, 2 cores, 8 GiB, Debian GNU/Linux 12 (bookworm) (Linux 6.1.0), Node v22.12.0.",
        "",
        "Harness: Miniflare (workerd) direct sockets.",
        "",
        "| what | measured | target | met | how |",
        "|---|---|---|---|---|",
        "| Warm `GET /c/{code}` throughput vs the trivial worker | 0.83× | ≥ 0.8× | yes | 5,100 vs 6,150 req/s |",
        "| Warm redirect CPU per request | 140 µs | ≤ 88 µs | **no** | edge-only workerd \\| trivial 70 µs |",
        "| Credited sales per second | 1,235 /s | ≥ 1,000 /s | yes |  |",
        "",
        "Integrity: every click, event and commission answered in the run was found in Postgres.",
      ].join("\n"),
    );
  });

  it("says so when the run lost something", () => {
    expect(renderPerformance({ ...sample, integrity_failures: ["hot: 3 clicks answered but not in Postgres after 900 s"] })).toContain(
      "Integrity failures in this run: hot: 3 clicks answered but not in Postgres after 900 s.",
    );
  });

  it("refuses a results file without a date", () => {
    expect(() => renderPerformance({ ...sample, measured_at: "yesterday" })).toThrow(/measured_at/);
  });

  it("replaces only what lies between the markers, and refuses a file without them", () => {
    const doc = `# Title\n\n${START}\nold table\n${END}\n\nafter\n`;
    expect(replaceBetweenMarkers(doc, "new table")).toBe(`# Title\n\n${START}\nnew table\n${END}\n\nafter\n`);
    expect(replaceBetweenMarkers(replaceBetweenMarkers(doc, "new table"), "new table")).toBe(replaceBetweenMarkers(doc, "new table"));
    expect(() => replaceBetweenMarkers("# no markers\n", "x", "README.md")).toThrow(/README.md: no/);
  });
});
