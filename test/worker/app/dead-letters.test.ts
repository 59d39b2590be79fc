import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { openDb } from "../../../src/infra/db/client";
import * as schema from "../../../src/infra/db/schema";
import { MAX_ATTEMPTS } from "../../../src/infra/jobs/retry";
import type { EventBatchMessage } from "../../../src/infra/queues/messages";
import { call, createBrand, staffBrowser } from "../support/fixtures";
import { Pipeline, brandRows, consume, createS2sKey, signedInit, unreachableDatabase } from "../support/tracking";

interface DeadLetterBody {
  id: string;
  brand_id: string | null;
  queue: string;
  event_id: string | null;
  stored: boolean | null;
  error: string;
  attempts: number;
  raw: string;
  replay_count: number;
}

/** Runs DDL as the owner role, the way an operator ships a fix (tests only). */
async function asOwner(statement: string): Promise<void> {
  const { db, close } = openDb({ DATABASE_URL: env.TEST_OWNER_DATABASE_URL!, LOCAL_DB_BRIDGE: env.LOCAL_DB_BRIDGE });
  try {
    await db.execute(sql.raw(statement));
  } finally {
    await close();
  }
}

async function accepted(pipe: Pipeline, key: { keyId: string; secret: string }, invoice: string) {
  const res = await pipe.edgeFetch("/v1/track/sale", signedInit({ customer_external_id: `cus_${invoice}`, amount: 4900, currency: "USD", invoice_id: invoice }, key));
  expect(res.status).toBe(202);
  return (await res.json<{ id: string }>()).id;
}

const salesOf = (brandId: string, invoice: string) =>
  brandRows(brandId, (tx) => tx.select().from(schema.conversions).where(and(eq(schema.conversions.invoiceId, invoice), eq(schema.conversions.type, "sale"))));

async function deadLettersOf(apiKey: string): Promise<DeadLetterBody[]> {
  const res = await call("/v1/dead-letters?limit=100", { key: apiKey });
  expect(res.status).toBe(200);
  return (await res.json<{ data: DeadLetterBody[] }>()).data;
}

