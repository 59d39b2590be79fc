import { env, exports } from "cloudflare:workers";
import { and, eq, ne, sql } from "drizzle-orm";
import { generateApiKey, hashApiKey } from "../../../src/api-keys/keys";
import { newToken } from "../../../src/auth/tokens";
import { openDb } from "../../../src/infra/db/client";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";

/**
 * Test data written the way the product writes it: as the app role, each row under the
 * principal that owns it. Every call makes fresh ids, so tests never collide.
 */

export async function usingDb<T>(fn: (db: ReturnType<typeof openDb>["db"]) => Promise<T>): Promise<T> {
  const { db, close } = openDb(env);
  try {
    return await fn(db);
  } finally {
    await close();
  }
}

export interface BrandFixture {
  brandId: string;
  apiKey: string;
  apiKeyId: string;
  campaignId: string;
}

/** A brand with one API key and one active percentage campaign. */
export async function createBrand(name = "Test brand"): Promise<BrandFixture> {
  const brandId = newId("brand");
  const apiKeyId = newId("apiKey");
  const campaignId = newId("campaign");
  const { key } = generateApiKey("test");
  await usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId }, async (tx) => {
      await tx.insert(schema.brands).values({ id: brandId, name });
      await tx.insert(schema.apiKeys).values({ id: apiKeyId, brandId, name: "test", prefix: key.slice(0, 12), keyHash: await hashApiKey(key) });
      await tx.insert(schema.campaigns).values({
        id: campaignId,
        brandId,
        name: `${name} campaign`,
        destinationUrl: "https://brand.example/pricing?plan=pro",
        commissionType: "percentage",
        commissionRateBps: 2000,
        commissionDuration: "recurring",
        commissionDurationMonths: 12,
        currency: "USD",
      });
    }),
  );
  return { brandId, apiKey: key, apiKeyId, campaignId };
}

/** A creator profile; `listed` puts it in the curated network (visible to every brand). */
export async function createAffiliate(opts: { listed?: boolean; name?: string } = {}): Promise<{ affiliateId: string; email: string }> {
  const affiliateId = newId("affiliate");
  const email = `${affiliateId}@creator.test`;
  await usingDb(async (db) => {
    await withPrincipal(db, { kind: "affiliate", affiliateId }, (tx) => tx.insert(schema.affiliates).values({ id: affiliateId, email, displayName: opts.name ?? "Test Creator" }));
    // Only Rekomi staff list creators in the network (a trigger enforces it).
    if (opts.listed) await approveInNetwork(db, affiliateId);
  });
  return { affiliateId, email };
}

/** Lists a creator in the network as Rekomi staff would (a platform-admin principal). */
export async function approveInNetwork(db: ReturnType<typeof openDb>["db"], affiliateId: string): Promise<void> {
  await withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, (tx) =>
    tx.update(schema.affiliates).set({ networkStatus: "approved" }).where(eq(schema.affiliates.id, affiliateId)),
  );
}

/**
 * Approves a listed campaign's listing as Rekomi staff would (a platform-admin principal):
 * only approved listings reach creators' matches and applications (curated listings).
 */
export async function approveListing(campaignId: string): Promise<void> {
  await usingDb((db) =>
    withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, (tx) =>
      tx.update(schema.campaigns).set({ listingStatus: "approved" }).where(eq(schema.campaigns.id, campaignId)),
    ),
  );
}

/**
 * An enrollment in `status`, made the way the product makes one (the database refuses a
 * brand's approval without the creator's consent): pending = the creator applied to the
 * campaign in the network (so it is listed and approved by staff first) (and the
 * brand rejected it for `rejected`); invited = the brand's offer; approved = the brand
 * offered and the creator accepted (then the brand paused or ended it for those).
 */
