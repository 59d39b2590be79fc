import { env } from "cloudflare:workers";
import { Paddle } from "@paddle/paddle-node-sdk";
import braintree from "braintree";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { sealConnectionSecret } from "../../../src/gateway-connections/secrets";
import { hmacHex } from "../../../src/infra/crypto";
import { withBrand, withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { usingDb, type BrandFixture } from "./fixtures";

/**
 * Gateway connections written the way the connections API writes them (sealed secrets,
 * as the brand), and webhooks signed by the gateways' official SDKs, which all run in
 * workerd: stripe-node's generateTestHeaderStringAsync, braintree's
 * webhookTesting.sampleNotification; Paddle's documented `ts:h1` HMAC, checked against
 * @paddle/paddle-node-sdk's own verifier before it is used.
 */

export interface ConnectionFixture {
  connectionId: string;
  brandId: string;
  gateway: schema.Gateway;
  livemode: boolean;
  /** Stripe and Paddle: the endpoint's signing secret. */
  secret: string;
  /** Braintree: the merchant's key pair (the gateway's SDK signs with it). */
  braintree?: braintree.BraintreeGateway;
}

const randomSecret = (prefix: string) => `${prefix}${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`;

export async function createConnection(brand: BrandFixture, gateway: schema.Gateway, opts: { livemode?: boolean; status?: "active" | "disconnected" } = {}): Promise<ConnectionFixture> {
  const connectionId = newId("gatewayConnection");
  const livemode = opts.livemode ?? false;
  const seal = (plaintext: string, purpose: "credentials" | "signing_secret") => sealConnectionSecret(env.SECRETS_ENCRYPTION_KEY, plaintext, connectionId, brand.brandId, purpose);
  const disconnected = opts.status === "disconnected";
  const base = { id: connectionId, brandId: brand.brandId, gateway, livemode, name: `${gateway} ${livemode ? "live" : "test"}`, status: opts.status ?? "active", disconnectedAt: disconnected ? new Date() : null };
  let fixture: ConnectionFixture;
  let values: typeof schema.gatewayConnections.$inferInsert;
  if (gateway === "braintree") {
    const keys = { merchantId: `m${connectionId.slice(-10)}`, publicKey: `pub${connectionId.slice(-12)}`, privateKey: randomSecret("") };
    const credentials = { merchant_id: keys.merchantId, public_key: keys.publicKey, private_key: keys.privateKey, environment: livemode ? "production" : "sandbox" };
    values = { ...base, secretSource: "credentials", credentialsCiphertext: await seal(JSON.stringify(credentials), "credentials"), credentialsHint: keys.publicKey.slice(-4) };
    const environment = livemode ? braintree.Environment.Production : braintree.Environment.Sandbox;
    fixture = { connectionId, brandId: brand.brandId, gateway, livemode, secret: "", braintree: new braintree.BraintreeGateway({ environment, ...keys }) };
  } else {
    const secret = randomSecret(gateway === "stripe" ? "whsec_" : "pdl_ntfset_");
    const apiKey = gateway === "stripe" ? "rk_test_restricted" : "pdl_apikey_test";
    values = {
      ...base,
      secretSource: "pasted",
      credentialsCiphertext: await seal(JSON.stringify({ api_key: apiKey }), "credentials"),
      signingSecretCiphertext: await seal(secret, "signing_secret"),
      signingSecretHint: secret.slice(-4),
    };
    fixture = { connectionId, brandId: brand.brandId, gateway, livemode, secret };
  }
  await usingDb((db) => withBrand(db, brand.brandId, (tx) => tx.insert(schema.gatewayConnections).values(values)));
  return fixture;
}

/** Rotates the signing secret as the API does: the old one keeps verifying until `previousValidUntil`. */
export async function rotateSigningSecret(connection: ConnectionFixture, previousValidUntil: Date): Promise<string> {
  const secret = randomSecret("whsec_");
  const sealed = await sealConnectionSecret(env.SECRETS_ENCRYPTION_KEY, secret, connection.connectionId, connection.brandId, "signing_secret");
  await usingDb((db) =>
    withBrand(db, connection.brandId, async (tx) => {
      const [row] = await tx.select().from(schema.gatewayConnections).where(eq(schema.gatewayConnections.id, connection.connectionId));
      await tx
        .update(schema.gatewayConnections)
        .set({ signingSecretCiphertext: sealed, previousSigningSecretCiphertext: row!.signingSecretCiphertext, previousSigningSecretExpiresAt: previousValidUntil, rotatedAt: new Date() })
        .where(eq(schema.gatewayConnections.id, connection.connectionId));
    }),
  );
  return secret;
}

export function disconnect(connection: ConnectionFixture) {
  return usingDb((db) =>
    withBrand(db, connection.brandId, (tx) =>
      tx.update(schema.gatewayConnections).set({ status: "disconnected", disconnectedAt: new Date() }).where(eq(schema.gatewayConnections.id, connection.connectionId)),
    ),
  );
}

/** Suspending is staff's call (a trigger refuses it to anyone else). */
export function suspendBrand(brandId: string) {
  return usingDb((db) =>
    withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, (tx) => tx.update(schema.brands).set({ status: "suspended" }).where(eq(schema.brands.id, brandId))),
  );
}

