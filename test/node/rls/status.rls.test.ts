import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { as, connectAsApp, pools, seedTenant, type Tenant } from "./support";

let client: pg.Client;
let tenant: Tenant;
let incidentId: string;
let subscriberId: string;

const count = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].count);

/** As Rekomi staff (the flag platform-admin sessions and the cron's jobs principal set); rolled back unless `commit`. */
async function asStaff<T>(fn: () => Promise<T>, commit = false): Promise<T> {
  await client.query("begin");
  try {
    await client.query("select set_config('app.user_id', 'usr_staff', true), set_config('app.platform_admin', 'on', true)");
    const out = await fn();
    await client.query(commit ? "commit" : "rollback");
    return out;
  } catch (err) {
    await client.query("rollback");
    throw err;
  }
}

beforeAll(async () => {
  client = await connectAsApp();
  tenant = await seedTenant(client, "status-rls");
  incidentId = newId("statusIncident");
  await asStaff(async () => {
    await client.query("insert into status_probes (id, component, state, detail) values ($1, 'rest_api', 'degraded', 'internal host db-7.internal refused')", [newId("statusProbe")]);
    await client.query("insert into status_incidents (id, title, impact, status, components, created_by) values ($1, 'RLS test incident', 'degraded', 'investigating', '{rest_api}', 'usr_staff')", [incidentId]);
    await client.query("insert into status_incident_updates (id, incident_id, status, body, created_by) values ($1, $2, 'investigating', 'Looking.', 'usr_staff')", [newId("statusIncidentUpdate"), incidentId]);
  }, true);
  const subscribed = await client.query("select * from status_subscribe($1, $2, $3)", [newId("statusSubscriber"), `${newId("user")}@subscriber.test`, "hash-of-token"]);
  subscriberId = subscribed.rows[0].subscriber_id;
});
afterAll(() => client.end());