export async function enrollmentIn(
  db: ReturnType<typeof openDb>["db"],
  at: { brandId: string; campaignId: string; affiliateId: string },
  status: schema.EnrollmentStatus = "approved",
): Promise<string> {
  const id = newId("enrollment");
  const asBrand = { kind: "brand", brandId: at.brandId } as const;
  const asCreator = { kind: "affiliate", affiliateId: at.affiliateId } as const;
  const move = (principal: typeof asBrand | typeof asCreator, to: schema.EnrollmentStatus) =>
    withPrincipal(db, principal, (tx) => tx.update(schema.enrollments).set({ status: to, decidedAt: new Date() }).where(eq(schema.enrollments.id, id)));
  if (status === "pending" || status === "rejected") {
    // Creators apply only to network campaigns: the brand lists it and staff approve it.
    await withPrincipal(db, asBrand, (tx) => tx.update(schema.campaigns).set({ visibility: "listed" }).where(and(eq(schema.campaigns.id, at.campaignId), eq(schema.campaigns.visibility, "private"))));
    await withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, (tx) =>
      tx.update(schema.campaigns).set({ listingStatus: "approved" }).where(and(eq(schema.campaigns.id, at.campaignId), ne(schema.campaigns.listingStatus, "approved"))),
    );
    await withPrincipal(db, asCreator, (tx) => tx.insert(schema.enrollments).values({ id, ...at, status: "pending", source: "network" }));
    if (status === "rejected") await move(asBrand, "rejected");
    return id;
  }
  await withPrincipal(db, asBrand, (tx) => tx.insert(schema.enrollments).values({ id, ...at, status: "invited", source: "api" }));
  if (status === "invited") return id;
  if (status === "declined") return await move(asCreator, "declined"), id;
  if (status === "withdrawn") return await move(asBrand, "withdrawn"), id;
  await move(asCreator, "approved");
  if (status !== "approved") await move(asBrand, status);
  return id;
}

/** The creator accepts an offer as their own principal (what `POST /api/creator/offers/{id}/accept` does, for creators without a session). */
export async function acceptOfferDirectly(affiliateId: string, enrollmentId: string): Promise<void> {
  await usingDb((db) =>
    withPrincipal(db, { kind: "affiliate", affiliateId }, async (tx) => {
      const rows = await tx.update(schema.enrollments).set({ status: "approved", decidedAt: new Date() }).where(eq(schema.enrollments.id, enrollmentId)).returning();
      if (rows.length !== 1) throw new Error(`no open offer ${enrollmentId} for ${affiliateId}`);
    }),
  );
}

/** Enrolls an affiliate (approved: offered and accepted) in a brand's campaign and gives it a link. */
export async function enroll(brand: BrandFixture, affiliateId: string, campaignId = brand.campaignId) {
  const linkId = newId("link");
  const code = `t${linkId.slice(-12)}`;
  const enrollmentId = await usingDb(async (db) => {
    const enrollmentId = await enrollmentIn(db, { brandId: brand.brandId, campaignId, affiliateId });
    await withPrincipal(db, { kind: "brand", brandId: brand.brandId }, (tx) =>
      tx.insert(schema.trackingLinks).values({ id: linkId, brandId: brand.brandId, campaignId, enrollmentId, affiliateId, code }),
    );
    return enrollmentId;
  });
  return { enrollmentId, linkId, code };
}

/** What a test commission may differ in; every field has the default of a plain pending earning. */
export interface CommissionFixture {
  kind?: schema.CommissionKind;
  /** Signed minor units (default 10.00). */
  amount?: number;
  /** The sale behind it, minor units (default 100.00). */
  saleAmount?: number;
  currency?: string;
  status?: schema.CommissionStatus;
  livemode?: boolean;
  reversesId?: string;
  payoutId?: string;
  /** Default: 30 days from now. */
  holdUntil?: Date;
}

/**
 * A commission the brand owes the creator on that enrollment (by default pending, 10.00 USD),
 * with the event and the sale behind it, written directly: tests about who pays whom need
 * one, not the whole attribution pipeline.
 */
