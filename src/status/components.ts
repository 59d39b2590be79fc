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
 * The state a visitor sees from a component's recent probes (newest first, last ten minutes).
 * A probe records `down` only for a hard failure (the edge or the dashboard's assets did not
 * answer at all) or a signal past its down threshold; everything else it found is `degraded`.
 * The page shows `down` only once the last three probes all found `down` (three minutes of
 * failures is an outage, one is a blip): a single `down` probe shows `degraded`, and signals
 * that only degrade (dead letters, some lag, a few 5xx) never escalate however long they last.
 * With no probe for ten minutes the cron itself is not running, so nothing is known to be
 * fine: `degraded`.
 */
export function currentState(recent: ComponentState[]): ComponentState {
  if (recent.length === 0) return "degraded";
  if (recent.length >= 3 && recent.slice(0, 3).every((s) => s === "down")) return "down";
  return recent[0] === "down" ? "degraded" : recent[0]!;
}

/** The components this deployment reports on: Payouts only when it can pay out (STRIPE_SECRET_KEY set). */
export function reportedComponents(config: { STRIPE_SECRET_KEY?: string | null }): StatusComponent[] {
  return STATUS_COMPONENTS.filter((c) => c !== "payouts" || Boolean(config.STRIPE_SECRET_KEY));
}
