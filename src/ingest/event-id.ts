import { sha256Sync } from "../infra/edge/hmac-sha256";
import { toBase32 } from "../infra/encoding";

const encoder = new TextEncoder();

/**
 * `tev_` + 26 base32 characters of SHA-256(brand, source, delivery id). Deterministic, so
 * a redelivery gets the same answer from any isolate without a lookup; unlike newId()
 * these ids do not sort by time (events are listed by `received_at`). Computed
 * synchronously: the edge's accept paths await nothing for it.
 */
export function trackingEventIdNow(brandId: string, source: string, deliveryId: string): string {
  return `tev_${toBase32(sha256Sync(encoder.encode(`${brandId}\n${source}\n${deliveryId}`))).slice(0, 26)}`;
}

/** trackingEventIdNow, for callers that await it (the app's consumers, tests). */
export async function trackingEventId(brandId: string, source: string, deliveryId: string): Promise<string> {
  return trackingEventIdNow(brandId, source, deliveryId);
}
