import type { Tx } from "../infra/db/client";
import { isUniqueViolation } from "../infra/db/errors";
import type { Gateway } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { findActiveGatewayConnection, findGatewayConnection, insertGatewayConnection, updateGatewayConnection, type GatewayConnectionRow } from "./queries";
import { checkKeyMode, deleteEndpoint, isRegistering, registerEndpoint, type GatewayApis, type RegisteringGateway, type RemoteEndpoint } from "./remote";
import { stripeAccountId } from "./remote/stripe";
import { PREVIOUS_SECRET_GRACE_MS, webhookUrlOf, type CreateGatewayConnection, type RotateGatewayConnection } from "./schemas";
import { hintOf, openBraintreeCredentials, openConnectionSecret, sealConnectionSecret, type BraintreeCredentials, type GatewayCredentials } from "./secrets";

/**
 * The connection lifecycle behind the operations (./operations.ts) and the demo seed.
 * Calls to the gateway happen inside the caller's transaction, before the row is written:
 * an endpoint registered at the gateway is returned as `registered` so the caller can
 * remove it (`forgetEndpoint`) if its transaction does not commit, and an endpoint that a
 * change made obsolete is returned for removal after the commit. Errors name the field.
 */

/** What connecting needs from the app's configuration (src/infra/app/config.ts). */
export interface GatewayConnectionsConfig extends GatewayApis {
  SECRETS_ENCRYPTION_KEY: string;
  TRACKING_BASE_URL: string;
}

export interface ConnectGatewayInput extends CreateGatewayConnection {
  brandId: string;
  createdByUserId?: string | null;
}

const LABELS: Record<Gateway, string> = { stripe: "Stripe", paddle: "Paddle", braintree: "Braintree" };

/**
 * Connects a gateway for `input.brandId` in `tx` (a transaction as that brand). Stripe and
 * Paddle: registers Rekomi's webhook endpoint with the key (or takes the pasted secret;
 * `stripe.connect`: a Connect endpoint, for a platform's connected accounts);
 * Braintree: keeps the key pair, which is what signs its notifications. `signingSecret` is
 * for the demo seed, which writes it for local senders; never show it to a brand.
 */
export async function connectGateway(tx: Tx, config: GatewayConnectionsConfig, input: ConnectGatewayInput) {
  const { gateway, brandId } = input;
  const livemode = input.mode === "live";
  onlySection(input, gateway, { required: true });
  const connect = gateway === "stripe" && input.stripe?.connect === true;
  const existing = await findActiveGatewayConnection(tx, gateway, livemode, connect);
  if (existing) throw alreadyConnected(gateway, input.mode, connect, existing.id);

  const id = newId("gatewayConnection");
  const webhookUrl = webhookUrlOf(config.TRACKING_BASE_URL, gateway, id);
  const seal = (plaintext: string, purpose: "credentials" | "signing_secret") => sealConnectionSecret(config.SECRETS_ENCRYPTION_KEY, plaintext, id, brandId, purpose);
  const label = `${LABELS[gateway]}${connect ? " Connect" : ""}`;
  const base = { id, brandId, gateway, livemode, connect, name: input.name ?? `${label} (${input.mode})`, createdByUserId: input.createdByUserId ?? null };

  let values: Parameters<typeof insertGatewayConnection>[1];
  let registered: Awaited<ReturnType<typeof registeredOrPasteNeeded>> | null = null;
  let signingSecret: string | null = null;
  if (gateway === "braintree") {
    const keys = input.braintree!;
    const credentials: BraintreeCredentials = { ...keys, environment: livemode ? "production" : "sandbox" };
    values = { ...base, accountId: keys.merchant_id, credentialsCiphertext: await seal(JSON.stringify(credentials), "credentials"), credentialsHint: hintOf(keys.public_key), secretSource: "credentials" };
  } else {
    const { api_key: apiKey, signing_secret: pasted } = input[gateway]!;
    checkKeyMode(gateway, apiKey, livemode);
    const accountId = gateway === "stripe" ? await stripeAccountId(config.STRIPE_API_URL, apiKey) : null;
    // Registered last: if the row is not written after this, the endpoint is removed again (below).
    registered = pasted ? null : await registeredOrPasteNeeded(config, gateway, livemode, apiKey, webhookUrl, id, connect);
    signingSecret = pasted ?? registered!.secret;
    values = {
      ...base,
      accountId,
      credentialsCiphertext: await seal(JSON.stringify({ api_key: apiKey }), "credentials"),
      credentialsHint: hintOf(apiKey),
      signingSecretCiphertext: await seal(signingSecret, "signing_secret"),
      signingSecretHint: hintOf(signingSecret),
      secretSource: pasted ? "pasted" : "registered",
      remoteEndpointId: registered?.endpointId ?? null,
    };
  }

  try {
    const row = await insertGatewayConnection(tx, values);
    return { row, registered, signingSecret };
  } catch (error) {
    await forgetEndpoint(config, registered);
    if (isUniqueViolation(error, "gateway_connections_active")) throw alreadyConnected(gateway, input.mode, connect);
    throw error;
  }
}