export async function recordCommission(brandId: string, enrollment: { id: string; campaignId: string; affiliateId: string }, input: CommissionFixture = {}): Promise<string> {
  const eventId = newId("trackingEvent");
  const conversionId = newId("conversion");
  const commissionId = newId("commission");
  const now = new Date();
  const currency = input.currency ?? "USD";
  const status = input.status ?? "pending";
  await usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId }, async (tx) => {
      await tx.insert(schema.trackingEvents).values({ id: eventId, brandId, source: "s2s", deliveryId: eventId, type: "sale", payload: {}, receivedAt: now });
      await tx.insert(schema.conversions).values({
        id: conversionId,
        brandId,
        type: "sale",
        sourceEventId: eventId,
        affiliateId: enrollment.affiliateId,
        enrollmentId: enrollment.id,
        campaignId: enrollment.campaignId,
        amount: input.saleAmount ?? 10_000,
        currency,
        invoiceId: conversionId,
        occurredAt: now,
        attribution: { model: "direct" } as never,
        trail: "test sale",
      });
      await tx.insert(schema.commissions).values({
        id: commissionId,
        brandId,
        campaignId: enrollment.campaignId,
        enrollmentId: enrollment.id,
        affiliateId: enrollment.affiliateId,
        conversionId,
        sourceEventId: eventId,
        kind: input.kind ?? "earning",
        amount: input.amount ?? 1_000,
        currency,
        status,
        livemode: input.livemode ?? true,
        reversesId: input.reversesId ?? null,
        payoutId: input.payoutId ?? null,
        holdUntil: input.holdUntil ?? new Date(now.getTime() + 30 * 86_400_000),
        approvedAt: status === "approved" || status === "paid" ? now : null,
        paidAt: status === "paid" ? now : null,
        explanation: { lines: [], inputs: {} } as never,
      });
    }),
  );
  return commissionId;
}

/** Calls the worker under test like a client would. */
export function call(path: string, init: RequestInit & { key?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(new Request(`http://worker.test${path}`, { ...init, headers, body: body ?? null }));
}

/** The origin the worker sees in tests (`http://worker.test`): dashboard writes must carry it. */
export const ORIGIN = "http://worker.test";

let ipCounter = 0;
/** A distinct client IP per browser, so rate-limit buckets of different tests never meet. */
function freshIp(): string {
  ipCounter++;
  const r = crypto.getRandomValues(new Uint8Array(2));
  return `10.${r[0]}.${r[1]}.${ipCounter % 250}`;
}

/**
 * A browser talking to the dashboard API: keeps cookies (as a browser would, ignoring
 * Secure over http like Chromium does for loopback), sends the dashboard's Origin and a
 * stable client IP.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly ip = freshIp()) {}

  async request(method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const body = json !== undefined ? JSON.stringify(json) : method !== "GET" && method !== "DELETE" ? "{}" : null;
    return this.send(method, path, body, body === null ? headers : { "content-type": "application/json", ...headers });
  }

  /** POSTs a raw body (a file upload: bytes or a stream), as the dashboard's XHR does. */
  upload(path: string, body: BodyInit, contentType = "application/pdf", headers: Record<string, string> = {}): Promise<Response> {
    return this.send("POST", path, body, { "content-type": contentType, ...headers });
  }

  private async send(method: string, path: string, body: BodyInit | null, headers: Record<string, string>): Promise<Response> {
    const h = new Headers({ origin: ORIGIN, "cf-connecting-ip": this.ip, ...headers });
    if (this.cookies.size > 0) h.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers: h, body }));
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string) {
    return this.request("GET", path);
  }
  post(path: string, json?: unknown) {
    return this.request("POST", path, json);
  }
  patch(path: string, json?: unknown) {
    return this.request("PATCH", path, json);
  }
  delete(path: string) {
    return this.request("DELETE", path);
  }
}

export interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  links: string[];
}

/** Mail the app wrote to the dev mailbox for `to`, newest first. */
export async function mailTo(to: string): Promise<Mail[]> {
  const res = await exports.default.fetch(`${ORIGIN}/dev/mailbox/messages?to=${encodeURIComponent(to)}`);
  return (await res.json<{ data: Mail[] }>()).data;
}

