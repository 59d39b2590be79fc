import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { connectGateway } from "../../src/gateway-connections/changes";
import { openConnectionSecret, type BraintreeCredentials } from "../../src/gateway-connections/secrets";
import { drizzleOptions, type Tx } from "../../src/infra/db/client";
import { withPrincipal } from "../../src/infra/db/principal";
import * as schema from "../../src/infra/db/schema";
import type { Gateway } from "../../src/infra/db/schema/gateways";
import { DEMO_IDS } from "./seed";

/**
 * Made-up Braintree sandbox credentials for the local demo only: Braintree signs its
 * webhooks with the API key pair, so whoever holds these (in .rekomi/demo.json) can post a
 * signed notification to the running stack. Shaped like real ones, valid nowhere.
 */
export const DEMO_BRAINTREE = {
  merchant_id: "acmedemo7sandbox",
  public_key: "acmedemopublic01",
  private_key: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
} as const;
/** Test-mode keys the stand-ins accept (any `rk_test_…` / any bearer token); never valid at Stripe or Paddle. */
const DEMO_STRIPE_KEY = "rk_test_acmeDemoRestrictedKey000000000000";
const DEMO_PADDLE_KEY = "pdl_sdbx_apikey_acmedemo000000000000000000000000";

/** What `.rekomi/demo.json` says about the demo brand's test-mode gateways: enough to post a signed event by hand. */
export interface DemoGateways {
  stripe: { connection_id: string; webhook_url: string; signing_secret: string };
  paddle: { connection_id: string; webhook_url: string; secret: string };
  braintree: { connection_id: string; webhook_url: string; merchant_id: string; public_key: string; private_key: string };
}

/** Where the gateway APIs and the edge are for this run, and the key secrets are sealed with. */
export interface DemoGatewayConfig {
  SECRETS_ENCRYPTION_KEY: string;
  TRACKING_BASE_URL: string;
  STRIPE_API_URL: string;
  PADDLE_API_URL: string;
}

async function activeTestConnection(tx: Tx, brandId: string, gateway: Gateway) {
  const c = schema.gatewayConnections;
  const [row] = await tx
    .select()
    .from(c)
    .where(and(eq(c.brandId, brandId), eq(c.gateway, gateway), eq(c.livemode, false), eq(c.status, "active")));
  return row;
}

/**
 * Connects test-mode Stripe, Paddle Billing and Braintree for the demo brand, as an admin
 * would from the dashboard (`connectGateway`: Rekomi registers its endpoint at the Stripe and
 * Paddle stand-ins and seals the secrets they return). A connection that already exists is
 * kept, so re-running the seed changes nothing and the webhook URLs stay put; its secrets
 * are read back from the database for demo.json.
 *
 * The Stripe and Paddle stand-ins keep their state in memory: after a restart they no longer
 * know the endpoints registered on an earlier run, but the signing secrets still verify
 * what is posted to the edge.
 */
export async function seedDemoGateways(appUrl: string, config: DemoGatewayConfig): Promise<DemoGateways> {
  const pool = new pg.Pool({ connectionString: appUrl, max: 1 });
  try {
    const db = drizzle({ client: pool, ...drizzleOptions });
    // As the demo owner, who connects gateways in the dashboard.
    return await withPrincipal(db, { kind: "brand", brandId: DEMO_IDS.brand, userId: DEMO_IDS.user }, (tx) => connectAll(tx, config, DEMO_IDS.brand, DEMO_IDS.user));
  } finally {
    await pool.end();
  }
}

async function connectAll(tx: Tx, config: DemoGatewayConfig, brandId: string, userId: string): Promise<DemoGateways> {
  const inputs = {
    stripe: { stripe: { api_key: DEMO_STRIPE_KEY } },
    paddle: { paddle: { api_key: DEMO_PADDLE_KEY } },
    braintree: { braintree: { ...DEMO_BRAINTREE } },
  } as const;
  const rows = {} as Record<Gateway, NonNullable<Awaited<ReturnType<typeof activeTestConnection>>>>;
  for (const gateway of ["stripe", "paddle", "braintree"] as const) {
    let row = await activeTestConnection(tx, brandId, gateway);
    if (!row) {
      // The server's own connect path (src/gateway-connections/changes.ts), the one both API doors use.
      await connectGateway(tx, config, { brandId, createdByUserId: userId, gateway, mode: "test", ...inputs[gateway] });
      row = await activeTestConnection(tx, brandId, gateway);
      if (!row) throw new Error(`seeding the demo ${gateway} connection left no active connection`);
    }
    rows[gateway] = row;
  }
  const open = (row: (typeof rows)[Gateway], purpose: "credentials" | "signing_secret") => {
    const sealed = purpose === "credentials" ? row.credentialsCiphertext : row.signingSecretCiphertext;
    if (!sealed) throw new Error(`the demo ${row.gateway} connection has no ${purpose}`);
    return openConnectionSecret(config.SECRETS_ENCRYPTION_KEY, sealed, row.id, brandId, purpose);
  };
  const webhookUrl = (row: (typeof rows)[Gateway]) => `${config.TRACKING_BASE_URL}/webhooks/${row.gateway}/${row.id}`;
  const braintree = JSON.parse(await open(rows.braintree, "credentials")) as BraintreeCredentials;
  return {
    stripe: { connection_id: rows.stripe.id, webhook_url: webhookUrl(rows.stripe), signing_secret: await open(rows.stripe, "signing_secret") },
    paddle: { connection_id: rows.paddle.id, webhook_url: webhookUrl(rows.paddle), secret: await open(rows.paddle, "signing_secret") },
    braintree: {
      connection_id: rows.braintree.id,
      webhook_url: webhookUrl(rows.braintree),
      merchant_id: braintree.merchant_id,
      public_key: braintree.public_key,
      private_key: braintree.private_key,
    },
  };
}