describe("dead letters", () => {
  it("sets aside only the event that cannot be stored, keeps it findable, and a replay after the fix stores it exactly once", async () => {
    const brand = await createBrand();
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    const tag = crypto.randomUUID().replace(/-/g, "");
    const poison = `poison_${tag}`;
    const good = `good_${tag}`;
    // A bug in storing: a trigger that refuses this one invoice, as a failing constraint would.
    await asOwner(`create function poison_${tag}() returns trigger language plpgsql as $$ begin
        if new.invoice_id = '${poison}' then raise exception 'cannot store invoice ${poison}' using errcode = '22023'; end if; return new; end $$;
      create trigger poison_${tag} before insert on conversions for each row execute function poison_${tag}()`);
    let poisonId: string;
    try {
      poisonId = await accepted(pipe, key, poison);
      await accepted(pipe, key, good);
      // Both events in one message, the poisoned one first.
      const events = pipe.events.sent.flatMap((m) => m.events);
      const result = await consume("rekomi-events", [{ v: 1, events } satisfies EventBatchMessage]);
      expect(result.explicitAcks).toHaveLength(1);
      expect(result.retryMessages).toHaveLength(0);
    } finally {
      await asOwner(`drop trigger poison_${tag} on conversions; drop function poison_${tag}()`);
    }

    // The good event was recorded; the poisoned one is not lost: it is a dead letter.
    expect(await salesOf(brand.brandId, good)).toHaveLength(1);
    expect(await salesOf(brand.brandId, poison)).toHaveLength(0);
    const [letter] = (await deadLettersOf(brand.apiKey)).filter((d) => d.event_id === poisonId);
    expect(letter).toMatchObject({ queue: "rekomi-events", stored: false, replay_count: 0, brand_id: brand.brandId });
    expect(letter!.error).toContain(`cannot store invoice ${poison}`);
    expect(JSON.parse(letter!.raw).events[0].data.invoice_id).toBe(poison);

    // Staff see it too; another brand does not.
    const staff = await staffBrowser();
    const all = await (await staff.get("/api/admin/dead-letters?limit=100")).json<{ data: DeadLetterBody[] }>();
    expect(all.data.map((d) => d.id)).toContain(letter!.id);
    const other = await createBrand();
    expect((await deadLettersOf(other.apiKey)).map((d) => d.id)).not.toContain(letter!.id);
    expect((await call(`/v1/dead-letters/${letter!.id}/replay`, { method: "POST", key: other.apiKey })).status).toBe(404);

    // The fix has shipped (trigger dropped): replay twice, by the brand and by staff.
    const first = await call(`/v1/dead-letters/${letter!.id}/replay`, { method: "POST", key: brand.apiKey });
    expect(first.status, await first.clone().text()).toBe(200);
    expect((await staff.post(`/api/admin/dead-letters/${letter!.id}/replay`)).status).toBe(200);
    // The replays went to the real events queue; its consumer records the event once.
    await vi.waitFor(async () => expect((await deadLettersOf(brand.apiKey)).find((d) => d.id === letter!.id)).toMatchObject({ stored: true, replay_count: 2 }), {
      timeout: 15_000,
      interval: 250,
    });
    // Give the second replay its delivery too, then count: exactly one sale, one event.
    await vi.waitFor(async () => {
      const rows = await brandRows(brand.brandId, (tx) => tx.select().from(schema.trackingEvents).where(eq(schema.trackingEvents.id, poisonId)));
      expect(rows).toHaveLength(1);
    });
    expect(await salesOf(brand.brandId, poison)).toHaveLength(1);
  });

  it("never acks what it could not store: while Postgres is unreachable even the last attempt is retried", async () => {
    const brand = await createBrand();
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    await accepted(pipe, key, `in_${crypto.randomUUID()}`);
    const broken = { ...env, DATABASE_URL: unreachableDatabase() };
    for (const attempts of [1, MAX_ATTEMPTS, MAX_ATTEMPTS + 5]) {
      const result = await consume("rekomi-events", pipe.events.sent, { env: broken, attempts });
      expect(result.explicitAcks).toHaveLength(0);
      expect(result.retryMessages).toHaveLength(pipe.events.sent.length);
    }
  });

  it("drains the dead-letter queues into the table: events per event, clicks without the client IP", async () => {
    const brand = await createBrand();
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    const invoice = `in_${crypto.randomUUID()}`;
    const eventId = await accepted(pipe, key, invoice);
    const events = await consume("rekomi-events-dlq", pipe.events.sent, { attempts: 1 });
    expect(events.explicitAcks).toHaveLength(1);
    const clickId = `clk_${crypto.randomUUID()}`;
    const clicks = await consume("rekomi-clicks-dlq", [
      { v: 1, clicks: [{ id: clickId, link: "lnk_x", brand: brand.brandId, campaign: brand.campaignId, enrollment: "enr_x", affiliate: "aff_x", at: Date.now(), ip: "203.0.113.9" }] },
    ]);
    expect(clicks.explicitAcks).toHaveLength(1);

    const letters = await deadLettersOf(brand.apiKey);
    expect(letters.find((d) => d.event_id === eventId)).toMatchObject({ queue: "rekomi-events", stored: false });
    const clickLetter = letters.find((d) => d.queue === "rekomi-clicks");
    expect(clickLetter!.raw).toContain(clickId);
    expect(clickLetter!.raw).not.toContain("203.0.113.9");
    // Draining the same message again updates its row rather than adding one.
    await consume("rekomi-events-dlq", pipe.events.sent, { attempts: 2 });
    expect((await deadLettersOf(brand.apiKey)).filter((d) => d.event_id === eventId)).toHaveLength(1);
  });
});
