/** The dashboard's API client: one place that knows about the session, CSRF and the error envelope. */

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

type Listener = () => void;
const signedOutListeners = new Set<Listener>();

/** Called when the server says the session is gone (expired, revoked elsewhere). */
export function onSignedOut(fn: Listener): () => void {
  signedOutListeners.add(fn);
  return () => signedOutListeners.delete(fn);
}

/**
 * Same-origin JSON calls to `/api/*`. The session cookie travels by itself (HttpOnly, so
 * scripts never see it); writes always send a JSON body, which with the browser's Origin
 * header is what the server's CSRF check expects.
 */
export async function api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const method = init.method ?? "GET";
  const write = method !== "GET";
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: write ? { "Content-Type": "application/json" } : {},
    body: write && method !== "DELETE" ? JSON.stringify(init.json ?? {}) : null,
  });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => null);
  if (!res.ok) throw failureOf(path, res.status, body, res.headers.get("retry-after"));
  return body as T;
}

/** Builds the failure for an error answer; tells listeners when the session is gone. */
function failureOf(path: string, status: number, body: { error?: { code?: string; message?: string; param?: string } } | null, retryAfter: string | null): ApiFailure {
  const failure = new ApiFailure(status, body?.error?.code ?? "unknown", body?.error?.message ?? `Request failed (${status}).`, body?.error?.param, Number(retryAfter) || undefined);
  if (status === 401 && !path.startsWith("/api/auth/")) for (const fn of signedOutListeners) fn();
  return failure;
}

/**
 * Uploads a file as the request body (the server's upload routes take raw bytes, which no
 * HTML form can send cross-site). XHR rather than fetch: only it reports upload progress.
 */
export function uploadFile<T>(path: string, file: Blob, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new TypeError("network error"));
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below by status
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(failureOf(path, xhr.status, body, xhr.getResponseHeader("retry-after")));
    };
    xhr.send(file);
  });
}

