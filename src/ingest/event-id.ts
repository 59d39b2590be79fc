const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * `tev_` + 26 base32 characters of SHA-256(brand, source, delivery id). Deterministic, so
 * a redelivery gets the same answer from any isolate without a lookup; unlike newId()
 * these ids do not sort by time (events are listed by `received_at`).
 */
export async function trackingEventId(brandId: string, source: string, deliveryId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${brandId}\n${source}\n${deliveryId}`)));
  let out = "tev_";
  let acc = 0;
  let bits = 0;
  for (let i = 0; out.length < 30; i++) {
    acc = ((acc << 8) | digest[i]!) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 30) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  return out;
}