describe("status tables under forced RLS", () => {
  it("no principal and a brand principal read none of the tables directly", async () => {
    for (const who of [{}, { brand: tenant.brandId }, { user: tenant.userId }]) {
      await as(client, who, async () => {
        for (const table of ["status_probes", "status_daily", "status_incidents", "status_incident_updates", "status_subscribers", "status_server_errors"]) {
          expect(await count(`select count(*) from ${table}`), `${table} as ${JSON.stringify(who)}`).toBe(0);
        }
      });
    }
  });

  it("anyone's request may count a server error, through the function only", async () => {
    await as(client, {}, () => client.query("select status_count_server_errors('dashboard', now(), 3)"));
    await expect(as(client, { brand: tenant.brandId }, () => client.query("insert into status_server_errors (component, minute, errors) values ('dashboard', now(), 1000)"))).rejects.toThrow(/row-level security/);
    await expect(as(client, {}, () => client.query("select status_count_server_errors('coffee_machine', now(), 1)"))).rejects.toThrow(/status_server_errors_component/);
  });

  it("only staff write probes and incidents", async () => {
    await expect(as(client, { brand: tenant.brandId }, () => client.query("insert into status_probes (id, component, state) values ($1, 'rest_api', 'down')", [newId("statusProbe")]))).rejects.toThrow(
      /row-level security/,
    );
    await expect(
      as(client, { user: tenant.userId }, () =>
        client.query("insert into status_incidents (id, title, impact, status, components, created_by) values ($1, 'fake', 'down', 'investigating', '{rest_api}', $2)", [newId("statusIncident"), tenant.userId]),
      ),
    ).rejects.toThrow(/row-level security/);
    await asStaff(async () => expect(await count("select count(*) from status_incidents where id = $1", [incidentId])).toBe(1));
  });

  it("an incident's posts are never rewritten or deleted, not even by staff; subscribers change only through the functions", async () => {
    for (const statement of ["update status_incident_updates set body = 'rewritten'", "delete from status_incident_updates", "delete from status_incidents"]) {
      await expect(asStaff(() => client.query(statement)), statement).rejects.toThrow(/permission denied/);
    }
    for (const statement of ["insert into status_subscribers (id, email) values ('sub_x', 'x@y.test')", "update status_subscribers set confirmed_at = now()", "delete from status_subscribers"]) {
      await expect(asStaff(() => client.query(statement)), statement).rejects.toThrow(/permission denied/);
    }
  });

  it("the public functions return states, tallies and incidents, never a probe's reason or who posted", async () => {
    await as(client, {}, async () => {
      const probes = await client.query("select * from status_recent_probes()");
      expect(probes.fields.map((f) => f.name)).toEqual(["component", "state", "checked_at"]);
      expect(JSON.stringify(probes.rows)).not.toContain("db-7.internal");
      const incidents = await client.query("select * from status_public_incidents(90)");
      expect(incidents.fields.map((f) => f.name)).not.toContain("created_by");
      expect(incidents.rows.map((r) => r.id)).toContain(incidentId);
      const updates = await client.query("select * from status_public_incident_updates($1::text[])", [[incidentId]]);
      expect(updates.fields.map((f) => f.name)).toEqual(["incident_id", "status", "body", "created_at"]);
    });
  });

  it("subscribing twice keeps one row; confirming needs the token's hash and stores the unsubscribe token; unsubscribing by that token deletes it", async () => {
    const email = `${newId("user")}@again.test`;
    const token = `unsub-${newId("statusSubscriber")}`;
    const first = (await client.query("select * from status_subscribe($1, $2, 'h1')", [newId("statusSubscriber"), email])).rows[0];
    const second = (await client.query("select * from status_subscribe($1, $2, 'h2')", [newId("statusSubscriber"), email.toUpperCase()])).rows[0];
    expect(second).toEqual({ subscriber_id: first.subscriber_id, needs_confirmation: true });
    expect((await client.query("select status_confirm_subscription('h1', $1) as id", [token])).rows[0].id).toBeNull();
    // An unsubscribe token too short to be one of ours is refused.
    expect((await client.query("select status_confirm_subscription('h2', 'short') as id")).rows[0].id).toBeNull();
    expect((await client.query("select status_confirm_subscription('h2', $1) as id", [token])).rows[0].id).toBe(first.subscriber_id);
    const confirmed = (await client.query("select * from status_subscribe($1, $2, 'h3')", [newId("statusSubscriber"), email])).rows[0];
    expect(confirmed.needs_confirmation).toBe(false);
    expect((await client.query("select status_unsubscribe_token_valid($1) as valid", [token])).rows[0].valid).toBe(true);
    // The id is not the capability any more.
    expect((await client.query("select status_unsubscribe($1) as gone", [first.subscriber_id])).rows[0].gone).toBe(false);
    expect((await client.query("select status_unsubscribe($1) as gone", [token])).rows[0].gone).toBe(true);
    expect((await client.query("select status_unsubscribe($1) as gone", [token])).rows[0].gone).toBe(false);
    expect((await client.query("select status_unsubscribe_token_valid($1) as valid", [token])).rows[0].valid).toBe(false);
  });

  it("a confirmation link expires 48 h after its mail, and retention then forgets the address", async () => {
    const email = `${newId("user")}@late.test`;
    const { subscriber_id: id } = (await client.query("select * from status_subscribe($1, $2, 'late-hash')", [newId("statusSubscriber"), email])).rows[0];
    const { owner, close } = pools();
    try {
      // Only the functions' owner may change the row: age its link the way 49 hours would.
      const aged = await owner.connect();
      try {
        await aged.query("begin");
        await aged.query("set local role rekomi_lookup");
        await aged.query("update status_subscribers set confirm_sent_at = now() - interval '49 hours' where id = $1", [id]);
        await aged.query("commit");
      } finally {
        aged.release();
      }
    } finally {
      await close();
    }
    expect((await client.query("select status_confirm_subscription('late-hash', $1) as id", [`unsub-${newId("statusSubscriber")}`])).rows[0].id).toBeNull();
    expect(Number((await client.query("select status_purge_unconfirmed() as n")).rows[0].n)).toBeGreaterThanOrEqual(1);
    const again = (await client.query("select * from status_subscribe($1, $2, 'late-hash-2')", [newId("statusSubscriber"), email])).rows[0];
    expect(again.subscriber_id).not.toBe(id);
  });

  it("incident mail to a subscriber is written by staff only", async () => {
    const mail = "insert into email_outbox (id, status_subscriber_id, to_address, subject, transport, status) values ($1, $2, 'x@subscriber.test', 's', 'mailbox', 'sent')";
    await expect(as(client, { brand: tenant.brandId }, () => client.query(mail, [newId("email"), subscriberId]))).rejects.toThrow(/row-level security/);
    await expect(as(client, { user: tenant.userId }, () => client.query(mail, [newId("email"), subscriberId]))).rejects.toThrow(/row-level security/);
    await asStaff(() => client.query(mail, [newId("email"), subscriberId]));
  });
});
