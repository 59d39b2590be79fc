/**
 * A small bar chart in inline SVG (no chart library). The SVG is a picture for sighted
 * readers (`role="img"` with a summary); the same numbers are in a table below it, which
 * screen readers and anyone who wants exact values can open.
 */

export interface Bar {
  label: string;
  value: number;
}

const W = 640;
const H = 160;
const PAD = { top: 12, right: 8, bottom: 22, left: 36 };

/** A rounded axis maximum: 1, 2, 5 × 10ⁿ at or above the largest value. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const base = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * base).find((v) => v >= max)!;
}

export function BarChart({ title, bars, format = (n) => n.toLocaleString("en"), testId }: { title: string; bars: Bar[]; format?: (n: number) => string; testId?: string }) {
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const step = innerW / Math.max(1, bars.length);
  const barW = Math.max(1, step * 0.7);
  const peak = bars.reduce<Bar | null>((best, b) => (!best || b.value > best.value ? b : best), null);
  const summary = bars.length
    ? `${title}: ${format(total)} in total from ${bars[0]!.label} to ${bars[bars.length - 1]!.label}${peak && peak.value > 0 ? `, highest ${format(peak.value)} on ${peak.label}` : ""}.`
    : `${title}: no data.`;
  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>
        <strong>{title}</strong> <span class="muted small">{format(total)} total</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} class="axis" />
        <text x={PAD.left - 6} y={PAD.top + 4} class="tick" text-anchor="end">
          {format(max)}
        </text>
        <text x={PAD.left - 6} y={PAD.top + innerH} class="tick" text-anchor="end">
          0
        </text>
        {bars.map((b, i) => {
          const h = (b.value / max) * innerH;
          return (
            <rect key={b.label} x={PAD.left + i * step + (step - barW) / 2} y={PAD.top + innerH - h} width={barW} height={h} class="bar">
              <title>
                {b.label}: {format(b.value)}
              </title>
            </rect>
          );
        })}
        {bars.length > 0 && (
          <>
            <text x={PAD.left} y={H - 6} class="tick">
              {bars[0]!.label}
            </text>
            <text x={W - PAD.right} y={H - 6} class="tick" text-anchor="end">
              {bars[bars.length - 1]!.label}
            </text>
          </>
        )}
      </svg>
      <details>
        <summary class="small">Show as a table</summary>
        <table class="grid compact">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{title}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{format(b.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