/**
 * New credentials and/or a new signing secret under the same connection (and webhook URL).
 * Stripe and Paddle: the pasted secret, or a new endpoint registered with the new (or the
 * current) key, replacing Rekomi's earlier one (`replaced`, to delete after the commit);
 * the previous secret keeps verifying for 24 hours. Braintree: a new key pair.
 */
export async function rotateGatewayConnection(tx: Tx, config: GatewayConnectionsConfig, id: string, input: RotateGatewayConnection) {
  const current = await activeConnection(tx, id);
  const { gateway, brandId, livemode } = current;
  onlySection(input, gateway, { required: gateway === "braintree" });
  const seal = (plaintext: string, purpose: "credentials" | "signing_secret") => sealConnectionSecret(config.SECRETS_ENCRYPTION_KEY, plaintext, id, brandId, purpose);
  const now = new Date();

  if (gateway === "braintree") {
    const keys = input.braintree!;
    const old = (await openCredentials(config, current)) as BraintreeCredentials;
    const credentials: BraintreeCredentials = { ...old, merchant_id: keys.merchant_id ?? old.merchant_id, public_key: keys.public_key, private_key: keys.private_key };
    const row = await updateGatewayConnection(tx, id, {
      accountId: credentials.merchant_id,
      credentialsCiphertext: await seal(JSON.stringify(credentials), "credentials"),
      credentialsHint: hintOf(credentials.public_key),
      rotatedAt: now,
    });
    return { row, registered: null, replaced: null, now };
  }

  const section = input[gateway] ?? {};
  if (section.api_key) checkKeyMode(gateway, section.api_key, livemode);
  const apiKey = section.api_key ?? ((await openCredentials(config, current)) as { api_key: string }).api_key;
  const pasted = section.signing_secret;
  const webhookUrl = webhookUrlOf(config.TRACKING_BASE_URL, gateway, id);
  const registered = pasted ? null : await registeredOrPasteNeeded(config, gateway, livemode, apiKey, webhookUrl, id, current.connect);
  const signingSecret = pasted ?? registered!.secret;
  const replaced: RemoteEndpoint | null = current.remoteEndpointId ? { gateway, livemode, apiKey, endpointId: current.remoteEndpointId } : null;
  try {
    const row = await updateGatewayConnection(tx, id, {
      ...(section.api_key ? { credentialsCiphertext: await seal(JSON.stringify({ api_key: section.api_key }), "credentials"), credentialsHint: hintOf(section.api_key) } : {}),
      ...(section.api_key && gateway === "stripe" ? { accountId: (await stripeAccountId(config.STRIPE_API_URL, section.api_key)) ?? current.accountId } : {}),
      signingSecretCiphertext: await seal(signingSecret, "signing_secret"),
      signingSecretHint: hintOf(signingSecret),
      secretSource: pasted ? "pasted" : "registered",
      remoteEndpointId: registered?.endpointId ?? null,
      previousSigningSecretCiphertext: current.signingSecretCiphertext,
      previousSigningSecretExpiresAt: current.signingSecretCiphertext ? new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS) : null,
      rotatedAt: now,
    });
    return { row, registered, replaced, now };
  } catch (error) {
    await forgetEndpoint(config, registered);
    throw error;
  }
}

/**
 * Disconnects: the edge refuses the connection's events from then on. Returns Rekomi's
 * endpoint at the gateway for removal after the commit; disconnecting twice is harmless.
 */
