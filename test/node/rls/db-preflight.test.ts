import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrateDatabase } from "../../../scripts/db/migrate";
import { connectAsOwner } from "../../../scripts/db/preflight";
import { SetupError } from "../../../scripts/local/setup-error";

/** `npm run db:migrate`'s checks against the real test server (PostgreSQL 18). */
const ownerUrl = inject("ownerDatabaseUrl");
const withCredentials = (user: string, password: string) => {
  const u = new URL(ownerUrl);
  u.username = user;
  u.password = password;
  return u.toString();
};
const LIMITED = "rekomi_preflight_limited";

afterAll(async () => {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  await owner.query(`drop role if exists ${LIMITED}`);
  await owner.end();
});

describe("db:migrate against the real server", () => {
  it("passes the checks as the owner role", async () => {
    const client = await connectAsOwner(ownerUrl);
    await client.end();
  });

  it("explains a wrong password in one line", async () => {
    const attempt = connectAsOwner(withCredentials(new URL(ownerUrl).username, "not-the-password"));
    await expect(attempt).rejects.toThrow(SetupError);
    await expect(connectAsOwner(withCredentials(new URL(ownerUrl).username, "not-the-password"))).rejects.toThrow(/rejected the password of role "rekomi_owner": fix the user or password in DATABASE_URL/);
  });

  it("explains a migration refused for lack of privileges in one line", async () => {
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    await owner.query(`drop role if exists ${LIMITED}`);
    await owner.query(`create role ${LIMITED} login password 'limited-password'`);
    await owner.end();
    await expect(migrateDatabase(withCredentials(LIMITED, "limited-password"))).rejects.toThrow(/^a migration was refused: .*Run migrations as the database's owner role, with CREATEROLE/);
  });
});
