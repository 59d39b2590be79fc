import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type { GatewayConnection } from "../../../src/gateway-connections/schemas";
import { withPrincipal } from "../../../src/infra/db/principal";
import { randomBase62 } from "../../../src/infra/crypto";
import * as schema from "../../../src/infra/db/schema";
import { call, usingDb, type BrandFixture } from "./fixtures";

/** Gateway connection tests: the API through `/v1`, the stand-ins through their control API, the stored row through the database. */

const connectionBrands = new Map<string, string>();

export const stripeKey = (mode: "test" | "live" = "test") => `rk_${mode}_${randomBase62(24)}`;
export const paddleKey = (mode: "test" | "live" = "test") => `pdl_${mode === "live" ? "live" : "sdbx"}_apikey_${randomBase62(30)}`;

export function connect(brand: BrandFixture, body: unknown): Promise<Response> {
  return call("/v1/gateway-connections", { method: "POST", key: brand.apiKey, json: body });
}

export async function connected(brand: BrandFixture, body: unknown): Promise<GatewayConnection> {
  const res = await connect(brand, body);
  if (res.status !== 201) throw new Error(`connecting failed: ${res.status} ${await res.text()}`);
  const connection = await res.json<GatewayConnection>();
  connectionBrands.set(connection.id, brand.brandId);
  return connection;
}

export function postTo(brand: BrandFixture, path: string, body: unknown = {}): Promise<Response> {
  return call(`/v1/gateway-connections${path}`, { method: "POST", key: brand.apiKey, json: body });
}

export interface StripeRecorded {
  method: string;
  path: string;
  params: Record<string, unknown>;
  status: number;
}

export interface PaddleRecorded {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  status: number;
}

export async function stripeRequests(): Promise<StripeRecorded[]> {
  return (await fetch(`${env.STRIPE_API_URL}/_stand-in/control/requests`)).json();
}

export async function paddleRequests(): Promise<PaddleRecorded[]> {
  return (await fetch(`${env.PADDLE_API_URL}/_stand-in/control/requests`)).json();
}

/** Gives a Stripe restricted key only these resources at the stand-in (Stripe's per-resource permissions). */
export async function restrictStripeKey(key: string, resources: string[]): Promise<void> {
  const res = await fetch(`${env.STRIPE_API_URL}/_stand-in/control/restrict-key`, { method: "POST", body: JSON.stringify({ key, resources }) });
  if (!res.ok) throw new Error(`restrict-key: ${res.status} ${await res.text()}`);
}

/** The connection's row as stored (every column, sealed ones included), read as its brand under RLS. */
export async function rawConnection(id: string): Promise<typeof schema.gatewayConnections.$inferSelect> {
  const brandId = connectionBrands.get(id);
  if (!brandId) throw new Error(`unknown connection ${id}: make it with connected()`);
  const [row] = await usingDb((db) => withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.select().from(schema.gatewayConnections).where(eq(schema.gatewayConnections.id, id))));
  if (!row) throw new Error(`no row ${id}`);
  return row;
}

/** The first request loads the app worker's modules, which takes seconds under vitest: a test file's `beforeAll` pays it, not its first test. */
export async function loadWorker(): Promise<void> {
  await (await call("/healthz")).body?.cancel();
}
