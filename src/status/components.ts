import { COMPONENT_STATES, STATUS_COMPONENTS, type ComponentState, type StatusComponent } from "../infra/db/schema/status";

export { COMPONENT_STATES, STATUS_COMPONENTS, type ComponentState, type StatusComponent };

/** How the status page names each component. */
export const COMPONENT_LABELS: Record<StatusComponent, string> = {
  tracking_links: "Tracking links",
  s2s_ingest: "S2S event ingest",
  rest_api: "REST API",
  dashboard: "Dashboard",
  outbound_webhooks: "Outbound webhooks",
  payouts: "Payouts",
};

const RANK: Record<ComponentState, number> = { operational: 0, degraded: 1, down: 2 };

/** The worse of two states. */
export function worst(a: ComponentState, b: ComponentState): ComponentState {
  return RANK[a] >= RANK[b] ? a : b;
}

/** One signal's verdict on a component: its state and, for staff, why. */
export interface Finding {
  state: ComponentState;
  reason: string | null;
}

export const ok: Finding = { state: "operational", reason: null };

/** Combines findings: the worst state, and the reasons of every finding that was not operational. */
export function combine(...findings: Finding[]): Finding {
  const bad = findings.filter((f) => f.state !== "operational");
  return { state: bad.reduce<ComponentState>((s, f) => worst(s, f.state), "operational"), reason: bad.map((f) => f.reason).join("; ") || null };
}

/**
 * The state a visitor sees from a component's recent probes (newest first, last ten minutes):
 * the newest probe's state, but `down` once the last three probes all failed (three minutes
 * of failures is an outage, one is a blip), and `degraded` when no probe ran for ten minutes
 * (the cron itself is not running, so nothing is known to be fine).
 */
export function currentState(recent: ComponentState[]): ComponentState {
  if (recent.length === 0) return "degraded";
  if (recent.length >= 3 && recent.slice(0, 3).every((s) => s !== "operational")) return "down";
  return recent[0]!;
}
