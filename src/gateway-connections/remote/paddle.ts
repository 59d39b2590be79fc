import { GATEWAY_EVENTS } from "../../gateways/catalog";
import { DomainError } from "../../infra/domain-error";
import type { Registration } from "./types";

/**
 * Paddle Billing's side of a connection: its documented REST API for notification settings
 * (Paddle's SDK is Node-only). `PADDLE_API_URL` points every connection at one origin (the
 * stand-in in tests and `npm run dev`); unset, the mode picks Paddle's live or sandbox API.
 */

export function paddleApiUrl(configured: string | undefined, livemode: boolean): string {
  return configured ?? (livemode ? "https://api.paddle.com" : "https://sandbox-api.paddle.com");
}

/** The mode of a Paddle API key with the documented prefix (`pdl_live_apikey_…`, `pdl_sdbx_apikey_…`), or null for older keys without one. */
export function paddleKeyMode(key: string): "test" | "live" | null {
  if (key.startsWith("pdl_live_")) return "live";
  if (key.startsWith("pdl_sdbx_")) return "test";
  return null;
}

/** Paddle refused the key's right to manage notification settings (a key without that permission). */
export class PaddlePermissionRefused extends Error {}

interface PaddleAnswer {
  status: number;
  body: { data?: { id?: unknown; endpoint_secret_key?: unknown }; error?: { code?: string; detail?: string } } | null;
}

async function paddleCall(apiUrl: string, key: string, method: string, path: string, body?: object): Promise<PaddleAnswer> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let parsed: PaddleAnswer["body"] = null;
  try {
    parsed = text ? (JSON.parse(text) as PaddleAnswer["body"]) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}

/** Creates Rekomi's notification destination for the connection and keeps the secret key Paddle returns. */
export async function registerPaddleDestination(apiUrl: string, key: string, webhookUrl: string, connectionId: string): Promise<Registration> {
  let answer: PaddleAnswer;
  try {
    answer = await paddleCall(apiUrl, key, "POST", "/notification-settings", {
      description: `Rekomi (${connectionId})`,
      type: "url",
      destination: webhookUrl,
      subscribed_events: [...GATEWAY_EVENTS.paddle],
      api_version: 1,
      include_sensitive_fields: false,
      traffic_source: "platform",
    });
  } catch (error) {
    throw new DomainError("bad_gateway", `Paddle could not be reached while creating the notification destination; nothing was changed, try again. (${(error as Error).message})`);
  }
  const { status, body } = answer;
  const detail = body?.error ? `${body.error.code ?? "error"}: ${body.error.detail ?? ""}` : `HTTP ${status}`;
  if (status === 403 && body?.error?.code === "forbidden") throw new PaddlePermissionRefused(detail);
  if (status === 401 || status === 403) {
    throw new DomainError("invalid_request", `Paddle refused the API key while creating the notification destination (${detail}).`, { param: "paddle.api_key" });
  }
  const id = body?.data?.id;
  const secret = body?.data?.endpoint_secret_key;
  if (status !== 201 && status !== 200) throw new DomainError("bad_gateway", `Paddle refused creating the notification destination (${detail}); nothing was changed.`);
  if (typeof id !== "string" || typeof secret !== "string" || !secret) throw new DomainError("bad_gateway", "Paddle created the notification destination but returned no id or secret key.");
  return { endpointId: id, secret };
}

/** Deletes a destination Rekomi created; best-effort. */
export async function deletePaddleDestination(apiUrl: string, key: string, settingId: string): Promise<boolean> {
  try {
    const { status } = await paddleCall(apiUrl, key, "DELETE", `/notification-settings/${encodeURIComponent(settingId)}`);
    if (status === 204 || status === 200 || status === 404) return true;
    console.warn(`gateway-connections: Paddle answered ${status} deleting notification setting ${settingId}`);
  } catch (error) {
    console.warn(`gateway-connections: could not delete Paddle notification setting ${settingId}: ${(error as Error).message}`);
  }
  return false;
}
