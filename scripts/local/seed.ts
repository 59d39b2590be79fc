import { and, eq, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { generateApiKey, hashApiKey } from "../../src/api-keys/keys";
import { hashPassword } from "../../src/auth/passwords";
import { drizzleOptions, type Tx } from "../../src/infra/db/client";
import { withPrincipal } from "../../src/infra/db/principal";
import * as schema from "../../src/infra/db/schema";
import { newSealedSecret, sealedFor } from "../../src/s2s-keys/secrets";
import { openSecret } from "../../src/infra/secrets/box";

/**
 * Fixed ids make the seed idempotent: re-running upserts the same rows. They are valid
 * prefixed ids (Crockford base32 body), recognisable by the `seed` in the middle.
 */
export const DEMO_IDS = {
  brand: "brd_0000000000seed000000000001",
  user: "usr_0000000000seed000000000001",
  member: "mem_0000000000seed000000000001",
  affiliate: "aff_0000000000seed000000000001",
  affiliateUser: "usr_0000000000seed000000000002",
  campaign: "cmp_0000000000seed000000000001",
  enrollment: "enr_0000000000seed000000000001",
  link: "lnk_0000000000seed000000000001",
  apiKey: "key_0000000000seed000000000001",
  staff: "usr_0000000000seed000000000003",
  s2sKey: "ssk_0000000000seed000000000001",
} as const;

export const DEMO_LINK_CODE = "acme-casey";
export const DEMO_BRAND_EMAIL = "owner@acme.test";
export const DEMO_AFFILIATE_EMAIL = "casey@creator.test";
export const DEMO_STAFF_EMAIL = "staff@rekomi.test";
/** Local demo only: printed by `npm run dev` and written to .rekomi/demo.json. */
export const DEMO_PASSWORD = "acme-demo-passphrase";

export interface DemoData {
  brand_id: string;
  campaign_id: string;
  affiliate_id: string;
  enrollment_id: string;
  link_code: string;
  api_key: string;
  s2s_key_id: string;
  s2s_secret: string;
}

/** Credentials from the last run's demo.json, kept when they still match the database. */
export interface PreviousCredentials {
  api_key?: string | undefined;
  s2s_secret?: string | undefined;
}

/**
 * Seeds the demo brand, campaign, affiliate, enrollment, link, API key and S2S signing key
 * (the brand's owner, the creator and the staff member sign in with DEMO_PASSWORD) as the
 * app role, each row written under the principal that owns it, exactly as the product
 * would. `pepper` must be the dev worker's PASSWORD_PEPPER. Previous credentials (from the
 * last demo.json) are kept when they still match; otherwise they are replaced, since the
 * database cannot give them back (the API key is hashed, the S2S secret sealed under
 * `secretsKey`).
 */
export async function seedDemo(appUrl: string, pepper: string, previous: PreviousCredentials, secretsKey: string): Promise<DemoData> {
  const pool = new pg.Pool({ connectionString: appUrl, max: 2 });
  const db = drizzle({ client: pool, ...drizzleOptions });
  const ids = DEMO_IDS;
  try {
    // Hashed afresh each run: the pepper lives with this checkout's dev secrets.
    const passwordHash = await hashPassword(DEMO_PASSWORD, pepper);
    for (const person of [
      { id: ids.user, email: DEMO_BRAND_EMAIL, name: "Avery Owner" },
      { id: ids.staff, email: DEMO_STAFF_EMAIL, name: "Sam Staff" },
      { id: ids.affiliateUser, email: DEMO_AFFILIATE_EMAIL, name: "Casey Creator" },
    ]) {
      await withPrincipal(db, { kind: "user", userId: person.id }, (tx) =>
        tx
          .insert(schema.users)
          .values({ ...person, passwordHash, emailVerifiedAt: new Date() })
          .onConflictDoUpdate({ target: schema.users.id, set: { passwordHash } }),
      );
    }
    await withPrincipal(db, { kind: "affiliate", affiliateId: ids.affiliate }, (tx) =>
      tx
        .insert(schema.affiliates)
        .values({
          id: ids.affiliate,
          userId: ids.affiliateUser,
          email: DEMO_AFFILIATE_EMAIL,
          displayName: "Casey Creator",
          bio: "Reviews analytics and growth tools for indie SaaS founders.",
          audience: [
            { channel: "youtube", url: "https://youtube.com/@caseycreates", size: 48000 },
            { channel: "newsletter", size: 12500 },
          ],
          niches: ["saas", "analytics", "marketing"],
          countries: ["US", "GB", "CA"],
          languages: ["en"],
          contentFormats: ["video", "newsletter"],
          links: ["https://caseycreates.example"],
        })
        .onConflictDoNothing(),
    );
    // Listed in the network by the demo staff member, as only platform admins may.
    await withPrincipal(db, { kind: "platform_admin", userId: ids.staff }, (tx) =>
      tx
        .update(schema.affiliates)
        .set({ networkStatus: "approved", networkReviewedAt: new Date() })
        .where(and(eq(schema.affiliates.id, ids.affiliate), ne(schema.affiliates.networkStatus, "approved"))),
    );
    // Acting for Casey (her user id), as accepting an invitation does: the database records
    // her consent to the enrollment below only because she is the one acting.
    const seeded = await withPrincipal(db, { kind: "brand", brandId: ids.brand, userId: ids.affiliateUser }, async (tx) => {
      await tx.insert(schema.brands).values({ id: ids.brand, name: "Acme Analytics", websiteUrl: "https://acme.example", defaultCurrency: "USD" }).onConflictDoNothing();
      await tx.insert(schema.brandMembers).values({ id: ids.member, brandId: ids.brand, userId: ids.user, role: "owner" }).onConflictDoNothing();
      await tx
        .insert(schema.campaigns)
        .values({
          id: ids.campaign,
          brandId: ids.brand,
          name: "Acme Pro partner program",
          description: "25 % of every payment for the first 12 months.",
          destinationUrl: "https://acme.example/pricing?ref=partners",
          cookieWindowDays: 30,
          visibility: "listed",
          targetMarkets: ["US", "GB", "CA"],
          niches: ["saas", "analytics"],
          commissionType: "percentage",
          commissionRateBps: 2500,
          commissionDuration: "recurring",
          commissionDurationMonths: 12,
          holdDays: 30,
          minPayoutAmount: 5000,
          currency: "USD",
        })
        .onConflictDoNothing();
      await tx
        .insert(schema.enrollments)
        .values({ id: ids.enrollment, brandId: ids.brand, campaignId: ids.campaign, affiliateId: ids.affiliate, status: "approved", source: "invite", decidedAt: new Date() })
        .onConflictDoNothing();
      await tx
        .insert(schema.trackingLinks)
        .values({ id: ids.link, brandId: ids.brand, campaignId: ids.campaign, enrollmentId: ids.enrollment, affiliateId: ids.affiliate, code: DEMO_LINK_CODE })
        .onConflictDoNothing();

      let apiKey = previous.api_key;
      const [stored] = await tx.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, ids.apiKey));
      const stillValid = stored && !stored.revokedAt && apiKey && stored.keyHash === (await hashApiKey(apiKey));
      if (!stillValid) {
        const fresh = generateApiKey("test");
        apiKey = fresh.key;
        const values = { keyHash: await hashApiKey(fresh.key), prefix: fresh.prefix, revokedAt: null };
        await tx
          .insert(schema.apiKeys)
          .values({ id: ids.apiKey, brandId: ids.brand, name: "Demo key", createdByUserId: ids.user, ...values })
          .onConflictDoUpdate({ target: schema.apiKeys.id, set: values });
      }
      const s2sSecret = await seedS2sKey(tx, previous.s2s_secret, secretsKey);
      return {
        brand_id: ids.brand,
        campaign_id: ids.campaign,
        affiliate_id: ids.affiliate,
        enrollment_id: ids.enrollment,
        link_code: DEMO_LINK_CODE,
        api_key: apiKey!,
        s2s_key_id: ids.s2sKey,
        s2s_secret: s2sSecret,
      };
    });
    // Listing the campaign sent it to review; the demo staff member approves it, as only
    // platform admins may, so creators see it in their matches.
    await withPrincipal(db, { kind: "platform_admin", userId: ids.staff }, (tx) =>
      tx
        .update(schema.campaigns)
        .set({ listingStatus: "approved" })
        .where(and(eq(schema.campaigns.id, ids.campaign), eq(schema.campaigns.visibility, "listed"), ne(schema.campaigns.listingStatus, "approved"))),
    );
    return seeded;
  } finally {
    await pool.end();
  }
}

