import { normalizeBraintreeEvent } from "../gateways/braintree/normalize";
import { sha1 } from "../gateways/signing";
import { hmacHex, randomBase62 } from "../infra/crypto";
import { toBase64 } from "../infra/encoding";
import { openCredentials, type GatewayConnectionsConfig } from "./changes";
import type { GatewayConnectionRow } from "./queries";
import { webhookUrlOf, type GatewayTestEvent } from "./schemas";
import { openConnectionSecret, type BraintreeCredentials } from "./secrets";

/**
 * "Send a test event": a notification shaped and signed exactly as the gateway would send
 * it, with the connection's own secret, posted to its webhook URL from the app worker. It
 * is of a kind Rekomi records as ignored (Stripe and Paddle: the type `rekomi.test_event`;
 * Braintree: its own `check` kind), so it proves the whole path (URL, signature, edge,
 * queue, health page) without touching conversions.
 */

export const TEST_EVENT_TYPE = "rekomi.test_event";

export interface SignedTestEvent {
  eventId: string;
  request: Request;
}

/** The signed test notification for `row` (not sent). */
export async function signedTestEvent(config: GatewayConnectionsConfig, row: GatewayConnectionRow, now = new Date()): Promise<SignedTestEvent> {
  const url = webhookUrlOf(config.TRACKING_BASE_URL, row.gateway, row.id);
  const seconds = Math.floor(now.getTime() / 1000);
  const eventId = `evt_rekomi_test_${randomBase62(20)}`;
  if (row.gateway === "braintree") {
    const keys = (await openCredentials(config, row)) as BraintreeCredentials;
    const timestamp = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<notification>\n  <kind>check</kind>\n  <timestamp type="datetime">${timestamp}</timestamp>\n  <subject>\n    <check type="boolean">true</check>\n  </subject>\n</notification>\n`;
    const payload = toBase64(new TextEncoder().encode(xml));
    const signature = `${keys.public_key}|${await hmacHex("SHA-1", await sha1(keys.private_key), payload)}`;
    const body = new URLSearchParams({ bt_signature: signature, bt_payload: payload }).toString();
    // Braintree's notifications carry no id: the one the edge derives (and the health page counts) is the normalizer's.
    const normalized = normalizeBraintreeEvent(payload);
    if (!normalized.ok) throw new Error(`the Braintree test notification does not normalize: ${normalized.message}`);
    return { eventId: normalized.event.external_event_id, request: new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }) };
  }
  const secret = await openConnectionSecret(config.SECRETS_ENCRYPTION_KEY, row.signingSecretCiphertext!, row.id, row.brandId, "signing_secret");
  if (row.gateway === "stripe") {
    const body = JSON.stringify({
      id: eventId,
      object: "event",
      created: seconds,
      livemode: row.livemode,
      type: TEST_EVENT_TYPE,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { id: eventId, object: "rekomi_test", description: "A test event sent from Rekomi; it changes nothing." } },
    });
    const signature = `t=${seconds},v1=${await hmacHex("SHA-256", secret, `${seconds}.${body}`)}`;
    return { eventId, request: new Request(url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body }) };
  }
  const body = JSON.stringify({
    event_id: eventId,
    event_type: TEST_EVENT_TYPE,
    occurred_at: now.toISOString(),
    notification_id: `ntf_rekomi_test_${randomBase62(20)}`,
    data: { description: "A test event sent from Rekomi; it changes nothing." },
  });
  const signature = `ts=${seconds};h1=${await hmacHex("SHA-256", secret, `${seconds}:${body}`)}`;
  return { eventId, request: new Request(url, { method: "POST", headers: { "content-type": "application/json", "paddle-signature": signature }, body }) };
}

/** Posts the signed notification and says what the webhook URL answered. */
export async function deliverTestEvent(event: SignedTestEvent): Promise<GatewayTestEvent> {
  const answer = (delivered: boolean, status: number | null, error: string | null): GatewayTestEvent => ({ object: "gateway_test_event", delivered, status, event_id: event.eventId, error });
  try {
    const response = await fetch(event.request, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    if (response.ok) {
      await response.body?.cancel();
      return answer(true, response.status, null);
    }
    const text = (await response.text()).slice(0, 500);
    return answer(false, response.status, `The webhook URL answered ${response.status}: ${text}`);
  } catch (error) {
    return answer(false, null, `The webhook URL could not be reached: ${(error as Error).message}`);
  }
}
