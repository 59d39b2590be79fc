import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext, type QueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { expect } from "vitest";
import appWorker from "../../../src/infra/app/worker";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { edgeFetch } from "../../../src/infra/edge/worker";
import { newId } from "../../../src/infra/ids";
import type { ClickBatchMessage, EventBatchMessage } from "../../../src/infra/queues/messages";
import { newSealedSecret } from "../../../src/s2s-keys/secrets";
import { clickSigningKey, mintClickId } from "../../../src/tracking/click-id";
import { usingDb, type BrandFixture } from "./fixtures";

/**
 * The tracking pipeline in one isolate: the real edge app (redirects, S2S ingest) with
 * queues that record what it sends, and the app worker's real queue handler to consume
 * those messages exactly as Cloudflare Queues would deliver them.
 */

export interface RecordingQueue<T> extends Queue<T> {
  sent: T[];
  failNext: number;
}

export function recordingQueue<T>(): RecordingQueue<T> {
  const queue = {
    sent: [] as T[],
    failNext: 0,
    async send(body: T) {
      if (queue.failNext > 0) {
        queue.failNext--;
        throw new Error("queue unavailable");
      }
      queue.sent.push(structuredClone(body));
      return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
    },
    async sendBatch() {
      throw new Error("the edge sends one message per micro-batch");
    },
  };
  return queue as unknown as RecordingQueue<T>;
}

export class Pipeline {
  readonly clicks = recordingQueue<ClickBatchMessage>();
  readonly events = recordingQueue<EventBatchMessage>();
  private delivered = { clicks: 0, events: 0 };

  /** A request to the edge worker; waits for its waitUntil work (queue flushes) too. */
  async edgeFetch(path: string, init: RequestInit = {}, bindings: Partial<Cloudflare.Env> = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const res = await edgeFetch(new Request(`https://go.rekomi.test${path}`, { redirect: "manual", ...init }), { ...env, CLICKS_QUEUE: this.clicks, EVENTS_QUEUE: this.events, ...bindings }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  /** Delivers every message sent since the last drain to the app worker's consumer. */
  async drain(): Promise<{ clicks?: QueueResult; events?: QueueResult }> {
    const out: { clicks?: QueueResult; events?: QueueResult } = {};
    const clicks = this.clicks.sent.slice(this.delivered.clicks);
    const events = this.events.sent.slice(this.delivered.events);
    this.delivered = { clicks: this.clicks.sent.length, events: this.events.sent.length };
    if (clicks.length) out.clicks = await consume("rekomi-clicks", clicks);
    if (events.length) out.events = await consume("rekomi-events", events);
    return out;
  }
}

/**
 * Runs the app worker's queue handler on `bodies` as one batch (attempt `attempts`). The
 * result also says which retry delays were asked for (getQueueResult leaves them out).
 */
export async function consume(queue: string, bodies: unknown[], opts: { attempts?: number; env?: object } = {}): Promise<QueueResult & { retryDelays: (number | undefined)[] }> {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts: opts.attempts ?? 1, body })),
  );
  const retryDelays: (number | undefined)[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      retryDelays.push(options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await appWorker.queue!(batch as MessageBatch<unknown>, (opts.env ?? env) as never, ctx);
  return { ...(await getQueueResult(batch, ctx)), retryDelays };
}

/** An S2S key for `brand`, written like the API writes it; returns the secret once. */
export async function createS2sKey(brand: BrandFixture): Promise<{ keyId: string; secret: string }> {
  const keyId = newId("s2sKey");
  const sealed = await newSealedSecret(env.SECRETS_ENCRYPTION_KEY, keyId, brand.brandId);
  await usingDb((db) =>
    withBrand(db, brand.brandId, (tx) =>
      tx.insert(schema.s2sKeys).values({ id: keyId, brandId: brand.brandId, name: "test", secretCiphertext: sealed.secretCiphertext, secretHint: sealed.secretHint }),
    ),
  );
  return { keyId, secret: sealed.secret };
}

/** Rotates like the API does: the old secret stays valid until `previousValidUntil`. */
export async function rotateS2sKey(brand: BrandFixture, keyId: string, previousValidUntil: Date): Promise<string> {
  const sealed = await newSealedSecret(env.SECRETS_ENCRYPTION_KEY, keyId, brand.brandId);
  await usingDb((db) =>
    withBrand(db, brand.brandId, async (tx) => {
      const [current] = await tx.select().from(schema.s2sKeys).where(eq(schema.s2sKeys.id, keyId));
      await tx
        .update(schema.s2sKeys)
        .set({ secretCiphertext: sealed.secretCiphertext, secretHint: sealed.secretHint, previousSecretCiphertext: current!.secretCiphertext, previousSecretExpiresAt: previousValidUntil, rotatedAt: new Date() })
        .where(eq(schema.s2sKeys.id, keyId));
    }),
  );
  return sealed.secret;
}

export interface SignOptions {
  keyId: string;
  secret: string;
  webhookId?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
}

/** A signed S2S request, signed by the `standardwebhooks` library as a customer would. */
export function signedInit(body: unknown, opts: SignOptions): RequestInit {
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  const webhookId = opts.webhookId ?? `msg_${crypto.randomUUID()}`;
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = new Webhook(opts.secret).sign(webhookId, new Date(timestamp * 1000), payload);
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "rekomi-key-id": opts.keyId,
      "webhook-id": webhookId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signature,
    },
    body: payload,
  };
}

/** A genuine click id for `linkId`, as if clicked at `clickedAt` on a campaign with these terms. */
export async function clickAt(linkId: string, clickedAt: Date, terms: { windowDays?: number; firstClick?: boolean } = {}): Promise<string> {
  const key = await clickSigningKey(env.CLICK_SIGNING_SECRET);
  return mintClickId(key, { linkId, clickedAt: clickedAt.getTime(), windowDays: terms.windowDays ?? 30, firstClick: terms.firstClick ?? false });
}

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** Rows of a brand's table, read under the brand's principal. */
export function brandRows<T>(brandId: string, query: (tx: Parameters<Parameters<typeof withBrand>[2]>[0]) => Promise<T>): Promise<T> {
  return usingDb((db) => withBrand(db, brandId, query));
}

export async function clickCounts(brandId: string, linkId: string): Promise<{ rows: number; rollup: number }> {
  return brandRows(brandId, async (tx) => {
    const [rows] = await tx.select({ n: sql<number>`count(*)::int` }).from(schema.clicks).where(eq(schema.clicks.linkId, linkId));
    const [rollup] = await tx.select({ n: sql<number>`coalesce(sum(clicks), 0)::int` }).from(schema.linkDailyClicks).where(eq(schema.linkDailyClicks.linkId, linkId));
    return { rows: rows!.n, rollup: rollup!.n };
  });
}

/** The app role's URL with a wrong password: Postgres refuses every connection. */
export const unreachableDatabase = () => env.DATABASE_URL.replace(/:[^:@/]+@/, ":wrong-password@");

/** Asserts an error envelope and returns it. */
export async function expectError(res: Response, status: number, code: string, param?: string) {
  const body = await res.json<{ error: { code: string; message: string; param?: string } }>();
  expect({ status: res.status, code: body.error.code, param: body.error.param }).toEqual({ status, code, param });
  return body.error;
}