/** Saves a file the server sends as an attachment, without leaving the page. */
export function saveFrom(url: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export type Role = "owner" | "admin" | "member" | "viewer";

export interface Membership {
  member_id: string;
  brand_id: string;
  brand_name: string;
  brand_status: string;
  role: Role;
}

export interface Me {
  id: string;
  email: string;
  name: string | null;
  email_verified: boolean;
  is_platform_admin: boolean;
  created_at: string;
  memberships: Membership[];
  affiliate: { id: string; display_name: string } | null;
}

export interface Brand {
  id: string;
  name: string;
  website_url: string | null;
  default_currency: string;
  status: string;
  require_tax_form: boolean;
  created_at: string;
  role: Role;
  permissions: string[];
}

export interface Member {
  id: string;
  user_id: string;
  email: string | null;
  name: string | null;
  role: Role;
  created_at: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  state: "pending" | "accepted" | "revoked" | "expired" | "unavailable";
  expires_at: string;
  created_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  key?: string;
}

export interface AuditEvent {
  id: string;
  action: string;
  label: string;
  actor: { type: string; id: string | null; email: string | null };
  target: { type: string; id: string } | null;
  subject_user_id: string | null;
  ip: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
}

export interface RoleMatrix {
  roles: Role[];
  permissions: { name: string; description: string; min_role: Role }[];
}

export interface Campaign {
  id: string;
  name: string;
  description: string | null;
  destination_url: string;
  landing_page_url: string | null;
  status: "active" | "paused" | "archived";
  visibility: "private" | "listed";
  cookie_window_days: number;
  attribution_model: "last_click" | "first_click";
  target_markets: string[];
  niches: string[];
  terms: string | null;
  allow_creator_links: boolean;
  commission: Commission & { hold_days: number; min_payout_amount: number };
  created_at: string;
}

export type TaxFormType = "w9" | "w8ben" | "w8bene";

export interface TaxForm {
  id: string;
  affiliate_id: string;
  form_type: TaxFormType;
  status: "submitted" | "accepted" | "rejected" | "superseded";
  signed_on: string;
  expires_on: string | null;
  size_bytes: number;
  sha256: string;
  /** Rekomi staff's decision, for every brand. */
  reviewed_at: string | null;
  reviewed_by: "rekomi" | null;
  rejection_reason: string | null;
  /** Paying brands' own decisions: a brand sees its own, the creator all. */
  brand_reviews: { brand_id: string; decision: "accepted" | "rejected"; rejection_reason: string | null; reviewed_at: string }[];
  superseded_at: string | null;
  created_at: string;
}

export interface CreatorTaxStatus {
  affiliate: { id: string; display_name: string; email: string | null };
  current_form: TaxForm | null;
  has_valid_form: boolean;
  payouts_allowed: boolean;
}

export interface TaxFormDownload {
  tax_form_id: string;
  url: string;
  expires_at: string;
}

export interface Commission {
  type: "percentage" | "flat";
  rate_bps: number | null;
  amount: number | null;
  currency: string;
  duration: "one_time" | "recurring" | "lifetime";
  duration_months: number | null;
}

export type NetworkStatus = "unlisted" | "pending" | "approved" | "rejected" | "suspended";
export type EnrollmentStatus = "pending" | "invited" | "approved" | "rejected" | "declined" | "withdrawn" | "paused" | "ended";

export interface AudienceChannel {
  channel: string;
  url?: string;
  size: number;
}

export interface CreatorProfile {
  id: string;
  display_name: string;
  email: string;
  bio: string | null;
  audience: AudienceChannel[];
  niches: string[];
  countries: string[];
  languages: string[];
  content_formats: string[];
  links: string[];
  network: { status: NetworkStatus; requested_at: string | null; reviewed_at: string | null; note: string | null };
  created_at: string;
  updated_at: string;
}

export interface MatchFactor {
  factor: "niche" | "market" | "audience" | "performance";
  points: number;
  max: number;
  reason: string;
}

export interface NetworkCampaign {
  id: string;
  name: string;
  brand: { id: string; name: string };
  description: string | null;
  terms: string | null;
  niches: string[];
  target_markets: string[];
  cookie_window_days: number;
  commission: Commission;
}

export interface CampaignMatch {
  campaign: NetworkCampaign;
  score: number;
  factors: MatchFactor[];
}

export interface TrackingLink {
  id: string;
  code: string;
  url: string;
  enrollment_id: string;
  destination_url: string | null;
  status: "active" | "disabled";
  created_at: string;
}

export interface CreatorEnrollment {
  id: string;
  status: EnrollmentStatus;
  source: "api" | "invite" | "join_page" | "network";
  campaign: NetworkCampaign & { status: string; destination_url: string; allow_creator_links: boolean };
  links: TrackingLink[];
  created_at: string;
  decided_at: string | null;
}

export interface Application {
  id: string;
  campaign_id: string;
  campaign_name: string;
  status: EnrollmentStatus;
  source: CreatorEnrollment["source"];
  profile: {
    id: string;
    display_name: string;
    email: string | null;
    bio: string | null;
    audience: AudienceChannel[];
    niches: string[];
    countries: string[];
    languages: string[];
    content_formats: string[];
    links: string[];
    in_network: boolean;
    /** The creator joined by their own choice: private fields (email) are shown. */
    consented: boolean;
  };
  consented_at: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface RecommendedCreator {
  affiliate: { id: string; display_name: string; niches: string[]; countries: string[]; audience: AudienceChannel[] };
  score: number;
  factors: MatchFactor[];
}

export interface JoinLink {
  enabled: boolean;
  auto_approve: boolean;
  code: string | null;
  url: string | null;
}

export interface CreatorInvitation {
  id: string;
  email: string | null;
  affiliate: { id: string; display_name: string } | null;
  state: "pending" | "accepted" | "revoked" | "expired";
  expires_at: string;
  accepted_at: string | null;
  created_at: string;
}

/** What a join page or a creator invitation shows about a campaign. */
export interface CampaignCard {
  brand_name: string;
  campaign: {
    id: string;
    name: string;
    description: string | null;
    terms: string | null;
    landing_page_url: string | null;
    cookie_window_days: number;
    commission: Commission;
    commission_summary: string;
  };
}

export interface BrandLink extends TrackingLink {
  campaign_id: string;
  affiliate_id: string;
  affiliate_name: string;
  clicks: { total: number; last_30_days: number };
}

export interface Creator {
  id: string;
  display_name: string;
  email: string | null;
  in_network: boolean;
}

export interface Quickstart {
  tracking_base_url: string;
  steps: Record<"campaign" | "creator" | "link" | "rk_js" | "server" | "conversion", { done: boolean; detail: string | null }>;
  campaign_id: string | null;
  link_url: string | null;
  s2s_key_id: string | null;
}

export type ConversionType = "lead" | "sale" | "refund";

export interface Conversion {
  id: string;
  type: ConversionType;
  credited: boolean;
  affiliate_id: string | null;
  affiliate_name: string | null;
  enrollment_id: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  link_id: string | null;
  click_id: string | null;
  customer_external_id: string | null;
  amount: number | null;
  currency: string | null;
  invoice_id: string | null;
  product_id: string | null;
  sale_id: string | null;
  source_event_id: string;
  occurred_at: string;
  created_at: string;
  attribution: {
    via: "click" | "customer" | "sale" | null;
    model: "last_click" | "first_click" | null;
    window_days: number | null;
    clicked_at: string | null;
    link_code: string | null;
    reason: string | null;
    trail: string;
  };
}

export interface Revenue {
  currency: string;
  sales_amount: number;
  refunds_amount: number;
  net_amount: number;
}

export interface DayCounts {
  clicks: number;
  leads: number;
  sales: number;
  refunds: number;
  revenue: Revenue[];
}

export interface Analytics {
  from: string;
  to: string;
  days: (DayCounts & { day: string })[];
  totals: DayCounts;
  top_affiliates: { affiliate_id: string; display_name: string; currency: string; clicks: number; sales: number; sales_amount: number; refunds_amount: number; net_amount: number }[];
}

export interface S2sKey {
  id: string;
  name: string;
  secret_hint: string;
  status: "active" | "revoked";
  previous_secret_expires_at: string | null;
  created_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
  secret?: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  status: "enabled" | "disabled";
  disabled_reason: string | null;
  created_at: string;
  secret?: string;
}

export interface WebhookDelivery {
  id: string;
  endpoint_id: string;
  event: { id: string; type: string };
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  attempt_log?: { attempted_at: string; status_code: number | null; duration_ms: number; error: string | null; response_excerpt: string | null }[];
}

export type CommissionKind = "earning" | "reversal" | "clawback";
export type CommissionStatus = "pending" | "approved" | "paid" | "reversed" | "voided";

/** A commission as the API answers it (amounts are signed minor units). */
export interface CommissionEntry {
  id: string;
  kind: CommissionKind;
  status: CommissionStatus;
  amount: number;
  currency: string;
  affiliate_id: string;
  campaign_id: string;
  conversion_id: string;
  source_event_id: string;
  reverses_commission_id: string | null;
  hold_until: string;
  held_for_review: boolean;
  explanation: { lines: string[]; inputs: Record<string, unknown> };
  approved_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  created_at: string;
}

export interface BrandCommission extends CommissionEntry {
  review_reasons: { rule: string; reason: string }[];
  reviewed_at: string | null;
  affiliate_name: string | null;
  campaign_name: string | null;
}

export interface CommissionDetail extends BrandCommission {
  source: {
    conversion_id: string;
    type: "lead" | "sale" | "refund";
    amount: number | null;
    currency: string | null;
    invoice_id: string | null;
    product_id: string | null;
    customer_external_id: string | null;
    occurred_at: string;
    source_event_id: string;
    trail: string;
  } | null;
}

export interface CreatorCommission extends CommissionEntry {
  brand_name: string | null;
  campaign_name: string | null;
}

export interface BalanceAmounts {
  currency: string;
  pending: number;
  approved: number;
  paid: number;
  clawbacks_outstanding: number;
  payable: number;
}

export interface Earnings {
  balances: (BalanceAmounts & { brand: { id: string; name: string | null } })[];
  months: { month: string; currency: string; amount: number }[];
}

/** Something accepted but not stored (src/dead-letters): kept until replayed. */
export interface DeadLetter {
  id: string;
  brand_id: string | null;
  queue: "rekomi-events" | "rekomi-clicks" | "rekomi-webhooks";
  event_id: string | null;
  stored: boolean | null;
  error: string;
  attempts: number;
  raw: string;
  first_seen_at: string;
  last_seen_at: string;
  replay_count: number;
  last_replayed_at: string | null;
}
