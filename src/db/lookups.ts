import { sql } from "drizzle-orm";
import type { Db } from "./client";

/** Rows of a raw `db.execute`; both drivers answer with a pg-style `{ rows }`. */
async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * The privileged reads: SECURITY DEFINER functions that answer one narrow cross-tenant
 * question before a principal exists. Grep for `lookups.` to audit every use.
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
export async function resolveTrackingLink(db: Db, code: string): Promise<ResolvedLink | null> {
  const [r] = await rowsOf<Record<string, unknown>>(db, sql`select * from resolve_tracking_link(${code})`);
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

/** SHA-256 of an API key → its brand, or null when unknown, revoked or the brand is suspended. */
export async function authenticateApiKey(db: Db, keyHash: string): Promise<{ keyId: string; brandId: string } | null> {
  const [r] = await rowsOf<{ key_id: string; brand_id: string }>(db, sql`select * from authenticate_api_key(${keyHash})`);
  return r ? { keyId: r.key_id, brandId: r.brand_id } : null;
}

/** Pending webhook deliveries that are due, across brands (the cron sweeper's question). */
export function dueWebhookDeliveries(db: Db, limit: number): Promise<{ delivery_id: string; brand_id: string }[]> {
  return rowsOf(db, sql`select delivery_id, brand_id from due_webhook_deliveries(${limit})`);
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
export async function s2sKeyForIngest(db: Db, keyId: string): Promise<S2sKeyRecord | null> {
  const [r] = await rowsOf<Record<string, unknown>>(db, sql`select * from s2s_key_for_ingest(${keyId})`);
  if (!r) return null;
  return {
    keyId: r.key_id as string,
    brandId: r.brand_id as string,
    secretCiphertext: r.secret_ciphertext as string,
    previousSecretCiphertext: (r.previous_secret_ciphertext as string | null) ?? null,
    previousSecretExpiresAt: r.previous_secret_expires_at ? new Date(r.previous_secret_expires_at as string) : null,
    revoked: r.revoked === true,
    brandActive: r.brand_active === true,
  };
}
