import { COMPONENT_LABELS, type ComponentState } from "./components";
import { UPTIME_DAYS, type PublicStatus } from "./public-status";

/**
 * The public status page, rendered on the server: it must work when the dashboard's bundle
 * (or the asset store) is what is broken, so it is one small HTML document with inline CSS
 * and no script.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

const STATE_LABEL: Record<ComponentState, string> = { operational: "Operational", degraded: "Degraded", down: "Down" };
const OVERALL: Record<ComponentState, string> = { operational: "All systems operational", degraded: "Some systems are degraded", down: "Some systems are down" };
const COLOR: Record<ComponentState | "none", string> = { operational: "#2f9e61", degraded: "#d9930d", down: "#cf3b3b", none: "#d5d9e0" };

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;color:#1d2330;max-width:46rem;margin:2.5rem auto;padding:0 1.25rem}
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:2rem 0 .75rem}.banner{padding:.9rem 1rem;border-radius:8px;color:#fff;font-weight:600}
.component{border:1px solid #e4e6eb;border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}.row{display:flex;justify-content:space-between;gap:1rem}
.state{font-weight:600}.bars{display:flex;gap:1px;margin:.5rem 0 .25rem;height:28px}.bars span{flex:1;border-radius:1px}
.muted{color:#5b6275;font-size:13px}.incident{border-left:3px solid #d9930d;padding:.25rem 0 .25rem .9rem;margin:1rem 0}.incident.resolved{border-color:#2f9e61}
form{display:flex;gap:.5rem;flex-wrap:wrap}input[type=email]{flex:1;min-width:14rem;padding:.5rem;border:1px solid #c5cad3;border-radius:6px;font:inherit}
button{padding:.5rem 1rem;border:0;border-radius:6px;background:#2457c5;color:#fff;font:inherit;cursor:pointer}`;

export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function dayBars(days: PublicStatus["components"][number]["days"]): string {
  const byDate = new Map(days.map((d) => [d.date, d]));
  const bars: string[] = [];
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  for (let i = UPTIME_DAYS - 1; i >= 0; i--) {
    const date = new Date(today - i * 86_400_000).toISOString().slice(0, 10);
    const d = byDate.get(date);
    const title = d ? `${date}: ${(d.uptime * 100).toFixed(2)}% operational` : `${date}: no data`;
    bars.push(`<span style="background:${COLOR[d?.worst ?? "none"]}" title="${title}"></span>`);
  }
  return `<div class="bars" aria-hidden="true">${bars.join("")}</div>`;
}

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** The whole page. `notice` is a one-line message (after subscribing, for instance). */
export function renderStatusPage(status: PublicStatus, opts: { unavailable?: boolean; notice?: string } = {}): string {
  const components = status.components
    .map(
      (c) => `<div class="component" data-component="${c.id}" data-state="${c.state}">
<div class="row"><strong>${esc(c.name)}</strong><span class="state" style="color:${COLOR[c.state]}">${STATE_LABEL[c.state]}</span></div>
${dayBars(c.days)}
<div class="row muted"><span>${UPTIME_DAYS} days ago</span><span>${c.uptime_90d === null ? "no data yet" : `${(c.uptime_90d * 100).toFixed(2)}% uptime`}</span><span>Today</span></div></div>`,
    )
    .join("\n");
  const incidents = status.incidents.length
    ? status.incidents
        .map(
          (i) => `<div class="incident${i.resolved_at ? " resolved" : ""}" data-incident="${esc(i.id)}"><strong>${esc(i.title)}</strong>
<div class="muted">${i.resolved_at ? `Resolved ${when(i.resolved_at)}` : `Ongoing since ${when(i.created_at)}`} · ${i.components.map((c) => esc(COMPONENT_LABELS[c])).join(", ")}</div>
${i.updates.map((u) => `<p><strong>${esc(u.status[0]!.toUpperCase() + u.status.slice(1))}</strong> — ${esc(u.body)} <span class="muted">${when(u.created_at)}</span></p>`).join("")}</div>`,
        )
        .join("\n")
    : `<p class="muted">No incidents in the last ${UPTIME_DAYS} days.</p>`;
  return layout(
    "Rekomi status",
    `<h1>Rekomi status</h1>
${opts.notice ? `<p role="status"><strong>${esc(opts.notice)}</strong></p>` : ""}
<div class="banner" style="background:${COLOR[status.state]}" data-overall="${status.state}">${opts.unavailable ? "Status data is unavailable right now" : OVERALL[status.state]}</div>
<h2>Components</h2>
${components}
<h2>Incidents</h2>
${incidents}
<h2>Get incident news by email</h2>
<form method="post" action="/status/subscribe"><input type="email" name="email" required placeholder="you@example.com" aria-label="Email address"><button type="submit">Subscribe</button></form>
<p class="muted">We email a confirmation link first; every email has an unsubscribe link. Machine-readable: <a href="/status.json">/status.json</a>. Updated ${when(status.updated_at)}.</p>`,
  );
}

/** A one-message page (confirmation, unsubscribe). */
export function renderMessage(title: string, message: string, extra = ""): string {
  return layout(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>${extra}<p><a href="/status">Back to the status page</a></p>`);
}
