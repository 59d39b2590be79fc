import { toBase32 } from "../infra/encoding";

/**
 * `tev_` + 26 base32 characters of SHA-256(brand, source, delivery id). Deterministic, so
 * a redelivery gets the same answer from any isolate without a lookup; unlike newId()
 * these ids do not sort by time (events are listed by `received_at`).
 */
export async function trackingEventId(brandId: string, source: string, deliveryId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${brandId}\n${source}\n${deliveryId}`)));
  return `tev_${toBase32(digest).slice(0, 26)}`;
}
