import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { users } from "./users";
import { brandRows, lookupReads } from "./rls";

export const GATEWAYS = ["stripe", "paddle", "braintree"] as const;
export type Gateway = (typeof GATEWAYS)[number];

/**
 * How the connection's webhook signing secret was obtained: `registered` (Rekomi created
 * the gateway's webhook endpoint / notification destination through its API and kept the
 * secret it returned), `pasted` (the brand pasted it, when the key may not manage
 * endpoints) or `credentials` (Braintree signs with the API key pair itself).
 */
export const SECRET_SOURCES = ["registered", "pasted", "credentials"] as const;

/**
 * A brand's connection to one payment gateway in one mode (test or live side by side).
 * Every secret is sealed at rest (src/infra/secrets/box.ts, bound to the connection id)
 * and never shown again: `credentials_ciphertext` holds the API credentials as JSON
 * (Stripe restricted key; Paddle API key; Braintree merchant id, public and private key,
 * environment), `signing_secret_ciphertext` the webhook secret. After a rotation the
 * previous signing secret keeps verifying until `previous_signing_secret_expires_at`.
 */
export const gatewayConnections = pgTable(
  "gateway_connections",
  {
    id: text().primaryKey(),
    brandId: text().notNull().references(() => brands.id, { onDelete: "cascade" }),
    gateway: text().$type<Gateway>().notNull(),
    livemode: boolean().notNull(),
    name: text().notNull(),
    status: text().$type<"active" | "disconnected">().notNull().default("active"),
    /** The gateway's account: Stripe `acct_…`, Paddle seller id, Braintree merchant id. Events naming another account are not this connection's. */
    accountId: text(),
    /**
     * A Stripe Connect platform connection: the endpoint was registered with `connect: true`,
     * so it receives the events of the platform's connected accounts (each carrying their
     * `account`), all credited to this brand. A normal connection ignores events naming
     * another account.
     */
    connect: boolean().notNull().default(false),
    credentialsCiphertext: text(),
    /** Last characters of the API key (or Braintree public key), safe to show. */
    credentialsHint: text(),
    signingSecretCiphertext: text(),
    signingSecretHint: text(),
    secretSource: text().$type<(typeof SECRET_SOURCES)[number]>().notNull(),
    previousSigningSecretCiphertext: text(),
    previousSigningSecretExpiresAt: timestamp({ withTimezone: true }),
    /** The gateway's id of the endpoint Rekomi registered (Stripe `we_…`, Paddle `ntfset_…`), to update or delete it. */
    remoteEndpointId: text(),
    /** The cron's cursor for gateways that send no refund webhook (Braintree): refunds created before it were looked for. */
    polledUntil: timestamp({ withTimezone: true }),
    lastEventAt: timestamp({ withTimezone: true }),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    rotatedAt: timestamp({ withTimezone: true }),
    disconnectedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("gateway_connections_brand").on(t.brandId, t.id),
    // One active connection per gateway, mode and kind (own account, Connect platform): events
    // have one place to land (Stripe sends a platform's own payments to its normal endpoint and
    // its connected accounts' to its Connect endpoint).
    uniqueIndex("gateway_connections_active").on(t.brandId, t.gateway, t.livemode, t.connect).where(sql`${t.status} = 'active'`),
    check("gateway_connections_gateway", sql`${t.gateway} in ('stripe', 'paddle', 'braintree')`),
    check("gateway_connections_status", sql`${t.status} in ('active', 'disconnected')`),
    check("gateway_connections_secret_source", sql`${t.secretSource} in ('registered', 'pasted', 'credentials')`),
    check("gateway_connections_signing_secret", sql`(${t.secretSource} = 'credentials') = (${t.signingSecretCiphertext} is null)`),
    check("gateway_connections_previous", sql`(${t.previousSigningSecretCiphertext} is null) = (${t.previousSigningSecretExpiresAt} is null)`),
    check("gateway_connections_disconnected", sql`(${t.status} = 'disconnected') = (${t.disconnectedAt} is not null)`),
    brandRows(t.brandId),
    // gateway_connection_for_webhook() lets the edge find a connection before any principal exists.
    lookupReads(),
  ],
).enableRLS();

/**
 * Webhooks the edge refused for their signature, counted per connection, hour and reason
 * (the edge queues a sampled notice; the events consumer adds it here). Refused bodies are
 * never stored: an unsigned body is not the brand's data.
 */
export const gatewaySignatureRefusals = pgTable(
  "gateway_signature_refusals",
  {
    connectionId: text()
      .notNull()
      .references(() => gatewayConnections.id, { onDelete: "cascade" }),
    brandId: text().notNull(),
    hour: timestamp({ withTimezone: true }).notNull(),
    reason: text().notNull(),
    count: integer().notNull(),
    lastAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "gateway_signature_refusals_pk", columns: [t.connectionId, t.hour, t.reason] }), index("gateway_signature_refusals_brand").on(t.brandId, t.hour), brandRows(t.brandId)],
).enableRLS();