const stripe = new Stripe("sk_test_rekomi_tests");

/** A Stripe delivery: the raw body (an event, or any text) and the `Stripe-Signature` stripe-node makes for it. */
export async function stripeDelivery(event: object | string, secret: string, timestamp?: number): Promise<RequestInit> {
  const payload = typeof event === "string" ? event : JSON.stringify(event);
  const header = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, ...(timestamp !== undefined ? { timestamp } : {}) });
  return { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload };
}

const paddle = new Paddle("pdl_sdbx_apikey_rekomi_tests");

/** A Paddle delivery signed per Paddle's documented scheme, and refused by the test unless Paddle's SDK agrees. */
export async function paddleDelivery(event: object, secret: string, timestamp = Math.floor(Date.now() / 1000)): Promise<RequestInit> {
  const payload = JSON.stringify(event);
  const header = `ts=${timestamp};h1=${await hmacHex("SHA-256", secret, `${timestamp}:${payload}`)}`;
  if (Math.abs(Date.now() / 1000 - timestamp) < 5 && !(await paddle.webhooks.isSignatureValid(payload, secret, header))) throw new Error("Paddle's SDK does not accept this signature");
  return { method: "POST", headers: { "content-type": "application/json", "paddle-signature": header }, body: payload };
}

/** A Braintree delivery: the SDK's sample notification of `kind` about `id`, posted as Braintree posts it (a form). */
export async function braintreeDelivery(connection: ConnectionFixture, kind: braintree.WebhookNotificationKind, id: string): Promise<RequestInit & { body: string }> {
  const signed = await connection.braintree!.webhookTesting.sampleNotification(kind, id);
  return { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ bt_signature: signed.bt_signature, bt_payload: signed.bt_payload }).toString() };
}

const unix = () => Math.floor(Date.now() / 1000);

/** A Stripe `invoice.paid` event (API 2025-03-31.basil shape) for a first subscription payment. */
export function stripeInvoicePaid(opts: { id?: string; livemode?: boolean; amount?: number; account?: string; clickId?: string } = {}) {
  const suffix = crypto.randomUUID().slice(0, 8);
  return {
    id: opts.id ?? `evt_${suffix}`,
    object: "event",
    api_version: "2025-03-31.basil",
    created: unix(),
    livemode: opts.livemode ?? false,
    ...(opts.account ? { account: opts.account } : {}),
    type: "invoice.paid",
    data: {
      object: {
        id: `in_${suffix}`,
        object: "invoice",
        customer: `cus_${suffix}`,
        amount_paid: opts.amount ?? 4900,
        currency: "usd",
        billing_reason: "subscription_create",
        status_transitions: { paid_at: unix() },
        lines: { data: [{ amount: opts.amount ?? 4900, pricing: { price_details: { product: "prod_pro" } } }] },
        parent: { subscription_details: { subscription: `sub_${suffix}`, metadata: opts.clickId ? { rk_click: opts.clickId } : {} } },
      },
    },
  };
}

/** A Paddle Billing `subscription.canceled` notification. */
export function paddleSubscriptionCanceled(eventId = `evt_01${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`) {
  const at = new Date(Date.now() - 1000).toISOString();
  return { event_id: eventId, event_type: "subscription.canceled", occurred_at: at, notification_id: `ntf_${eventId.slice(4)}`, data: { id: "sub_01pdl", customer_id: "ctm_01pdl", status: "canceled", canceled_at: at } };
}

/** What the braintree SDK answers to Braintree's URL check with this connection's key pair. */
export function braintreeChallengeAnswer(connection: ConnectionFixture, challenge: string): string {
  // Public at runtime, missing from @types/braintree.
  return (connection.braintree!.webhookNotification as unknown as { verify(challenge: string): string }).verify(challenge);
}
