import { createHmac, randomUUID } from "node:crypto";

/**
 * A signed S2S sale with the demo S2S key, as a brand's server would send it (Standard
 * Webhooks: HMAC-SHA256 over `id.timestamp.body` with the secret after `whsec_`), and
 * the wait for its conversion: what the README's first-call section does by hand.
 */
export interface DemoKeys {
  edge_url: string;
  app_url: string;
  api_key: string;
  s2s_key_id: string;
  s2s_secret: string;
}

export async function sendDemoSale(demo: DemoKeys): Promise<{ status: number; eventId: string | undefined; body: string }> {
  const id = `msg_${randomUUID()}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ customer_external_id: `cus_${id.slice(4, 12)}`, amount: 4900, currency: "USD", invoice_id: `in_${id.slice(4, 16)}` });
  const signature = createHmac("sha256", Buffer.from(demo.s2s_secret.replace(/^whsec_/, ""), "base64")).update(`${id}.${timestamp}.${body}`).digest("base64");
  const res = await fetch(`${demo.edge_url}/v1/track/sale`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "rekomi-key-id": demo.s2s_key_id, "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signature}` },
  });
  const text = await res.text();
  const eventId = res.status === 202 ? (JSON.parse(text) as { id: string }).id : undefined;
  return { status: res.status, eventId, body: text };
}

/** Polls `/v1/conversions` until a conversion names `eventId` as its source; false at the deadline. */
export async function conversionArrives(demo: DemoKeys, eventId: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${demo.app_url}/v1/conversions?limit=100`, { headers: { authorization: `Bearer ${demo.api_key}` } });
    const list = (await res.json()) as { data?: { source_event_id: string }[] };
    if (list.data?.some((c) => c.source_event_id === eventId)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
