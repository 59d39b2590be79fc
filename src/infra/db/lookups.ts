import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

/** Rows of a raw `db.execute`; both drivers answer with a pg-style `{ rows }`. */
async function rowsOf<T>(db: Db | Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * The privileged reads: SECURITY DEFINER functions that answer one narrow cross-tenant
 * question before a principal exists. Grep for `lookups.` to audit every use (the edge's
 * own, over its SQL client without Drizzle, are in src/infra/edge/lookups.ts).
 */

/** SHA-256 of an API key → its brand, or null when unknown, revoked or the brand is suspended. */
export async function authenticateApiKey(db: Db, keyHash: string): Promise<{ keyId: string; brandId: string } | null> {
  const [r] = await rowsOf<{ key_id: string; brand_id: string }>(db, sql`select * from authenticate_api_key(${keyHash})`);
  return r ? { keyId: r.key_id, brandId: r.brand_id } : null;
}

/** Pending webhook deliveries that are due, across brands (the cron sweeper's question). */
export function dueWebhookDeliveries(db: Db, limit: number): Promise<{ delivery_id: string; brand_id: string }[]> {
  return rowsOf(db, sql`select delivery_id, brand_id from due_webhook_deliveries(${limit})`);
}

/** Earnings whose hold has passed and that nobody holds for review, across brands (the approval job's question). */
export function dueCommissions(db: Db, limit: number): Promise<{ commission_id: string; brand_id: string }[]> {
  return rowsOf(db, sql`select commission_id, brand_id from due_commissions(${limit})`);
}

/** Active Braintree connections of active brands last searched for refunds before `polledBefore` (or never), across brands (the refund poll's question). */
export function braintreeConnectionsToPoll(db: Db, polledBefore: Date, limit: number): Promise<{ connection_id: string; brand_id: string }[]> {
  return rowsOf(db, sql`select connection_id, brand_id from braintree_connections_to_poll(${polledBefore.toISOString()}::timestamptz, ${limit})`);
}

/** Credited sales in the last 90 days of network-listed creators among `affiliateIds` (at most 500), across brands. */
export async function networkSales90d(db: Db | Tx, affiliateIds: string[]): Promise<Map<string, number>> {
  if (affiliateIds.length === 0) return new Map();
  const rows = await rowsOf<{ affiliate_id: string; sales: number }>(db, sql`select affiliate_id, sales from network_sales_90d(${textArray(affiliateIds)})`);
  return new Map(rows.map((r) => [r.affiliate_id, Number(r.sales)]));
}

/** Anything that can run a statement: the database or an open transaction. */
type Runner = Db | Tx;

export interface UserForSignIn {
  userId: string;
  email: string;
  passwordHash: string | null;
  emailVerified: boolean;
  suspended: boolean;
}

/** Email (any case) → the account, for sign-in, sign-up and reset; null when none. */
export async function findUserByEmail(db: Runner, email: string): Promise<UserForSignIn | null> {
  const [r] = await rowsOf<Record<string, unknown>>(db, sql`select * from find_user_by_email(${email})`);
  if (!r) return null;
  return {
    userId: r.user_id as string,
    email: r.email as string,
    passwordHash: (r.password_hash as string | null) ?? null,
    emailVerified: r.email_verified === true,
    suspended: r.suspended === true,
  };
}

/**
 * Spends an emailed token (SHA-256 given) of one of `purposes`: its user, the address it
 * proves and its purpose, or null when unknown, used or expired. Run it in the transaction
 * that applies the effect.
 */
export async function consumeAuthToken(tx: Tx, tokenHash: string, purposes: readonly string[]): Promise<{ userId: string; email: string; purpose: string } | null> {
  const [r] = await rowsOf<{ user_id: string; email: string; purpose: string }>(
    tx,
    sql`select * from consume_auth_token(${tokenHash}, ${textArray(purposes)})`,
  );
  return r ? { userId: r.user_id, email: r.email, purpose: r.purpose } : null;
}

export interface InvitationPreview {
  invitationId: string;
  brandId: string;
  brandName: string;
  email: string;
  role: string;
  state: "pending" | "accepted" | "revoked" | "expired" | "unavailable";
}

/** Invitation token (SHA-256) → what it invites to; null when unknown. */
export async function findInvitation(db: Runner, tokenHash: string): Promise<InvitationPreview | null> {
  const [r] = await rowsOf<Record<string, string>>(db, sql`select * from find_invitation(${tokenHash})`);
  if (!r) return null;
  return {
    invitationId: r.invitation_id!,
    brandId: r.brand_id!,
    brandName: r.brand_name!,
    email: r.email!,
    role: r.role!,
    state: r.state as InvitationPreview["state"],
  };
}

/** The public face of a campaign, as a join page or an invitation shows it to a creator. */
export interface CampaignCard {
  brandId: string;
  brandName: string;
  campaignId: string;
  campaignName: string;
  description: string | null;
  terms: string | null;
  landingPageUrl: string | null;
  commissionType: "percentage" | "flat";
  commissionRateBps: number | null;
  commissionAmount: number | null;
  currency: string;
  commissionDuration: "one_time" | "recurring" | "lifetime";
  commissionDurationMonths: number | null;
  cookieWindowDays: number;
}

function campaignCard(r: Record<string, unknown>): CampaignCard {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    brandId: r.brand_id as string,
    brandName: r.brand_name as string,
    campaignId: r.campaign_id as string,
    campaignName: r.campaign_name as string,
    description: (r.description as string | null) ?? null,
    terms: (r.terms as string | null) ?? null,
    landingPageUrl: (r.landing_page_url as string | null) ?? null,
    commissionType: r.commission_type as CampaignCard["commissionType"],
    commissionRateBps: num(r.commission_rate_bps),
    commissionAmount: num(r.commission_amount),
    currency: r.currency as string,
    commissionDuration: r.commission_duration as CampaignCard["commissionDuration"],
    commissionDurationMonths: num(r.commission_duration_months),
    cookieWindowDays: Number(r.cookie_window_days),
  };
}

