import type { Sql } from "./sql";

/**
 * The edge's privileged reads: SECURITY DEFINER functions that answer one narrow
 * cross-tenant question before a principal exists (as src/infra/db/lookups.ts does for the
 * app), over the edge's tagged-SQL client (./sql.ts). Grep for `lookups.` to audit every use.
 */

export interface ResolvedLink {
  linkId: string;
  brandId: string;
  campaignId: string;
  enrollmentId: string;
  affiliateId: string;
  destinationUrl: string;
  cookieWindowDays: number;
  attributionModel: "last_click" | "first_click";
  active: boolean;
}

/** Link code → destination and whom to credit; null for an unknown code. */
export async function resolveTrackingLink(sql: Sql, code: string): Promise<ResolvedLink | null> {
  const [r] = await sql`select * from resolve_tracking_link(${code})`;
  if (!r) return null;
  return {
    linkId: r.link_id as string,
    brandId: r.brand_id as string,
    campaignId: r.campaign_id as string,
    enrollmentId: r.enrollment_id as string,
    affiliateId: r.affiliate_id as string,
    destinationUrl: r.destination_url as string,
    cookieWindowDays: Number(r.cookie_window_days),
    attributionModel: r.attribution_model as ResolvedLink["attributionModel"],
    active: r.active === true,
  };
}

export interface S2sKeyRecord {
  keyId: string;
  brandId: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
  revoked: boolean;
  brandActive: boolean;
}

/** S2S key id → its brand and encrypted secret(s), revoked or not; null for an unknown id. */
export async function s2sKeyForIngest(sql: Sql, keyId: string): Promise<S2sKeyRecord | null> {
  const [r] = await sql`select * from s2s_key_for_ingest(${keyId})`;
  if (!r) return null;
  return {
    keyId: r.key_id as string,
    brandId: r.brand_id as string,
    secretCiphertext: r.secret_ciphertext as string,
    previousSecretCiphertext: (r.previous_secret_ciphertext as string | null) ?? null,
    previousSecretExpiresAt: r.previous_secret_expires_at ? new Date(r.previous_secret_expires_at as Date) : null,
    revoked: r.revoked === true,
    brandActive: r.brand_active === true,
  };
}

export interface GatewayConnectionRecord {
  connectionId: string;
  brandId: string;
  gateway: "stripe" | "paddle" | "braintree";
  livemode: boolean;
  accountId: string | null;
  credentialsCiphertext: string | null;
  signingSecretCiphertext: string | null;
  previousSigningSecretCiphertext: string | null;
  previousSigningSecretExpiresAt: Date | null;
  active: boolean;
  brandActive: boolean;
}

/** Connection id (from a webhook URL) → its brand, gateway, mode and sealed secrets, disconnected or not; null for an unknown id. */
export async function gatewayConnectionForWebhook(sql: Sql, connectionId: string): Promise<GatewayConnectionRecord | null> {
  const [r] = await sql`select * from gateway_connection_for_webhook(${connectionId})`;
  if (!r) return null;
  return {
    connectionId: r.connection_id as string,
    brandId: r.brand_id as string,
    gateway: r.gateway as GatewayConnectionRecord["gateway"],
    livemode: r.livemode === true,
    accountId: (r.account_id as string | null) ?? null,
    credentialsCiphertext: (r.credentials_ciphertext as string | null) ?? null,
    signingSecretCiphertext: (r.signing_secret_ciphertext as string | null) ?? null,
    previousSigningSecretCiphertext: (r.previous_signing_secret_ciphertext as string | null) ?? null,
    previousSigningSecretExpiresAt: r.previous_signing_secret_expires_at ? new Date(r.previous_signing_secret_expires_at as Date) : null,
    active: r.active === true,
    brandActive: r.brand_active === true,
  };
}

export type DeliveryClaim =
  | { outcome: "new" | "same" | "conflict" }
  | { outcome: "refund_currency"; saleCurrency: string }
  | { outcome: "refund_excess"; saleCurrency: string; refundable: number };

/**
 * The edge's claim of an S2S delivery id for one body (see claim_event_delivery), with a
 * refund's checks against its recorded sale.
 */
export async function claimEventDelivery(
  sql: Sql,
  claim: { brandId: string; source: string; deliveryId: string; bodySha256: string; refund?: { invoiceId: string; currency: string; amount: number } },
): Promise<DeliveryClaim> {
  const r = claim.refund;
  const [row] = await sql<{ outcome: string; sale_currency: string | null; refundable: string | number | null }>`select * from claim_event_delivery(${claim.brandId}, ${claim.source}, ${claim.deliveryId}, ${claim.bodySha256}, ${r?.invoiceId ?? null}, ${r?.currency ?? null}, ${r?.amount ?? null})`;
  if (!row) throw new Error("claim_event_delivery answered nothing");
  if (row.outcome === "refund_currency") return { outcome: "refund_currency", saleCurrency: row.sale_currency! };
  if (row.outcome === "refund_excess") return { outcome: "refund_excess", saleCurrency: row.sale_currency!, refundable: Number(row.refundable) };
  return { outcome: row.outcome as "new" | "same" | "conflict" };
}
