import { describe, expect, it } from "vitest";
import { currentState, ok } from "../../../src/status/components";
import { evaluate } from "../../../src/status/evaluate";

const quiet = { webhooks_overdue: 0, webhooks_oldest_overdue_seconds: 0, dead_events: 0, dead_clicks: 0, dead_webhooks: 0, dead_payouts: 0, payout_runs_stalled: 0, rest_api_errors: 0, dashboard_errors: 0 };
const edgeDown = { state: "degraded" as const, reason: "edge /healthz answered 503" };

describe("component states", () => {
  it("a blip is degraded, three hard failures in a row are down, degraded never escalates, silence is degraded", () => {
    expect(currentState(["operational", "degraded", "degraded"])).toBe("operational");
    expect(currentState(["degraded", "operational", "operational"])).toBe("degraded");
    expect(currentState(["degraded", "degraded"])).toBe("degraded");
    // Signals that only degrade (dead letters, some lag) stay degraded however long they last.
    expect(currentState(["degraded", "degraded", "degraded"])).toBe("degraded");
    expect(currentState(["degraded", "down", "down"])).toBe("degraded");
    // One (or two) down probes are a blip: degraded.
    expect(currentState(["down"])).toBe("degraded");
    expect(currentState(["down", "down", "degraded"])).toBe("degraded");
    expect(currentState(["down", "down", "down"])).toBe("down");
    expect(currentState([])).toBe("degraded");
  });

  it("each signal reaches only its components", () => {
    const all = evaluate(ok, ok, quiet, true);
    expect(Object.values(all).every((f) => f.state === "operational")).toBe(true);

    const edge = evaluate(edgeDown, ok, quiet, true);
    expect([edge.tracking_links?.state, edge.s2s_ingest?.state, edge.rest_api?.state, edge.outbound_webhooks?.state]).toEqual(["degraded", "degraded", "operational", "operational"]);

    const events = evaluate(ok, ok, { ...quiet, dead_events: 2 }, true);
    expect([events.s2s_ingest?.state, events.tracking_links?.state]).toEqual(["degraded", "operational"]);
    expect(events.s2s_ingest?.reason).toBe("2 events dead-lettered in the last 15 minutes");
  });

  it("webhook lag: degraded after 5 minutes overdue, down after 30", () => {
    expect(evaluate(ok, ok, { ...quiet, webhooks_overdue: 3, webhooks_oldest_overdue_seconds: 300 }, true).outbound_webhooks?.state).toBe("operational");
    expect(evaluate(ok, ok, { ...quiet, webhooks_overdue: 3, webhooks_oldest_overdue_seconds: 301 }, true).outbound_webhooks).toEqual({ state: "degraded", reason: "3 deliveries overdue, oldest 5 min" });
    expect(evaluate(ok, ok, { ...quiet, webhooks_overdue: 3, webhooks_oldest_overdue_seconds: 1801 }, true).outbound_webhooks?.state).toBe("down");
  });

  it("server errors the app worker counted: 5 in five minutes degrade the component, 100 take it down", () => {
    expect(evaluate(ok, ok, { ...quiet, rest_api_errors: 4 }, true).rest_api?.state).toBe("operational");
    expect(evaluate(ok, ok, { ...quiet, rest_api_errors: 5 }, true).rest_api).toEqual({ state: "degraded", reason: "5 server errors in 5 minutes" });
    expect(evaluate(ok, ok, { ...quiet, dashboard_errors: 100 }, true).dashboard?.state).toBe("down");
    expect(evaluate(ok, ok, { ...quiet, dashboard_errors: 100 }, true).rest_api?.state).toBe("operational");
  });

  it("payouts: left out without a Stripe key, degraded with a stalled run", () => {
    const unconfigured = evaluate(ok, ok, quiet, false);
    expect("payouts" in unconfigured).toBe(false);
    expect(Object.keys(unconfigured)).toEqual(["tracking_links", "s2s_ingest", "rest_api", "dashboard", "outbound_webhooks"]);
    expect(evaluate(ok, ok, { ...quiet, payout_runs_stalled: 1 }, true).payouts?.state).toBe("degraded");
  });
});
