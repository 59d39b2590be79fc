import { combine, ok, type Finding, type StatusComponent } from "./components";

/** Thresholds of the signals, in one place so docs/status.md can name them. */
export const THRESHOLDS = { webhookLagDegradedSeconds: 300, webhookLagDownSeconds: 1800, serverErrorsDegraded: 5, serverErrorsDown: 100 } as const;

export interface Signals {
  webhooks_overdue: number;
  webhooks_oldest_overdue_seconds: number;
  dead_events: number;
  dead_clicks: number;
  dead_webhooks: number;
  dead_payouts: number;
  payout_runs_stalled: number;
  /** 5xx answers of the app worker in the last five minutes, by the component the path belongs to. */
  rest_api_errors: number;
  dashboard_errors: number;
}

const deadLetters = (count: number, what: string): Finding => (count > 0 ? { state: "degraded", reason: `${count} ${what} dead-lettered in the last 15 minutes` } : ok);

function serverErrors(count: number): Finding {
  if (count >= THRESHOLDS.serverErrorsDown) return { state: "down", reason: `${count} server errors in 5 minutes` };
  if (count >= THRESHOLDS.serverErrorsDegraded) return { state: "degraded", reason: `${count} server errors in 5 minutes` };
  return ok;
}

/**
 * Each component's finding from the probes and signals of one cron tick. Payouts is left out
 * when the deployment has no STRIPE_SECRET_KEY: it cannot pay out, so there is nothing to report.
 */
export function evaluate(edge: Finding, assets: Finding, s: Signals, payoutsConfigured: boolean): Partial<Record<StatusComponent, Finding>> {
  const lag = s.webhooks_oldest_overdue_seconds;
  const webhookLag: Finding =
    lag > THRESHOLDS.webhookLagDownSeconds
      ? { state: "down", reason: `${s.webhooks_overdue} deliveries overdue, oldest ${Math.round(lag / 60)} min` }
      : lag > THRESHOLDS.webhookLagDegradedSeconds
        ? { state: "degraded", reason: `${s.webhooks_overdue} deliveries overdue, oldest ${Math.round(lag / 60)} min` }
        : ok;
  return {
    tracking_links: combine(edge, deadLetters(s.dead_clicks, "click batches")),
    s2s_ingest: combine(edge, deadLetters(s.dead_events, "events")),
    // The probe itself ran on the app worker and reached Postgres: the API's two dependencies.
    rest_api: serverErrors(s.rest_api_errors),
    dashboard: combine(assets, serverErrors(s.dashboard_errors)),
    outbound_webhooks: combine(webhookLag, deadLetters(s.dead_webhooks, "webhook messages")),
    ...(payoutsConfigured
      ? {
          payouts: combine(
            s.payout_runs_stalled > 0 ? { state: "degraded", reason: `${s.payout_runs_stalled} payout runs moving for over 30 min` } : ok,
            deadLetters(s.dead_payouts, "payout messages"),
          ),
        }
      : {}),
  };
}