/** The token of the newest mailed link to `path` (e.g. "/verify-email") for `to`. */
export async function mailedToken(to: string, path: string): Promise<string> {
  for (const mail of await mailTo(to)) {
    const link = mail.links.find((l) => new URL(l).pathname === path);
    if (link) return new URL(link).hash.replace(/^#token=/, "");
  }
  throw new Error(`no mail to ${to} with a link to ${path}`);
}

export const PASSWORD = "correct horse battery staple";

let emailCounter = 0;
export function uniqueEmail(label = "user"): string {
  emailCounter++;
  return `${label}-${Date.now().toString(36)}-${emailCounter}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}@people.test`;
}

/** Signs up, verifies through the mailbox, and signs in: a verified user with a session. */
export async function signedUpUser(opts: { verified?: boolean; email?: string; password?: string } = {}): Promise<{ browser: Browser; email: string; password: string; userId: string }> {
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? PASSWORD;
  const browser = new Browser();
  const signUp = await browser.post("/api/auth/sign-up", { email, password, name: "Test Person" });
  if (signUp.status !== 202) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  if (opts.verified !== false) {
    // A never-verified account's verifier chooses the password (pre-registration squatting).
    const verify = await browser.post("/api/auth/verify-email", { token: await mailedToken(email, "/verify-email"), password });
    if (verify.status !== 200) throw new Error(`verify failed: ${verify.status} ${await verify.text()}`);
  }
  const signIn = await browser.post("/api/auth/sign-in", { email, password });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const me = await signIn.json<{ id: string }>();
  return { browser, email, password, userId: me.id };
}

/** A signed-in creator: a user (verified unless asked otherwise) whose account has a creator profile. */
export async function signedInCreator(opts: { verified?: boolean } = {}) {
  const person = await signedUpUser(opts);
  const affiliateId = newId("affiliate");
  await usingDb((db) =>
    withPrincipal(db, { kind: "user", userId: person.userId }, (tx) =>
      tx.insert(schema.affiliates).values({ id: affiliateId, userId: person.userId, email: person.email, displayName: "Signed-in Creator" }),
    ),
  );
  return { ...person, affiliateId };
}

/** A brand created through the dashboard by a verified owner. */
export async function brandOwnedBy(owner: Browser, name = "Team brand"): Promise<string> {
  const res = await owner.post("/api/brands", { name });
  if (res.status !== 201) throw new Error(`brand creation failed: ${res.status} ${await res.text()}`);
  return (await res.json<{ id: string }>()).id;
}

/** Invites `member` by email and accepts the mailed invitation as them. */
export async function inviteAndAccept(owner: Browser, brandId: string, member: { browser: Browser; email: string }, role: "admin" | "member" | "viewer") {
  const invited = await owner.post(`/api/brands/${brandId}/invitations`, { email: member.email, role });
  if (invited.status !== 201) throw new Error(`invitation failed: ${invited.status} ${await invited.text()}`);
  const accepted = await member.browser.post("/api/invitations/accept", { token: await mailedToken(member.email, "/invitations") });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${await accepted.text()}`);
  return accepted.json<{ member_id: string }>();
}

/** Adds a membership directly, as the brand: for states no flow produces today (an unverified member). */
export async function addMemberDirectly(brandId: string, userId: string, role: "owner" | "admin" | "member" | "viewer"): Promise<string> {
  const id = newId("member");
  await usingDb((db) => withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.insert(schema.brandMembers).values({ id, brandId, userId, role })));
  return id;
}

/** Marks a user as Rekomi staff the way operators do (owner role, set_platform_admin()). */
export async function makePlatformAdmin(email: string, staff = true): Promise<void> {
  const { db, close } = openDb({ DATABASE_URL: env.TEST_OWNER_DATABASE_URL!, LOCAL_DB_BRIDGE: env.LOCAL_DB_BRIDGE });
  try {
    await db.execute(sql`select set_platform_admin(${email}, ${staff})`);
  } finally {
    await close();
  }
}

export async function errorOf(res: Response): Promise<{ code: string; message: string; param?: string }> {
  return (await res.json<{ error: { code: string; message: string; param?: string } }>()).error;
}

/** Mints an emailed-link token for a user directly (as that user), e.g. one already expired. */
export async function mintTokenDirectly(userId: string, purpose: "verify_email" | "reset_password" | "change_email", email: string, expiresAt: Date): Promise<string> {
  const { token, hash } = await newToken();
  await usingDb((db) =>
    withPrincipal(db, { kind: "user", userId }, (tx) => tx.insert(schema.authTokens).values({ id: newId("authToken"), userId, purpose, tokenHash: hash, email, expiresAt })),
  );
  return token;
}

/** A creator profile for a user, written as that user (for states the API refuses to make, like an unverified creator). */
export async function createProfileDirectly(userId: string, email: string, values: Partial<typeof schema.affiliates.$inferInsert> = {}): Promise<string> {
  const id = newId("affiliate");
  await usingDb((db) => withPrincipal(db, { kind: "user", userId }, (tx) => tx.insert(schema.affiliates).values({ id, userId, email, displayName: "Direct Creator", ...values })));
  return id;
}

export interface CreatorFixture {
  browser: Browser;
  email: string;
  userId: string;
  affiliateId: string;
}

/** A verified user with a creator profile made through the dashboard API. */
export async function signedUpCreator(profile: Record<string, unknown> = {}): Promise<CreatorFixture> {
  const user = await signedUpUser();
  const res = await user.browser.post("/api/creator/profile", { display_name: "Casey Creator", ...profile });
  if (res.status !== 201) throw new Error(`profile creation failed: ${res.status} ${await res.text()}`);
  return { browser: user.browser, email: user.email, userId: user.userId, affiliateId: (await res.json<{ id: string }>()).id };
}

export const CAMPAIGN_INPUT = {
  name: "Pro partner program",
  destination_url: "https://shop.example/pricing",
  commission: { type: "percentage", rate_bps: 2000, currency: "USD", duration: "recurring", duration_months: 12 },
} as const;

/** A brand made through the dashboard by a verified owner, with one campaign (listed and approved by staff unless told otherwise). */
export async function dashboardBrand(campaign: Record<string, unknown> = {}): Promise<{ owner: Browser; ownerUserId: string; brandId: string; campaignId: string }> {
  const owner = await signedUpUser();
  const brandId = await brandOwnedBy(owner.browser, "Recruiting brand");
  const campaignId = await dashboardCampaign(owner.browser, brandId, campaign);
  return { owner: owner.browser, ownerUserId: owner.userId, brandId, campaignId };
}

export async function dashboardCampaign(owner: Browser, brandId: string, campaign: Record<string, unknown> = {}): Promise<string> {
  const res = await owner.post(`/api/brands/${brandId}/campaigns`, { ...CAMPAIGN_INPUT, visibility: "listed", ...campaign });
  if (res.status !== 201) throw new Error(`campaign creation failed: ${res.status} ${await res.text()}`);
  const created = await res.json<{ id: string; visibility: string }>();
  // A listed campaign waits for staff review; these fixtures stand for campaigns already in the network.
  if (created.visibility === "listed") await approveListing(created.id);
  return created.id;
}

/** A teammate of `role` in the brand, signed in. */
export async function teammate(owner: Browser, brandId: string, role: "admin" | "member" | "viewer"): Promise<Browser> {
  const person = await signedUpUser();
  await inviteAndAccept(owner, brandId, person, role);
  return person.browser;
}

/** Webhook events the brand's outbox holds about `subjectId` (read as the brand). */
export async function webhookEventsAbout(brandId: string, subjectId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId }, (tx) =>
      tx
        .select({ type: schema.webhookEvents.type, data: schema.webhookEvents.data })
        .from(schema.webhookEvents)
        .where(sql`${schema.webhookEvents.subjectId} like ${`${subjectId}%`}`)
        // In the order they happened: without it Postgres may answer in any order.
        .orderBy(schema.webhookEvents.createdAt, schema.webhookEvents.id),
    ),
  );
}

/** Rekomi staff, signed in. */
export async function staffBrowser(): Promise<Browser> {
  const staff = await signedUpUser();
  await makePlatformAdmin(staff.email);
  return staff.browser;
}