/** Makes the demo staff user a platform admin, the way operators do it (owner role). */
export async function markDemoStaff(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("select set_platform_admin($1, true)", [DEMO_STAFF_EMAIL]);
  } finally {
    await client.end();
  }
}

/** The demo S2S key; its secret is kept when the stored one still opens to it. */
async function seedS2sKey(tx: Tx, previousSecret: string | undefined, secretsKey: string): Promise<string> {
  const { brand, s2sKey } = DEMO_IDS;
  const [stored] = await tx.select().from(schema.s2sKeys).where(eq(schema.s2sKeys.id, s2sKey));
  if (stored && !stored.revokedAt && previousSecret) {
    const current = await openSecret(secretsKey, stored.secretCiphertext, sealedFor(s2sKey, brand)).catch(() => undefined);
    if (current === previousSecret) return previousSecret;
  }
  const fresh = await newSealedSecret(secretsKey, s2sKey, brand);
  const values = { secretCiphertext: fresh.secretCiphertext, secretHint: fresh.secretHint, previousSecretCiphertext: null, previousSecretExpiresAt: null, revokedAt: null };
  await tx
    .insert(schema.s2sKeys)
    .values({ id: s2sKey, brandId: brand, name: "Demo S2S key", createdByUserId: DEMO_IDS.user, ...values })
    .onConflictDoUpdate({ target: schema.s2sKeys.id, set: values });
  return fresh.secret;
}
