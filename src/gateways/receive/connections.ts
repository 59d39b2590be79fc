import { openBraintreeCredentials, openConnectionSecret } from "../../gateway-connections/secrets";
import { describeDbError } from "../../infra/db/errors";
import { gatewayConnectionForWebhook, type GatewayConnectionRecord } from "../../infra/edge/lookups";
import { edgeSql, type DbBindings } from "../../infra/edge/sql";
import { DomainError } from "../../infra/domain-error";
import { IsolateCache } from "../../infra/edge/isolate-cache";
import type { BraintreeKeys } from "../braintree/verify";
import type { GatewayName } from "../types";

/**
 * Connection id → what the edge needs to verify that connection's webhooks, opened once
 * per isolate, the same way S2S keys are (src/ingest/signing-keys.ts): the warm path reads
 * no database. Bounded staleness: a rotation, a disconnection or a suspension is enforced
 * by every isolate at most CONNECTION_TTL_MS after it happened (the previous signing
 * secret's expiry is absolute, so it ends on time even while cached). No stale fallback:
 * when Postgres is down the edge answers 503 and the gateway retries, rather than trust a
 * connection that may have been disconnected.
 */
export const CONNECTION_TTL_MS = 30_000;

export interface WebhookConnection {
  connectionId: string;
  brandId: string;
  gateway: GatewayName;
  livemode: boolean;
  active: boolean;
  brandActive: boolean;
  /** Stripe and Paddle: the endpoint's signing secrets, the previous one until its expiry. */
  signingSecrets: { secret: string; validUntil: number | null }[];
  /** Braintree: signs with the merchant's API key pair. */
  braintreeKeys: BraintreeKeys | null;
}

const connections = new IsolateCache<WebhookConnection | null>({ ttlMs: CONNECTION_TTL_MS, maxEntries: 5_000, staleIfErrorMs: 0 });

type Config = DbBindings & { SECRETS_ENCRYPTION_KEY: string };

async function open(config: Config, row: GatewayConnectionRecord): Promise<WebhookConnection> {
  const unseal = (sealed: string, purpose: "credentials" | "signing_secret") => openConnectionSecret(config.SECRETS_ENCRYPTION_KEY, sealed, row.connectionId, row.brandId, purpose);
  const signingSecrets: WebhookConnection["signingSecrets"] = [];
  if (row.signingSecretCiphertext) signingSecrets.push({ secret: await unseal(row.signingSecretCiphertext, "signing_secret"), validUntil: null });
  if (row.previousSigningSecretCiphertext && row.previousSigningSecretExpiresAt) {
    signingSecrets.push({ secret: await unseal(row.previousSigningSecretCiphertext, "signing_secret"), validUntil: row.previousSigningSecretExpiresAt.getTime() });
  }
  let braintreeKeys: BraintreeKeys | null = null;
  if (row.gateway === "braintree" && row.credentialsCiphertext) {
    const credentials = await openBraintreeCredentials(config.SECRETS_ENCRYPTION_KEY, row.credentialsCiphertext, row.connectionId, row.brandId);
    braintreeKeys = { publicKey: credentials.public_key, privateKey: credentials.private_key };
  }
  return {
    connectionId: row.connectionId,
    brandId: row.brandId,
    gateway: row.gateway,
    livemode: row.livemode,
    active: row.active,
    brandActive: row.brandActive,
    signingSecrets,
    braintreeKeys,
  };
}

async function load(config: Config, connectionId: string): Promise<WebhookConnection | null> {
  const row = await gatewayConnectionForWebhook(edgeSql(config), connectionId);
  if (!row) return null;
  // A disconnected connection's secrets are never opened: nothing is verified with them.
  if (!row.active) return { connectionId: row.connectionId, brandId: row.brandId, gateway: row.gateway, livemode: row.livemode, active: false, brandActive: row.brandActive, signingSecrets: [], braintreeKeys: null };
  return open(config, row);
}

/** The cached connection while fresh (null: known to be unknown), or undefined: call webhookConnectionCached. */
export function peekWebhookConnection(connectionId: string): WebhookConnection | null | undefined {
  return connections.peek(connectionId)?.value;
}

export function webhookConnectionCached(config: Config, connectionId: string): Promise<WebhookConnection | null> {
  return connections.get(connectionId, async () => {
    const fetchedAt = Date.now();
    try {
      return { value: await load(config, connectionId), fetchedAt };
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "gateway connection lookup failed", connection_id: connectionId, error: describeDbError(err) }));
      throw new DomainError("service_unavailable", "The gateway connection cannot be checked right now; the gateway will retry this delivery.");
    }
  });
}

/** The signing secrets that verify right now: the current one, and the previous one until it expires. */
export function usableSigningSecrets(connection: WebhookConnection, nowMs: number): string[] {
  return connection.signingSecrets.filter((s) => s.validUntil === null || nowMs < s.validUntil).map((s) => s.secret);
}