export async function disconnectGatewayConnection(tx: Tx, config: GatewayConnectionsConfig, id: string) {
  const current = await findGatewayConnection(tx, id, { lock: true });
  if (!current) throw notFound(id);
  if (current.status === "disconnected") return { row: current, changed: false, obsolete: null };
  const row = await updateGatewayConnection(tx, id, { status: "disconnected", disconnectedAt: new Date(), previousSigningSecretCiphertext: null, previousSigningSecretExpiresAt: null });
  let obsolete: RemoteEndpoint | null = null;
  if (current.remoteEndpointId && isRegistering(current.gateway)) {
    const { api_key: apiKey } = (await openCredentials(config, current)) as { api_key: string };
    obsolete = { gateway: current.gateway, livemode: current.livemode, apiKey, endpointId: current.remoteEndpointId };
  }
  return { row, changed: true, obsolete };
}

/** Removes an endpoint at the gateway, best-effort (logged when it fails); no-op for null. */
export async function forgetEndpoint(config: GatewayApis, endpoint: RemoteEndpoint | null): Promise<void> {
  if (endpoint) await deleteEndpoint(config, endpoint);
}

/** The connection's API credentials in clear (server-side only); Braintree's are checked (openBraintreeCredentials). */
export async function openCredentials(config: Pick<GatewayConnectionsConfig, "SECRETS_ENCRYPTION_KEY">, row: GatewayConnectionRow): Promise<GatewayCredentials> {
  if (!row.credentialsCiphertext) throw new DomainError("conflict", `Connection ${row.id} has no stored credentials; rotate them first.`, { param: "connectionId" });
  if (row.gateway === "braintree") return openBraintreeCredentials(config.SECRETS_ENCRYPTION_KEY, row.credentialsCiphertext, row.id, row.brandId);
  return JSON.parse(await openConnectionSecret(config.SECRETS_ENCRYPTION_KEY, row.credentialsCiphertext, row.id, row.brandId, "credentials")) as GatewayCredentials;
}

async function activeConnection(tx: Tx, id: string): Promise<GatewayConnectionRow> {
  const current = await findGatewayConnection(tx, id, { lock: true });
  if (!current) throw notFound(id);
  if (current.status !== "active") throw new DomainError("conflict", `Connection ${id} is disconnected; connect the gateway again instead.`, { param: "connectionId" });
  return current;
}

export function notFound(id: string): DomainError {
  return new DomainError("not_found", `No gateway connection ${id}.`, { param: "connectionId" });
}

async function registeredOrPasteNeeded(config: GatewayConnectionsConfig, gateway: RegisteringGateway, livemode: boolean, apiKey: string, webhookUrl: string, id: string, connect: boolean) {
  const made = await registerEndpoint(config, gateway, livemode, apiKey, webhookUrl, id, connect);
  if (made) return made;
  const what = gateway === "stripe" ? "webhook endpoints (Webhook Endpoints: write)" : "notification settings (notification settings: write)";
  throw new DomainError(
    "invalid_request",
    `The ${LABELS[gateway]} key may not manage ${what}. Give it that permission, or create the endpoint yourself for ${webhookUrl} and paste its signing secret as \`${gateway}.signing_secret\`.`,
    { param: `${gateway}.signing_secret` },
  );
}

/** The body may carry the section of the connection's gateway only (`stripe`, `paddle` or `braintree`). */
function onlySection(input: Partial<Record<Gateway, unknown>>, gateway: Gateway, opts: { required: boolean }): void {
  for (const other of ["stripe", "paddle", "braintree"] as const) {
    if (other !== gateway && input[other] !== undefined) throw new DomainError("invalid_request", `This is a ${LABELS[gateway]} connection: give \`${gateway}\`, not \`${other}\`.`, { param: other });
  }
  if (opts.required && input[gateway] === undefined) throw new DomainError("invalid_request", `Give the ${LABELS[gateway]} credentials as \`${gateway}\`.`, { param: gateway });
}

function alreadyConnected(gateway: Gateway, mode: string, connect: boolean, existingId?: string): DomainError {
  const which = existingId ? ` (${existingId})` : "";
  const what = connect ? `${LABELS[gateway]} Connect (your connected accounts)` : LABELS[gateway];
  return new DomainError("conflict", `${what} is already connected in ${mode} mode${which}: rotate its credentials or disconnect it first.`, { param: "gateway" });
}