export interface JoinLinkPreview extends CampaignCard {
  joinLinkId: string;
  autoApprove: boolean;
  state: "open" | "closed" | "unavailable";
}

/** Join code → the campaign behind a public join page; null for an unknown code. */
export async function findJoinLink(db: Runner, code: string): Promise<JoinLinkPreview | null> {
  const [r] = await rowsOf<Record<string, unknown>>(db, sql`select * from find_join_link(${code})`);
  if (!r) return null;
  return { ...campaignCard(r), joinLinkId: r.join_link_id as string, autoApprove: r.auto_approve === true, state: r.state as JoinLinkPreview["state"] };
}

export interface CreatorInvitationPreview extends CampaignCard {
  invitationId: string;
  email: string;
  affiliateId: string | null;
  state: "pending" | "accepted" | "revoked" | "expired" | "unavailable";
}

/** Creator invitation token (SHA-256) → what it invites to and whom; null when unknown. */
export async function findCreatorInvitation(db: Runner, tokenHash: string): Promise<CreatorInvitationPreview | null> {
  const [r] = await rowsOf<Record<string, unknown>>(db, sql`select * from find_creator_invitation(${tokenHash})`);
  if (!r) return null;
  return {
    ...campaignCard(r),
    invitationId: r.invitation_id as string,
    email: r.email as string,
    affiliateId: (r.affiliate_id as string | null) ?? null,
    state: r.state as CreatorInvitationPreview["state"],
  };
}

export interface BucketCount {
  key: string;
  hits: number;
  retryAfterSeconds: number;
}

/** Counts one hit on each (distinct) key; returns the counts in their current windows. */
export function rateLimitHit(db: Runner, buckets: { key: string; windowSeconds: number }[]): Promise<BucketCount[]> {
  if (buckets.length === 0) return Promise.resolve([]);
  return bucketRows(db, sql`select * from rate_limit_hit(${textArray(buckets.map((b) => b.key))}, ${intArray(buckets.map((b) => b.windowSeconds))})`);
}

/** Current counts of keys with a live window, without counting a hit. */
export function rateLimitPeek(db: Runner, keys: string[]): Promise<BucketCount[]> {
  return bucketRows(db, sql`select * from rate_limit_peek(${textArray(keys)})`);
}

export async function rateLimitClear(db: Runner, keys: string[]): Promise<void> {
  await db.execute(sql`select rate_limit_clear(${textArray(keys)})`);
}

async function bucketRows(db: Runner, query: ReturnType<typeof sql>): Promise<BucketCount[]> {
  const rows = await rowsOf<{ key: string; hits: number; retry_after_seconds: number }>(db, query);
  return rows.map((r) => ({ key: r.key, hits: Number(r.hits), retryAfterSeconds: Number(r.retry_after_seconds) }));
}

export interface ClaimedEmail {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  transport: string;
  attempts: number;
}

/** Claims deliverable outbox rows (only `ids` when given) for one delivery attempt. */
export async function claimEmailOutbox(db: Runner, ids: string[] | null, limit: number): Promise<ClaimedEmail[]> {
  const rows = await rowsOf<Record<string, unknown>>(db, sql`select * from claim_email_outbox(${ids ? textArray(ids) : null}, ${limit})`);
  return rows.map((r) => ({
    id: r.id as string,
    toAddress: r.to_address as string,
    subject: r.subject as string,
    textBody: (r.text_body as string | null) ?? null,
    htmlBody: (r.html_body as string | null) ?? null,
    transport: r.transport as string,
    attempts: Number(r.attempts),
  }));
}

/** Records the outcome of a delivery attempt (`error` null = sent). */
export async function settleEmailOutbox(db: Runner, id: string, outcome: { providerMessageId: string | null; error: string | null }): Promise<void> {
  await db.execute(sql`select settle_email_outbox(${id}, ${outcome.providerMessageId}, ${outcome.error})`);
}

export interface MailboxMessage {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  createdAt: Date;
}

/** The dev mailbox: mail written with the `mailbox` transport, newest first. */
export async function devMailbox(db: Runner, limit: number): Promise<MailboxMessage[]> {
  const rows = await rowsOf<Record<string, unknown>>(db, sql`select * from dev_mailbox(${limit})`);
  return rows.map((r) => ({
    id: r.id as string,
    toAddress: r.to_address as string,
    subject: r.subject as string,
    textBody: (r.text_body as string | null) ?? null,
    htmlBody: (r.html_body as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
  }));
}

/**
 * Tax form id → where its file is in R2. Only for GET /files/tax-forms/{id}, after the
 * URL's signature and expiry were checked (the signed URL is the authorization).
 */
export async function taxFormFile(db: Runner, id: string): Promise<{ objectKey: string; formType: string; sizeBytes: number } | null> {
  const [r] = await rowsOf<{ object_key: string; form_type: string; size_bytes: number }>(db, sql`select * from tax_form_file(${id})`);
  return r ? { objectKey: r.object_key, formType: r.form_type, sizeBytes: Number(r.size_bytes) } : null;
}

/** Cron housekeeping: finished rate-limit windows and long-expired tokens. */
export async function purgeExpiredAuthRows(db: Runner): Promise<void> {
  await db.execute(sql`select purge_expired_auth_rows()`);
}

/** Cron housekeeping: idempotency records older than 24 h (they no longer replay); returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Runner): Promise<number> {
  const [r] = await rowsOf<{ purged: number }>(db, sql`select purge_expired_idempotency_keys() as purged`);
  return Number(r?.purged ?? 0);
}

/** Retention cron: superseded tax forms whose file is still stored, superseded before `before`. */
export function supersededTaxFormFilesDue(db: Runner, before: Date, limit: number): Promise<{ tax_form_id: string; object_key: string }[]> {
  return rowsOf(db, sql`select * from superseded_tax_form_files_due(${before.toISOString()}::timestamptz, ${limit})`);
}

/** After the file left R2: stamps the form's row and appends the audit event. False when already recorded. */
export async function recordTaxFormFilePurged(db: Runner, taxFormId: string, auditId: string): Promise<boolean> {
  const [r] = await rowsOf<{ recorded: boolean }>(db, sql`select record_tax_form_file_purged(${taxFormId}, ${auditId}) as recorded`);
  return r?.recorded === true;
}

/** Postgres array literals as one bound parameter each (both drivers accept the text form). */
function textArray(values: readonly string[]) {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`}::text[]`;
}

function intArray(values: readonly number[]) {
  return sql`${`{${values.map((v) => Math.trunc(v)).join(",")}}`}::integer[]`;
}

/** Brands whose payout policy says a run is due (`next_run_at` passed), across brands (the payouts scheduler's question). */
export function duePayoutPolicies(db: Db, limit: number): Promise<{ brand_id: string }[]> {
  return rowsOf(db, sql`select brand_id from due_payout_policies(${limit})`);
}

/** The brand of a payout run, from the `transfer_group` (= run id) a platform Stripe event carries; null when the run is not this deployment's. */
export async function payoutRunBrand(db: Runner, runId: string): Promise<string | null> {
  const [r] = await rowsOf<{ brand_id: string | null }>(db, sql`select payout_run_brand(${runId}) as brand_id`);
  return r?.brand_id ?? null;
}

/** Runs whose money has been moving without a change for longer than `idle` (a lost message or event), oldest first (the payouts sweeper's question). */
export function movingPayoutRuns(db: Db, idle: string, limit: number): Promise<{ run_id: string; brand_id: string }[]> {
  return rowsOf(db, sql`select run_id, brand_id from moving_payout_runs(${idle}::interval, ${limit})`);
}
